package dev.cadre.cluster.demo;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.cluster.Member;
import dev.cadre.cluster.NodeId;
import dev.cadre.cluster.demo.Protocol.*;
import dev.cadre.cluster.transport.GrpcTransport;
import dev.cadre.cluster.transport.TransportSecurity;
import dev.cadre.cluster.transport.TransportSettings;
import dev.cadre.cluster.transport.TransportStats;
import dev.cadre.persistence.jdbc.JdbcJournal;
import dev.cadre.persistence.testkit.PostgresServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The fulfilment demo across JVMs ({@code ./cadre demo --nodes 3}): starts a PostgreSQL from the
 * binaries in a Maven jar, then N node processes ({@link DemoNode}) on loopback, each hosting the
 * sharded, event-sourced order sagas, SKU stocks and payment books; drives orders through them
 * from this process (a transport-only client: not a member); optionally kills (SIGKILL) and
 * freezes (SIGSTOP) nodes at seeded moments meanwhile; then checks the invariants over every
 * entity, wherever it lives, and that no entity has events written under two epochs at once.
 * Exits 0 only if all hold.
 */
public final class ClusterDemo {

    static final TransportSecurity SECURITY = new TransportSecurity.SharedSecret(
            "cadre-cluster-demo-on-loopback".getBytes(StandardCharsets.UTF_8));
    private static final Duration ASK = Duration.ofSeconds(3);
    private static final int CHAOS_ORDERS_PER_SECOND = 50;
    /** How long a killed node's entity may take to answer again before the run counts it a failure. */
    private static final long REHOME_GIVE_UP_MILLIS = 30_000;

    /**
     * The run's settings.
     *
     * @param nodes node processes (the configured cluster size)
     * @param orders orders to drive (at least; more while chaos is still running, up to 4x)
     * @param skus distinct SKUs
     * @param stock units per SKU at the start
     * @param pspFailureRate the provider's 500 rate
     * @param seed the seed of orders and chaos
     * @param kills SIGKILLs (each followed by a restart)
     * @param freezes SIGSTOP/SIGCONT rounds, each longer than the failure timeout
     * @param report where to write the report too (or null)
     * @param logs a directory for each node incarnation's output (or null: discarded)
     * @param deadline how long the orders and chaos may take in all; past it the run stops and fails
     */
    public record Config(int nodes, int orders, int skus, int stock, double pspFailureRate, long seed, int kills,
                         int freezes, Path report, Path logs, Duration deadline) {
        /** Validates the fields. */
        public Config {
            if (nodes < 1 || orders < 1 || skus < 1 || stock < 0 || kills < 0 || freezes < 0) {
                throw new IllegalArgumentException("nodes, orders, skus >= 1 and stock, kills, freezes >= 0");
            }
            if (pspFailureRate < 0 || pspFailureRate > 1) {
                throw new IllegalArgumentException("--psp-failure-rate must be in [0, 1], was " + pspFailureRate);
            }
        }
    }

    /**
     * What a run found.
     *
     * @param ok whether every invariant held
     * @param report the printed report
     */
    public record Result(boolean ok, String report) {
    }

    private ClusterDemo() {
    }

    /**
     * @param args {@code --nodes N --orders N --skus N --stock N --psp-failure-rate R --seed S
     *     --kills N --freezes N --report FILE}
     * @throws Exception if the run cannot start
     */
    public static void main(String[] args) throws Exception {
        int nodes = 3;
        int orders = 2_000;
        int skus = 50;
        int stock = 60;
        double psp = 0.05;
        long seed = 42;
        int kills = 0;
        int freezes = 0;
        Path report = null;
        Path logs = null;
        Duration deadline = Duration.ofMinutes(15);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--nodes" -> nodes = Integer.parseInt(args[++i]);
                case "--orders" -> orders = Integer.parseInt(args[++i]);
                case "--skus" -> skus = Integer.parseInt(args[++i]);
                case "--stock" -> stock = Integer.parseInt(args[++i]);
                case "--psp-failure-rate" -> psp = Double.parseDouble(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--kills" -> kills = Integer.parseInt(args[++i]);
                case "--freezes" -> freezes = Integer.parseInt(args[++i]);
                case "--chaos" -> {
                    kills = 20;
                    freezes = 5;
                }
                case "--report" -> report = Path.of(args[++i]);
                case "--logs" -> logs = Path.of(args[++i]);
                case "--deadline" -> deadline = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--help", "-h" -> {
                    System.out.println("""
                            usage: ./cadre demo --nodes N [options]   (the fulfilment demo across N JVMs on loopback)
                              --orders N            orders to drive (default 2000; more while chaos runs)
                              --skus N, --stock N   SKUs and units of each at the start (50, 60)
                              --psp-failure-rate R  the payment provider's 500 rate (0.05)
                              --seed S              orders and chaos (42)
                              --kills N             SIGKILL a node N times, restarting it each time (0)
                              --freezes N           SIGSTOP a node N times for 3.5 s, past the failure timeout (0)
                              --chaos               --kills 20 --freezes 5
                              --report FILE         also write the report to FILE
                              --logs DIR            write each node process's output to DIR
                              --deadline SECONDS    the orders and chaos must be done by then (900)""");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (see --help)");
            }
        }
        Result r = run(new Config(nodes, orders, skus, stock, psp, seed, kills, freezes, report, logs, deadline));
        System.exit(r.ok() ? 0 : 1);
    }

    // ------------------------------------------------------------------ the node processes

    /** A node slot: its ports stay, its process (and node id) change on a restart. */
    private static final class Slot {
        final int index;
        final DemoNode.Args args;
        final Path logs;
        int incarnations;
        volatile Process process;
        volatile String nodeId;
        final List<String[]> lines = new CopyOnWriteArrayList<>(); // [text, arrival millis]

        Slot(int index, DemoNode.Args args, Path logs) {
            this.index = index;
            this.args = args;
            this.logs = logs;
        }

        Member member() {
            return new Member(new NodeId(nodeId), InetSocketAddress.createUnresolved("127.0.0.1", args.transportPort()));
        }
    }

    private static void start(Slot slot) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.log.com.hazelcast=error",
                "-Dhazelcast.logging.type=none"));
        if (Runtime.version().feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), DemoNode.class.getName()));
        command.addAll(slot.args.toList());
        int incarnation = ++slot.incarnations;
        Path log = slot.logs == null ? null : slot.logs.resolve("node-" + slot.index + "-" + incarnation + ".log");
        Process p = new ProcessBuilder(command).redirectError(log == null ? ProcessBuilder.Redirect.DISCARD
                : ProcessBuilder.Redirect.appendTo(log.resolveSibling(log.getFileName() + ".err").toFile())).start();
        slot.process = p;
        slot.nodeId = null;
        Thread.ofPlatform().daemon().name("node-" + slot.index + "-out").start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 var copy = log == null ? null : Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (copy != null) {
                        copy.write(System.currentTimeMillis() + " " + line + "\n");
                        copy.flush();
                    }
                    if (line.startsWith("UP ")) {
                        slot.nodeId = line.split(" ")[1];
                    }
                    slot.lines.add(new String[] {line, Long.toString(System.currentTimeMillis())});
                }
            } catch (IOException ignored) {
                // the process died
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (slot.nodeId == null) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("node " + slot.index + " did not start (exit " + (p.isAlive() ? "-" : p.exitValue()) + ")");
            }
            Thread.sleep(20);
        }
    }

    /** The first line after {@code since} (millis) matching, from any slot but {@code except}; its time, or -1. */
    private static long firstLine(List<Slot> slots, Slot except, long since, Predicate<String> match, long waitMillis)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + waitMillis;
        while (System.currentTimeMillis() < deadline) {
            long best = Long.MAX_VALUE;
            for (Slot s : slots) {
                if (s == except) {
                    continue;
                }
                for (String[] l : s.lines) {
                    long at = lineTime(l);
                    if (at >= since && match.test(l[0]) && at < best) {
                        best = at;
                    }
                }
            }
            if (best != Long.MAX_VALUE) {
                return best;
            }
            Thread.sleep(20);
        }
        return -1;
    }

    /** A line's own time (the node's clock, last field "at MILLIS" or the line's last number), else its arrival. */
    private static long lineTime(String[] l) {
        String[] f = l[0].split(" ");
        try {
            return Long.parseLong(f[f.length - 1]);
        } catch (NumberFormatException e) {
            return Long.parseLong(l[1]);
        }
    }

    // ------------------------------------------------------------------ the run

    /**
     * Runs the demo.
     *
     * @param c the settings
     * @return whether the invariants held, and the report
     * @throws Exception if it cannot start
     */
    public static Result run(Config c) throws Exception {
        long t0 = System.currentTimeMillis();
        StringBuilder out = new StringBuilder();
        Function<String, Void> say = s -> {
            System.out.println(s);
            out.append(s).append('\n');
            return null;
        };
        say.apply(String.format(Locale.ROOT, "cadre cluster demo: %d nodes, %d orders, %d SKUs x %d units, psp 500s %.0f%%,"
                + " seed %d, %d kills, %d freezes", c.nodes(), c.orders(), c.skus(), c.stock(), c.pspFailureRate() * 100,
                c.seed(), c.kills(), c.freezes()));
        if (c.logs() != null) {
            Files.createDirectories(c.logs());
        }
        try (PostgresServer postgres = PostgresServer.start()) {
            String database = postgres.createDatabase();
            JdbcJournal.open(database).close(); // the schema, once, before the nodes start
            // below the ephemeral range: a killed node is restarted on the same ports, and no
            // outgoing connection may take them meanwhile
            List<Integer> both = dev.cadre.cluster.LoopbackPorts.free(2 * c.nodes());
            List<Integer> hz = both.subList(0, c.nodes());
            List<Integer> tp = both.subList(c.nodes(), 2 * c.nodes());
            String cluster = "demo-" + Long.toHexString(new Random().nextLong());
            List<Slot> slots = new ArrayList<>();
            for (int i = 0; i < c.nodes(); i++) {
                slots.add(new Slot(i, new DemoNode.Args(cluster, hz.get(i), hz, tp.get(i), database, c.seed(), c.stock(),
                        c.pspFailureRate(), c.nodes()), c.logs()));
            }
            ExecutorService starter = Executors.newVirtualThreadPerTaskExecutor();
            List<java.util.concurrent.Future<?>> starts = new ArrayList<>();
            for (Slot s : slots) {
                starts.add(starter.submit(() -> {
                    start(s);
                    return null;
                }));
            }
            for (var f : starts) {
                f.get();
            }
            say.apply("  nodes up in " + (System.currentTimeMillis() - t0) + " ms, PostgreSQL at port " + postgres.port());
            try (ActorSystem system = ActorSystem.create("demo-coordinator");
                 GrpcTransport transport = GrpcTransport.start(TransportSettings.loopback(SECURITY), NodeId.random(),
                         system, Protocol.codecs().build())) {
                return drive(c, slots, transport, database, say, out, t0);
            } finally {
                for (Slot s : slots) {
                    Process p = s.process;
                    if (p != null && p.isAlive()) {
                        signal(p, "CONT");
                        p.getOutputStream().close();
                        if (!p.waitFor(5, TimeUnit.SECONDS)) {
                            p.destroyForcibly().waitFor();
                        }
                    }
                }
            }
        }
    }

    /** Asks a node's gateway, trying the live nodes in turn until one answers (or the deadline passes). */
    private static <R> R ask(List<Slot> slots, GrpcTransport transport, Function<ActorRef<R>, Object> request,
                             long deadlineNanos, AtomicInteger rr) {
        while (true) {
            Slot s = slots.get(Math.floorMod(rr.getAndIncrement(), slots.size()));
            String id = s.nodeId;
            Process p = s.process;
            if (id != null && p != null && p.isAlive()) {
                try {
                    return transport.<Object>remoteRef(s.member(), "/user/gateway").<R>ask(request::apply, ASK).join();
                } catch (RuntimeException e) {
                    // no answer in time: the node may be down, frozen, or the entity moving; try again
                }
            }
            if (System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException("no node answered before the deadline");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static Result drive(Config c, List<Slot> slots, GrpcTransport transport, String database,
                                Function<String, Void> say, StringBuilder out, long t0) throws Exception {
        long deadline = System.nanoTime() + c.deadline().toNanos();
        Random random = new Random(c.seed());
        Map<String, Place> placed = new ConcurrentHashMap<>();
        Map<String, OrderStatus> finals = new ConcurrentHashMap<>();
        AtomicInteger rr = new AtomicInteger();
        AtomicBoolean chaosDone = new AtomicBoolean(c.kills() + c.freezes() == 0);
        List<Double> detection = new CopyOnWriteArrayList<>();
        List<Double> rehome = new CopyOnWriteArrayList<>();
        List<Double> freezeDetection = new CopyOnWriteArrayList<>();
        List<Double> minorityStop = new CopyOnWriteArrayList<>();
        List<String> rehomeFailures = new CopyOnWriteArrayList<>();
        AtomicInteger killsDone = new AtomicInteger();
        AtomicInteger freezesDone = new AtomicInteger();
        List<String> chaosLog = new CopyOnWriteArrayList<>() {
            @Override
            public boolean add(String line) {
                System.out.printf(Locale.ROOT, "  [%5.1f s] chaos: %s%n", (System.currentTimeMillis() - t0) / 1000.0, line);
                return super.add(line);
            }
        };
        Thread chaos = Thread.ofPlatform().name("chaos").start(() -> {
            try {
                chaos(c, slots, transport, placed, rr, detection, rehome, freezeDetection, minorityStop, chaosLog,
                        rehomeFailures, killsDone, freezesDone, deadline);
            } catch (Exception e) {
                chaosLog.add("chaos stopped: " + e);
            } finally {
                chaosDone.set(true);
            }
        });
        long driveStart = System.nanoTime();
        Semaphore window = new Semaphore(48);
        AtomicInteger failures = new AtomicInteger();
        try (ExecutorService orders = Executors.newVirtualThreadPerTaskExecutor()) {
            int n = 0;
            // at least c.orders(); while chaos runs, orders keep coming, paced (CHAOS_ORDERS_PER_SECOND)
            while ((n < c.orders() || !chaosDone.get()) && System.nanoTime() < deadline) {
                if (n >= c.orders()) {
                    Thread.sleep(1_000 / CHAOS_ORDERS_PER_SECOND);
                }
                window.acquire();
                String id = "o-" + (++n);
                String sku = "sku-" + random.nextInt(c.skus());
                int qty = 1 + random.nextInt(3);
                long amount = 100 + random.nextInt(9_900);
                orders.submit(() -> {
                    try {
                        OrderStatus s = ask(slots, transport, r -> new Place(id, sku, qty, amount, (ActorRef<OrderStatus>) (ActorRef<?>) r),
                                deadline, rr);
                        placed.put(id, new Place(id, sku, qty, amount, null));
                        while (!s.terminal() && System.nanoTime() < deadline) { // past it: the check reports it
                            Thread.sleep(200);
                            s = ask(slots, transport, r -> new GetStatus(id, (ActorRef<OrderStatus>) (ActorRef<?>) r), deadline, rr);
                        }
                        if (s.terminal()) {
                            finals.put(id, s);
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    } finally {
                        window.release();
                    }
                });
            }
        }
        double driveSeconds = (System.nanoTime() - driveStart) / 1e9;
        chaos.join();
        say.apply(String.format(Locale.ROOT, "  %d orders placed, %d finished in %.1f s (%.0f orders/s); %d gave up at the deadline",
                placed.size(), finals.size(), driveSeconds, finals.size() / driveSeconds, failures.get()));
        chaosLog.forEach(l -> say.apply("  chaos: " + l));

        // ---- the invariants, over every entity, wherever it lives now (asked in parallel)
        long checkDeadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        List<String> problems = new CopyOnWriteArrayList<>(rehomeFailures);
        Map<String, OrderStatus> ended = new ConcurrentHashMap<>();
        Map<String, Books> books = new ConcurrentHashMap<>();
        Semaphore checking = new Semaphore(32);
        try (ExecutorService check = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Place p : placed.values()) {
                checking.acquire();
                check.submit(() -> {
                    try {
                        OrderStatus s = finals.get(p.orderId());
                        if (s == null || !s.terminal()) {
                            s = ask(slots, transport, r -> new GetStatus(p.orderId(), (ActorRef<OrderStatus>) (ActorRef<?>) r),
                                    checkDeadline, rr);
                        }
                        ended.put(p.orderId(), s);
                        books.put(p.orderId(), ask(slots, transport,
                                r -> new GetBooks(p.orderId(), (ActorRef<Books>) (ActorRef<?>) r), checkDeadline, rr));
                    } catch (RuntimeException e) {
                        problems.add("order " + p.orderId() + ": no answer (" + e.getMessage() + ")");
                    } finally {
                        checking.release();
                    }
                });
            }
        }
        int completed = 0;
        int cancelled = 0;
        Map<String, Integer> reasons = new HashMap<>();
        Map<String, Integer> shippedBySku = new HashMap<>();
        for (Place p : placed.values()) {
            OrderStatus s = ended.get(p.orderId());
            Books b = books.get(p.orderId());
            if (s == null || b == null) {
                continue; // counted above
            }
            if (!s.terminal()) {
                problems.add("order " + p.orderId() + " did not end: " + s.phase() + " (" + s.sku() + " x " + s.qty() + ")");
                continue;
            }
            if (s.phase().equals("COMPLETED")) {
                completed++;
                shippedBySku.merge(p.sku(), p.qty(), Integer::sum);
            } else {
                cancelled++;
                reasons.merge(s.reason(), 1, Integer::sum);
            }
            long net = b.captured() - b.refunded();
            long expected = s.phase().equals("COMPLETED") ? p.amount() : 0;
            if (net != expected || b.charges() > 1) {
                problems.add("order " + p.orderId() + " " + s.phase() + ": captured " + b.captured() + " refunded "
                        + b.refunded() + " in " + b.charges() + " charges, expected net " + expected);
            }
        }
        for (int i = 0; i < c.skus(); i++) {
            String sku = "sku-" + i;
            Stock st = ask(slots, transport, r -> new GetStock(sku, (ActorRef<Stock>) (ActorRef<?>) r), checkDeadline, rr);
            int shipped = shippedBySku.getOrDefault(sku, 0);
            if (st.initial() != st.onHand() + st.reserved() + st.shipped() || !st.neverNegative() || st.reserved() != 0
                    || st.shipped() != shipped) {
                problems.add("stock of " + sku + ": initial " + st.initial() + " on hand " + st.onHand() + " reserved "
                        + st.reserved() + " shipped " + st.shipped() + " (completed orders shipped " + shipped + ")"
                        + (st.neverNegative() ? "" : ", went negative"));
            }
        }
        // exactly once, from the journal: one terminal event per accepted order, never two
        Map<String, Integer> terminalEvents = terminalEventsPerOrder(database);
        long endedOnce = placed.keySet().stream().filter(id -> terminalEvents.getOrDefault(id, 0) == 1).count();
        long endedTwice = terminalEvents.values().stream().filter(n -> n > 1).count();
        terminalEvents.entrySet().stream().filter(e -> e.getValue() > 1).limit(5)
                .forEach(e -> problems.add("order " + e.getKey() + " has " + e.getValue() + " terminal events"));

        // ---- the books: every message handed to a transport or a region is acknowledged, delivered,
        // forwarded, buffered, or counted with a reason (nodes alive now, and this coordinator)
        long handed = 0;
        long acknowledged = 0;
        long pending = 0;
        long unaccounted = 0;
        long regionReceived = 0;
        long regionUnaccounted = 0;
        long regionBuffered = 0;
        long deadLetters = 0;
        Map<String, Long> undeliverable = new java.util.TreeMap<>();
        int nodesReporting = 0;
        for (Slot s : slots) {
            try {
                NodeStats st = transport.<Object>remoteRef(s.member(), "/user/gateway")
                        .<NodeStats>ask(r -> new GetNodeStats(r), ASK).join();
                nodesReporting++;
                say.apply(String.format(Locale.ROOT, "  node %d (%s...): %d orders finished here, %.0f/s over its %.0f s;"
                                + " %d activations, %d forwarded, %d dropped, %d fenced; undeliverable %s; %d dead letters",
                        s.index, st.node().substring(0, 8), st.ordersFinishedHere(),
                        st.ordersFinishedHere() / Math.max(0.001, st.uptimeMillis() / 1000.0), st.uptimeMillis() / 1000.0,
                        st.entityActivations(), st.forwarded(), st.dropped(), st.fenced(), st.undeliverableByReason(),
                        st.deadLetters()));
                handed += st.handedToTransport();
                acknowledged += st.acknowledged();
                pending += st.pending();
                unaccounted += Math.abs(st.transportUnaccounted());
                regionReceived += st.regionReceived();
                regionUnaccounted += Math.abs(st.regionUnaccounted());
                regionBuffered += st.regionBuffered();
                deadLetters += st.deadLetters();
                st.undeliverableByReason().forEach((k, v) -> undeliverable.merge(k, v, Long::sum));
            } catch (RuntimeException e) {
                problems.add("node " + s.index + ": no stats (" + e.getClass().getSimpleName() + ")");
            }
        }
        TransportStats mine = transport.stats();
        handed += mine.messagesAccepted();
        acknowledged += mine.messagesAcknowledged();
        pending += mine.messagesPending();
        unaccounted += Math.abs(mine.unaccounted());
        mine.undeliverable().forEach((k, v) -> {
            if (v > 0) {
                undeliverable.merge(k.name(), v, Long::sum);
            }
        });
        boolean booksBalance = nodesReporting == slots.size() && unaccounted == 0 && regionUnaccounted == 0;

        int forks = entitiesWrittenUnderTwoEpochsAtOnce(database);
        boolean everyOrderEnded = placed.size() == completed + cancelled && endedOnce == placed.size() && endedTwice == 0;
        boolean stockOk = problems.stream().noneMatch(p -> p.startsWith("stock"));
        boolean paymentsOk = problems.stream().noneMatch(p -> p.contains("captured"));
        say.apply(String.format(Locale.ROOT, "  %d completed, %d cancelled %s", completed, cancelled, reasons));
        say.apply("  invariants:");
        say.apply("    " + mark(everyOrderEnded) + " every accepted order ended exactly once (" + placed.size()
                + " accepted; in the journal " + endedOnce + " with one terminal event, " + endedTwice + " with more; "
                + failures.get() + " orders the driver gave up on are not accepted ones)");
        say.apply("    " + mark(stockOk) + " stock conserved per SKU, never negative, nothing left reserved (" + c.skus() + " SKUs)");
        say.apply("    " + mark(paymentsOk) + " captured - refunded = total if completed, 0 if cancelled; at most one charge");
        say.apply("    " + mark(booksBalance) + " every undelivered message accounted for: of " + handed + " messages handed to"
                + " the transports alive now, " + acknowledged + " acknowledged by the receiver, " + pending + " pending, the rest"
                + " counted " + undeliverable + " (unaccounted: " + unaccounted + "); of " + regionReceived + " given to"
                + " regions, all delivered, forwarded, dropped (counted) or buffered (" + regionBuffered + " now; unaccounted: "
                + regionUnaccounted + "); " + deadLetters + " dead letters in the nodes' actor systems. A killed node's"
                + " books and memory die with it: its sagas' retries make up for what it held");
        say.apply("    " + mark(forks == 0) + " no entity has events written under two epochs at once (" + forks + ")");
        boolean chaosComplete = killsDone.get() == c.kills() && freezesDone.get() == c.freezes();
        if (c.kills() + c.freezes() > 0) {
            say.apply("    " + mark(chaosComplete) + " chaos done: " + killsDone.get() + " of " + c.kills() + " SIGKILLs (each"
                    + " restarted), " + freezesDone.get() + " of " + c.freezes() + " SIGSTOPs past the failure timeout");
        }
        problems.stream().limit(20).forEach(p -> say.apply("      " + p));
        if (c.kills() + c.freezes() > 0) {
            say.apply("  SIGKILL -> survivors remove the node (ms): " + stats(detection));
            say.apply("  SIGKILL -> an entity of that node answers again (ms): " + stats(rehome)
                    + (rehomeFailures.isEmpty() ? "" : "; " + rehomeFailures.size() + " never did"));
            say.apply("  SIGSTOP -> survivors remove the node (ms): " + stats(freezeDetection));
            say.apply("  SIGCONT -> the frozen node stops its entities (ms): " + stats(minorityStop));
        }
        say.apply(String.format(Locale.ROOT, "  total %.1f s; load average %s", (System.currentTimeMillis() - t0) / 1000.0,
                Files.readString(Path.of("/proc/loadavg")).trim()));
        boolean ok = everyOrderEnded && stockOk && paymentsOk && booksBalance && forks == 0 && chaosComplete
                && problems.isEmpty();
        say.apply(ok ? "ALL INVARIANTS HOLD" : "INVARIANTS VIOLATED");
        if (c.report() != null) {
            Files.writeString(c.report(), out);
        }
        return new Result(ok, out.toString());
    }

    private static String mark(boolean ok) {
        return ok ? "[ok]  " : "[FAIL]";
    }

    /** Order id -> how many terminal (COMPLETED or CANCELLED) events its journal holds. */
    static Map<String, Integer> terminalEventsPerOrder(String database) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection c = DriverManager.getConnection(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT persistence_id, COUNT(*) FROM cadre_event WHERE event_type = 'order.moved'"
                     + " AND (convert_from(payload, 'UTF8') LIKE '%\"COMPLETED\"%'"
                     + " OR convert_from(payload, 'UTF8') LIKE '%\"CANCELLED\"%') GROUP BY persistence_id")) {
            while (rs.next()) {
                counts.put(rs.getString(1).substring("order|".length()), rs.getInt(2));
            }
        }
        return counts;
    }

    static int entitiesWrittenUnderTwoEpochsAtOnce(String database) throws Exception {
        try (Connection c = DriverManager.getConnection(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(DISTINCT a.persistence_id) FROM cadre_event a"
                     + " JOIN cadre_event b ON a.persistence_id = b.persistence_id"
                     + " WHERE a.seq_nr < b.seq_nr AND a.epoch > b.epoch")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static String stats(List<Double> values) {
        if (values.isEmpty()) {
            return "n=0";
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return String.format(Locale.ROOT, "n=%d min %.0f median %.0f max %.0f", sorted.size(), sorted.getFirst(),
                sorted.get(sorted.size() / 2), sorted.getLast());
    }

    private static void signal(Process p, String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
    }

    // ------------------------------------------------------------------ chaos

    private static void chaos(Config c, List<Slot> slots, GrpcTransport transport, Map<String, Place> placed,
                              AtomicInteger rr, List<Double> detection, List<Double> rehome,
                              List<Double> freezeDetection, List<Double> minorityStop, List<String> log,
                              List<String> rehomeFailures, AtomicInteger kills, AtomicInteger freezes, long deadline)
            throws Exception {
        Random random = new Random(c.seed() * 31 + 7);
        List<Boolean> plan = new ArrayList<>();
        for (int i = 0; i < c.kills(); i++) {
            plan.add(true);
        }
        for (int i = 0; i < c.freezes(); i++) {
            plan.add(false);
        }
        Collections.shuffle(plan, random);
        Thread.sleep(3_000); // let orders start flowing
        for (boolean kill : plan) {
            if (System.nanoTime() > deadline) {
                log.add("the deadline passed with " + (c.kills() - kills.get()) + " kills and " + (c.freezes() - freezes.get())
                        + " freezes still to do");
                return;
            }
            Thread.sleep(1_000 + random.nextInt(2_000));
            Slot victim = slots.get(random.nextInt(slots.size()));
            if (kill) {
                String probe = entityOn(victim, slots, transport, placed, rr, deadline);
                String victimId = victim.nodeId;
                log.add("SIGKILL node " + victim.index + " (" + victimId.substring(0, 8) + ")"
                        + (probe == null ? "" : ", probing order " + probe + " that lives there"));
                long at = System.currentTimeMillis();
                victim.process.destroyForcibly();
                victim.process.waitFor();
                long removed = firstLine(slots, victim, at, l -> l.startsWith("REMOVED " + victimId), 30_000);
                if (removed > 0) {
                    detection.add((double) (removed - at));
                }
                String answered = "";
                if (probe != null) {
                    Slot[] others = slots.stream().filter(s -> s != victim).toArray(Slot[]::new);
                    try {
                        ask(List.of(others), transport, r -> new GetStatus(probe, (ActorRef<OrderStatus>) (ActorRef<?>) r),
                                Math.min(deadline, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REHOME_GIVE_UP_MILLIS)), rr);
                        rehome.add((double) (System.currentTimeMillis() - at));
                        answered = "; " + probe + " answered again after " + rehome.getLast().longValue() + " ms";
                    } catch (IllegalStateException e) {
                        rehomeFailures.add(probe + " (on killed node " + victim.index + ") did not answer within "
                                + REHOME_GIVE_UP_MILLIS / 1000 + " s");
                        answered = "; " + probe + " DID NOT ANSWER within " + REHOME_GIVE_UP_MILLIS / 1000 + " s";
                    }
                }
                start(victim);
                kills.incrementAndGet();
                log.add("  node " + victim.index + " removed after " + (removed > 0 ? (removed - at) + " ms" : "-")
                        + (probe == null ? "; no entity of it found to probe" : answered) + "; restarted as "
                        + victim.nodeId.substring(0, 8));
            } else {
                String victimId = victim.nodeId;
                long at = System.currentTimeMillis();
                signal(victim.process, "STOP");
                long removed = firstLine(slots, victim, at, l -> l.startsWith("REMOVED " + victimId), 30_000);
                if (removed > 0) {
                    freezeDetection.add((double) (removed - at));
                }
                Thread.sleep(Math.max(0, at + 3_500 - System.currentTimeMillis()));
                long resumed = System.currentTimeMillis();
                signal(victim.process, "CONT");
                long stopped = firstLine(List.of(victim), null, resumed, l -> l.contains("minority-stop"), 15_000);
                if (stopped > 0) {
                    minorityStop.add((double) (stopped - resumed));
                }
                // the split heals by a merge (5 s); wait for it, or replace the node
                freezes.incrementAndGet();
                long rejoined = firstLine(slots, victim, resumed, l -> l.startsWith("JOINED " + victimId), 40_000);
                if (rejoined < 0) {
                    victim.process.destroyForcibly().waitFor();
                    start(victim);
                    log.add("SIGSTOP node " + victim.index + ": did not merge back within 40 s; replaced");
                } else {
                    log.add("SIGSTOP node " + victim.index + " for 3.5 s: removed, stopped its entities ("
                            + (stopped > 0 ? (stopped - resumed) + " ms after SIGCONT" : "no minority stop seen")
                            + "), merged back " + (rejoined - resumed) + " ms after SIGCONT");
                }
            }
        }
    }

    /** An order whose entity runs on {@code victim} now, or null. */
    private static String entityOn(Slot victim, List<Slot> slots, GrpcTransport transport, Map<String, Place> placed,
                                   AtomicInteger rr, long deadline) {
        int tried = 0;
        for (String id : placed.keySet()) {
            if (tried++ > 60) {
                break;
            }
            try {
                String node = transport.<Object>remoteRef(victim.member(), "/user/gateway")
                        .<String>ask(r -> new Where(id, (ActorRef<String>) (ActorRef<?>) r), ASK).join();
                if (node.equals(victim.nodeId)) {
                    return id;
                }
            } catch (RuntimeException e) {
                // try another
            }
        }
        return null;
    }
}
