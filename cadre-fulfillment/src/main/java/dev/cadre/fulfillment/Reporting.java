package dev.cadre.fulfillment;

import dev.cadre.actor.ActorMetrics;
import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.fulfillment.ingest.IntakeMsg;
import dev.cadre.fulfillment.inventory.InventoryMsg;
import dev.cadre.fulfillment.inventory.StockReport;
import dev.cadre.fulfillment.invariants.Audit;
import dev.cadre.fulfillment.invariants.Evidence;
import dev.cadre.fulfillment.invariants.Invariants;
import dev.cadre.fulfillment.ledger.LedgerMsg;
import dev.cadre.fulfillment.ledger.LedgerReport;
import dev.cadre.fulfillment.notification.Notifier;
import dev.cadre.fulfillment.payment.PaymentProvider;
import dev.cadre.fulfillment.shipping.Shipping;
import dev.cadre.fulfillment.shipping.ShippingMsg;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** The end of a run: the evidence from every keeper of state, the four verdicts, and the report. */
final class Reporting {
    private static final Duration ASK = Duration.ofSeconds(10);

    private Reporting() {
    }

    /** Collects the evidence from every keeper, checks the invariants, and builds the report. */
    static Fulfilment.Report report(Fulfilment.Driver d, RunConfig cfg, ActorSystem system, PaymentProvider psp, Traffic traffic,
            FaultPlan faults, Shipping.Stats shippingStats, Catalogue catalogue, ActorRef<IntakeMsg> intake,
            ActorRef<LedgerMsg> ledger, List<ActorRef<InventoryMsg>> shards, ActorRef<Audit.Msg> audit,
            ActorRef<Notifier.Notify> notifier, ActorRef<ShippingMsg> dock, Duration wall, boolean settled,
            @Nullable String aborted, long endedBefore) {
        IntakeMsg.Report intakeReport = d.await(intake.<IntakeMsg.Report>ask(IntakeMsg.GetReport::new, ASK));
        LedgerReport ledgerReport = d.await(ledger.<LedgerReport>ask(LedgerMsg.GetReport::new, ASK));
        List<StockReport> stock = new ArrayList<>();
        for (ActorRef<InventoryMsg> shard : shards) {
            stock.add(d.await(shard.<StockReport>ask(InventoryMsg.GetReport::new, ASK)));
        }
        Audit.Report auditReport = d.await(audit.<Audit.Report>ask(Audit.GetReport::new, ASK));
        Map<String, Traffic.Count> trafficSnapshot = traffic.snapshot();
        long notifierDropped = system.metrics(notifier).dropped();
        long dockDropped = system.metrics(dock).dropped();
        String shipType = Traffic.name(ShippingMsg.Ship.class);
        Evidence evidence = new Evidence(intakeReport.accepted(), intakeReport.ordersFailed(), ledgerReport,
                catalogue, stock, psp.books(), trafficSnapshot, auditReport, system.deadLetters().count(),
                notifierDropped, notifier.path(), dockDropped, shipType, faults.crashesInjected(), psp.errors(),
                settled);
        List<Invariants.Result> verdicts = Invariants.check(evidence);

        long[] latencies = ledgerReport.latenciesNanos().clone();
        Arrays.sort(latencies);
        long completed = 0;
        Map<String, Long> cancelled = new TreeMap<>();
        for (LedgerReport.Entry e : ledgerReport.entries().values()) {
            if (e.outcome() == LedgerMsg.Outcome.COMPLETED) {
                completed++;
            } else {
                cancelled.merge(e.reason(), 1L, Long::sum);
            }
        }
        List<ActorMetrics> busiest = system.metricsSnapshot().stream()
                .sorted(Comparator.comparingInt(ActorMetrics::highWaterMark).reversed()).limit(5).toList();
        Traffic.Count ship = trafficSnapshot.get(shipType);
        return new Fulfilment.Report(cfg, intakeReport.lines(), intakeReport.accepted().size(), intakeReport.rejections(),
                completed, cancelled, wall, percentile(latencies, 0.50), percentile(latencies, 0.99), auditReport,
                system.deadLetters().count(), notifierDropped, ship == null ? 0 : ship.refused(), busiest,
                faults.crashesInjected(), faults.stallsInjected(), psp.calls(), psp.errors(),
                shippingStats.staleLines(), shippingStats.waits(), Duration.ofNanos(shippingStats.longestWaitNanos()),
                ManagementFactory.getThreadMXBean().getPeakThreadCount(), aborted,
                verdicts, endedBefore);
    }

    static Duration percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Duration.ZERO;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return Duration.ofNanos(sorted[Math.max(0, i)]);
    }

    /** The report of a run whose evidence could not be collected: every invariant unchecked, saying why. */
    static Fulfilment.Report uncollected(RunConfig cfg, ActorSystem system, PaymentProvider psp, FaultPlan faults,
            Shipping.Stats shippingStats, Duration wall, String why, long endedBefore) {
        return new Fulfilment.Report(cfg, 0, 0, List.of(), 0, Map.of(), wall, Duration.ZERO, Duration.ZERO,
                new Audit.Report(0, Map.of(), Map.of(), 0, Map.of(), Map.of(), 0, List.of()),
                system.deadLetters().count(), 0, 0, List.of(), faults.crashesInjected(),
                faults.stallsInjected(), psp.calls(), psp.errors(), shippingStats.staleLines(),
                shippingStats.waits(), Duration.ofNanos(shippingStats.longestWaitNanos()),
                ManagementFactory.getThreadMXBean().getPeakThreadCount(), why, Invariants.unchecked(why),
                endedBefore);
    }
}
