package dev.cadre.fulfillment.invariants;

import dev.cadre.fulfillment.Catalogue;
import dev.cadre.fulfillment.OrderRequest;
import dev.cadre.fulfillment.Traffic;
import dev.cadre.fulfillment.inventory.StockReport;
import dev.cadre.fulfillment.ledger.LedgerReport;
import dev.cadre.fulfillment.payment.PaymentProvider;
import java.util.List;
import java.util.Map;

/**
 * Everything the invariants are checked against, each piece from a different keeper: what the
 * intake accepted, what the ledger recorded, what the shards hold, what the provider's books say,
 * what senders and receivers counted, and what the runtime reported (dead letters, drops, crash
 * reports).
 *
 * @param accepted the intake's accepted orders
 * @param ordersFailed order actors that died with a failure (from the intake's watch)
 * @param ledger the ledger's record
 * @param catalogue the SKUs and their initial stock
 * @param stock every shard's own report
 * @param books the provider's books
 * @param traffic per message type: sent, received, refused
 * @param audit the runtime's dead letters and crash reports, as the audit actor saw them
 * @param deadLettersCounted the runtime's own dead-letter count
 * @param notifierDropped the runtime's drop count of the notifier's mailbox
 * @param notifierPath the notifier's path
 * @param dockDropped the runtime's drop count of the dock's mailbox (refused blocking tells)
 * @param shipType the traffic name of the message type told to the dock
 * @param crashesInjected the fault plan's count of injected crashes
 * @param providerErrors the provider's count of 500s (each crashes a worker)
 * @param settled whether every mailbox was empty and nothing in flight when the evidence was taken
 */
public record Evidence(Map<String, OrderRequest> accepted, List<String> ordersFailed, LedgerReport ledger,
        Catalogue catalogue, List<StockReport> stock, Map<String, PaymentProvider.Account> books,
        Map<String, Traffic.Count> traffic, Audit.Report audit, long deadLettersCounted, long notifierDropped,
        String notifierPath, long dockDropped, String shipType, long crashesInjected, long providerErrors,
        boolean settled) {
}
