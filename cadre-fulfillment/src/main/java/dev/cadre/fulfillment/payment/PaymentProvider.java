package dev.cadre.fulfillment.payment;

import dev.cadre.fulfillment.FaultPlan;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * A simulated external payment provider (PSP): slow, and failing with HTTP-500-style errors at a
 * configurable rate. It is not an actor of the graph: it stands for a remote system, with its own
 * thread (the "network") and its own books.
 *
 * <p><b>Idempotency keys.</b> Each order id is a key with a lifecycle, as real PSPs keep it:
 * <ul>
 *   <li>{@code capture(key, amount)}: the first capture charges the card; a repeated capture of a
 *       charged key charges nothing and answers with the same charge (an idempotent replay);
 *       a capture of a refunded (closed) key is declined.
 *   <li>{@code refund(key)}: refunds what was charged (if anything) and closes the key, so a
 *       capture still in flight cannot charge after the refund.
 * </ul>
 *
 * <p><b>Faults.</b> A call waits a latency drawn in [min, max] ms, then is processed. With the
 * failure rate, it answers 500: half of those before doing anything, half <em>after</em> charging
 * (the response is lost), which is exactly when a retry without an idempotency key would charge
 * twice. Both are drawn from (seed, key, call number), so a seed reproduces them.
 *
 * <p>The provider's own ledger ({@link #books()}) is what the payment invariant is checked
 * against, not what the callers believe.
 *
 * <p><b>Durable books.</b> Given a file, the provider keeps its books there (SQLite, its own
 * database, not the application's journal): every change of a key is written before the answer
 * leaves, and the books are loaded at start. So it survives the application's crash, as a real
 * provider would, and a capture retried after a restart is answered from the earlier charge.
 */
public final class PaymentProvider implements AutoCloseable {

    /** What the provider answers. */
    public enum Status {
        /** Charged now, or charged before (idempotent replay). */
        CAPTURED,
        /** The key was closed by a refund: nothing charged. */
        DECLINED,
        /** Refunded (possibly zero) and closed. */
        REFUNDED,
        /** HTTP 500: the caller cannot know whether it happened. */
        ERROR
    }

    /**
     * A response.
     *
     * @param key the idempotency key
     * @param status what happened
     * @param amountCents the amount charged or refunded
     */
    public record Response(String key, Status status, long amountCents) {
    }

    /**
     * The provider's record of one key.
     *
     * @param charges how many times it actually charged (more than 1 is a double capture)
     * @param capturedCents total charged
     * @param refundedCents total refunded
     * @param replays captures answered from an earlier charge
     * @param closed whether a refund closed the key
     */
    public record Account(int charges, long capturedCents, long refundedCents, int replays, boolean closed) {
    }

    private static final class Key {
        int calls;
        int charges;
        long captured;
        long refunded;
        int replays;
        boolean closed;
    }

    private final long seed;
    private final double failureRate;
    private final int minLatencyMs;
    private final int maxLatencyMs;
    private final boolean idempotent;
    private final ConcurrentHashMap<String, Key> keys = new ConcurrentHashMap<>();
    private final Network network;
    private final AtomicLong inFlight = new AtomicLong();
    private final LongAdder calls = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final java.sql.@Nullable Connection books; // the network thread only, after the constructor; null in memory
    private final @Nullable String booksFile;

    /**
     * Creates the simulated provider.
     *
     * @param seed the run's seed
     * @param failureRate probability of a 500 per call, in [0, 1)
     * @param minLatencyMs the shortest latency
     * @param maxLatencyMs the longest latency
     * @param idempotent false only in tests: then a repeated capture charges again
     */
    public PaymentProvider(long seed, double failureRate, int minLatencyMs, int maxLatencyMs, boolean idempotent) {
        this(seed, failureRate, minLatencyMs, maxLatencyMs, idempotent, null);
    }

    /**
     * A provider whose books live in a file (loaded now, written on every change), or in memory.
     *
     * @param seed the run's seed
     * @param failureRate probability of a 500 per call, in [0, 1)
     * @param minLatencyMs the shortest latency
     * @param maxLatencyMs the longest latency
     * @param idempotent false only in tests: then a repeated capture charges again
     * @param booksFile the provider's own SQLite file, or null to keep the books in memory
     * @throws IllegalStateException if the file cannot be opened or is not the provider's books
     */
    public PaymentProvider(long seed, double failureRate, int minLatencyMs, int maxLatencyMs, boolean idempotent,
            java.nio.file.@Nullable Path booksFile) {
        this(seed, failureRate, minLatencyMs, maxLatencyMs, idempotent, booksFile, Network.thread());
    }

    /**
     * Where the provider spends its latency: a thread of its own (the "network"), or the virtual
     * clock of a deterministic test, where an answer arrives on the test's thread at its instant.
     */
    public interface Network extends AutoCloseable {
        /**
         * Runs {@code task} after {@code delayMicros}.
         *
         * @param task the provider's work and answer
         * @param delayMicros the latency
         */
        void schedule(Runnable task, long delayMicros);

        /** Stops; waits (a little) for a task under way, which may be writing the books. */
        @Override
        void close();

        /** {@return a daemon thread, {@code psp-network}} */
        static Network thread() {
            ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "psp-network");
                t.setDaemon(true);
                return t;
            });
            return new Network() {
                @Override
                public void schedule(Runnable task, long delayMicros) {
                    var unused = ex.schedule(task, delayMicros, TimeUnit.MICROSECONDS); // tasks report their own failures
                }

                @Override
                public void close() {
                    ex.shutdownNow();
                    try {
                        ex.awaitTermination(5, TimeUnit.SECONDS); // the network thread owns the books' connection
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
        }
    }

    /**
     * A provider on a given network (a test's virtual clock, say).
     *
     * @param seed the run's seed
     * @param failureRate probability of a 500 per call, in [0, 1)
     * @param minLatencyMs the shortest latency
     * @param maxLatencyMs the longest latency
     * @param idempotent false only in tests: then a repeated capture charges again
     * @param booksFile the provider's own SQLite file, or null to keep the books in memory
     * @param network where the latency is spent
     */
    public PaymentProvider(long seed, double failureRate, int minLatencyMs, int maxLatencyMs, boolean idempotent,
            java.nio.file.@Nullable Path booksFile, Network network) {
        if (minLatencyMs < 0 || maxLatencyMs < minLatencyMs) {
            throw new IllegalArgumentException("bad latency range " + minLatencyMs + "-" + maxLatencyMs);
        }
        this.seed = seed;
        this.failureRate = failureRate;
        this.minLatencyMs = minLatencyMs;
        this.maxLatencyMs = maxLatencyMs;
        this.idempotent = idempotent;
        this.booksFile = booksFile == null ? null : booksFile.toAbsolutePath().toString();
        this.books = booksFile == null ? null : openBooks();
        this.network = java.util.Objects.requireNonNull(network, "network");
    }

    /**
     * Charges {@code amountCents} under {@code key}, once.
     *
     * @param key the idempotency key (the order id)
     * @param amountCents the amount
     * @return the response, after the latency
     */
    public CompletableFuture<Response> capture(String key, long amountCents) {
        return call(key, true, amountCents);
    }

    /**
     * Refunds whatever was charged under {@code key} and closes the key.
     *
     * @param key the idempotency key
     * @return the response, after the latency
     */
    public CompletableFuture<Response> refund(String key) {
        return call(key, false, 0);
    }

    private CompletableFuture<Response> call(String key, boolean capture, long amount) {
        CompletableFuture<Response> f = new CompletableFuture<>();
        Key k = keys.computeIfAbsent(key, x -> new Key());
        int n;
        synchronized (k) {
            n = k.calls++;
        }
        double latencyDraw = FaultPlan.draw(seed, 10, key, n);
        long latencyUs = minLatencyMs * 1000L + (long) (latencyDraw * (maxLatencyMs - minLatencyMs) * 1000L);
        double failDraw = FaultPlan.draw(seed, 11, key, n);
        calls.increment();
        inFlight.incrementAndGet();
        network.schedule(() -> {
            try {
                Response r = process(key, k, capture, amount, failDraw);
                f.complete(r); // runs the caller's callbacks (pipeToSelf: a tell) before the call stops counting
            } catch (RuntimeException e) {
                f.completeExceptionally(e); // the provider's own database failed: the caller sees a failed call
            } finally {
                inFlight.decrementAndGet();
            }
        }, latencyUs);
        return f;
    }

    private Response process(String key, Key k, boolean capture, long amount, double failDraw) {
        boolean fail = failDraw < failureRate;
        if (fail && failDraw < failureRate / 2) {
            errors.increment();
            return new Response(key, Status.ERROR, 0); // failed before doing anything
        }
        Response r;
        synchronized (k) {
            if (capture) {
                if (k.closed) {
                    r = new Response(key, Status.DECLINED, 0);
                } else if (k.charges > 0 && idempotent) {
                    k.replays++;
                    r = new Response(key, Status.CAPTURED, k.captured);
                } else {
                    k.charges++;
                    k.captured += amount;
                    r = new Response(key, Status.CAPTURED, amount);
                }
            } else {
                long refund = k.captured - k.refunded;
                k.refunded += refund;
                k.closed = true;
                r = new Response(key, Status.REFUNDED, refund);
            }
            if (r.status() != Status.DECLINED) {
                save(key, k);
            }
        }
        if (fail) {
            errors.increment();
            return new Response(key, Status.ERROR, 0); // done, but the response is lost
        }
        return r;
    }

    private java.sql.Connection openBooks() {
        try {
            java.util.Properties p = new java.util.Properties();
            p.setProperty("journal_mode", "WAL");
            p.setProperty("synchronous", "NORMAL"); // durable across a crash of the process (not a power cut)
            java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + booksFile, p);
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS psp_key (key TEXT PRIMARY KEY, calls INTEGER NOT NULL,"
                        + " charges INTEGER NOT NULL, captured INTEGER NOT NULL, refunded INTEGER NOT NULL,"
                        + " replays INTEGER NOT NULL, closed INTEGER NOT NULL)");
                try (java.sql.ResultSet rs = st.executeQuery(
                        "SELECT key, calls, charges, captured, refunded, replays, closed FROM psp_key")) {
                    while (rs.next()) {
                        Key k = new Key();
                        k.calls = rs.getInt(2);
                        k.charges = rs.getInt(3);
                        k.captured = rs.getLong(4);
                        k.refunded = rs.getLong(5);
                        k.replays = rs.getInt(6);
                        k.closed = rs.getInt(7) != 0;
                        keys.put(rs.getString(1), k);
                    }
                }
            }
            return c;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot open the payment provider's books " + booksFile + ": "
                    + e.getMessage(), e);
        }
    }

    /** Writes a key's record to the books (network thread, inside the key's lock), before the answer leaves. */
    private void save(String key, Key k) {
        if (books == null) {
            return;
        }
        try (java.sql.PreparedStatement ps = books.prepareStatement("INSERT INTO psp_key (key, calls, charges, captured,"
                + " refunded, replays, closed) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET"
                + " calls = excluded.calls, charges = excluded.charges, captured = excluded.captured,"
                + " refunded = excluded.refunded, replays = excluded.replays, closed = excluded.closed")) {
            ps.setString(1, key);
            ps.setInt(2, k.calls);
            ps.setInt(3, k.charges);
            ps.setLong(4, k.captured);
            ps.setLong(5, k.refunded);
            ps.setInt(6, k.replays);
            ps.setInt(7, k.closed ? 1 : 0);
            ps.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("the payment provider cannot write its books " + booksFile + ": "
                    + e.getMessage(), e);
        }
    }

    /** {@return calls made so far} */
    public long calls() {
        return calls.sum();
    }

    /** {@return 500s returned so far} */
    public long errors() {
        return errors.sum();
    }

    /** {@return calls not answered yet} */
    public long inFlight() {
        return inFlight.get();
    }

    /** {@return the provider's books: one account per key ever used, sorted by key} */
    public Map<String, Account> books() {
        Map<String, Account> out = new TreeMap<>();
        keys.forEach((key, k) -> {
            synchronized (k) {
                out.put(key, new Account(k.charges, k.captured, k.refunded, k.replays, k.closed));
            }
        });
        return out;
    }

    @Override
    public void close() {
        network.close();
        if (books != null) {
            try {
                books.close();
            } catch (java.sql.SQLException e) {
                // closing anyway
            }
        }
    }
}
