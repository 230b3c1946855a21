package dev.cadre.bench.app;

import dev.cadre.bench.versus.CheckFailed;
import dev.cadre.bench.versus.Measured;
import dev.cadre.bench.versus.Metric;
import dev.cadre.bench.versus.Region;
import dev.cadre.bench.versus.Result;
import dev.cadre.bench.versus.Scenario;
import dev.cadre.fulfillment.Fulfilment;
import dev.cadre.fulfillment.RunConfig;
import dev.cadre.fulfillment.invariants.Invariants;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The application rows: the order-fulfilment graph of {@code ./cadre demo}, run in process through
 * {@link Fulfilment#run} at the demo's defaults. Orders per second and the order latencies are the
 * application's own figures (accepted orders over the time to the last order's end; latency from
 * intake to terminal state, recorded by the ledger). A run whose four invariants do not all hold
 * is a failed check: FAIL, not a figure.
 *
 * <p>The 1M-order row also measures whether memory stays flat: when 10% and when 90% of the orders
 * are done it forces a full GC and reads the heap left in use (the live heap), from the monitoring
 * thread (the one that polls progress), which stalls the graph for the pause; both pauses are inside
 * the timed region and show in its GC figures. Their difference divided by the orders in between is
 * what each order leaves behind. The run keeps a record of every order on purpose (the ledger's
 * entries, the intake's accepted orders, the provider's books, for the invariant checks), so some
 * growth per order is expected; the in-flight state is bounded by the window (500 orders).
 */
public final class FulfilmentBench {

    /** Stock per SKU in the 1M-order run: enough that orders complete rather than sell out. */
    static final int STOCK_1M = 10_000;
    /** Where the live heap is measured in the 1M-order run, as shares of the orders. */
    static final double EARLY = 0.10;
    static final double LATE = 0.90;

    static {
        // The demo injects crashes on purpose; the runtime logs each with its stack trace (the demo
        // turns this off the same way, in its simplelogger.properties). Counted, not logged.
        if (System.getProperty("org.slf4j.simpleLogger.log.dev.cadre.actor") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.dev.cadre.actor", "off");
        }
    }

    private FulfilmentBench() {
    }

    /**
     * Runs the graph once.
     *
     * @param scenario {@link Scenario#FULFILMENT} or {@link Scenario#FULFILMENT_1M}
     * @param orders generated orders
     * @return orders/s and latencies (and, for the 1M row, the live heap unless the run was too short to
     *     measure it)
     * @throws Exception if the run fails; {@link CheckFailed} if an invariant does not hold
     */
    public static Result run(Scenario scenario, long orders) throws Exception {
        boolean memory = scenario == Scenario.FULFILMENT_1M;
        RunConfig defaults = RunConfig.defaults();
        RunConfig cfg = defaults.withOrders(Math.toIntExact(orders));
        if (memory) {
            cfg = cfg.withCatalogue(defaults.skus(), STOCK_1M);
        }
        HeapProbe probe = new HeapProbe(memory, orders);
        Region[] region = {null};
        Fulfilment.Report report = Fulfilment.run(cfg, new Fulfilment.Listener() {
            @Override
            public Duration progressInterval() {
                return Duration.ofMillis(memory ? 50 : 250);
            }

            @Override
            public void started(String tree) {
                region[0] = Region.start();
            }

            @Override
            public void progress(Fulfilment.Progress p) {
                probe.at(p.done());
            }
        });
        if (region[0] == null) {
            throw new IllegalStateException("the graph never started");
        }
        Region.Stats stats = region[0].stop();
        if (!report.allHold()) {
            throw new CheckFailed("invariants do not hold" + (report.aborted() == null ? "" : " (run aborted: "
                    + report.aborted() + ")") + ": " + report.invariants().stream().filter(i -> !i.pass())
                    .map(Invariants.Result::name).collect(Collectors.joining("; ")));
        }
        Map<Metric, Double> values = new EnumMap<>(Metric.class);
        values.put(Metric.ORDERS_PER_S, report.ordersPerSecond());
        values.put(Metric.ORDER_P99, report.p99().toNanos() / 1e6);
        if (memory && probe.early >= 0 && probe.late >= 0) {
            // A run too short for the progress reports to catch both checkpoints (smoke sizes) has no heap figures.
            values.put(Metric.HEAP_EARLY, probe.early / 1e6);
            values.put(Metric.HEAP_LATE, probe.late / 1e6);
            values.put(Metric.HEAP_PER_ORDER, (double) (probe.late - probe.early) / Math.max(1, probe.lateDone
                    - probe.earlyDone));
        }
        if (!memory) {
            values.put(Metric.ORDER_P50, report.p50().toNanos() / 1e6);
        }
        return Measured.report(Result.of(values, stats));
    }

    /** Forces a full GC and reads the live heap when the run passes its two checkpoints. */
    private static final class HeapProbe {
        private final boolean enabled;
        private final long total;
        long early = -1;
        long late = -1;
        long earlyDone;
        long lateDone;

        HeapProbe(boolean enabled, long total) {
            this.enabled = enabled;
            this.total = total;
        }

        void at(long done) {
            if (!enabled) {
                return;
            }
            if (early < 0 && done >= EARLY * total) {
                earlyDone = done;
                early = liveHeap();
            } else if (late < 0 && early >= 0 && done >= LATE * total) {
                lateDone = done;
                late = liveHeap();
            }
        }

        private static long liveHeap() {
            System.gc();
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }
    }
}
