package dev.cadre.fulfillment.invariants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.fulfillment.Catalogue;
import dev.cadre.fulfillment.OrderRequest;
import dev.cadre.fulfillment.Traffic;
import dev.cadre.fulfillment.inventory.StockReport;
import dev.cadre.fulfillment.ledger.LedgerMsg.Outcome;
import dev.cadre.fulfillment.ledger.LedgerReport;
import dev.cadre.fulfillment.payment.PaymentProvider.Account;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The checker against hand-made evidence: consistent evidence passes, and each kind of
 * inconsistency makes exactly the invariant it breaks fail.
 */
class InvariantsTest {

    // Two SKUs, 10 units each, one shard. o-1 (2 x SKU-0000, 500 cents) completed; o-2 (1 x SKU-0001) cancelled.
    private Map<String, OrderRequest> accepted = Map.of(
            "o-1", new OrderRequest("o-1", "c", List.of(new OrderRequest.Line(0, 2)), 500),
            "o-2", new OrderRequest("o-2", "c", List.of(new OrderRequest.Line(1, 1)), 300));
    private Map<String, LedgerReport.Entry> entries = new HashMap<>(Map.of(
            "o-1", new LedgerReport.Entry(Outcome.COMPLETED, null),
            "o-2", new LedgerReport.Entry(Outcome.CANCELLED, "payment failed")));
    private List<String> conflicts = List.of();
    private long[] onHand = {8, 10};
    private long[] reserved = {0, 0};
    private long[] shipped = {2, 0};
    private long[] minOnHand = {8, 9};
    private Map<String, Account> books = new HashMap<>(Map.of(
            "o-1", new Account(1, 500, 0, 2, false),
            "o-2", new Account(1, 300, 300, 0, true)));
    private Map<String, Traffic.Count> traffic = new HashMap<>(Map.of(
            "InventoryMsg.Reserve", new Traffic.Count(5, 4, 0),
            "ShippingMsg.Ship", new Traffic.Count(3, 2, 1),
            "Notifier.Notify", new Traffic.Count(4, 1, 0)));
    private Map<String, Map<String, Long>> deadByType = Map.of(
            "InventoryMsg.Reserve", Map.of("RECIPIENT_TERMINATED", 1L),
            "Notifier.Notify", Map.of("DROPPED_OLDEST", 3L));
    private long deadLettersCounted = 4;
    private long notifierDropped = 3;
    private long dockDropped = 1;
    private long failuresReported = 7;
    private List<String> unexpected = List.of();
    private boolean settled = true;

    private Evidence evidence() {
        var stock = List.of(new StockReport(0, new int[] {0, 1}, onHand, reserved, shipped, minOnHand,
                new long[] {0, 0}, 0, 0));
        var audit = new Audit.Report(4, deadByType, Map.of("/user/fulfilment/notifications", 3L), failuresReported,
                Map.of(), Map.of(), unexpected.size(), unexpected);
        return new Evidence(accepted, List.of(), new LedgerReport(entries, 0, conflicts, new long[0]),
                new Catalogue(2, 10), stock, books, traffic, audit, deadLettersCounted, notifierDropped,
                "/user/fulfilment/notifications", dockDropped, "ShippingMsg.Ship", 5, 2, settled);
    }

    private List<Invariants.Result> check() {
        return Invariants.check(evidence());
    }

    private void assertOnlyFails(int index, String violation) {
        List<Invariants.Result> r = check();
        for (int i = 0; i < r.size(); i++) {
            assertThat(r.get(i).pass()).as(r.get(i).name() + " " + r.get(i).violations()).isEqualTo(i != index);
        }
        assertThat(String.join("\n", r.get(index).violations())).contains(violation);
    }

    @Test
    void consistentEvidencePasses() {
        assertThat(check()).allMatch(Invariants.Result::pass);
        assertThat(check().get(1).counts()).contains("on hand 18 + reserved 0 + shipped 2 = 20");
    }

    @Test
    void anOrderWithoutTerminalStateFails() {
        entries.remove("o-2");
        books.remove("o-2");
        assertOnlyFails(0, "order o-2 has no terminal state");
    }

    @Test
    void twoTerminalStatesFail() {
        conflicts = List.of("o-1: COMPLETED then CANCELLED");
        assertOnlyFails(0, "two terminal states");
    }

    @Test
    void aCancellationWithoutReasonFails() {
        entries.put("o-2", new LedgerReport.Entry(Outcome.CANCELLED, null));
        assertOnlyFails(0, "cancelled without a reason");
    }

    @Test
    void stockThatIsNotConservedFails() {
        onHand = new long[] {9, 10}; // one unit appeared from nowhere
        minOnHand = new long[] {8, 9};
        assertOnlyFails(1, "SKU-0000: on hand 9 + reserved 0 + shipped 2 = 11, initial 10");
    }

    @Test
    void stockThatWentNegativeFails() {
        minOnHand = new long[] {-1, 9};
        assertOnlyFails(1, "SKU-0000 went negative");
    }

    @Test
    void shipmentsThatDisagreeWithTheLedgerFail() {
        onHand = new long[] {7, 10};
        shipped = new long[] {3, 0};
        minOnHand = new long[] {7, 9};
        assertOnlyFails(1, "shard shipped 3, completed orders in the ledger hold 2");
    }

    @Test
    void unitsLeftReservedFail() {
        onHand = new long[] {8, 9};
        reserved = new long[] {0, 1};
        assertOnlyFails(1, "still reserved");
    }

    @Test
    void aDoubleCaptureFails() {
        books.put("o-1", new Account(2, 1000, 500, 0, false));
        assertOnlyFails(2, "order o-1 was charged 2 times");
    }

    @Test
    void aCancelledOrderThatKeptItsMoneyFails() {
        books.put("o-2", new Account(1, 300, 0, 0, false));
        assertOnlyFails(2, "cancelled order o-2: captured - refunded = 300, expected 0");
    }

    @Test
    void aCompletedOrderNotPaidInFullFails() {
        books.remove("o-1");
        assertOnlyFails(2, "completed order o-1: captured - refunded = 0, total 500");
    }

    @Test
    void aMessageNeitherReceivedNorDeadLetteredFails() {
        traffic.put("InventoryMsg.Reserve", new Traffic.Count(6, 4, 0));
        assertOnlyFails(3, "InventoryMsg.Reserve: sent 6 != received 4 + dead letters 1 + refused 0");
    }

    @Test
    void deadLettersTheAuditMissedFail() {
        deadLettersCounted = 5;
        assertOnlyFails(3, "dead letters: the runtime counted 5, the audit saw 4");
    }

    @Test
    void dropsWithoutDeadLettersFail() {
        notifierDropped = 4;
        assertOnlyFails(3, "notifications: the mailbox dropped 4, dead letters show 3");
    }

    @Test
    void refusalsTheDockDidNotCountFail() {
        dockDropped = 0;
        assertOnlyFails(3, "shipping: senders were refused 1 times, the dock's mailbox counted 0");
    }

    @Test
    void crashesWithoutCrashReportsFail() {
        failuresReported = 6;
        assertOnlyFails(3, "crashed handlers: injected 5 + provider errors 2 = 7, the runtime reported 6");
    }

    @Test
    void anUnsettledGraphFails() {
        settled = false;
        assertOnlyFails(3, "had not settled");
    }
}
