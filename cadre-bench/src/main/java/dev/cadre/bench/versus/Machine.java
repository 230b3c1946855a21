package dev.cadre.bench.versus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * What the machine as a whole is doing, from Linux's {@code /proc}: the 1-minute load average and
 * the CPU time all processes have used. Both are unavailable (empty, {@code NaN}) elsewhere.
 *
 * <p>The load average counts runnable tasks, including the harness's own previous child for up to
 * a minute after it ended, so it is a coarse signal. {@link CpuTicks} is the precise one: the busy
 * share of all cores over an interval, from which a child subtracts its own CPU time to learn how
 * much the rest of the machine took (see {@link Region}).
 */
public final class Machine {
    private static final Path LOADAVG = Path.of("/proc/loadavg");
    private static final Path STAT = Path.of("/proc/stat");

    private Machine() {
    }

    /** {@return the 1-minute load average, if {@code /proc/loadavg} exists} */
    public static OptionalDouble load1() {
        try {
            String s = Files.readString(LOADAVG, StandardCharsets.US_ASCII).trim();
            return OptionalDouble.of(Double.parseDouble(s.split("\\s+", -1)[0]));
        } catch (IOException | RuntimeException e) {
            return OptionalDouble.empty();
        }
    }

    /** {@return the full load-average line ({@code 1 5 15} minutes), or {@code n/a}} */
    public static String loadAverages() {
        try {
            String[] f = Files.readString(LOADAVG, StandardCharsets.US_ASCII).trim().split("\\s+", -1);
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    /**
     * Cumulative CPU ticks of all cores, from the first line of {@code /proc/stat}.
     *
     * @param busy user + nice + system + irq + softirq + steal (steal: time the hypervisor gave
     *     to another machine, which is interference too)
     * @param total busy + idle + iowait
     */
    public record CpuTicks(long busy, long total) {
        /**
         * Fewer ticks than this (all cores together; a tick is 10 ms on Linux's usual 100 Hz) say
         * nothing about a share: a region of a few milliseconds would read 0% or 100%.
         */
        static final long MIN_TICKS = 10;

        /** The ticks of a machine without {@code /proc/stat}. */
        static final CpuTicks NONE = new CpuTicks(-1, -1);

        /** {@return the ticks now, or {@link #NONE}} */
        public static CpuTicks now() {
            try {
                for (String line : Files.readAllLines(STAT, StandardCharsets.US_ASCII)) {
                    if (line.startsWith("cpu ")) {
                        return parse(line);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux, or unreadable
            }
            return NONE;
        }

        /**
         * {@return its ticks}
         *
         * @param line the {@code cpu} line of {@code /proc/stat}
         */
        static CpuTicks parse(String line) {
            String[] f = line.trim().split("\\s+", -1);
            long user = Long.parseLong(f[1]);
            long nice = Long.parseLong(f[2]);
            long system = Long.parseLong(f[3]);
            long idle = Long.parseLong(f[4]);
            long iowait = f.length > 5 ? Long.parseLong(f[5]) : 0;
            long irq = f.length > 6 ? Long.parseLong(f[6]) : 0;
            long softirq = f.length > 7 ? Long.parseLong(f[7]) : 0;
            long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            long busy = user + nice + system + irq + softirq + steal;
            return new CpuTicks(busy, busy + idle + iowait);
        }

        /**
         * {@return the busy share of all cores in between, in [0, 1], or {@code NaN} if unknown or
         * the interval is too short to tell}
         *
         * @param earlier ticks read before these
         */
        @SuppressWarnings("ReferenceEquality") // NONE is a sentinel instance, not a value
        public double busyShareSince(CpuTicks earlier) {
            if (this == NONE || earlier == NONE || total - earlier.total < MIN_TICKS) {
                return Double.NaN;
            }
            return Math.clamp((double) (busy - earlier.busy) / (total - earlier.total), 0.0, 1.0);
        }
    }
}
