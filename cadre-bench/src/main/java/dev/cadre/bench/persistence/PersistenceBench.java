package dev.cadre.bench.persistence;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.persistence.Effect;
import dev.cadre.persistence.EventSerialization;
import dev.cadre.persistence.EventSourcedBehavior;
import dev.cadre.persistence.PersistenceId;
import dev.cadre.persistence.jdbc.JdbcJournal;
import dev.cadre.persistence.journal.Serialized;
import dev.cadre.persistence.testkit.PostgresServer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The persistence benchmark: persisted events per second and persist latency (p50, p99) for 1,
 * 100 and 10,000 concurrent event-sourced actors, on SQLite and on a real PostgreSQL, next to a
 * raw JDBC batch insert of the same rows into the same table (the physical reference); then
 * recovery times. Run it with {@code ./cadre bench --persistence [--seconds S] [--warmup S]
 * [--actors 1,100,10000] [--db sqlite,postgres] [--csv FILE]}.
 *
 * <p>Each actor runs a closed loop: it persists one event per command, and the next command is
 * sent when the reply (sent after the commit) arrives. The latency is that round trip, measured
 * by the driver. Each cell gets a fresh database. Durability as shipped: SQLite WAL with
 * {@code synchronous=FULL}, PostgreSQL with {@code synchronous_commit=on}.
 */
public final class PersistenceBench {

    private PersistenceBench() {
    }

    record Inc(int entity, long sentNanos, ActorRef<Object> replyTo) {
    }

    record Done(int entity, long sentNanos) {
    }

    record Incremented(long at) {
    }

    record Count(long n) {
    }

    record Get(ActorRef<Long> replyTo) {
    }

    static final EventSerialization SERIALIZATION = EventSerialization.builder()
            .register(Incremented.class, "bench.incremented")
            .register(Count.class, "bench.count")
            .build();

    /** One row of the table. */
    record Row(String db, String what, int actors, double eventsPerSec, double p50Ms, double p99Ms, String note) {
    }

    /**
     * Runs every cell (database × actor count), the raw JDBC reference and the recovery times,
     * printing each row as it completes and the table at the end. Exits with status 2 on an
     * unknown option.
     *
     * @param args {@code --seconds S} measured seconds per cell (5), {@code --warmup S} unmeasured
     *     seconds before it (2), {@code --actors 1,100,10000}, {@code --db sqlite,postgres},
     *     {@code --quick} (2 s measured, 1 s warm-up), {@code --csv FILE} (the rows as CSV too),
     *     {@code --help}
     * @throws Exception if a database cannot be started or opened, or a run fails
     */
    public static void main(String[] args) throws Exception {
        int seconds = 5;
        int warmup = 2;
        List<Integer> actors = List.of(1, 100, 10_000);
        List<String> dbs = List.of("sqlite", "postgres");
        Path csv = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--actors" -> actors = Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
                case "--db" -> dbs = List.of(args[++i].split(","));
                case "--csv" -> csv = Path.of(args[++i]);
                case "--quick" -> {
                    seconds = 2;
                    warmup = 1;
                }
                case "--help", "-h" -> {
                    System.out.println("usage: ./cadre bench --persistence [--seconds S (5)] [--warmup S (2)]"
                            + " [--actors 1,100,10000] [--db sqlite,postgres] [--quick] [--csv FILE]");
                    return;
                }
                default -> {
                    System.err.println("unknown option " + args[i] + " (--help lists them)");
                    System.exit(2);
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        Path tmp = Files.createTempDirectory("cadre-bench-persistence");
        PostgresServer pg = dbs.contains("postgres") ? PostgresServer.start() : null;
        try {
            for (String db : dbs) {
                for (int n : actors) {
                    String target = target(db, tmp, pg);
                    try (JdbcJournal journal = JdbcJournal.open(target)) {
                        Row r = cadre(db, journal, n, warmup, seconds);
                        rows.add(r);
                        print(r);
                    }
                }
                Row raw = raw(db, target(db, tmp, pg), warmup, seconds);
                rows.add(raw);
                print(raw);
                for (Row r : recovery(db, target(db, tmp, pg))) {
                    rows.add(r);
                    print(r);
                }
            }
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
        System.out.println();
        System.out.println(table(rows));
        if (csv != null) {
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv))) {
                w.println("db,what,actors,events_per_sec,p50_ms,p99_ms,note");
                for (Row r : rows) {
                    w.printf(Locale.ROOT, "%s,%s,%d,%.0f,%.3f,%.3f,%s%n", r.db, r.what, r.actors, r.eventsPerSec,
                            r.p50Ms, r.p99Ms, r.note);
                }
            }
        }
    }

    private static String target(String db, Path tmp, @Nullable PostgresServer pg) throws Exception {
        return switch (db) {
            case "sqlite" -> tmp.resolve("journal-" + System.nanoTime() + ".db").toString();
            case "postgres" -> Objects.requireNonNull(pg, "PostgreSQL is started only when --db names it")
                    .createDatabase();
            default -> throw new IllegalArgumentException("unknown --db " + db + " (sqlite, postgres)");
        };
    }

    // ------------------------------------------------------------------ Cadre: N persistent actors

    static Behavior<Inc> entity(int i, JdbcJournal journal) {
        return EventSourcedBehavior.<Inc, Incremented, Long>builder(PersistenceId.of("bench", "e-" + i), journal,
                        SERIALIZATION, 0L)
                .onCommand((count, inc) -> Effect.<Incremented, Long>persist(new Incremented(inc.sentNanos()))
                        .thenRun(c -> inc.replyTo().tell(new Done(inc.entity(), inc.sentNanos()))))
                .onEvent((count, e) -> count + 1)
                .build();
    }

    /** Driver state: shared with the main thread through volatile flags only. */
    static final class Driver {
        volatile boolean measuring;
        volatile boolean stopping;
        long events; // driver actor only
        LongList latencies = new LongList(); // driver actor only
        final CompletableFuture<Void> drained = new CompletableFuture<>();
        int outstanding;
    }

    static Row cadre(String db, JdbcJournal journal, int n, int warmup, int seconds) throws Exception {
        Driver d = new Driver();
        try (ActorSystem system = ActorSystem.create("bench")) {
            List<ActorRef<Inc>> entities = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                entities.add(system.spawn(entity(i, journal), "e-" + i));
            }
            system.spawn(Behaviors.setup(ctx -> {
                for (int i = 0; i < n; i++) {
                    entities.get(i).tell(new Inc(i, System.nanoTime(), ctx.self()));
                }
                d.outstanding = n;
                return Behaviors.receiveMessage(msg -> {
                    Done done = (Done) msg;
                    long now = System.nanoTime();
                    if (d.measuring) {
                        d.events++;
                        d.latencies.add(now - done.sentNanos());
                    }
                    if (d.stopping) {
                        if (--d.outstanding == 0) {
                            d.drained.complete(null);
                        }
                    } else {
                        entities.get(done.entity()).tell(new Inc(done.entity(), now, ctx.self()));
                    }
                    return Behaviors.same();
                });
            }), "driver");
            Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
            long before = journal.stats().events();
            d.measuring = true;
            long t0 = System.nanoTime();
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            d.measuring = false;
            long elapsed = System.nanoTime() - t0;
            long committed = journal.stats().events() - before;
            d.stopping = true;
            d.drained.get(60, TimeUnit.SECONDS);
            Thread.sleep(50); // the driver's last counts
            long[] lat = d.latencies.sorted();
            var st = journal.stats();
            String note = String.format(Locale.ROOT, "%,d committed in window; %.1f events/txn overall", committed,
                    st.batches() == 0 ? 0.0 : (double) st.events() / st.batches());
            return new Row(db, "cadre", n, d.events * 1e9 / elapsed, ms(lat, 0.50), ms(lat, 0.99), note);
        }
    }

    // ------------------------------------------------------------------ raw JDBC batch insert

    static Row raw(String db, String target, int warmup, int seconds) throws Exception {
        JdbcJournal.open(target).close(); // the same schema
        String url;
        Properties p = new Properties();
        if (db.equals("sqlite")) {
            url = "jdbc:sqlite:" + target;
            p.setProperty("journal_mode", "WAL");
            p.setProperty("synchronous", "FULL");
        } else {
            url = target;
            p.setProperty("reWriteBatchedInserts", "true");
        }
        byte[] payload = SERIALIZATION.serialize(new Incremented(System.nanoTime())).bytes();
        Serialized probe = SERIALIZATION.serialize(new Incremented(0));
        int batch = JdbcJournal.Options.defaults().maxBatch();
        int entities = 10_000;
        long[] seq = new long[entities];
        LongList commits = new LongList();
        long rows = 0;
        try (Connection c = DriverManager.getConnection(url, p)) {
            c.setAutoCommit(false);
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO cadre_event (persistence_id, seq_nr,"
                    + " event_type, event_version, payload, written_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup);
                long t0 = 0;
                long end = Long.MAX_VALUE;
                int e = 0;
                while (true) {
                    long now = System.nanoTime();
                    if (t0 == 0 && now >= warmEnd) {
                        t0 = now;
                        end = now + TimeUnit.SECONDS.toNanos(seconds);
                        rows = 0;
                        commits = new LongList();
                    }
                    if (now >= end) {
                        break;
                    }
                    long b0 = System.nanoTime();
                    for (int i = 0; i < batch; i++) {
                        e = (e + 1) % entities;
                        ins.setString(1, "bench|e-" + e);
                        ins.setLong(2, ++seq[e]);
                        ins.setString(3, probe.type());
                        ins.setInt(4, probe.version());
                        ins.setBytes(5, payload);
                        ins.setLong(6, System.currentTimeMillis());
                        ins.addBatch();
                    }
                    ins.executeBatch();
                    c.commit();
                    commits.add(System.nanoTime() - b0);
                    rows += batch;
                }
                double rate = rows * 1e9 / (System.nanoTime() - t0);
                long[] lat = commits.sorted();
                return new Row(db, "raw JDBC batch", 0, rate, ms(lat, 0.50), ms(lat, 0.99),
                        String.format(Locale.ROOT, "%,d rows per transaction, one thread; latency = one batch's"
                                + " insert + commit", batch));
            }
        }
    }

    // ------------------------------------------------------------------ recovery

    static List<Row> recovery(String db, String target) throws Exception {
        List<Row> out = new ArrayList<>();
        Serialized ev = SERIALIZATION.serialize(new Incremented(1));
        try (JdbcJournal journal = JdbcJournal.open(target)) {
            // One entity with 10,000 events (written in batches), and one with 10,000 events and a snapshot at 10,000.
            for (String id : List.of("one", "snap")) {
                for (int s = 1; s <= 10_000; s += 1_000) {
                    journal.append("bench|" + id, s, java.util.Collections.nCopies(1_000, ev)).toCompletableFuture().join();
                }
            }
            journal.saveSnapshot(new dev.cadre.persistence.journal.StoredSnapshot("bench|snap", 10_000,
                    SERIALIZATION.serialize(new Count(10_000))), false).toCompletableFuture().join();
            // 10,000 entities with 10 events each.
            List<CompletableFuture<Void>> writes = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                writes.add(journal.append("bench|many-" + i, 1, java.util.Collections.nCopies(10, ev)).toCompletableFuture());
            }
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
        }
        try (JdbcJournal journal = JdbcJournal.open(target); ActorSystem system = ActorSystem.create("recovery")) {
            out.add(recoverOne(db, system, journal, "one", "recover 1 actor, 10,000 events, no snapshot", false));
            out.add(recoverOne(db, system, journal, "snap", "recover 1 actor, 10,000 events, snapshot at 10,000", true));
            long t0 = System.nanoTime();
            List<CompletableFuture<Long>> counts = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                counts.add(system.spawn(counter("many-" + i, journal, false), "many-" + i)
                        .<Long>ask(Get::new, Duration.ofMinutes(2)).toCompletableFuture());
            }
            long total = 0;
            for (CompletableFuture<Long> c : counts) {
                total += c.join();
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            if (total != 100_000) {
                throw new IllegalStateException("recovered " + total + " events, expected 100,000");
            }
            out.add(new Row(db, "recover 10,000 actors x 10 events at startup", 10_000, 100_000 / (ms / 1e3), ms, ms,
                    "wall time until every actor answered; " + JdbcJournal.Options.defaults().recoveryConcurrency()
                            + " recovery readers"));
        }
        return out;
    }

    static Behavior<Get> counter(String id, JdbcJournal journal, boolean snapshots) {
        var b = EventSourcedBehavior.<Get, Incremented, Count>builder(PersistenceId.of("bench", id), journal,
                        SERIALIZATION, new Count(0))
                .onCommand((c, get) -> Effect.<Incremented, Count>none().thenRun(s -> get.replyTo().tell(s.n())))
                .onEvent((c, e) -> new Count(c.n() + 1));
        if (snapshots) {
            b.snapshotEvery(10_000, false);
        }
        return b.build();
    }

    private static Row recoverOne(String db, ActorSystem system, JdbcJournal journal, String id, String what,
            boolean snapshot) {
        long t0 = System.nanoTime();
        long n = system.spawn(counter(id, journal, snapshot), id).<Long>ask(Get::new, Duration.ofSeconds(60)).join();
        double ms = (System.nanoTime() - t0) / 1e6;
        if (n != 10_000) {
            throw new IllegalStateException(what + ": recovered " + n + ", expected 10,000");
        }
        return new Row(db, what, 1, 10_000 / (ms / 1e3), ms, ms, "wall time from spawn to the first answer");
    }

    // ------------------------------------------------------------------ output

    private static double ms(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
        return sorted[i] / 1e6;
    }

    private static void print(Row r) {
        System.out.printf(Locale.ROOT, "%-8s %-52s actors %6d: %,12.0f events/s  p50 %9.3f ms  p99 %9.3f ms  (%s)%n",
                r.db, r.what, r.actors, r.eventsPerSec, r.p50Ms, r.p99Ms, r.note);
    }

    static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| Database | What | Actors | Events/s | p50 | p99 | vs raw batch |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            Row raw = rows.stream().filter(x -> x.db.equals(r.db) && x.what.equals("raw JDBC batch")).findFirst().orElse(null);
            boolean timing = r.what.startsWith("recover");
            String ratio = r.what.equals("cadre") && raw != null ? String.format(Locale.ROOT, "%.0f%%",
                    100 * r.eventsPerSec / raw.eventsPerSec) : "";
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", r.db, r.what,
                    r.actors == 0 ? "" : String.format(Locale.ROOT, "%,d", r.actors),
                    timing ? "" : String.format(Locale.ROOT, "%,.0f", r.eventsPerSec),
                    timing ? String.format(Locale.ROOT, "%,.0f ms", r.p50Ms) : String.format(Locale.ROOT, "%.2f ms", r.p50Ms),
                    timing ? "" : String.format(Locale.ROOT, "%.2f ms", r.p99Ms), ratio));
        }
        return sb.toString();
    }

    /** A growable array of longs (latency samples without boxing). */
    static final class LongList {
        private long[] a = new long[1024];
        private int n;

        void add(long v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        long[] sorted() {
            long[] c = Arrays.copyOf(a, n);
            Arrays.sort(c);
            return c;
        }
    }
}
