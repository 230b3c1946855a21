package dev.cadre.bench.versus;

import dev.cadre.bench.report.HtmlReport;
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
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The head-to-head harness ({@code ./cadre bench}).
 *
 * <p><b>Protocol.</b> Every contender runs every scenario in several fresh JVMs ({@code --jvms},
 * 3 in a full run), with identical flags. In each JVM it runs the scenario {@code --warmups} times
 * at full size unmeasured (2), then {@code --iterations} timed iterations (5), each in a new actor
 * system ({@link Child}). The JVMs are interleaved: round 1 runs every scenario once per contender,
 * then round 2, and so on, and who goes first alternates per scenario and round, so a slow spell
 * of the machine hits both sides alike. A row reports the median and spread of all timed
 * iterations of all JVMs, the ratio of the medians with a bootstrap 95% interval
 * ({@link RatioInterval}), the GC pauses inside the timed regions, and how much CPU other
 * processes took meanwhile; a ratio whose interval is too wide is not quoted ({@link Report}).
 *
 * <pre>
 * Runner [--quick | --smoke] [--jvms N] [--warmups N] [--iterations N]
 *        [--scenarios a,b,... | --suite micro,savina,app] [--size scenario=N]...
 *        [--csv FILE] [--md FILE] [--report DIR [--from CSV]] [--jvm-flag FLAG]...
 * </pre>
 */
public final class Runner {

    /** Modes: a full run, a short version, and a tiny CI smoke test. */
    enum Mode {
        FULL(3, 2, 5), QUICK(1, 2, 5), SMOKE(1, 0, 1);

        final int jvms;
        final int warmups;
        final int iterations;

        Mode(int jvms, int warmups, int iterations) {
            this.jvms = jvms;
            this.warmups = warmups;
            this.iterations = iterations;
        }

        long size(Scenario s) {
            return switch (this) {
                case FULL -> s.fullSize();
                case QUICK -> s.quickSize();
                case SMOKE -> s.smokeSize();
            };
        }
    }

    /** The protocol's minimums: below them a run is labelled as not following it. */
    static final int PROTOCOL_WARMUPS = 2;
    static final int PROTOCOL_ITERATIONS = 5;

    /** Parsed command line; a path is null when its option was not given. */
    record Options(Mode mode, int jvms, int warmups, int iterations, List<Scenario> scenarios,
            Map<Scenario, Long> sizes, @Nullable Path csv, @Nullable Path markdown, @Nullable Path reportDir,
            @Nullable Path from, List<String> extraJvmFlags) {

        static Options parse(String... args) {
            Mode mode = Mode.FULL;
            Integer jvms = null;
            Integer warmups = null;
            Integer iterations = null;
            List<Scenario> scenarios = null;
            Map<Scenario, Long> sizes = new EnumMap<>(Scenario.class);
            Path csv = null;
            Path md = null;
            Path report = null;
            Path from = null;
            List<String> extra = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--quick" -> mode = Mode.QUICK;
                    case "--smoke" -> mode = Mode.SMOKE;
                    case "--csv" -> csv = Path.of(value(args, ++i, a));
                    case "--md" -> md = Path.of(value(args, ++i, a));
                    case "--report" -> report = Path.of(value(args, ++i, a));
                    case "--from" -> from = Path.of(value(args, ++i, a));
                    case "--jvms" -> jvms = number(value(args, ++i, a), a, 1);
                    case "--warmups" -> warmups = number(value(args, ++i, a), a, 0);
                    case "--iterations" -> iterations = number(value(args, ++i, a), a, 1);
                    case "--scenarios" -> scenarios = Arrays.stream(value(args, ++i, a).split(","))
                            .map(String::trim).filter(x -> !x.isEmpty()).map(Scenario::byId).toList();
                    case "--suite" -> {
                        List<Scenario.Suite> suites = Arrays.stream(value(args, ++i, a).split(","))
                                .map(String::trim).filter(x -> !x.isEmpty()).map(Scenario.Suite::byId).toList();
                        scenarios = Arrays.stream(Scenario.values()).filter(s -> suites.contains(s.suite())).toList();
                    }
                    case "--size" -> {
                        Child.Sized sz = Child.Sized.parse(value(args, ++i, a));
                        if (sz.size() < 1) {
                            throw new IllegalArgumentException("--size needs a size >= 1, was " + sz.size());
                        }
                        sizes.put(sz.scenario(), sz.size());
                    }
                    case "--jvm-flag" -> extra.add(value(args, ++i, a));
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            if (scenarios == null) {
                scenarios = List.of(Scenario.values());
            }
            if (scenarios.isEmpty()) {
                throw new IllegalArgumentException("--scenarios needs at least one scenario");
            }
            if (from != null && report == null) {
                throw new IllegalArgumentException("--from CSV renders a report: it needs --report DIR");
            }
            return new Options(mode, jvms != null ? jvms : mode.jvms, warmups != null ? warmups : mode.warmups,
                    iterations != null ? iterations : mode.iterations, scenarios, Map.copyOf(sizes), csv, md, report,
                    from, List.copyOf(extra));
        }

        /** {@return the size of a scenario in this run, 0 if it is not run} */
        long size(Scenario s) {
            return sizes.getOrDefault(s, mode.size(s));
        }

        /** {@return the scenarios run, in order (those with a size in this mode)} */
        List<Scenario> active() {
            return scenarios.stream().filter(s -> size(s) > 0).toList();
        }

        /** {@return whether the run follows the protocol (smoke runs never claim to)} */
        boolean followsProtocol() {
            return mode != Mode.SMOKE && warmups >= PROTOCOL_WARMUPS && iterations >= PROTOCOL_ITERATIONS && jvms >= 2;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int number(String v, String option, int min) {
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

    /**
     * One child JVM: what it printed about each scenario, or why it failed as a whole.
     *
     * @param round 1-based round
     * @param contender who ran
     * @param work the scenarios it was given
     * @param iterations timed iterations per scenario it was asked for
     * @param outcomes its outcome lines, in order
     * @param failure a process-level failure (timeout, crash, bad exit without a FAIL line), or null
     * @param seconds the child's wall time, start to exit
     */
    record JvmRun(int round, Contender contender, List<Scenario> work, int iterations, List<Outcome> outcomes,
            @Nullable String failure, double seconds) {
        /**
         * {@return this run's outcomes for it}
         *
         * @param s a scenario
         */
        List<Outcome> of(Scenario s) {
            return outcomes.stream().filter(o -> o.scenario() == s).toList();
        }

        /**
         * {@return whether the run said all it had to say about it (every timed iteration, or NA,
         * or FAIL)}
         *
         * @param s one of its scenarios
         */
        boolean complete(Scenario s) {
            List<Outcome> os = of(s);
            long timed = os.stream().filter(o -> o instanceof Outcome.Timed).count();
            return os.stream().anyMatch(o -> !(o instanceof Outcome.Timed))
                    || timed >= (s.singleRun() ? 1 : iterations);
        }
    }

    private static final long CHILD_TIMEOUT_MINUTES = 20;

    private final Options options;
    private final List<String> childCommandPrefix;

    Runner(Options options) {
        this.options = options;
        this.childCommandPrefix = childCommandPrefix(options);
    }

    static final String USAGE = """
            usage: ./cadre bench [--quick | --smoke] [--jvms N] [--warmups N] [--iterations N]
                                 [--scenarios a,b,... | --suite micro,savina,app] [--size scenario=N]...
                                 [--csv FILE] [--md FILE] [--report DIR [--from CSV]] [--jvm-flag FLAG]...
                   ./cadre bench --jmh [JMH options]

            Runs every scenario on Cadre and on Apache Pekko typed (and a raw-queue baseline for the
            throughput ones; the application rows on Cadre alone), in fresh JVMs with the same flags,
            interleaved: per JVM, full-size warm-ups, then timed iterations. Prints per row the median
            and spread of all timed iterations, the Cadre/Pekko ratio with a 95%% bootstrap interval
            (not quoted when too wide), GC pauses inside the timed regions and the load from other
            processes.

              (default)       3 JVMs per contender, 2 warm-ups + 5 timed iterations each (~35 min)
              --quick         smaller sizes, 1 JVM per contender, 2 + 5 iterations (< 5 min)
              --smoke         tiny sizes, one JVM per contender for everything, 1 iteration (CI, < 1 min)
              --jvms N        JVMs per contender and scenario (overrides the mode)
              --warmups N     full-size warm-up iterations per JVM (overrides the mode)
              --iterations N  timed iterations per JVM (overrides the mode)
              --scenarios L   comma-separated subset of: %s
              --suite L       comma-separated subset of: micro, savina, app
              --size S=N      size of scenario S (e.g. --size skynet=100000)
              --csv FILE      write the results as CSV (one row per scenario and metric)
              --md FILE       write the environment and the Markdown tables
              --report DIR    write DIR/index.html with SVG charts, the CSVs and the tables
              --from CSV      with --report: render the report from an earlier results CSV, run nothing
              --jvm-flag F    add a flag to every child JVM (e.g. -XX:StartFlightRecording)
              --jmh ...       run the JMH micro-benchmarks (e.g. --jmh -l to list, --jmh TellBusy)
              --observe-overhead  Cadre alone, detached vs with the dashboard polling (cadre-observe)
            """.formatted(String.join(", ", Arrays.stream(Scenario.values()).map(Scenario::id).toList()));

    /**
     * Runs the harness (or, with {@code --observe-overhead}, {@link ObserveOverhead}) and exits: 0
     * if every run passed its checks, 1 if one failed or the output could not be written, 2 for a
     * bad command line ({@code --help} prints the usage and returns).
     *
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
            Path from = options.from();
            if (from != null) {
                Path dir = Objects.requireNonNull(options.reportDir(), "--from needs --report DIR"); // parse() checks
                HtmlReport.renderFrom(from, dir);
                System.out.println("Report written to " + dir.resolve("index.html").toAbsolutePath());
                System.exit(0);
            }
            System.exit(new Runner(options).run());
        } catch (IOException | RuntimeException e) {
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
        if (mode != Mode.FULL) {
            flags.add("-Dbench.savina.timeout.s=20"); // smaller sizes: a hang is declared sooner
        }
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

    /** One planned child JVM. */
    record Plan(int round, Contender contender, List<Child.Sized> work) {
    }

    /**
     * The order of the child JVMs: rounds outermost; in each round every scenario once per
     * contender, Cadre and Pekko alternating who goes first (by round and scenario), the
     * raw-queue baseline last. A smoke run puts all scenarios of a contender in one JVM.
     */
    List<Plan> plan() {
        List<Scenario> active = options.active();
        List<Plan> plans = new ArrayList<>();
        if (options.mode() == Mode.SMOKE) {
            for (int round = 1; round <= options.jvms(); round++) {
                for (Contender c : Contender.values()) {
                    List<Child.Sized> work = active.stream().filter(s -> s.contenders().contains(c))
                            .map(s -> new Child.Sized(s, options.size(s))).toList();
                    if (!work.isEmpty()) {
                        plans.add(new Plan(round, c, work));
                    }
                }
            }
            return plans;
        }
        for (int round = 1; round <= options.jvms(); round++) {
            for (int k = 0; k < active.size(); k++) {
                Scenario s = active.get(k);
                List<Contender> order = new ArrayList<>(s.contenders());
                if ((round + k) % 2 == 0 && order.size() >= 2) {
                    order.set(0, s.contenders().get(1));
                    order.set(1, s.contenders().get(0));
                }
                for (Contender c : order) {
                    plans.add(new Plan(round, c, List.of(new Child.Sized(s, options.size(s)))));
                }
            }
        }
        return plans;
    }

    int run() throws IOException {
        String env = environment();
        System.out.println(env);
        System.out.flush();
        List<Plan> plans = plan();
        List<JvmRun> runs = new ArrayList<>();
        boolean anyFailed = false;
        long start = System.nanoTime();
        for (int i = 0; i < plans.size(); i++) {
            Plan p = plans.get(i);
            JvmRun r = runChild(p);
            runs.add(r);
            anyFailed |= r.failure() != null || r.outcomes().stream().anyMatch(o -> o instanceof Outcome.Failed);
            System.out.printf(Locale.ROOT, "[%3d/%d] round %d %-5s %s  (%.1f s)%n", i + 1, plans.size(), p.round(),
                    p.contender().id(), describe(p, r), r.seconds());
            System.out.flush();
        }
        Report report = aggregate(options.active(), runs);
        String tables = report.toMarkdown();
        List<String> warnings = report.warnings();
        String end = String.format(Locale.ROOT, "Total wall time: %.1f min; load average at end: %s",
                (System.nanoTime() - start) / 60e9, Machine.loadAverages());
        String summary = report.targetSummary() + " (targets are goals for the write-up, not assertions)."
                + (warnings.isEmpty() ? "" : "\n\nNotes:\n" + String.join("\n", warnings.stream().map(w -> "- " + w)
                        .toList())) + "\n\n" + end;
        System.out.println();
        System.out.println(tables);
        System.out.println(summary);
        String md = env + "\n" + tables + "\n" + summary + "\n";
        if (options.csv() != null) {
            report.writeCsv(options.csv());
            System.out.println("CSV written to " + options.csv().toAbsolutePath());
        }
        if (options.markdown() != null) {
            write(options.markdown(), md);
            System.out.println("Markdown written to " + options.markdown().toAbsolutePath());
        }
        if (options.reportDir() != null) {
            Path dir = options.reportDir();
            report.writeCsv(dir.resolve(HtmlReport.RESULTS_CSV));
            write(dir.resolve(HtmlReport.ITERATIONS_CSV), iterationsCsv(runs));
            write(dir.resolve(HtmlReport.RESULTS_MD), md);
            write(dir.resolve(HtmlReport.ENVIRONMENT), env);
            HtmlReport.renderFrom(dir.resolve(HtmlReport.RESULTS_CSV), dir);
            System.out.println("Report written to " + dir.resolve("index.html").toAbsolutePath());
        }
        if (anyFailed) {
            System.err.println("cadre bench: some runs failed (see above)");
            return 1;
        }
        return 0;
    }

    private static void write(Path file, String text) throws IOException {
        Path p = file.toAbsolutePath();
        if (p.getParent() != null) {
            Files.createDirectories(p.getParent());
        }
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    /** One line per child: per scenario, the median of each metric over its timed iterations. */
    private static String describe(Plan p, JvmRun r) {
        List<String> parts = new ArrayList<>();
        for (Child.Sized w : p.work()) {
            Scenario s = w.scenario();
            List<Outcome> os = r.of(s);
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-17s ", s.id()));
            Outcome.Failed f = os.stream().filter(o -> o instanceof Outcome.Failed).map(o -> (Outcome.Failed) o)
                    .findFirst().orElse(null);
            Outcome.Unavailable na = os.stream().filter(o -> o instanceof Outcome.Unavailable)
                    .map(o -> (Outcome.Unavailable) o).findFirst().orElse(null);
            List<Result> timed = os.stream().filter(o -> o instanceof Outcome.Timed).map(o -> ((Outcome.Timed) o).result())
                    .toList();
            if (f != null) {
                sb.append("FAIL: ").append(f.reason());
            } else if (na != null) {
                sb.append("n/a: ").append(na.reason());
            } else if (timed.isEmpty()) {
                sb.append("FAILED: ").append(r.failure() == null ? "no result" : r.failure());
            } else {
                sb.append(timed.size()).append(" it:");
                for (Metric m : s.metrics()) {
                    List<Double> v = timed.stream().flatMap(x -> x.get(m).stream()).toList();
                    if (!v.isEmpty()) {
                        Summary sum = Summary.of(v);
                        sb.append(' ').append(m.id()).append(' ').append(Report.formatHuman(m, sum.median()));
                        if (sum.count() > 1) {
                            sb.append(" (").append(Report.formatHuman(m, sum.min())).append('–')
                                    .append(Report.formatHuman(m, sum.max())).append(')');
                        }
                    }
                }
                Report.Gc gc = Report.Gc.of(timed.stream().map(Result::region).toList());
                Report.Load load = Report.Load.of(timed.stream().map(Result::region).toList());
                sb.append(String.format(Locale.ROOT, "  gc %.0f%%  others %s load %s", gc.share() * 100,
                        Double.isNaN(load.othersCpu()) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", load.othersCpu() * 100),
                        Double.isNaN(load.load1Max()) ? "n/a" : String.format(Locale.ROOT, "%.1f", load.load1Max())));
            }
            parts.add(sb.toString());
        }
        return String.join("\n                      ", parts);
    }

    JvmRun runChild(Plan plan) {
        List<String> cmd = new ArrayList<>(childCommandPrefix);
        cmd.add(plan.contender().id());
        cmd.add(Integer.toString(options.warmups()));
        cmd.add(Integer.toString(options.iterations()));
        plan.work().forEach(w -> cmd.add(w.toArg()));
        File out = null;
        File err = null;
        long t0 = System.nanoTime();
        try {
            out = File.createTempFile("cadre-bench-", ".out");
            err = File.createTempFile("cadre-bench-", ".err");
            Process p = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err).start();
            if (!p.waitFor(CHILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly().waitFor();
                return run(plan, parse(out), "timed out after " + CHILD_TIMEOUT_MINUTES + " min" + tail(err), t0);
            }
            List<Outcome> outcomes = parse(out);
            String failure = null;
            if (p.exitValue() != 0 && outcomes.stream().noneMatch(o -> o instanceof Outcome.Failed)) {
                failure = "exit code " + p.exitValue() + tail(err);
            }
            return run(plan, outcomes, failure, t0);
        } catch (IOException | RuntimeException e) {
            return run(plan, List.of(), e.toString(), t0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return run(plan, List.of(), "interrupted", t0);
        } finally {
            if (out != null) {
                out.delete();
            }
            if (err != null) {
                err.delete();
            }
        }
    }

    private JvmRun run(Plan plan, List<Outcome> outcomes, @Nullable String failure, long t0) {
        return new JvmRun(plan.round(), plan.contender(), plan.work().stream().map(Child.Sized::scenario).toList(),
                options.iterations(), outcomes, failure, seconds(t0));
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static List<Outcome> parse(File out) throws IOException {
        return Outcome.parseAll(Files.readString(out.toPath(), StandardCharsets.UTF_8));
    }

    /** The first line that names an exception or error (the cause, usually), then the last lines of stderr. */
    private static String tail(File err) throws IOException {
        List<String> lines = Files.readAllLines(err.toPath(), StandardCharsets.UTF_8);
        List<String> shown = new ArrayList<>();
        lines.stream().filter(l -> l.matches(".*(Error|Exception)\\b.*") && !l.startsWith("\tat ")).findFirst()
                .ifPresent(first -> shown.add("first: " + first));
        List<String> last = lines.subList(Math.max(0, lines.size() - 10), lines.size());
        if (!shown.isEmpty() && !last.isEmpty()) {
            shown.add("...");
        }
        shown.addAll(last);
        return shown.isEmpty() ? "" : "\n      " + String.join("\n      ", shown);
    }

    /**
     * Turns the child runs into report rows. A side of a row is FAIL if any of its runs failed
     * (its check, or the JVM), n/a if the contender cannot run it, and otherwise summarises every
     * timed iteration of every JVM (no partial medians: a failure is never averaged away).
     *
     * @param scenarios the scenarios, in display order
     * @param runs every child run
     * @return the report
     */
    static Report aggregate(List<Scenario> scenarios, List<JvmRun> runs) {
        List<Report.Row> rows = new ArrayList<>();
        for (Scenario s : scenarios) {
            Map<Contender, List<JvmRun>> byContender = new EnumMap<>(Contender.class);
            for (JvmRun r : runs) {
                if (r.work().contains(s)) {
                    byContender.computeIfAbsent(r.contender(), k -> new ArrayList<>()).add(r);
                }
            }
            List<Region.Stats> allRegions = new ArrayList<>();
            for (List<JvmRun> rs : byContender.values()) {
                rs.forEach(r -> r.of(s).forEach(o -> {
                    if (o instanceof Outcome.Timed t) {
                        allRegions.add(t.result().region());
                    }
                }));
            }
            Report.Load load = Report.Load.of(allRegions);
            for (Metric m : s.metrics()) {
                Report.Cell cadre = cell(s, byContender.get(Contender.CADRE), m);
                Report.Cell pekko = s.contenders().contains(Contender.PEKKO)
                        ? cell(s, byContender.get(Contender.PEKKO), m) : Report.Cell.na("Cadre only");
                Report.Cell limit = s.hasLimit() && m == Metric.THROUGHPUT
                        ? cell(s, byContender.get(Contender.LIMIT), m) : null;
                rows.add(Report.Row.of(s, m, cadre, pekko, limit, load));
            }
        }
        return new Report(rows);
    }

    static Report.Cell cell(Scenario s, @Nullable List<JvmRun> runs, Metric m) {
        if (runs == null || runs.isEmpty()) {
            return Report.Cell.na("not run");
        }
        for (JvmRun r : runs) {
            for (Outcome o : r.of(s)) {
                if (o instanceof Outcome.Failed f) {
                    return Report.Cell.failed(f.reason());
                }
            }
        }
        for (JvmRun r : runs) {
            if (!r.complete(s)) {
                String why = r.failure() == null ? "missing iterations" : r.failure().lines().findFirst().orElse("")
                        + r.failure().lines().filter(l -> l.strip().startsWith("first: ")).findFirst()
                                .map(l -> " (" + l.strip().substring("first: ".length()) + ")").orElse("");
                return Report.Cell.failed("round " + r.round() + ": " + why);
            }
        }
        for (JvmRun r : runs) {
            for (Outcome o : r.of(s)) {
                if (o instanceof Outcome.Unavailable u) {
                    return Report.Cell.na(u.reason());
                }
            }
        }
        List<List<Double>> byJvm = new ArrayList<>();
        List<Region.Stats> regions = new ArrayList<>();
        for (JvmRun r : runs) {
            List<Double> values = new ArrayList<>();
            for (Outcome o : r.of(s)) {
                if (o instanceof Outcome.Timed t) {
                    regions.add(t.result().region());
                    t.result().get(m).ifPresent(values::add);
                }
            }
            if (!values.isEmpty()) {
                byJvm.add(values);
            }
        }
        if (byJvm.isEmpty()) {
            return Report.Cell.na("no " + m.id() + " measured");
        }
        return Report.Cell.of(byJvm, Report.Gc.of(regions));
    }

    /**
     * {@return every timed iteration as CSV, one line per metric value (the raw data behind the
     * report)}
     */
    static String iterationsCsv(List<JvmRun> runs) {
        StringBuilder sb = new StringBuilder(HtmlReport.ITERATIONS_HEADER).append('\n');
        for (JvmRun r : runs) {
            for (Outcome o : r.outcomes()) {
                if (o instanceof Outcome.Timed t) {
                    Region.Stats g = t.result().region();
                    t.result().values().forEach((m, v) -> sb.append(String.join(",", List.of(
                            Integer.toString(r.round()), r.contender().id(), t.scenario().id(),
                            Integer.toString(t.iteration()), m.id(), Report.formatPlain(m, v),
                            String.format(Locale.ROOT, "%.6f", g.seconds()), Long.toString(g.gcPauses()),
                            String.format(Locale.ROOT, "%.1f", g.gcMillis()), num(g.ownCpuSeconds()),
                            num(g.machineCpuSeconds()), Integer.toString(g.cores()), num(g.load1())))).append('\n'));
                }
            }
        }
        return sb.toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
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
        lines.add("Cadre vs Apache Pekko typed " + org.apache.pekko.Version.current() + " — mode "
                + options.mode().name().toLowerCase(Locale.ROOT) + ": " + options.jvms() + " JVM(s) per contender and "
                + "scenario, " + options.warmups() + " full-size warm-up(s) + " + options.iterations()
                + " timed iteration(s) per JVM, contenders interleaved"
                + (options.followsProtocol() ? "" : " (below the protocol: at least 2 JVMs, 2 warm-ups, 5 timed)"));
        lines.add("- commit: " + System.getProperty("bench.commit", "unknown"));
        lines.add("- machine: " + rt.availableProcessors() + " cores, "
                + (physical > 0 ? String.format(Locale.ROOT, "%.1f GiB RAM, ", physical / (1024.0 * 1024 * 1024)) : "")
                + os);
        lines.add("- JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vm.vendor") + ")");
        lines.add("- child JVM flags: " + String.join(" ", jvmFlags(options.mode(), options.extraJvmFlags())));
        Map<String, String> sizes = new LinkedHashMap<>();
        for (Scenario s : options.active()) {
            sizes.put(s.id(), String.format(Locale.ROOT, "%,d", options.size(s)));
        }
        lines.add("- sizes: " + String.join(" ", sizes.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .toList()));
        lines.add("- load average at start: " + Machine.loadAverages());
        return String.join("\n", lines) + "\n";
    }
}
