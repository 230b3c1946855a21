package dev.cadre.fulfillment;

import dev.cadre.actor.ActorMetrics;
import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.fulfillment.ingest.Intake;
import dev.cadre.fulfillment.ingest.IntakeMsg;
import dev.cadre.fulfillment.ingest.OrderSource;
import dev.cadre.fulfillment.ingest.Source;
import dev.cadre.fulfillment.invariants.Audit;
import dev.cadre.fulfillment.invariants.Invariants;
import dev.cadre.fulfillment.ledger.LedgerMsg;
import dev.cadre.fulfillment.order.Services;
import dev.cadre.fulfillment.payment.PaymentProvider;
import dev.cadre.fulfillment.shipping.Shipping;
import dev.cadre.persistence.jdbc.JdbcJournal;
import dev.cadre.persistence.journal.JournalException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Runs the fulfilment graph: builds it ({@link Graph}), feeds it, waits for every order to end and
 * for the graph to settle, and checks the invariants ({@link Reporting}).
 */
public final class Fulfilment {

    private static final Duration ASK = Duration.ofSeconds(10);
    private static final Duration PROGRESS_ASK = Duration.ofSeconds(2);

    private Fulfilment() {
    }

    /** Receives what a run shows while it runs. */
    public interface Listener {
        /** {@return how often to report progress} */
        default Duration progressInterval() {
            return Duration.ofSeconds(2);
        }

        /**
         * Called once the graph has started.
         *
         * @param tree the supervision tree, as text
         */
        default void started(String tree) {
        }

        /**
         * Called every {@link #progressInterval()}.
         *
         * @param p progress so far
         */
        default void progress(Progress p) {
        }

        /**
         * The system exists and has no actor yet: the moment to attach tools (a dashboard, a
         * flight recording).
         *
         * @param system the run's actor system
         */
        default void systemStarted(ActorSystem system) {
        }

        /**
         * The run is over and its report built; the system is about to be closed.
         *
         * @param system the run's actor system, still running
         */
        default void closing(ActorSystem system) {
        }
    }

    /** Tells the listener that the system is about to close (a try-with-resources resource, closed first). */
    private record Closing(Listener listener, ActorSystem system) implements AutoCloseable {
        @Override
        public void close() {
            listener.closing(system);
        }
    }

    /**
     * Progress of a running graph.
     *
     * @param done orders in a terminal state
     * @param total orders expected (generated orders, or the file's lines)
     * @param inFlight order actors alive
     * @param restarts restarts so far, all supervisors
     * @param elapsed since the start
     */
    public record Progress(long done, long total, long inFlight, long restarts, Duration elapsed) {
    }

    /**
     * What a run did.
     *
     * @param config the configuration
     * @param lines input lines
     * @param accepted orders accepted
     * @param rejections rejected lines
     * @param completed completed orders
     * @param cancelledByReason cancelled orders per reason
     * @param wall from start to the last order's end
     * @param p50 median order latency
     * @param p99 99th percentile order latency
     * @param audit dead letters and crash reports
     * @param deadLetters the runtime's dead-letter count
     * @param notificationsDropped the notifier's drops
     * @param shipRefused hand-overs refused by the full dock
     * @param busiest actors with the highest mailbox high-water marks
     * @param crashesInjected crashes injected
     * @param stalls slow-consumer stalls injected
     * @param providerCalls calls to the provider
     * @param providerErrors 500s from the provider
     * @param staleShipments parcels of broken shipping sessions (re-sent by their orders)
     * @param dockWaits hand-overs that waited for room in the dock's full mailbox
     * @param longestDockWait the longest such wait
     * @param peakThreads the JVM's peak live thread count
     * @param aborted why the run was cut short, or null
     * @param invariants the four verdicts
     * @param endedBefore durable runs: orders that had already ended in earlier runs (0 in memory)
     */
    public record Report(RunConfig config, long lines, long accepted, List<IntakeMsg.Rejection> rejections,
            long completed, Map<String, Long> cancelledByReason, Duration wall, Duration p50, Duration p99,
            Audit.Report audit, long deadLetters, long notificationsDropped, long shipRefused,
            List<ActorMetrics> busiest, long crashesInjected, long stalls, long providerCalls, long providerErrors,
            long staleShipments, long dockWaits, Duration longestDockWait, int peakThreads, @Nullable String aborted, List<Invariants.Result> invariants,
            long endedBefore) {

        /** {@return whether all invariants hold (and the run was not aborted)} */
        public boolean allHold() {
            return aborted == null && invariants.stream().allMatch(Invariants.Result::pass);
        }

        /** {@return accepted orders per second of wall time} */
        public double ordersPerSecond() {
            return wall.isZero() ? 0 : (accepted - endedBefore) * 1e9 / wall.toNanos();
        }
    }

    /**
     * Runs the graph over the configured input, to the end.
     *
     * @param cfg the configuration
     * @param listener what to show while running
     * @return the report
     * @throws IOException if the input file cannot be read
     * @throws InterruptedException if interrupted while waiting
     */
    public static Report run(RunConfig cfg, Listener listener) throws IOException, InterruptedException {
        return run(cfg, listener, new RealDriver());
    }

    /**
     * Where a run gets its actor system and how it waits. The CLI's: real threads and the wall
     * clock ({@link RealDriver}). A test's: a deterministic system (every actor on the test's
     * thread, virtual time), where waiting means running the scheduler.
     */
    interface Driver extends AutoCloseable {
        /** {@return the run's system (created on first call)} */
        ActorSystem system();

        /** {@return where the simulated payment provider's latency is spent} */
        PaymentProvider.Network network();

        /**
         * {@return the value of a future the graph completes (an ask's answer, a receptionist's
         * ref)}
         */
        <T> T await(CompletableFuture<T> answer);

        /**
         * Waits for the run to end.
         *
         * @param finished completes when every order has ended
         * @param realWait the CLI's wait (progress lines, gives up after 60 s without progress)
         * @return why it gave up, or null
         */
        @Nullable String awaitEnd(CompletableFuture<Void> finished, Wait realWait) throws InterruptedException;

        /** {@return whether the graph became quiet (every mailbox empty, nothing in flight)} */
        boolean settle(ActorSystem system, PaymentProvider psp, Traffic traffic) throws InterruptedException;

        /** Stops the system and waits for it. */
        @Override
        void close();

        /** The CLI's way to wait for the end. */
        interface Wait {
            /** {@return why it gave up, or null} */
            @Nullable String call() throws InterruptedException;
        }
    }

    /** Real threads, the wall clock. */
    static final class RealDriver implements Driver {
        private @Nullable ActorSystem system;

        @Override
        public ActorSystem system() {
            if (system == null) {
                system = ActorSystem.create("fulfilment");
            }
            return system;
        }

        @Override
        public PaymentProvider.Network network() {
            return PaymentProvider.Network.thread();
        }

        @Override
        public <T> T await(CompletableFuture<T> answer) {
            return answer.join();
        }

        @Override
        public @Nullable String awaitEnd(CompletableFuture<Void> finished, Wait realWait) throws InterruptedException {
            return realWait.call();
        }

        @Override
        public boolean settle(ActorSystem system, PaymentProvider psp, Traffic traffic) throws InterruptedException {
            return Fulfilment.settle(system, psp, traffic);
        }

        @Override
        public void close() {
            if (system != null) {
                system.close();
            }
        }
    }

    /**
     * Runs the graph over the configured input, to the end, on the given driver.
     *
     * @param cfg the configuration
     * @param listener what to show while running
     * @param driver the system and the waiting
     * @return the report
     * @throws IOException if the input file cannot be read
     * @throws InterruptedException if interrupted while waiting
     */
    @SuppressWarnings("try") // the Closing resource is there for its close() alone (see Closing)
    static Report run(RunConfig cfg, Listener listener, Driver driver) throws IOException, InterruptedException {
        Catalogue catalogue = cfg.catalogue();
        OrderSource source = cfg.file().isPresent() ? OrderSource.file(cfg.file().get(), catalogue)
                : OrderSource.generated(cfg.orders(), catalogue, cfg.seed());
        long total = cfg.file().isPresent() ? source.expected() : cfg.orders();
        RunConfig.@Nullable Durability durability = cfg.durability().orElse(null);
        Traffic traffic = new Traffic();
        FaultPlan faults = new FaultPlan(cfg.seed(), cfg.crashRate(), cfg.slowRate());
        Shipping.Stats shippingStats = new Shipping.Stats();
        CompletableFuture<Void> finished = new CompletableFuture<>();
        try (FailFastJournal journal = durability != null ? new FailFastJournal(JdbcJournal.open(durability.journal()), finished) : null;
                Driver d = driver;
                PaymentProvider psp = new PaymentProvider(cfg.seed(), cfg.pspFailureRate(), cfg.pspMinLatencyMs(),
                        cfg.pspMaxLatencyMs(), cfg.idempotentProvider(), durability != null ? durability.pspBooks() : null, driver.network());
                Closing closing = new Closing(listener, driver.system())) {
            ActorSystem system = d.system();
            listener.systemStarted(system);
            ActorRef<Audit.Msg> audit = system.spawn(Audit.create(), "audit");
            d.await(audit.<Audit.Report>ask(Audit.GetReport::new, ASK)); // it has subscribed: nothing escapes it
            Graph.Services g = Graph.start(d, system, cfg,
                    Graph.blueprint(cfg, traffic, faults, psp, shippingStats, journal), ASK);
            // In a durable run the ledger answers once it has recovered: what ended in earlier runs.
            long endedBefore = journal == null ? 0
                    : d.await(g.ledger().<LedgerMsg.Progress>ask(LedgerMsg.GetProgress::new, Duration.ofMinutes(2)))
                            .done();
            Services services = new Services(g.shards(), g.workers(), g.pick(), g.dock(), g.notifier(), g.ledger(),
                    traffic, faults, journal == null ? Services.Timeouts.defaults(cfg.pspMaxLatencyMs())
                    : Services.Timeouts.durable(cfg.pspMaxLatencyMs()), shippingStats, journal);

            long start = System.nanoTime();
            ActorRef<IntakeMsg> intake = Graph.startIntake(d, g.root(), Intake.create(services,
                    (intakeRef, skip) -> Source.create(source, intakeRef, traffic, skip), cfg.window(), finished), ASK);
            listener.started(Tree.render(system.metricsSnapshot()));

            String aborted = d.awaitEnd(finished,
                    () -> waitForEnd(system, finished, g.ledger(), intake, audit, total, start, listener));
            Duration wall = Duration.ofNanos(System.nanoTime() - start);
            boolean settled = aborted == null && d.settle(system, psp, traffic);
            try {
                return Reporting.report(d, cfg, system, psp, traffic, faults, shippingStats, catalogue, intake,
                        g.ledger(), g.shards(), audit, g.notifier(), g.dock(), wall, settled, aborted, endedBefore);
            } catch (java.util.concurrent.CompletionException e) {
                String why = (aborted == null ? "" : aborted + "; ") + "the evidence could not be collected: "
                        + e.getCause();
                return Reporting.uncollected(cfg, system, psp, faults, shippingStats, wall, why, endedBefore);
            }
        } finally {
            source.close();
        }
    }

    /** Waits until the intake reports the end, reporting progress; returns why it gave up, or null. */
    private static @Nullable String waitForEnd(ActorSystem system, CompletableFuture<Void> finished, ActorRef<LedgerMsg> ledger,
            ActorRef<IntakeMsg> intake, ActorRef<Audit.Msg> audit, long total, long start, Listener listener)
            throws InterruptedException {
        long lastDone = -1;
        long lastChange = System.nanoTime();
        Duration interval = listener.progressInterval();
        while (true) {
            try {
                finished.get(interval.toMillis(), TimeUnit.MILLISECONDS);
                return null;
            } catch (TimeoutException e) {
                // report progress below
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof JournalException j) {
                    return "journal failure (nothing acknowledged was lost; re-run the same command to resume): "
                            + j.getMessage();
                }
                return "the intake failed: " + e.getCause();
            }
            if (system.metrics(intake).terminated()) {
                return "the intake stopped before every order ended";
            }
            long done = lastDone;
            try {
                LedgerMsg.Progress lp = ledger.<LedgerMsg.Progress>ask(LedgerMsg.GetProgress::new, PROGRESS_ASK).join();
                IntakeMsg.Progress ip = intake.<IntakeMsg.Progress>ask(IntakeMsg.GetProgress::new, PROGRESS_ASK).join();
                Audit.Report ar = audit.<Audit.Report>ask(Audit.GetReport::new, PROGRESS_ASK).join();
                done = lp.done();
                listener.progress(new Progress(done, total, ip.inFlight(), ar.restarts(),
                        Duration.ofNanos(System.nanoTime() - start)));
            } catch (java.util.concurrent.CompletionException e) {
                // A slow answer (the graph is busy): no progress line this time.
            }
            if (done != lastDone) {
                lastDone = done;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > TimeUnit.SECONDS.toNanos(60)) {
                return "no order ended for 60 s";
            }
        }
    }

    /**
     * Waits (at most 10 s) until the graph is quiet: every mailbox empty, no provider call in
     * flight, and no message counted, twice in a row 50 ms apart.
     */
    private static boolean settle(ActorSystem system, PaymentProvider psp, Traffic traffic) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Map<String, Traffic.Count> before = null;
        while (System.nanoTime() < deadline) {
            boolean empty = psp.inFlight() == 0 && system.metricsSnapshot().stream().allMatch(m -> m.depth() == 0);
            Map<String, Traffic.Count> now = traffic.snapshot();
            if (empty && now.equals(before)) {
                return true;
            }
            before = empty ? now : null;
            Thread.sleep(50);
        }
        return false;
    }
}
