package dev.cadre.fulfillment.invariants;

import dev.cadre.fulfillment.OrderRequest;
import dev.cadre.fulfillment.Traffic;
import dev.cadre.fulfillment.inventory.StockReport;
import dev.cadre.fulfillment.ledger.LedgerMsg;
import dev.cadre.fulfillment.ledger.LedgerReport;
import dev.cadre.fulfillment.payment.PaymentProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The four invariants of the fulfilment graph, checked from {@link Evidence}. A pure function:
 * nothing here is a counter of the thing checked; each invariant compares records kept by
 * different parties.
 */
public final class Invariants {

    private Invariants() {
    }

    /**
     * One invariant's verdict.
     *
     * @param name what it states
     * @param pass whether it holds
     * @param counts the numbers behind the verdict
     * @param violations what breaks it (the first few), empty if it holds
     */
    public record Result(String name, boolean pass, String counts, List<String> violations) {
    }

    /** The four invariants, as PRODUCT.md states them, in its order. */
    public static final List<String> NAMES = List.of(
            "every accepted order ends in exactly one terminal state",
            "stock is conserved per SKU and never negative",
            "captured - refunded = total if completed, 0 if cancelled; no double capture",
            "every message not delivered is accounted for");

    /** At most this many violations are listed per invariant. */
    static final int MAX_LISTED = 5;

    /**
     * The verdicts when the evidence could not be collected: all four fail.
     *
     * @param why what went wrong
     * @return four failed verdicts
     */
    public static List<Result> unchecked(String why) {
        return NAMES.stream().map(n -> new Result(n, false, "not checked", List.of(why))).toList();
    }

    /**
     * Checks all four.
     *
     * @param e the evidence
     * @return the verdicts, in the order of PRODUCT.md
     */
    public static List<Result> check(Evidence e) {
        return List.of(terminalStates(e), stock(e), payments(e), messages(e));
    }

    /** Every accepted order ends in exactly one terminal state (completed, or cancelled with reason). */
    static Result terminalStates(Evidence e) {
        Violations v = new Violations();
        Map<String, LedgerReport.Entry> entries = e.ledger().entries();
        long completed = 0;
        long cancelled = 0;
        for (String id : e.accepted().keySet()) {
            LedgerReport.Entry entry = entries.get(id);
            if (entry == null) {
                v.add("order " + id + " has no terminal state");
            } else if (entry.outcome() == LedgerMsg.Outcome.COMPLETED) {
                completed++;
                if (entry.reason() != null) {
                    v.add("order " + id + " completed with a reason: " + entry.reason());
                }
            } else {
                cancelled++;
                if (entry.reason() == null || entry.reason().isBlank()) {
                    v.add("order " + id + " cancelled without a reason");
                }
            }
        }
        for (String id : entries.keySet()) {
            if (!e.accepted().containsKey(id)) {
                v.add("terminal state for an order never accepted: " + id);
            }
        }
        for (String c : e.ledger().conflicts()) {
            v.add("two terminal states: " + c);
        }
        for (String f : e.ordersFailed()) {
            v.add("order actor failed: " + f);
        }
        String counts = String.format("accepted %,d = completed %,d + cancelled %,d; without state %,d; "
                        + "conflicting %,d; repeated records absorbed %,d",
                e.accepted().size(), completed, cancelled, e.accepted().size() - completed - cancelled,
                e.ledger().conflicts().size(), e.ledger().repeats());
        return v.result(NAMES.get(0), counts);
    }

    /** Stock is conserved per SKU (initial = on hand + reserved + shipped) and never negative. */
    static Result stock(Evidence e) {
        Violations v = new Violations();
        int skus = e.catalogue().skus();
        long initial = e.catalogue().initialStock();
        long[] expectedShipped = new long[skus];
        for (var entry : e.ledger().entries().entrySet()) {
            OrderRequest o = e.accepted().get(entry.getKey());
            if (o != null && entry.getValue().outcome() == LedgerMsg.Outcome.COMPLETED) {
                for (OrderRequest.Line l : o.items()) {
                    expectedShipped[l.sku()] += l.qty();
                }
            }
        }
        int[] covered = new int[skus];
        long onHand = 0;
        long reserved = 0;
        long shipped = 0;
        long anomalies = 0;
        int openReservations = 0;
        for (StockReport r : e.stock()) {
            anomalies += r.anomalies();
            openReservations += r.openReservations();
            for (int i = 0; i < r.skus().length; i++) {
                int sku = r.skus()[i];
                String name = dev.cadre.fulfillment.Catalogue.name(sku);
                if (sku < 0 || sku >= skus) {
                    v.add("shard " + r.shard() + " reports unknown SKU " + sku);
                    continue;
                }
                covered[sku]++;
                onHand += r.onHand()[i];
                reserved += r.reserved()[i];
                shipped += r.shipped()[i];
                long sum = r.onHand()[i] + r.reserved()[i] + r.shipped()[i];
                if (sum != initial) {
                    v.add(name + ": on hand " + r.onHand()[i] + " + reserved " + r.reserved()[i] + " + shipped "
                            + r.shipped()[i] + " = " + sum + ", initial " + initial);
                }
                if (r.minOnHand()[i] < 0 || r.minReserved()[i] < 0 || r.shipped()[i] < 0) {
                    v.add(name + " went negative: lowest on hand " + r.minOnHand()[i] + ", lowest reserved "
                            + r.minReserved()[i] + ", shipped " + r.shipped()[i]);
                }
                if (r.shipped()[i] != expectedShipped[sku]) {
                    v.add(name + ": shard shipped " + r.shipped()[i] + ", completed orders in the ledger hold "
                            + expectedShipped[sku]);
                }
                if (r.reserved()[i] != 0) {
                    v.add(name + ": " + r.reserved()[i] + " units still reserved after every order ended");
                }
            }
        }
        for (int sku = 0; sku < skus; sku++) {
            if (covered[sku] != 1) {
                v.add(dev.cadre.fulfillment.Catalogue.name(sku) + " is held by " + covered[sku] + " shards");
            }
        }
        if (anomalies > 0) {
            v.add(anomalies + " inconsistent requests seen by the shards (commit without reservation, ...)");
        }
        String counts = String.format("%,d SKUs x %,d: on hand %,d + reserved %,d + shipped %,d = %,d "
                        + "(initial %,d); shipped matches the ledger's completed orders; open reservations %,d",
                skus, initial, onHand, reserved, shipped, onHand + reserved + shipped, skus * initial, openReservations);
        return v.result(NAMES.get(1), counts);
    }

    /** Per order, captured - refunded = total if completed, 0 if cancelled; no double capture. */
    static Result payments(Evidence e) {
        Violations v = new Violations();
        long completedOk = 0;
        long cancelledOk = 0;
        long captured = 0;
        long refunded = 0;
        long replays = 0;
        long doubles = 0;
        for (var acct : e.books().entrySet()) {
            PaymentProvider.Account a = acct.getValue();
            captured += a.capturedCents();
            refunded += a.refundedCents();
            replays += a.replays();
            if (a.charges() > 1) {
                doubles++;
                v.add("order " + acct.getKey() + " was charged " + a.charges() + " times");
            }
            if (!e.accepted().containsKey(acct.getKey())) {
                v.add("the provider holds charges for an order never accepted: " + acct.getKey());
            }
        }
        for (var entry : e.ledger().entries().entrySet()) {
            OrderRequest o = e.accepted().get(entry.getKey());
            if (o == null) {
                continue; // reported by the first invariant
            }
            PaymentProvider.Account a = e.books().get(entry.getKey());
            long net = a == null ? 0 : a.capturedCents() - a.refundedCents();
            if (entry.getValue().outcome() == LedgerMsg.Outcome.COMPLETED) {
                if (net == o.amountCents()) {
                    completedOk++;
                } else {
                    v.add("completed order " + o.id() + ": captured - refunded = " + net + ", total "
                            + o.amountCents());
                }
            } else if (net == 0) {
                cancelledOk++;
            } else {
                v.add("cancelled order " + o.id() + ": captured - refunded = " + net + ", expected 0");
            }
        }
        String counts = String.format("provider books: captured %,d - refunded %,d cents; completed orders "
                        + "netting their total %,d, cancelled netting 0 %,d; double captures %,d "
                        + "(retries answered from an earlier charge: %,d)",
                captured, refunded, completedOk, cancelledOk, doubles, replays);
        return v.result(NAMES.get(2), counts);
    }

    /** Every message not delivered is accounted for (dead letters and explicit drops are counted). */
    static Result messages(Evidence e) {
        Violations v = new Violations();
        if (!e.settled()) {
            v.add("the graph had not settled (messages still queued or in flight) when the evidence was taken");
        }
        Audit.Report audit = e.audit();
        long sent = 0;
        long received = 0;
        long dead = 0;
        long refused = 0;
        long shipRefused = 0;
        for (var t : e.traffic().entrySet()) {
            Traffic.Count c = t.getValue();
            long d = audit.deadByType().getOrDefault(t.getKey(), Map.of()).values().stream()
                    .mapToLong(Long::longValue).sum();
            sent += c.sent();
            received += c.received();
            dead += d;
            refused += c.refused();
            if (t.getKey().equals(e.shipType())) {
                shipRefused = c.refused();
            }
            if (c.sent() != c.received() + d + c.refused()) {
                v.add(t.getKey() + ": sent " + c.sent() + " != received " + c.received() + " + dead letters " + d
                        + " + refused " + c.refused());
            }
        }
        if (audit.deadLetters() != e.deadLettersCounted()) {
            v.add("dead letters: the runtime counted " + e.deadLettersCounted() + ", the audit saw "
                    + audit.deadLetters());
        }
        long notifierDrops = audit.droppedByRecipient().getOrDefault(e.notifierPath(), 0L);
        if (notifierDrops != e.notifierDropped()) {
            v.add("notifications: the mailbox dropped " + e.notifierDropped() + ", dead letters show "
                    + notifierDrops);
        }
        if (shipRefused != e.dockDropped()) {
            v.add("shipping: senders were refused " + shipRefused + " times, the dock's mailbox counted "
                    + e.dockDropped());
        }
        long expectedFailures = e.crashesInjected() + e.providerErrors();
        if (audit.failures() != expectedFailures) {
            v.add("crashed handlers: injected " + e.crashesInjected() + " + provider errors " + e.providerErrors()
                    + " = " + expectedFailures + ", the runtime reported " + audit.failures());
        }
        if (audit.unexpectedCount() > 0) {
            v.add(audit.unexpectedCount() + " unexpected failures, e.g. " + audit.unexpected().getFirst());
        }
        String counts = String.format("sent %,d = received %,d + dead letters %,d + refused %,d; "
                        + "dead letters %,d (runtime) = %,d (audit); notifications dropped %,d; "
                        + "crashed handlers %,d = injected %,d + provider 500s %,d",
                sent, received, dead, refused, e.deadLettersCounted(), audit.deadLetters(), e.notifierDropped(),
                audit.failures(), e.crashesInjected(), e.providerErrors());
        return v.result(NAMES.get(3), counts);
    }

    /** Collects violations, listing the first few. */
    private static final class Violations {
        private final List<String> listed = new ArrayList<>();
        private long count;

        void add(String violation) {
            count++;
            if (listed.size() < MAX_LISTED) {
                listed.add(violation);
            }
        }

        Result result(String name, String counts) {
            List<String> out = new ArrayList<>(listed);
            if (count > listed.size()) {
                out.add("... and " + (count - listed.size()) + " more");
            }
            return new Result(name, count == 0, counts, List.copyOf(out));
        }
    }
}
