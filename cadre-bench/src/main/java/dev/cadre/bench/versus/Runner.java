package dev.cadre.bench.versus;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The head-to-head harness ({@code ./cadre bench}). For every scenario and repetition it starts a
 * fresh JVM per contender with the same flags ({@link Child}), alternating Cadre and Pekko (and
 * swapping who goes first on every other repetition), then the raw-queue baseline for throughput
 * scenarios; it parses each child's result line, prints the medians, min–max and the Cadre/Pekko
 * ratio as a Markdown table, and optionally writes the CSV.
 *
 * <pre>
 * Runner [--quick | --smoke] [--csv FILE] [--md FILE] [--reps N] [--warmups N]
 *        [--scenarios a,b,...] [--jvm-flag FLAG]...
 * </pre>
 */
public final class Runner {

    /** Modes: issue 7's sizes, a short version, and a tiny CI smoke test. */
    enum Mode {
        FULL(5, 2), QUICK(3, 1), SMOKE(1, 0);

        final int reps;
        final int warmups;

        Mode(int reps, int warmups) {
            this.reps = reps;
            this.warmups = warmups;
        }

        long size(Scenario s) {
            return switch (this) {
                case FULL -> s.fullSize();
                case QUICK -> s.quickSize();
                case SMOKE -> s.smokeSize();
            };
        }
    }

    /** Parsed command line. */
    record Options(Mode mode, int reps, int warmups, List<Scenario> scenarios, Path csv, Path markdown,
            List<String> extraJvmFlags) {

        static Options parse(String... args) {
            Mode mode = Mode.FULL;
            Integer reps = null;
            Integer warmups = null;
            List<Scenario> scenarios = List.of(Scenario.values());
            Path csv = null;
            Path md = null;
            List<String> extra = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--quick" -> mode = Mode.QUICK;
                    case "--smoke" -> mode = Mode.SMOKE;
                    case "--csv" -> csv = Path.of(value(args, ++i, a));
                    case "--md" -> md = Path.of(value(args, ++i, a));
                    case "--reps" -> reps = positive(value(args, ++i, a), a, 1);
                    case "--warmups" -> warmups = positive(value(args, ++i, a), a, 0);
                    case "--scenarios" -> scenarios = Arrays.stream(value(args, ++i, a).split(","))
                            .map(String::trim).filter(x -> !x.isEmpty()).map(Scenario::byId).toList();
                    case "--jvm-flag" -> extra.add(value(args, ++i, a));
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            if (scenarios.isEmpty()) {
                throw new IllegalArgumentException("--scenarios needs at least one scenario");
            }
            return new Options(mode, reps != null ? reps : mode.reps, warmups != null ? warmups : mode.warmups,
                    scenarios, csv, md, List.copyOf(extra));
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int positive(String v, String option, int min) {
            try {
                int n = Integer.parseInt(v);
                if (n < min) {
                    throw new IllegalArgumentException(option + " must be >= " + min + ", was " + n);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " needs a number, was '" + v + "'", e);
            }
        }
    }

    /** One child run's outcome: a result, or a failure description. */
    record RunOutcome(Result result, String failure) {
    }

    private static final long CHILD_TIMEOUT_MINUTES = 8;

    private final Options options;
    private final List<String> childCommandPrefix;

    Runner(Options options) {
        this.options = options;
        this.childCommandPrefix = childCommandPrefix(options);
    }

    static final String USAGE = """
            usage: ./cadre bench [--quick | --smoke] [--csv FILE] [--md FILE] [--reps N] [--warmups N]
                                 [--scenarios a,b,...] [--jvm-flag FLAG]...
                   ./cadre bench --jmh [JMH options]

            Runs every scenario on Cadre and on Apache Pekko typed, each run in a fresh JVM with the
            same flags, alternating the two, plus a raw-queue baseline for throughput scenarios; prints
            medians, min-max and the Cadre/Pekko ratio.

              (default)       issue 7's sizes, 5 repetitions, 2 warm-up iterations per JVM (~12 min)
              --quick         smaller sizes, 3 repetitions, 1 warm-up (< 3 min)
              --smoke         tiny sizes, 1 repetition, no warm-up: checks that everything runs (CI)
              --csv FILE      write scenario,metric,unit,cadre,pekko,ratio,better,limit
              --md FILE       write the environment and the Markdown table
              --reps N        repetitions per contender (overrides the mode)
              --warmups N     warm-up iterations inside each JVM (overrides the mode)
              --scenarios L   comma-separated subset of: pingpong, pingpong-parallel, fanin,
                              fanin-bounded, spawn, skynet, ask
              --jvm-flag F    add a flag to every child JVM (e.g. -XX:StartFlightRecording)
              --jmh ...       run the JMH micro-benchmarks (e.g. --jmh -l to list, --jmh TellBusy)
              --observe-overhead  Cadre alone, detached vs with the dashboard polling (cadre-observe)
            """;

    /**
     * @param args see the class comment
     */
    public static void main(String[] args) {
        if (ObserveOverhead.wanted(args)) { // what the dashboard costs: Cadre detached vs polled
            try {
                System.exit(ObserveOverhead.run(ObserveOverhead.without(args)));
            } catch (IOException | IllegalArgumentException e) {
                System.err.println("cadre bench --observe-overhead: " + e.getMessage());
                System.exit(2);
            }
            return;
        }
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.print(USAGE);
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("cadre bench: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        try {
            System.exit(new Runner(options).run());
        } catch (IOException e) {
            System.err.println("cadre bench: " + e.getMessage());
            System.exit(1);
        }
    }

    /** The JVM flags every child gets; identical for all contenders. */
    static List<String> jvmFlags(Mode mode, List<String> extra) {
        List<String> flags = new ArrayList<>();
        if (mode == Mode.SMOKE) {
            flags.add("-Xmx1g");
        } else {
            flags.add("-Xms4g");
            flags.add("-Xmx4g");
        }
        flags.add("-XX:+UseG1GC");
        if (Runtime.version().feature() >= 23) {
            // Pekko and Scala use sun.misc.Unsafe; JDK 24+ warns on stderr at first use otherwise.
            flags.add("--sun-misc-unsafe-memory-access=allow");
        }
        flags.addAll(extra);
        return flags;
    }

    private static List<String> childCommandPrefix(Options options) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmFlags(options.mode(), options.extraJvmFlags()));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Child.class.getName());
        return cmd;
    }

    int run() throws IOException {
        String env = environment() + "- load average at start: " + loadAverage() + "\n";
        System.out.println(env);
        System.out.flush();
        int totalRuns = 0;
        for (Scenario s : options.scenarios()) {
            totalRuns += options.reps() * (s.hasLimit() ? 3 : 2);
        }
        int runNo = 0;
        boolean anyFailed = false;
        long start = System.nanoTime();
        Map<Scenario, Map<Contender, List<RunOutcome>>> outcomes = new LinkedHashMap<>();
        for (Scenario s : options.scenarios()) {
            Map<Contender, List<RunOutcome>> byContender = new EnumMap<>(Contender.class);
            outcomes.put(s, byContender);
            long size = options.mode().size(s);
            for (int rep = 1; rep <= options.reps(); rep++) {
                List<Contender> order = new ArrayList<>(rep % 2 == 1
                        ? List.of(Contender.CADRE, Contender.PEKKO) : List.of(Contender.PEKKO, Contender.CADRE));
                if (s.hasLimit()) {
                    order.add(Contender.LIMIT);
                }
                for (Contender c : order) {
                    runNo++;
                    long t0 = System.nanoTime();
                    RunOutcome o = runChild(c, s, size);
                    byContender.computeIfAbsent(c, k -> new ArrayList<>()).add(o);
                    anyFailed |= o.failure() != null;
                    System.out.printf(Locale.ROOT, "[%3d/%d] %-17s %-5s rep %d/%d  %s  (%.1f s, load %s)%n", runNo,
                            totalRuns, s.id(), c.id(), rep, options.reps(), describe(s, o),
                            (System.nanoTime() - t0) / 1e9, loadAverage().split(" ")[0]);
                    System.out.flush();
                }
            }
        }
        Report report = aggregate(outcomes);
        String table = report.toMarkdown();
        System.out.println();
        System.out.println(table);
        System.out.println(report.targetSummary() + " (targets are goals for the write-up, not assertions).");
        String end = String.format(Locale.ROOT, "Total wall time: %.1f min; load average at end: %s",
                (System.nanoTime() - start) / 60e9, loadAverage());
        System.out.println(end);
        if (options.csv() != null) {
            report.writeCsv(options.csv());
            System.out.println("CSV written to " + options.csv().toAbsolutePath());
        }
        if (options.markdown() != null) {
            Path p = options.markdown().toAbsolutePath();
            if (p.getParent() != null) {
                Files.createDirectories(p.getParent());
            }
            Files.writeString(p, env + "\n" + table + "\n" + report.targetSummary() + "\n" + end + "\n",
                    StandardCharsets.UTF_8);
            System.out.println("Markdown written to " + p);
        }
        if (anyFailed) {
            System.err.println("cadre bench: some runs failed (see above)");
            return 1;
        }
        return 0;
    }

    private static String describe(Scenario s, RunOutcome o) {
        if (o.failure() != null) {
            return "FAILED: " + o.failure();
        }
        Result r = o.result();
        if (!r.available()) {
            return "n/a: " + r.unavailable();
        }
        List<String> parts = new ArrayList<>();
        for (Metric m : s.metrics()) {
            r.get(m).ifPresent(v -> parts.add(m.id() + "=" + Report.formatHuman(m, v) + " " + m.unit()));
        }
        return String.join("  ", parts);
    }

    RunOutcome runChild(Contender c, Scenario s, long size) {
        List<String> cmd = new ArrayList<>(childCommandPrefix);
        cmd.add(c.id());
        cmd.add(s.id());
        cmd.add(Long.toString(size));
        cmd.add(Integer.toString(options.warmups()));
        File out = null;
        File err = null;
        try {
            out = File.createTempFile("cadre-bench-", ".out");
            err = File.createTempFile("cadre-bench-", ".err");
            Process p = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err).start();
            if (!p.waitFor(CHILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly().waitFor();
                return new RunOutcome(null, "timed out after " + CHILD_TIMEOUT_MINUTES + " min" + tail(err));
            }
            String stdout = Files.readString(out.toPath(), StandardCharsets.UTF_8);
            Optional<Result> r = Result.parse(stdout);
            if (p.exitValue() != 0 || r.isEmpty()) {
                return new RunOutcome(null, "exit code " + p.exitValue() + (r.isEmpty() ? ", no result line" : "")
                        + tail(err));
            }
            return new RunOutcome(r.get(), null);
        } catch (IOException | RuntimeException e) {
            return new RunOutcome(null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new RunOutcome(null, "interrupted");
        } finally {
            if (out != null) {
                out.delete();
            }
            if (err != null) {
                err.delete();
            }
        }
    }

    private static String tail(File err) throws IOException {
        List<String> lines = Files.readAllLines(err.toPath(), StandardCharsets.UTF_8);
        List<String> last = lines.subList(Math.max(0, lines.size() - 15), lines.size());
        return last.isEmpty() ? "" : "\n      " + String.join("\n      ", last);
    }

    /**
     * Turns the raw outcomes into report rows: a cell is n/a if the contender reported the
     * scenario unavailable or if any of its runs failed (no partial medians).
     */
    static Report aggregate(Map<Scenario, Map<Contender, List<RunOutcome>>> outcomes) {
        List<Report.Row> rows = new ArrayList<>();
        outcomes.forEach((s, byContender) -> {
            for (Metric m : s.metrics()) {
                Report.Cell cadre = cell(byContender.get(Contender.CADRE), m);
                Report.Cell pekko = cell(byContender.get(Contender.PEKKO), m);
                Report.Cell limit = s.hasLimit() && m == Metric.THROUGHPUT
                        ? cell(byContender.get(Contender.LIMIT), m) : null;
                rows.add(new Report.Row(s, m, cadre, pekko, limit));
            }
        });
        return new Report(rows);
    }

    static Report.Cell cell(List<RunOutcome> runs, Metric m) {
        if (runs == null || runs.isEmpty()) {
            return Report.Cell.na("not run");
        }
        long failed = runs.stream().filter(o -> o.failure() != null).count();
        if (failed > 0) {
            return Report.Cell.na(failed + " of " + runs.size() + " runs failed");
        }
        Optional<String> unavailable = runs.stream().map(RunOutcome::result).filter(r -> !r.available())
                .map(Result::unavailable).findFirst();
        if (unavailable.isPresent()) {
            return Report.Cell.na(unavailable.get());
        }
        List<Double> values = new ArrayList<>();
        for (RunOutcome o : runs) {
            Optional<Double> v = o.result().get(m);
            if (v.isEmpty()) {
                return Report.Cell.na("no " + m.id() + " in result");
            }
            values.add(v.get());
        }
        return Report.Cell.of(Summary.of(values));
    }

    /** @return the 1, 5 and 15 minute load averages (Linux), to show whether the machine was quiet */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return l < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", l);
        }
    }

    private String environment() {
        Runtime rt = Runtime.getRuntime();
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + System.getProperty("os.arch") + ")";
        long physical = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean b) {
            physical = b.getTotalMemorySize();
        }
        List<String> lines = new ArrayList<>();
        lines.add("Cadre vs Apache Pekko typed " + org.apache.pekko.Version.current() + " — mode " +
                options.mode().name().toLowerCase(Locale.ROOT) + ", " + options.reps() + " repetition(s) per contender, "
                + options.warmups() + " warm-up iteration(s) per JVM");
        lines.add("- commit: " + System.getProperty("bench.commit", "unknown"));
        lines.add("- machine: " + rt.availableProcessors() + " cores, "
                + (physical > 0 ? String.format(Locale.ROOT, "%.1f GiB RAM, ", physical / (1024.0 * 1024 * 1024)) : "")
                + os);
        lines.add("- JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vm.vendor") + ")");
        lines.add("- child JVM flags: " + String.join(" ", jvmFlags(options.mode(), options.extraJvmFlags())));
        StringBuilder sizes = new StringBuilder("- sizes:");
        for (Scenario s : options.scenarios()) {
            sizes.append(' ').append(s.id()).append('=').append(String.format(Locale.ROOT, "%,d", options.mode().size(s)));
        }
        lines.add(sizes.toString());
        return String.join("\n", lines) + "\n";
    }
}
