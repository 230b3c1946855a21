package dev.cadre.fulfillment;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a run is configured with (the CLI's flags, plus sizes the CLI does not expose).
 *
 * @param orders orders to generate (ignored with a file)
 * @param file a JSON Lines file to read instead (empty: generate {@code orders})
 * @param skus SKUs in the catalogue
 * @param stock initial units of each SKU
 * @param pspFailureRate probability of a 500 per provider call
 * @param pspMinLatencyMs the provider's shortest latency
 * @param pspMaxLatencyMs the provider's longest latency
 * @param crashRate probability that a message crashes the actor handling it
 * @param slowRate probability that a slow consumer (shipping dock, notifier) stalls on a message
 * @param seed the seed of every random choice
 * @param window the most orders in flight at once
 * @param shards inventory shards
 * @param workers payment workers
 * @param dockCapacity the shipping dock's mailbox capacity (blocking)
 * @param notifierCapacity the notifier's mailbox capacity (drop-oldest)
 * @param idempotentProvider false only in tests: a provider that charges a retried capture again
 * @param durability where a durable run keeps its state (empty: the run is in memory)
 */
public record RunConfig(int orders, Optional<Path> file, int skus, int stock, double pspFailureRate, int pspMinLatencyMs,
        int pspMaxLatencyMs, double crashRate, double slowRate, long seed, int window, int shards, int workers,
        int dockCapacity, int notifierCapacity, boolean idempotentProvider, Optional<Durability> durability) {

    /**
     * Where a durable run keeps its state: re-running with the same journal resumes.
     *
     * @param journal an SQLite file or a {@code jdbc:postgresql:} URL
     * @param pspBooks the simulated provider's own durable books (an SQLite file)
     */
    public record Durability(String journal, Path pspBooks) {
        /** Validates. */
        public Durability {
            Objects.requireNonNull(journal, "journal");
            Objects.requireNonNull(pspBooks, "a durable run needs the provider's own books (pspBooks)");
        }
    }

    /** Default number of generated orders. */
    public static final int DEFAULT_ORDERS = 100_000;

    /**
     * The defaults of {@code ./cadre demo}.
     *
     * @return the config
     */
    public static RunConfig defaults() {
        return new RunConfig(DEFAULT_ORDERS, Optional.empty(), 1000, 1000, 0.05, 1, 5, 0.002, 0.0002, 1L, 500, 8, 32, 256,
                256, true, Optional.empty());
    }

    /** Validates ranges. */
    public RunConfig {
        require(orders >= 0, "orders must be >= 0");
        require(skus >= 1 && skus <= 1_000_000, "skus must be in 1..1000000");
        require(stock >= 0, "stock must be >= 0");
        require(pspFailureRate >= 0 && pspFailureRate < 1, "psp-failure-rate must be in [0, 1)");
        require(pspMinLatencyMs >= 0 && pspMaxLatencyMs >= pspMinLatencyMs && pspMaxLatencyMs <= 10_000,
                "psp-latency-ms must be MIN-MAX with 0 <= MIN <= MAX <= 10000");
        require(crashRate >= 0 && crashRate <= 0.5, "crash-rate must be in [0, 0.5]");
        require(slowRate >= 0 && slowRate <= 0.5, "slow-rate must be in [0, 0.5]");
        require(window >= 1, "window must be >= 1");
        require(shards >= 1 && shards <= 64, "shards must be in 1..64");
        require(workers >= 1, "workers must be >= 1");
        require(dockCapacity >= 1 && notifierCapacity >= 1, "capacities must be >= 1");
        Objects.requireNonNull(file, "file (Optional.empty() to generate orders)");
        Objects.requireNonNull(durability, "durability (Optional.empty() for a run in memory)");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * {@return a copy with these settings}
     *
     * @param n orders
     */
    public RunConfig withOrders(int n) {
        return new RunConfig(n, file, skus, stock, pspFailureRate, pspMinLatencyMs, pspMaxLatencyMs, crashRate,
                slowRate, seed, window, shards, workers, dockCapacity, notifierCapacity, idempotentProvider, durability);
    }

    /**
     * {@return a copy with these settings}
     *
     * @param f the input file
     */
    public RunConfig withFile(Path f) {
        return new RunConfig(orders, Optional.of(f), skus, stock, pspFailureRate, pspMinLatencyMs, pspMaxLatencyMs, crashRate,
                slowRate, seed, window, shards, workers, dockCapacity, notifierCapacity, idempotentProvider, durability);
    }

    /**
     * {@return a copy with these settings}
     *
     * @param n SKUs
     * @param units stock per SKU
     */
    public RunConfig withCatalogue(int n, int units) {
        return new RunConfig(orders, file, n, units, pspFailureRate, pspMinLatencyMs, pspMaxLatencyMs, crashRate,
                slowRate, seed, window, shards, workers, dockCapacity, notifierCapacity, idempotentProvider, durability);
    }

    /**
     * {@return a copy with these settings}
     *
     * @param rate 500s
     * @param min latency
     * @param max latency
     */
    public RunConfig withProvider(double rate, int min, int max) {
        return new RunConfig(orders, file, skus, stock, rate, min, max, crashRate, slowRate, seed, window, shards,
                workers, dockCapacity, notifierCapacity, idempotentProvider, durability);
    }

    /**
     * {@return a copy with these settings}
     *
     * @param crash crash rate
     * @param slow slow rate
     * @param s seed
     */
    public RunConfig withFaults(double crash, double slow, long s) {
        return new RunConfig(orders, file, skus, stock, pspFailureRate, pspMinLatencyMs, pspMaxLatencyMs, crash, slow,
                s, window, shards, workers, dockCapacity, notifierCapacity, idempotentProvider, durability);
    }

    /**
     * {@return a copy with these settings}
     *
     * @param idempotent whether the provider honours idempotency keys
     */
    public RunConfig withIdempotentProvider(boolean idempotent) {
        return new RunConfig(orders, file, skus, stock, pspFailureRate, pspMinLatencyMs, pspMaxLatencyMs, crashRate,
                slowRate, seed, window, shards, workers, dockCapacity, notifierCapacity, idempotent, durability);
    }

    /**
     * Makes the run durable: its state lives in a journal, and re-running with the same journal resumes.
     *
     * @param target an SQLite file or a {@code jdbc:postgresql:} URL
     * @param books the simulated provider's own durable books (an SQLite file)
     * @return a copy
     */
    public RunConfig withJournal(String target, Path books) {
        return new RunConfig(orders, file, skus, stock, pspFailureRate, pspMinLatencyMs, pspMaxLatencyMs, crashRate,
                slowRate, seed, window, shards, workers, dockCapacity, notifierCapacity, idempotentProvider,
                Optional.of(new Durability(target, books)));
    }

    /** {@return whether the run keeps its state in a journal} */
    public boolean durable() {
        return durability.isPresent();
    }

    /** {@return the catalogue} */
    public Catalogue catalogue() {
        return new Catalogue(skus, stock);
    }
}
