package dev.cadre.persistence.jdbc;

import dev.cadre.persistence.journal.Journal;
import dev.cadre.persistence.journal.Fence;
import dev.cadre.persistence.journal.JournalException;
import dev.cadre.persistence.journal.Recovery;
import dev.cadre.persistence.journal.Serialized;
import dev.cadre.persistence.journal.StoredEvent;
import dev.cadre.persistence.journal.StoredSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Journal} in a relational database over JDBC: SQLite (a file, the embedded default; no
 * setup) or PostgreSQL (a server). The module creates and migrates its schema itself (versioned
 * DDL, table {@code cadre_schema_version}); each entity's events are rows keyed by
 * {@code (persistence_id, seq_nr)}, the primary key that makes a second writer fail loudly.
 *
 * <pre>{@code
 * try (JdbcJournal journal = JdbcJournal.open("orders.db")) { ... }                        // SQLite file
 * try (JdbcJournal journal = JdbcJournal.open("jdbc:postgresql://db:5432/shop?user=app")) { ... }
 * }</pre>
 *
 * <p><b>Group commit.</b> Appends from every actor go into one bounded queue; a single writer
 * thread takes whatever has queued up (at most {@link Options#maxBatch()} writes) and commits it
 * in one transaction, then completes each write's future. So the cost of a commit (an fsync) is
 * shared by every actor that wrote meanwhile, and each actor still sees its own writes
 * acknowledged in order (the queue is FIFO, and an actor has one write in flight at a time).
 * If a batch hits a duplicate key, it is rolled back and its writes are retried one by one, so
 * only the offending write fails. Any other database error fails every write of the batch (none
 * was committed), and the writer reconnects for the next batch.
 *
 * <p><b>Backpressure.</b> The queue holds at most {@link Options#queueCapacity()} writes. When it
 * is full, {@code append} blocks the caller (through {@link ForkJoinPool#managedBlock}, so a
 * dispatcher thread that blocks is compensated) for at most {@link Options#enqueueTimeout()},
 * then fails the write with {@link JournalException.Overloaded}. There is no unbounded buffer in
 * front of the database.
 *
 * <p><b>Recovery</b> reads run on a fixed pool of {@link Options#recoveryConcurrency()} threads,
 * each with its own connection, so 10,000 entities starting at once queue up instead of opening
 * 10,000 connections.
 *
 * <p><b>Durability.</b> SQLite runs in WAL mode with {@code synchronous=FULL} by default (a commit
 * survives a power cut; {@link Options#withSqliteSynchronousNormal} trades that for speed and keeps
 * commits across process crashes only). PostgreSQL commits with the server's settings
 * ({@code synchronous_commit}).
 *
 * <p>Design overview (threads): callers only enqueue ({@code queue}, an {@link ArrayBlockingQueue})
 * and submit reads; the writer thread alone owns {@code writeConnection} and the statistics
 * counters it increments; reader threads each own one connection (thread-confined). {@code closed}
 * is volatile: once set, no write is accepted; the writer drains what was queued before it exits,
 * then sets {@code terminated} and fails anything that raced in.
 */
public final class JdbcJournal implements Journal {

    /** The schema version this build writes. */
    public static final int SCHEMA_VERSION = 2;

    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * Tuning. {@link #defaults()}: 16,384 queued writes, batches of at most 4,096 writes, 4
     * recovery readers, 10 s enqueue timeout, SQLite {@code synchronous=FULL}.
     *
     * @param queueCapacity the most writes waiting for the writer, at least 1
     * @param maxBatch the most writes committed in one transaction, at least 1
     * @param recoveryConcurrency recovery reads at once, at least 1
     * @param enqueueTimeout how long an append waits for room in a full queue, positive
     * @param sqliteSynchronousFull whether SQLite syncs the WAL at every commit
     */
    public record Options(int queueCapacity, int maxBatch, int recoveryConcurrency, Duration enqueueTimeout,
            boolean sqliteSynchronousFull) {

        /** Validates the fields. */
        public Options {
            if (queueCapacity < 1 || maxBatch < 1 || recoveryConcurrency < 1) {
                throw new IllegalArgumentException("queueCapacity, maxBatch and recoveryConcurrency must be >= 1, were "
                        + queueCapacity + ", " + maxBatch + ", " + recoveryConcurrency);
            }
            Objects.requireNonNull(enqueueTimeout, "enqueueTimeout");
            if (enqueueTimeout.isNegative() || enqueueTimeout.isZero()) {
                throw new IllegalArgumentException("enqueueTimeout must be positive, was " + enqueueTimeout);
            }
        }

        /** {@return the defaults} */
        public static Options defaults() {
            return new Options(16_384, 4_096, 4, Duration.ofSeconds(10), true);
        }

        /**
         * {@return a copy with this queue capacity}
         *
         * @param n the queue capacity
         */
        public Options withQueueCapacity(int n) {
            return new Options(n, maxBatch, recoveryConcurrency, enqueueTimeout, sqliteSynchronousFull);
        }

        /**
         * {@return a copy with this batch size}
         *
         * @param n the batch size
         */
        public Options withMaxBatch(int n) {
            return new Options(queueCapacity, n, recoveryConcurrency, enqueueTimeout, sqliteSynchronousFull);
        }

        /**
         * {@return a copy with this number of recovery readers}
         *
         * @param n recovery readers
         */
        public Options withRecoveryConcurrency(int n) {
            return new Options(queueCapacity, maxBatch, n, enqueueTimeout, sqliteSynchronousFull);
        }

        /**
         * {@return a copy with this enqueue timeout}
         *
         * @param d the enqueue timeout
         */
        public Options withEnqueueTimeout(Duration d) {
            return new Options(queueCapacity, maxBatch, recoveryConcurrency, d, sqliteSynchronousFull);
        }

        /**
         * {@return a copy with SQLite's {@code synchronous=NORMAL} (survives process crashes, not
         * power cuts)}
         */
        public Options withSqliteSynchronousNormal() {
            return new Options(queueCapacity, maxBatch, recoveryConcurrency, enqueueTimeout, false);
        }
    }

    /**
     * What the writer has done so far.
     *
     * @param batches transactions committed
     * @param writes appends and snapshots committed
     * @param events events committed
     * @param overloaded appends refused because the queue stayed full
     * @param queued writes waiting in the queue now
     */
    public record Stats(long batches, long writes, long events, long overloaded, int queued) {
    }

    private sealed interface Write {
        CompletableFuture<Void> done();
    }

    private record Append(String persistenceId, long firstSeqNr, List<Serialized> events, @Nullable Fence fence,
            CompletableFuture<Void> done) implements Write {
    }

    @SuppressWarnings("ArrayRecordComponent") // epoch: a one-slot cell the writer fills; never compared
    private record AdvanceFence(String key, long[] epoch, CompletableFuture<Void> done) implements Write {
    }

    private record Snapshot(StoredSnapshot snapshot, boolean deleteEvents, CompletableFuture<Void> done)
            implements Write {
    }

    private final Dialect dialect;
    private final String url;
    private final Properties connectProps;
    private final String description;
    private final Options options;
    private final ArrayBlockingQueue<Write> queue;
    private final Thread writer;
    private final ExecutorService readers;
    @SuppressWarnings("ThreadLocalUsage") // one read connection per reader thread of this journal, on purpose
    private final ThreadLocal<Connection> readConnection = new ThreadLocal<>();
    private final ConcurrentLinkedQueue<Connection> readConnections = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;
    private volatile boolean terminated;
    private @Nullable Connection writeConnection; // writer thread only (after the constructor)
    private volatile long batches;
    private volatile long writesDone;
    private volatile long eventsDone;
    private final LongAdder overloaded = new LongAdder();

    private JdbcJournal(Dialect dialect, String url, Properties props, String description, Options options) {
        this.dialect = dialect;
        this.url = url;
        this.connectProps = props;
        this.description = description;
        this.options = options;
        this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
        try {
            this.writeConnection = connect();
            migrate(writeConnection);
        } catch (SQLException e) {
            closeQuietly(writeConnection);
            throw new JournalException("cannot open journal " + description + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(writeConnection);
            throw e;
        }
        AtomicInteger n = new AtomicInteger();
        this.readers = Executors.newFixedThreadPool(options.recoveryConcurrency(), r -> {
            Thread t = new Thread(r, "cadre-journal-reader-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.writer = new Thread(this::writeLoop, "cadre-journal-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Opens a journal with the default options.
     *
     * @param target a {@code jdbc:postgresql:} URL, a {@code jdbc:sqlite:} URL, or a file path (SQLite)
     * @return the journal, its schema created or migrated
     * @throws JournalException if the target is not a Cadre journal, has a newer schema, or cannot be reached
     */
    public static JdbcJournal open(String target) {
        return open(target, Options.defaults());
    }

    /**
     * Opens a journal.
     *
     * @param target a {@code jdbc:postgresql:} URL, a {@code jdbc:sqlite:} URL, or a file path (SQLite)
     * @param options tuning
     * @return the journal
     * @throws JournalException if the target is not a Cadre journal, has a newer schema, or cannot be reached
     */
    public static JdbcJournal open(String target, Options options) {
        Objects.requireNonNull(target, "target");
        if (target.startsWith("jdbc:postgresql:")) {
            return postgres(target, new Properties(), options);
        }
        if (target.startsWith("jdbc:sqlite:")) {
            return sqlite(Path.of(target.substring("jdbc:sqlite:".length())), options);
        }
        if (target.startsWith("jdbc:")) {
            throw new JournalException("unsupported journal URL " + redact(target)
                    + ": use a file path (SQLite), jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB");
        }
        return sqlite(Path.of(target), options);
    }

    /**
     * Opens (or creates) an SQLite journal file.
     *
     * @param file the database file; its directory must exist
     * @param options tuning
     * @return the journal
     * @throws JournalException if the file is not a Cadre journal or cannot be opened
     */
    public static JdbcJournal sqlite(Path file, Options options) {
        Path abs = file.toAbsolutePath();
        String description = "SQLite journal " + abs;
        if (abs.getParent() != null && !Files.isDirectory(abs.getParent())) {
            throw new JournalException("cannot open " + description + ": directory " + abs.getParent() + " does not exist");
        }
        if (Files.isDirectory(abs)) {
            throw new JournalException("cannot open " + description + ": it is a directory");
        }
        try {
            if (Files.exists(abs) && Files.size(abs) > 0) {
                byte[] head = new byte[SQLITE_MAGIC.length];
                int read;
                try (InputStream in = Files.newInputStream(abs)) {
                    read = in.readNBytes(head, 0, head.length);
                }
                if (read < head.length || !java.util.Arrays.equals(head, SQLITE_MAGIC)) {
                    throw new JournalException(abs + " is not a Cadre journal: it is not an SQLite database");
                }
            }
        } catch (IOException e) {
            throw new JournalException("cannot read " + description + ": " + e, e);
        }
        Properties p = new Properties();
        p.setProperty("journal_mode", "WAL");
        p.setProperty("synchronous", options.sqliteSynchronousFull() ? "FULL" : "NORMAL");
        p.setProperty("busy_timeout", "30000");
        p.setProperty("foreign_keys", "true");
        return new JdbcJournal(Dialect.SQLITE, "jdbc:sqlite:" + abs, p, description, options);
    }

    /**
     * Opens a PostgreSQL journal.
     *
     * @param url a {@code jdbc:postgresql:} URL (credentials may be in it or in {@code props})
     * @param props connection properties ({@code user}, {@code password}, ...)
     * @param options tuning
     * @return the journal
     * @throws JournalException if the database cannot be reached or holds a newer schema
     */
    public static JdbcJournal postgres(String url, Properties props, Options options) {
        Properties p = new Properties();
        p.putAll(props);
        p.putIfAbsent("reWriteBatchedInserts", "true");
        return new JdbcJournal(Dialect.POSTGRES, url, p, "PostgreSQL journal " + redact(url), options);
    }

    /** {@return counters of what the writer committed} */
    public Stats stats() {
        return new Stats(batches, writesDone, eventsDone, overloaded.sum(), queue.size());
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }

    // ---------------------------------------------------------------- writes (any thread)

    @Override
    public CompletionStage<Void> append(String persistenceId, long firstSeqNr, List<Serialized> events) {
        return append(persistenceId, firstSeqNr, events, null);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here the fence is read in the append's own transaction (on PostgreSQL with
     * {@code FOR SHARE}, so an {@link #advanceFence} from another process waits for the append to
     * commit, and an append waits for an advance in progress); a stale epoch fails only that
     * append, the rest of its group commit goes on.
     */
    @Override
    public CompletionStage<Void> append(String persistenceId, long firstSeqNr, List<Serialized> events,
            @Nullable Fence fence) {
        Objects.requireNonNull(persistenceId, "persistenceId");
        if (events.isEmpty()) {
            throw new IllegalArgumentException("append of no events for " + persistenceId);
        }
        if (firstSeqNr < 1) {
            throw new IllegalArgumentException("firstSeqNr must be >= 1, was " + firstSeqNr + " for " + persistenceId);
        }
        Append a = new Append(persistenceId, firstSeqNr, List.copyOf(events), fence, new CompletableFuture<>());
        enqueue(a);
        return a.done();
    }

    @Override
    public CompletionStage<Long> advanceFence(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isBlank() || key.length() > 200) {
            throw new IllegalArgumentException("a fence key is 1..200 characters, was '" + key + "'");
        }
        AdvanceFence f = new AdvanceFence(key, new long[1], new CompletableFuture<>());
        enqueue(f);
        return f.done().thenApply(v -> f.epoch()[0]);
    }

    @Override
    public CompletionStage<Void> saveSnapshot(StoredSnapshot snapshot, boolean deleteCoveredEvents) {
        Snapshot s = new Snapshot(Objects.requireNonNull(snapshot, "snapshot"), deleteCoveredEvents,
                new CompletableFuture<>());
        enqueue(s);
        return s.done();
    }

    private void enqueue(Write w) {
        if (closed) {
            w.done().completeExceptionally(new JournalException.Closed(description + " is closed"));
            return;
        }
        if (!queue.offer(w)) {
            boolean queued;
            try {
                Offer blocker = new Offer(w);
                ForkJoinPool.managedBlock(blocker);
                queued = blocker.queued;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                w.done().completeExceptionally(new JournalException("interrupted while waiting for room in the write queue of "
                        + description));
                return;
            }
            if (!queued) {
                overloaded.increment();
                w.done().completeExceptionally(new JournalException.Overloaded("the write queue of " + description
                        + " stayed full (" + options.queueCapacity() + " writes) for " + options.enqueueTimeout()
                        + ": the database cannot keep up"));
                return;
            }
        }
        if (terminated) {
            failQueued(); // the writer has gone: nobody else will
        }
    }

    /** Waits for room in the queue, at most the enqueue timeout, compensating a pool thread. */
    private final class Offer implements ForkJoinPool.ManagedBlocker {
        private final Write w;
        boolean queued;
        private boolean gaveUp;

        Offer(Write w) {
            this.w = w;
        }

        @Override
        public boolean block() throws InterruptedException {
            queued = queue.offer(w, options.enqueueTimeout().toNanos(), TimeUnit.NANOSECONDS);
            gaveUp = !queued;
            return true;
        }

        @Override
        public boolean isReleasable() {
            return queued || gaveUp || (queued = queue.offer(w));
        }
    }

    // ---------------------------------------------------------------- the writer thread

    private void writeLoop() {
        List<Write> batch = new ArrayList<>(options.maxBatch());
        try {
            while (!(closed && queue.isEmpty())) {
                Write first;
                try {
                    first = queue.poll(50, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    continue; // close() interrupts to hurry us; the loop condition decides
                }
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, options.maxBatch() - 1);
                commit(batch);
                batch.clear();
            }
        } finally {
            terminated = true;
            failQueued();
            closeQuietly(writeConnection);
        }
    }

    private void failQueued() {
        for (Write w; (w = queue.poll()) != null; ) {
            w.done().completeExceptionally(new JournalException.Closed(description + " was closed before this write"));
        }
    }

    /** Commits a batch in one transaction; on a duplicate key, one write at a time. */
    private void commit(List<Write> batch) {
        List<Append> fenced = new ArrayList<>();
        try {
            Connection c = connection();
            write(c, batch, fenced);
            c.commit();
            succeeded(batch, fenced);
        } catch (SQLException e) {
            rollback();
            if (dialect.isDuplicateKey(e)) {
                for (Write w : batch) {
                    commitAlone(w);
                }
            } else {
                JournalException failure = new JournalException("write to " + description + " failed: "
                        + e.getMessage(), e);
                for (Write w : batch) {
                    w.done().completeExceptionally(failure);
                }
                dropConnectionIfBroken();
            }
        }
    }

    private void commitAlone(Write w) {
        List<Append> fenced = new ArrayList<>();
        try {
            Connection c = connection();
            write(c, List.of(w), fenced);
            c.commit();
            succeeded(List.of(w), fenced);
        } catch (SQLException e) {
            rollback();
            if (dialect.isDuplicateKey(e) && w instanceof Append a) {
                w.done().completeExceptionally(new JournalException.ConcurrentWrite("entity " + a.persistenceId()
                        + " in " + description + ": event " + a.firstSeqNr() + (a.events().size() > 1
                        ? ".." + (a.firstSeqNr() + a.events().size() - 1) : "")
                        + " already written: another writer for this entity (nothing of this write was applied)", e));
            } else {
                w.done().completeExceptionally(new JournalException("write to " + description + " failed: "
                        + e.getMessage(), e));
                dropConnectionIfBroken();
            }
        }
    }

    /**
     * Writes a batch in queue order inside the caller's transaction. A fenced append whose epoch
     * is no longer current writes nothing and is added to {@code fenced}; an advance takes effect
     * for the appends after it in the batch.
     */
    private void write(Connection c, List<Write> batch, List<Append> fenced) throws SQLException {
        long now = System.currentTimeMillis();
        int pending = 0;
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO cadre_event (persistence_id, seq_nr, event_type,"
                + " event_version, payload, written_at, epoch) VALUES (?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement readFence = c.prepareStatement(dialect.readFence());
             PreparedStatement advance = c.prepareStatement("INSERT INTO cadre_fence (fence_key, epoch) VALUES (?, 1)"
                     + " ON CONFLICT (fence_key) DO UPDATE SET epoch = cadre_fence.epoch + 1 RETURNING epoch")) {
            for (Write w : batch) {
                if (w instanceof Append a) {
                    if (a.fence() != null) {
                        readFence.setString(1, a.fence().key());
                        long current;
                        try (ResultSet rs = readFence.executeQuery()) {
                            current = rs.next() ? rs.getLong(1) : 0;
                        }
                        if (current != a.fence().epoch()) {
                            fenced.add(a);
                            continue;
                        }
                    }
                    long seq = a.firstSeqNr();
                    for (Serialized s : a.events()) {
                        ins.setString(1, a.persistenceId());
                        ins.setLong(2, seq++);
                        ins.setString(3, s.type());
                        ins.setInt(4, s.version());
                        ins.setBytes(5, s.bytes());
                        ins.setLong(6, now);
                        ins.setLong(7, a.fence() == null ? 0 : a.fence().epoch());
                        ins.addBatch();
                        pending++;
                    }
                } else if (w instanceof AdvanceFence f) {
                    if (pending > 0) {
                        ins.executeBatch();
                        pending = 0;
                    }
                    advance.setString(1, f.key());
                    try (ResultSet rs = advance.executeQuery()) {
                        if (!rs.next()) {
                            throw new SQLException("advancing fence " + f.key() + " returned no epoch");
                        }
                        f.epoch()[0] = rs.getLong(1);
                    }
                }
            }
            if (pending > 0) {
                ins.executeBatch();
            }
        }
        for (Write w : batch) {
            if (w instanceof Snapshot s) {
                writeSnapshot(c, s, now);
            }
        }
    }

    private void writeSnapshot(Connection c, Snapshot s, long now) throws SQLException {
        StoredSnapshot snap = s.snapshot();
        try (PreparedStatement up = c.prepareStatement("INSERT INTO cadre_snapshot (persistence_id, seq_nr,"
                + " state_type, state_version, payload, written_at) VALUES (?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (persistence_id) DO UPDATE SET seq_nr = excluded.seq_nr,"
                + " state_type = excluded.state_type, state_version = excluded.state_version,"
                + " payload = excluded.payload, written_at = excluded.written_at"
                + " WHERE excluded.seq_nr > cadre_snapshot.seq_nr")) {
            up.setString(1, snap.persistenceId());
            up.setLong(2, snap.seqNr());
            up.setString(3, snap.state().type());
            up.setInt(4, snap.state().version());
            up.setBytes(5, snap.state().bytes());
            up.setLong(6, now);
            up.executeUpdate();
        }
        if (s.deleteEvents()) {
            try (PreparedStatement del = c.prepareStatement(
                    "DELETE FROM cadre_event WHERE persistence_id = ? AND seq_nr <= ?")) {
                del.setString(1, snap.persistenceId());
                del.setLong(2, snap.seqNr());
                del.executeUpdate();
            }
        }
    }

    @SuppressWarnings("NonAtomicVolatileUpdate") // the counters have one writer, the writer thread
    private void succeeded(List<Write> batch, List<Append> fenced) {
        long events = 0;
        for (Write w : batch) {
            if (w instanceof Append a && !fenced.contains(a)) {
                events += a.events().size();
            }
        }
        batches++; // NOTE: volatile written by the writer thread alone; readers see a recent value
        writesDone += batch.size() - fenced.size();
        eventsDone += events;
        for (Write w : batch) {
            if (w instanceof Append a && fenced.contains(a)) {
                Fence f = Objects.requireNonNull(a.fence(), "only a fenced append is fenced off");
                w.done().completeExceptionally(new JournalException.Fenced("entity " + a.persistenceId() + " in "
                        + description + ": fence " + f.key() + " has moved past epoch " + f.epoch()
                        + " (a newer owner took over); nothing of this write was applied"));
            } else {
                w.done().complete(null);
            }
        }
    }

    private Connection connection() throws SQLException {
        if (writeConnection == null) {
            writeConnection = connect();
        }
        return writeConnection;
    }

    private void rollback() {
        try {
            if (writeConnection != null) {
                writeConnection.rollback();
            }
        } catch (SQLException e) {
            closeQuietly(writeConnection);
            writeConnection = null;
        }
    }

    private void dropConnectionIfBroken() {
        try {
            if (writeConnection != null && !writeConnection.isValid(2)) {
                closeQuietly(writeConnection);
                writeConnection = null;
            }
        } catch (SQLException e) {
            closeQuietly(writeConnection);
            writeConnection = null;
        }
    }

    // ---------------------------------------------------------------- recovery (reader pool)

    @Override
    public CompletionStage<Recovery> recover(String persistenceId) {
        Objects.requireNonNull(persistenceId, "persistenceId");
        if (closed) {
            return CompletableFuture.failedFuture(new JournalException.Closed(description + " is closed"));
        }
        try {
            return CompletableFuture.supplyAsync(() -> read(persistenceId), readers);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new JournalException.Closed(description + " is closed"));
        }
    }

    private Recovery read(String persistenceId) {
        Connection c = null;
        try {
            c = readConnection.get();
            if (c == null) {
                c = connect();
                // The snapshot and the events after it must come from one snapshot of the database:
                // under READ COMMITTED a snapshot-and-delete committed between the two SELECTs would
                // hide events from both. (SQLite's read transactions already are snapshots.)
                if (dialect == Dialect.POSTGRES) {
                    c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                }
                readConnection.set(c);
                readConnections.add(c);
            }
            Optional<StoredSnapshot> snapshot = Optional.empty();
            long after = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT seq_nr, state_type, state_version, payload"
                    + " FROM cadre_snapshot WHERE persistence_id = ?")) {
                ps.setString(1, persistenceId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        after = rs.getLong(1);
                        snapshot = Optional.of(new StoredSnapshot(persistenceId, after,
                                new Serialized(rs.getString(2), rs.getInt(3), rs.getBytes(4))));
                    }
                }
            }
            List<StoredEvent> events = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT seq_nr, event_type, event_version, payload"
                    + " FROM cadre_event WHERE persistence_id = ? AND seq_nr > ? ORDER BY seq_nr")) {
                ps.setString(1, persistenceId);
                ps.setLong(2, after);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        events.add(new StoredEvent(persistenceId, rs.getLong(1),
                                new Serialized(rs.getString(2), rs.getInt(3), rs.getBytes(4))));
                    }
                }
            }
            c.commit();
            long highest = events.isEmpty() ? after : Math.max(after, events.get(events.size() - 1).seqNr());
            return new Recovery(snapshot, events, highest);
        } catch (SQLException | RuntimeException e) {
            if (c != null) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // dropped below
                }
                readConnection.remove();
                readConnections.remove(c);
                closeQuietly(c);
            }
            throw new JournalException("cannot read entity " + persistenceId + " from " + description + ": "
                    + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- schema

    private Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(url, connectProps);
        c.setAutoCommit(false);
        return c;
    }

    private void migrate(Connection c) throws SQLException {
        TreeSet<String> tables = new TreeSet<>();
        try (ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT);
                String schema = rs.getString("TABLE_SCHEM");
                if (dialect == Dialect.POSTGRES && schema != null && !schema.equals(currentSchema(c))) {
                    continue;
                }
                if (!name.startsWith("sqlite_")) {
                    tables.add(name);
                }
            }
        }
        c.commit();
        int version;
        if (tables.contains("cadre_schema_version")) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT MAX(version) FROM cadre_schema_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            c.commit();
            if (version > SCHEMA_VERSION) {
                throw new JournalException(description + " has schema version " + version
                        + ", newer than this build supports (" + SCHEMA_VERSION + "): use a newer Cadre");
            }
            if (version < 1) {
                throw new JournalException(description + " is not a Cadre journal: cadre_schema_version is empty");
            }
        } else if (tables.contains("cadre_event") || tables.contains("cadre_snapshot")) {
            throw new JournalException(description + " has Cadre tables but no cadre_schema_version: an incomplete"
                    + " or foreign schema; refusing to touch it");
        } else if (dialect == Dialect.SQLITE && !tables.isEmpty()) {
            throw new JournalException(description + " is not a Cadre journal: an SQLite database with other tables "
                    + tables);
        } else {
            version = 0;
        }
        List<List<String>> steps = dialect.migrations();
        for (int v = version; v < SCHEMA_VERSION; v++) {
            try (Statement st = c.createStatement()) {
                for (String ddl : steps.get(v)) {
                    st.execute(ddl);
                }
                st.execute(v == 0 ? "INSERT INTO cadre_schema_version (version) VALUES (1)"
                        : "UPDATE cadre_schema_version SET version = " + (v + 1));
            }
            c.commit();
        }
    }

    private static String currentSchema(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_schema()")) {
            return rs.next() ? rs.getString(1) : "public";
        }
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//([^/@:]+):([^/@]+)@", "//$1:***@");
    }

    private static void closeQuietly(@Nullable Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }

    // ---------------------------------------------------------------- close

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        writer.interrupt();
        try {
            writer.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        readers.shutdown();
        try {
            readers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Connection c; (c = readConnections.poll()) != null; ) {
            closeQuietly(c);
        }
    }
}
