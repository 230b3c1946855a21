package dev.cadre.fulfillment;

import dev.cadre.actor.ActorMetrics;
import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Supervisor;
import dev.cadre.actor.SupervisorStrategy;
import dev.cadre.fulfillment.ingest.Intake;
import dev.cadre.fulfillment.ingest.IntakeMsg;
import dev.cadre.fulfillment.ingest.OrderSource;
import dev.cadre.fulfillment.ingest.Source;
import dev.cadre.fulfillment.inventory.InventoryMsg;
import dev.cadre.fulfillment.inventory.InventoryShard;
import dev.cadre.fulfillment.inventory.StockReport;
import dev.cadre.fulfillment.invariants.Audit;
import dev.cadre.fulfillment.invariants.Evidence;
import dev.cadre.fulfillment.invariants.Invariants;
import dev.cadre.fulfillment.ledger.Ledger;
import dev.cadre.fulfillment.ledger.LedgerMsg;
import dev.cadre.fulfillment.ledger.LedgerReport;
import dev.cadre.fulfillment.notification.Notifier;
import dev.cadre.fulfillment.order.Services;
import dev.cadre.fulfillment.payment.PaymentMsg;
import dev.cadre.fulfillment.payment.PaymentProvider;
import dev.cadre.fulfillment.payment.PaymentWorker;
import dev.cadre.fulfillment.shipping.Shipping;
import dev.cadre.fulfillment.shipping.ShippingMsg;
import dev.cadre.fulfillment.warehouse.Warehouse;
import dev.cadre.fulfillment.warehouse.WarehouseMsg;
import dev.cadre.persistence.jdbc.JdbcJournal;
import dev.cadre.persistence.journal.Journal;
import dev.cadre.persistence.journal.JournalException;
import dev.cadre.persistence.journal.Recovery;
import dev.cadre.persistence.journal.Serialized;
import dev.cadre.persistence.journal.StoredSnapshot;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Builds the fulfilment graph, feeds it, waits for every order to end, and checks the invariants.
 *
 * <pre>
 * /user/fulfilment            one-for-one   (the services are independent of each other)
 *   ledger                    resumes after a crash (single writer of terminal states)
 *   inventory                 one-for-one   shard-0..N-1 resume after a crash (single writers of stock)
 *   payments                  pool, one-for-one, backoff   worker-1..N (restart; provider 500s back off)
 *   warehouse                 rest-for-one  pick → pack → label (restart)
 *   shipping                  one-for-all   carrier, dock (bounded blocking mailbox)
 *   notifications             bounded drop-oldest mailbox, restarts after a crash
 *   intake                    temporary; its children: source, order-1..order-N (one per order, resume)
 * /user/audit                 dead letters and crash reports, for the checks
 * </pre>
 */
public final class Fulfilment {

    /** Restart intensity (per second) of the supervisors that see injected crashes: a loop detector only. */
    static final int INTENSITY = 10_000;
    private static final Duration ASK = Duration.ofSeconds(10);
    private static final Duration PROGRESS_ASK = Duration.ofSeconds(2);
    private static final String ROOT = "/user/fulfilment";

    private Fulfilment() {
    }

    /** Receives what a run shows while it runs. */
    public interface Listener {
        /** @return how often to report progress */
        default Duration progressInterval() {
            return Duration.ofSeconds(2);
        }

        /** @param tree the supervision tree, as text, once the graph has started */
        default void started(String tree) {
        }

        /** @param p progress so far */
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
            long staleShipments, long dockWaits, Duration longestDockWait, int peakThreads, String aborted, List<Invariants.Result> invariants,
            long endedBefore) {

        /** @return whether all invariants hold (and the run was not aborted) */
        public boolean allHold() {
            return aborted == null && invariants.stream().allMatch(Invariants.Result::pass);
        }

        /** @return accepted orders per second of wall time */
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
        /** @return the run's system (created on first call) */
        ActorSystem system();

        /** @return where the simulated payment provider's latency is spent */
        PaymentProvider.Network network();

        /** @return the value of a future the graph completes (an ask's answer) */
        <T> T await(CompletableFuture<T> answer);

        /** @return the actor at {@code path}, once it has started */
        <T> ActorRef<T> lookup(ActorSystem system, String path) throws InterruptedException;

        /**
         * Waits for the run to end.
         *
         * @param finished completes when every order has ended
         * @param realWait the CLI's wait (progress lines, gives up after 60 s without progress)
         * @return why it gave up, or null
         */
        String awaitEnd(CompletableFuture<Void> finished, Wait realWait) throws InterruptedException;

        /** @return whether the graph became quiet (every mailbox empty, nothing in flight) */
        boolean settle(ActorSystem system, PaymentProvider psp, Traffic traffic) throws InterruptedException;

        /** Stops the system and waits for it. */
        @Override
        void close();

        /** The CLI's way to wait for the end. */
        interface Wait {
            /** @return why it gave up, or null */
            String call() throws InterruptedException;
        }
    }

    /** Real threads, the wall clock. */
    static final class RealDriver implements Driver {
        private ActorSystem system;

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
        public <T> ActorRef<T> lookup(ActorSystem system, String path) throws InterruptedException {
            return Fulfilment.await(system, path);
        }

        @Override
        public String awaitEnd(CompletableFuture<Void> finished, Wait realWait) throws InterruptedException {
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
    static Report run(RunConfig cfg, Listener listener, Driver driver) throws IOException, InterruptedException {
        Catalogue catalogue = cfg.catalogue();
        OrderSource source = cfg.file() != null ? OrderSource.file(cfg.file(), catalogue)
                : OrderSource.generated(cfg.orders(), catalogue, cfg.seed());
        long total = cfg.file() != null ? source.expected() : cfg.orders();
        Traffic traffic = new Traffic();
        FaultPlan faults = new FaultPlan(cfg.seed(), cfg.crashRate(), cfg.slowRate());
        Shipping.Stats shippingStats = new Shipping.Stats();
        CompletableFuture<Void> finished = new CompletableFuture<>();
        try (FailFastJournal journal = cfg.durable() ? new FailFastJournal(JdbcJournal.open(cfg.journal()), finished) : null;
                Driver d = driver;
                PaymentProvider psp = new PaymentProvider(cfg.seed(), cfg.pspFailureRate(), cfg.pspMinLatencyMs(),
                        cfg.pspMaxLatencyMs(), cfg.idempotentProvider(), cfg.pspBooks(), driver.network());
                Closing closing = new Closing(listener, driver.system())) {
            ActorSystem system = d.system();
            listener.systemStarted(system);
            ActorRef<Audit.Msg> audit = system.spawn(Audit.create(), "audit");
            d.await(audit.<Audit.Report>ask(Audit.GetReport::new, ASK)); // it has subscribed: nothing escapes it
            ActorRef<Supervisor.Command> root = system.spawn(rootSupervisor(cfg, traffic, faults, psp, shippingStats,
                    journal), "fulfilment");

            ActorRef<LedgerMsg> ledger = d.lookup(system, ROOT + "/ledger");
            // In a durable run the ledger answers once it has recovered: what ended in earlier runs.
            long endedBefore = journal == null ? 0
                    : d.await(ledger.<LedgerMsg.Progress>ask(LedgerMsg.GetProgress::new, Duration.ofMinutes(2))).done();
            List<ActorRef<InventoryMsg>> shards = new ArrayList<>();
            for (int i = 0; i < cfg.shards(); i++) {
                shards.add(d.lookup(system, ROOT + "/inventory/shard-" + i));
            }
            ActorRef<Supervisor.Command> payments = d.lookup(system, ROOT + "/payments");
            List<ActorRef<PaymentMsg>> workers = new ArrayList<>();
            for (int i = 0; i < cfg.workers(); i++) {
                workers.add(startChild(d, payments, null).unsafeCast());
            }
            ActorRef<WarehouseMsg> pick = d.lookup(system, ROOT + "/warehouse/pick");
            d.lookup(system, ROOT + "/warehouse/label");
            ActorRef<ShippingMsg> dock = d.lookup(system, ROOT + "/shipping/dock");
            ActorRef<Notifier.Notify> notifier = d.lookup(system, ROOT + "/notifications");
            Services services = new Services(List.copyOf(shards), List.copyOf(workers), pick, dock, notifier, ledger,
                    traffic, faults, journal == null ? Services.Timeouts.defaults(cfg.pspMaxLatencyMs())
                    : Services.Timeouts.durable(cfg.pspMaxLatencyMs()), shippingStats, journal);

            long start = System.nanoTime();
            Behavior<IntakeMsg> intakeBehavior = Intake.create(services,
                    (intakeRef, skip) -> Source.create(source, intakeRef, traffic, skip), cfg.window(), finished);
            ActorRef<IntakeMsg> intake = startChild(d, root, Supervisor.ChildSpec.of("intake", intakeBehavior)
                    .withRestart(Supervisor.RestartType.TEMPORARY)).unsafeCast();
            listener.started(Tree.render(system.metricsSnapshot()));

            String aborted = d.awaitEnd(finished,
                    () -> waitForEnd(system, finished, ledger, intake, audit, total, start, listener));
            Duration wall = Duration.ofNanos(System.nanoTime() - start);
            boolean settled = aborted == null && d.settle(system, psp, traffic);
            try {
                return report(d, cfg, system, psp, traffic, faults, shippingStats, catalogue, intake, ledger, shards,
                        audit, notifier, dock, wall, settled, aborted, endedBefore);
            } catch (java.util.concurrent.CompletionException e) {
                String why = (aborted == null ? "" : aborted + "; ") + "the evidence could not be collected: "
                        + e.getCause();
                return new Report(cfg, 0, 0, List.of(), 0, Map.of(), wall, Duration.ZERO, Duration.ZERO,
                        new Audit.Report(0, Map.of(), Map.of(), 0, Map.of(), Map.of(), 0, List.of()),
                        system.deadLetters().count(), 0, 0, List.of(), faults.crashesInjected(),
                        faults.stallsInjected(), psp.calls(), psp.errors(), shippingStats.staleLines(),
                        shippingStats.waits(), Duration.ofNanos(shippingStats.longestWaitNanos()),
                        ManagementFactory.getThreadMXBean().getPeakThreadCount(), why, Invariants.unchecked(why),
                        endedBefore);
            }
        } finally {
            source.close();
        }
    }

    /** Collects the evidence from every keeper, checks the invariants, and builds the report. */
    private static Report report(Driver d, RunConfig cfg, ActorSystem system, PaymentProvider psp, Traffic traffic,
            FaultPlan faults, Shipping.Stats shippingStats, Catalogue catalogue, ActorRef<IntakeMsg> intake,
            ActorRef<LedgerMsg> ledger, List<ActorRef<InventoryMsg>> shards, ActorRef<Audit.Msg> audit,
            ActorRef<Notifier.Notify> notifier, ActorRef<ShippingMsg> dock, Duration wall, boolean settled,
            String aborted, long endedBefore) {
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
        return new Report(cfg, intakeReport.lines(), intakeReport.accepted().size(), intakeReport.rejections(),
                completed, cancelled, wall, percentile(latencies, 0.50), percentile(latencies, 0.99), auditReport,
                system.deadLetters().count(), notifierDropped, ship == null ? 0 : ship.refused(), busiest,
                faults.crashesInjected(), faults.stallsInjected(), psp.calls(), psp.errors(),
                shippingStats.staleLines(), shippingStats.waits(), Duration.ofNanos(shippingStats.longestWaitNanos()),
                ManagementFactory.getThreadMXBean().getPeakThreadCount(), aborted,
                verdicts, endedBefore);
    }

    /** The root supervisor and its static children (the intake is added once the services are known). */
    static Behavior<Supervisor.Command> rootSupervisor(RunConfig cfg, Traffic traffic, FaultPlan faults,
            PaymentProvider psp, Shipping.Stats shippingStats, Journal journal) {
        Supervisor.Builder inventory = Supervisor.builder().strategy(Supervisor.Strategy.ONE_FOR_ONE);
        for (int i = 0; i < cfg.shards(); i++) {
            inventory.child(Supervisor.ChildSpec.of("shard-" + i, InventoryShard.create(i, cfg.shards(), cfg.skus(),
                    cfg.stock(), traffic, faults.site(ROOT + "/inventory/shard-" + i), journal)));
        }
        Behavior<Supervisor.Command> payments = Supervisor.pool(
                        Supervisor.ChildSpec.of("worker", PaymentWorker.create(psp, traffic, faults))
                                .withBackoff(SupervisorStrategy.restartWithBackoff(Duration.ofMillis(1),
                                        Duration.ofMillis(10), 0.2).withResetAfter(Duration.ofMillis(50))))
                .intensity(INTENSITY, Duration.ofSeconds(1))
                .build();
        return Supervisor.builder()
                .strategy(Supervisor.Strategy.ONE_FOR_ONE)
                .child(Supervisor.ChildSpec.of("ledger", Ledger.create(traffic, faults.site(ROOT + "/ledger"), journal)))
                .child(Supervisor.ChildSpec.of("inventory", inventory.build()))
                .child(Supervisor.ChildSpec.of("payments", payments))
                .child(Supervisor.ChildSpec.of("warehouse", Warehouse.supervisor(traffic, faults, INTENSITY)))
                .child(Supervisor.ChildSpec.of("shipping", Shipping.supervisor(cfg.dockCapacity(),
                        Duration.ofSeconds(2), traffic, faults, shippingStats, INTENSITY)))
                .child(Supervisor.ChildSpec.of("notifications", Notifier.create(traffic, faults))
                        .withProps(Notifier.props(cfg.notifierCapacity())))
                .build();
    }

    /** Waits until the intake reports the end, reporting progress; returns why it gave up, or null. */
    private static String waitForEnd(ActorSystem system, CompletableFuture<Void> finished, ActorRef<LedgerMsg> ledger,
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

    @SuppressWarnings("unchecked")
    /** Starts a child under a supervisor (from its pool template if {@code spec} is null) and waits until it has. */
    private static ActorRef<Void> startChild(Driver d, ActorRef<Supervisor.Command> supervisor,
            Supervisor.ChildSpec spec) {
        Supervisor.StartResult r = d.await(supervisor.<Supervisor.StartResult>ask(
                reply -> new Supervisor.Command.StartChild(spec, reply), ASK));
        return switch (r) {
            case Supervisor.StartResult.Started s -> s.ref();
            case Supervisor.StartResult.Failed f -> throw new IllegalStateException(
                    "could not start " + f.id() + " under " + supervisor.path(), f.cause());
        };
    }

    private static <T> ActorRef<T> await(ActorSystem system, String path) throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            var ref = system.<T>lookup(path);
            if (ref.isPresent()) {
                return ref.get();
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("actor " + path + " did not start");
    }

    /**
     * The run's journal, which ends the run at its first failure: a durable run must stop rather
     * than go on with a gap (the failed write itself fails its actor, and acknowledges nothing).
     */
    static final class FailFastJournal implements Journal {
        private final JdbcJournal delegate;
        private final CompletableFuture<Void> finished;

        FailFastJournal(JdbcJournal delegate, CompletableFuture<Void> finished) {
            this.delegate = delegate;
            this.finished = finished;
        }

        private <T> java.util.concurrent.CompletionStage<T> watch(java.util.concurrent.CompletionStage<T> stage) {
            return stage.whenComplete((ok, e) -> {
                if (e != null) {
                    Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                            ? e.getCause() : e;
                    finished.completeExceptionally(cause instanceof JournalException j ? j
                            : new JournalException(delegate.describe() + ": " + cause, cause));
                }
            });
        }

        @Override
        public java.util.concurrent.CompletionStage<Void> append(String persistenceId, long firstSeqNr,
                List<Serialized> events) {
            return watch(delegate.append(persistenceId, firstSeqNr, events));
        }

        @Override
        public java.util.concurrent.CompletionStage<Recovery> recover(String persistenceId) {
            return watch(delegate.recover(persistenceId));
        }

        @Override
        public java.util.concurrent.CompletionStage<Void> saveSnapshot(StoredSnapshot snapshot, boolean delete) {
            return watch(delegate.saveSnapshot(snapshot, delete));
        }

        @Override
        public String describe() {
            return delegate.describe();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    private static Duration percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Duration.ZERO;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return Duration.ofNanos(sorted[Math.max(0, i)]);
    }

    /** Renders the supervision tree from the living actors' paths. */
    static final class Tree {
        private static final Map<String, String> NOTES = new LinkedHashMap<>();

        static {
            NOTES.put("fulfilment", "supervisor: one-for-one (independent services)");
            NOTES.put("ledger", "single writer of terminal states; resumes after a crash");
            NOTES.put("inventory", "supervisor: one-for-one");
            NOTES.put("shard", "single writer of its SKUs' stock; resumes after a crash");
            NOTES.put("payments", "supervisor: pool, one-for-one, restart with backoff");
            NOTES.put("worker", "calls the provider; lets it crash (provider 500s: backoff)");
            NOTES.put("warehouse", "supervisor: rest-for-one (a linear pipeline)");
            NOTES.put("pick", "stage 1");
            NOTES.put("pack", "stage 2: holds partial parcels from pick");
            NOTES.put("label", "stage 3");
            NOTES.put("shipping", "supervisor: one-for-all (dock and carrier share a session)");
            NOTES.put("carrier", "accepts the dock's manifest lines in order");
            NOTES.put("dock", "blocks senders when full: backpressure to the orders");
            NOTES.put("notifications", "drops the oldest when full (counted); restarts after a crash");
            NOTES.put("intake", "validates, de-duplicates, spawns one order actor per order");
            NOTES.put("source", "reads the input on demand (pull)");
            NOTES.put("order", "the saga; resumes after a crash");
            NOTES.put("audit", "counts dead letters and crash reports for the checks");
        }

        /** Siblings in start order. */
        private static final List<String> ORDER = List.of("fulfilment", "ledger", "inventory", "shard", "payments",
                "worker", "warehouse", "pick", "pack", "label", "shipping", "carrier", "dock", "notifications",
                "intake", "source", "order", "audit");

        static String render(List<ActorMetrics> actors) {
            Map<String, List<ActorMetrics>> children = new TreeMap<>();
            for (ActorMetrics m : actors) {
                String p = m.path();
                children.computeIfAbsent(p.substring(0, p.lastIndexOf('/')), k -> new ArrayList<>()).add(m);
            }
            StringBuilder sb = new StringBuilder();
            walk("/user", children, 0, sb);
            return sb.toString();
        }

        private static void walk(String path, Map<String, List<ActorMetrics>> children, int depth, StringBuilder sb) {
            List<ActorMetrics> kids = new ArrayList<>(children.getOrDefault(path, List.of()));
            kids.removeIf(m -> name(m).startsWith("$") || kind(name(m)).equals("order"));
            kids.sort(Comparator.comparingInt((ActorMetrics m) -> rank(kind(name(m))))
                    .thenComparingInt(m -> number(name(m))));
            for (int i = 0; i < kids.size(); i++) {
                ActorMetrics m = kids.get(i);
                String kind = kind(name(m));
                int same = 0;
                while (i + same < kids.size() && kind(name(kids.get(i + same))).equals(kind)) {
                    same++;
                }
                String shown = name(m);
                if (same > 1 && !kind.equals(shown)) {
                    shown = shown + " .. " + name(kids.get(i + same - 1)) + " (" + same + ")";
                    i += same - 1;
                }
                sb.append("  ".repeat(depth + 1)).append(shown);
                if (m.capacity() > 0) {
                    sb.append(" [bounded mailbox: ").append(m.capacity()).append(']');
                }
                String note = NOTES.get(kind);
                if (note != null) {
                    sb.append("  -- ").append(note);
                }
                sb.append('\n');
                if (same <= 1) {
                    walk(m.path(), children, depth + 1, sb);
                }
                if (kind.equals("intake")) {
                    sb.append("  ".repeat(depth + 2)).append("order-1, order-2, ... (one per order in flight)  -- ")
                            .append(NOTES.get("order")).append('\n');
                }
            }
        }

        private static String name(ActorMetrics m) {
            return m.path().substring(m.path().lastIndexOf('/') + 1);
        }

        private static String kind(String name) {
            return name.replaceAll("-\\d+$", "");
        }

        private static int rank(String kind) {
            int i = ORDER.indexOf(kind);
            return i < 0 ? ORDER.size() : i;
        }

        private static int number(String name) {
            int i = name.lastIndexOf('-');
            try {
                return i < 0 ? 0 : Integer.parseInt(name.substring(i + 1));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }
}
