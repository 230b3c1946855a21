package dev.cadre.bench.versus;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/**
 * The timed region of one iteration: wall time, and what happened inside it. Started right before
 * the first message of the measured work and stopped when its completion is observed, so
 * everything a contestant does before (spawning the actors) or after (heap measurement, teardown)
 * is outside it.
 *
 * <p>GC pauses come from the {@link GarbageCollectorMXBean}s: the sum of their collection counts
 * and times. With G1 (the harness's collector) the beans are "G1 Young Generation" (young and
 * mixed pauses), "G1 Concurrent GC" (the Remark and Cleanup pauses of a concurrent cycle) and "G1
 * Old Generation" (full GCs): every one a stop-the-world pause, so their sum is the time the
 * application was stopped for GC. Concurrent marking work is not a pause and is not counted
 * (it shows up as CPU instead).
 *
 * <p>CPU: the child's own CPU time (all its threads: actors, GC, JIT) and the busy share of the
 * whole machine ({@link Machine.CpuTicks}); the difference is what other processes took while the
 * region ran.
 */
public final class Region {
    private static final List<GarbageCollectorMXBean> GCS = ManagementFactory.getGarbageCollectorMXBeans();
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private final long t0;
    private final long gcCount0;
    private final long gcMillis0;
    private final long cpu0;
    private final Machine.CpuTicks ticks0;
    private final double load1;

    private Region() {
        load1 = Machine.load1().orElse(Double.NaN);
        ticks0 = Machine.CpuTicks.now();
        cpu0 = processCpuNanos();
        gcCount0 = gcCount();
        gcMillis0 = gcMillis();
        t0 = System.nanoTime();
    }

    /** {@return a region started now} */
    public static Region start() {
        return new Region();
    }

    /** {@return the region's figures, now} */
    public Stats stop() {
        long nanos = System.nanoTime() - t0;
        long gcCount = gcCount() - gcCount0;
        long gcMillis = gcMillis() - gcMillis0;
        long cpu = processCpuNanos();
        Machine.CpuTicks ticks = Machine.CpuTicks.now();
        double seconds = nanos / 1e9;
        double busy = ticks.busyShareSince(ticks0);
        return new Stats(seconds, gcCount, gcMillis, cpu < 0 || cpu0 < 0 ? Double.NaN : (cpu - cpu0) / 1e9,
                Double.isNaN(busy) ? Double.NaN : busy * seconds * CORES, CORES, load1);
    }

    /**
     * What one timed region measured.
     *
     * @param seconds wall time
     * @param gcPauses GC pauses that ended inside it
     * @param gcMillis their total duration
     * @param ownCpuSeconds CPU time of this JVM (all threads), or {@code NaN}
     * @param machineCpuSeconds CPU time of the whole machine (all processes), or {@code NaN}
     * @param cores the cores of the machine
     * @param load1 the 1-minute load average when it started, or {@code NaN}
     */
    public record Stats(double seconds, long gcPauses, double gcMillis, double ownCpuSeconds,
            double machineCpuSeconds, int cores, double load1) {

        /** Field names in a result line, in order. */
        static final List<String> KEYS = List.of("region.s", "gc.pauses", "gc.ms", "cpu.own.s", "cpu.machine.s",
                "cores", "load1");

        /**
         * {@return CPU seconds that other processes used during the region (at least 0), or {@code
         * NaN}}
         */
        public double foreignCpuSeconds() {
            return Math.max(0, machineCpuSeconds - ownCpuSeconds);
        }

        /** {@return the fields of a result line, {@code key=value} separated by spaces} */
        String toFields() {
            return String.format(Locale.ROOT, "region.s=%.6g gc.pauses=%d gc.ms=%.3f cpu.own.s=%.4g cpu.machine.s=%.4g"
                    + " cores=%d load1=%.2f", seconds, gcPauses, gcMillis, ownCpuSeconds, machineCpuSeconds, cores, load1);
        }

        /**
         * {@return the stats}
         *
         * @param f the fields of a result line
         * @throws IllegalArgumentException if one is missing
         */
        static Stats fromFields(java.util.Map<String, String> f) {
            for (String k : KEYS) {
                if (!f.containsKey(k)) {
                    throw new IllegalArgumentException("result line without '" + k + "'");
                }
            }
            return new Stats(Double.parseDouble(f.get("region.s")), Long.parseLong(f.get("gc.pauses")),
                    Double.parseDouble(f.get("gc.ms")), Double.parseDouble(f.get("cpu.own.s")),
                    Double.parseDouble(f.get("cpu.machine.s")), Integer.parseInt(f.get("cores")),
                    Double.parseDouble(f.get("load1")));
        }
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean b : GCS) {
            n += Math.max(0, b.getCollectionCount());
        }
        return n;
    }

    private static long gcMillis() {
        long n = 0;
        for (GarbageCollectorMXBean b : GCS) {
            n += Math.max(0, b.getCollectionTime());
        }
        return n;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
