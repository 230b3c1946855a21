package dev.cadre.bench.versus;

import java.util.Arrays;

/** What a scenario measures; the ids and units are the CSV's {@code metric} and {@code unit}. */
public enum Metric {
    /** Messages (or deliveries) handled per second of the timed region. */
    THROUGHPUT("throughput", "msgs/s", Better.HIGHER),
    /** Wall time of the timed region, in seconds. */
    TIME("time", "s", Better.LOWER),
    /** Retained heap (after full GCs) per idle actor, in bytes (spawn). */
    BYTES_PER_ACTOR("bytes-per-actor", "B", Better.LOWER),
    /** Median latency of one ask, in microseconds. */
    P50("p50", "µs", Better.LOWER),
    /** 99th percentile latency of one ask, in microseconds. */
    P99("p99", "µs", Better.LOWER),
    /** 99.9th percentile latency of one ask, in microseconds. */
    P99_9("p99.9", "µs", Better.LOWER),
    /** Orders accepted per second of the application's own wall time (fulfilment). */
    ORDERS_PER_S("orders-per-s", "orders/s", Better.HIGHER),
    /** Median order latency, intake to terminal state (fulfilment). */
    ORDER_P50("order-p50", "ms", Better.LOWER),
    /** 99th percentile order latency (fulfilment). */
    ORDER_P99("order-p99", "ms", Better.LOWER),
    /** Heap after GC early in a long run (lowest while 10-20% of the orders were done). */
    HEAP_EARLY("heap-early", "MB", Better.LOWER),
    /** Heap after GC late in a long run (lowest while 90-100% of the orders were done). */
    HEAP_LATE("heap-late", "MB", Better.LOWER),
    /** Growth of the heap after GC per order between {@link #HEAP_EARLY} and {@link #HEAP_LATE}. */
    HEAP_PER_ORDER("heap-per-order", "B", Better.LOWER);

    /** Which direction is good. */
    public enum Better {
        /** Higher is better (throughput). */
        HIGHER,
        /** Lower is better (times, latencies, bytes). */
        LOWER;

        /** {@return {@code higher} or {@code lower}, as in the CSV} */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final String id;
    private final String unit;
    private final Better better;

    Metric(String id, String unit, Better better) {
        this.id = id;
        this.unit = unit;
        this.better = better;
    }

    /** {@return the id used in the CSV and in result lines} */
    public String id() {
        return id;
    }

    /** {@return the unit, as in the CSV} */
    public String unit() {
        return unit;
    }

    /** {@return whether higher or lower values are better} */
    public Better better() {
        return better;
    }

    /**
     * {@return the metric}
     *
     * @param id a metric id such as {@code p99.9}
     * @throws IllegalArgumentException if no metric has that id
     */
    public static Metric byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown metric '" + id + "'"));
    }
}
