package dev.cadre.bench.versus;

import java.util.Arrays;
import java.util.List;

/**
 * The head-to-head scenarios, each implemented once on Cadre and once on Pekko (and, for the
 * throughput ones, once on a raw queue between plain threads).
 *
 * <p>Sizes: {@link #fullSize} is what issue 7 specifies (pingpong-parallel's total is ours);
 * {@link #quickSize} keeps {@code --quick} short; {@link #smokeSize} is a tiny iteration for CI.
 */
public enum Scenario {
    /** 2 actors, one message in flight. Size: messages. */
    PINGPONG("pingpong", 2_000_000, 2_000_000, 20_000, true, Metric.THROUGHPUT),
    /** 64 pairs, 10 messages in flight per pair. Size: messages, all pairs together. */
    PINGPONG_PARALLEL("pingpong-parallel", 20_480_000, 6_400_000, 64_000, true, Metric.THROUGHPUT),
    /** 4 plain threads telling one actor. Size: messages, all senders together. */
    FANIN("fanin", 10_000_000, 4_000_000, 40_000, true, Metric.THROUGHPUT),
    /** As fanin, into a bounded (capacity 1,000) mailbox that blocks full senders for up to 10 s. */
    FANIN_BOUNDED("fanin-bounded", 10_000_000, 4_000_000, 40_000, true, Metric.THROUGHPUT),
    /** Idle actors spawned by one parent. Size: actors. */
    SPAWN("spawn", 1_000_000, 200_000, 10_000, false, Metric.TIME, Metric.BYTES_PER_ACTOR),
    /** A tree of actors, 10 children each, down to {@code size} leaves (a power of 10); sums flow up. */
    SKYNET("skynet", 1_000_000, 100_000, 10_000, false, Metric.TIME),
    /** Sequential asks from a plain thread. Size: asks. */
    ASK("ask", 200_000, 50_000, 2_000, false, Metric.P50, Metric.P99, Metric.P99_9);

    /** Capacity of the bounded mailbox in {@link #FANIN_BOUNDED}. */
    public static final int BOUNDED_CAPACITY = 1_000;
    /** Senders in {@link #FANIN} and {@link #FANIN_BOUNDED}. */
    public static final int FANIN_SENDERS = 4;
    /** Pairs in {@link #PINGPONG_PARALLEL}. */
    public static final int PARALLEL_PAIRS = 64;
    /** Messages in flight per pair in {@link #PINGPONG_PARALLEL}. */
    public static final int PARALLEL_IN_FLIGHT = 10;
    /** Children per actor in {@link #SKYNET}. */
    public static final int SKYNET_FANOUT = 10;

    private final String id;
    private final long fullSize;
    private final long quickSize;
    private final long smokeSize;
    private final boolean hasLimit;
    private final List<Metric> metrics;

    Scenario(String id, long fullSize, long quickSize, long smokeSize, boolean hasLimit, Metric... metrics) {
        this.id = id;
        this.fullSize = fullSize;
        this.quickSize = quickSize;
        this.smokeSize = smokeSize;
        this.hasLimit = hasLimit;
        this.metrics = List.of(metrics);
    }

    /** @return the id used on the command line and in the CSV */
    public String id() {
        return id;
    }

    /** @return the size issue 7 specifies */
    public long fullSize() {
        return fullSize;
    }

    /** @return the size for {@code --quick} */
    public long quickSize() {
        return quickSize;
    }

    /** @return the size for {@code --smoke} (CI) */
    public long smokeSize() {
        return smokeSize;
    }

    /** @return whether a raw-queue baseline exists (the throughput scenarios) */
    public boolean hasLimit() {
        return hasLimit;
    }

    /**
     * The size of a warm-up iteration: a tenth of the measured size for spawn and skynet (enough to
     * compile their paths; a full-size warm-up would only add minutes of GC and teardown), the
     * measured size for the others.
     *
     * @param size the measured size
     * @return the warm-up size
     */
    public long warmupSize(long size) {
        return switch (this) {
            case SPAWN -> Math.max(1, size / 10);
            case SKYNET -> size >= 100 ? size / 10 : size;
            default -> size;
        };
    }

    /** @return the metrics reported, in order */
    public List<Metric> metrics() {
        return metrics;
    }

    /**
     * @param id e.g. {@code pingpong-parallel}
     * @return the scenario
     */
    public static Scenario byId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scenario '" + id + "'; known: "
                        + Arrays.stream(values()).map(Scenario::id).toList()));
    }
}
