package dev.cadre.bench.versus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What watching costs: {@code ./cadre bench --observe-overhead [--quick | --smoke] [--jvms N]
 * [--warmups N] [--iterations N] [--scenarios a,b] [--md FILE]}. Runs the micro scenarios on Cadre
 * only, under the harness's protocol (fresh JVMs with its flags, warm-ups, timed iterations,
 * rounds outermost), alternating two variants and swapping who goes first on every other round:
 * <b>detached</b> (nothing attached: the runtime as every user runs it) and <b>polling</b>
 * ({@code -Dbench.observe=polling}: an observer, the dashboard, a live page and a Prometheus
 * scraper; see {@link Observed}). Prints the medians and the change, polling against detached, per
 * metric, with the bootstrap interval of the polling/detached ratio ({@link RatioInterval}).
 */
final class ObserveOverhead {
    private ObserveOverhead() {
    }

    static int run(String[] args) throws IOException {
        List<String> rest = new ArrayList<>();
        Path md = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--md") && i + 1 < args.length) {
                md = Path.of(args[++i]);
            } else {
                rest.add(args[i]);
            }
        }
        Runner.Options base = Runner.Options.parse(rest.toArray(String[]::new));
        List<String> polledFlags = new ArrayList<>(base.extraJvmFlags());
        polledFlags.add("-Dbench.observe=polling");
        Runner detached = new Runner(base);
        Runner polling = new Runner(new Runner.Options(base.mode(), base.jvms(), base.warmups(), base.iterations(),
                base.scenarios(), base.sizes(), null, null, null, null, List.copyOf(polledFlags)));
        // Observed attaches to the micro scenarios' systems (CadreContestant); the others are not observed.
        List<Scenario> scenarios = base.active().stream().filter(s -> s.suite() == Scenario.Suite.MICRO).toList();
        StringBuilder env = new StringBuilder();
        env.append("Cadre detached vs Cadre with the dashboard polling: mode ")
                .append(base.mode().name().toLowerCase(Locale.ROOT)).append(", ").append(base.jvms())
                .append(" JVM(s) per variant and scenario, ").append(base.warmups()).append(" warm-up(s) + ")
                .append(base.iterations()).append(" timed iteration(s) per JVM\n")
                .append("- commit: ").append(System.getProperty("bench.commit", "unknown")).append('\n')
                .append("- child JVM flags: ").append(String.join(" ", Runner.jvmFlags(base.mode(), base.extraJvmFlags())))
                .append(" (polling adds -Dbench.observe=polling)\n")
                .append("- load average at start: ").append(Machine.loadAverages()).append('\n');
        System.out.println(env);
        Map<Scenario, List<Runner.JvmRun>> det = new LinkedHashMap<>();
        Map<Scenario, List<Runner.JvmRun>> pol = new LinkedHashMap<>();
        boolean failed = false;
        for (int round = 1; round <= base.jvms(); round++) {
            for (Scenario s : scenarios) {
                boolean detachedFirst = round % 2 == 1;
                for (int k = 0; k < 2; k++) {
                    boolean isDetached = (k == 0) == detachedFirst;
                    Runner runner = isDetached ? detached : polling;
                    Runner.JvmRun r = runner.runChild(new Runner.Plan(round, Contender.CADRE,
                            List.of(new Child.Sized(s, base.size(s)))));
                    (isDetached ? det : pol).computeIfAbsent(s, x -> new ArrayList<>()).add(r);
                    boolean bad = r.failure() != null || r.outcomes().stream().anyMatch(o -> o instanceof Outcome.Failed);
                    failed |= bad;
                    System.out.printf(Locale.ROOT, "%-17s %-8s round %d/%d  %s  (load %s)%n", s.id(),
                            isDetached ? "detached" : "polling", round, base.jvms(),
                            bad ? "FAILED: " + (r.failure() != null ? r.failure() : r.outcomes()) : summary(s, r),
                            Machine.loadAverages().split(" ", -1)[0]);
                    System.out.flush();
                }
            }
        }
        StringBuilder table = new StringBuilder();
        table.append("| Scenario | Metric | Detached median (min–max) | Polling median (min–max) | Polling/detached (95% CI)"
                + " | Change |\n");
        table.append("|---|---|---|---|---|---|\n");
        for (Scenario s : scenarios) {
            for (Metric m : s.metrics()) {
                Report.Cell a = Runner.cell(s, det.get(s), m);
                Report.Cell b = Runner.cell(s, pol.get(s), m);
                String ratio = "n/a";
                String change = "n/a";
                Summary detachedSummary = a.summary();
                if (detachedSummary != null && b.available() && detachedSummary.median() != 0) {
                    RatioInterval iv = RatioInterval.bootstrap(b.byJvm(), a.byJvm(), (s.id() + m.id()).hashCode());
                    double r = iv.ratio();
                    ratio = String.format(Locale.ROOT, "%.3f (%.2f–%.2f)", r, iv.lo(), iv.hi());
                    double worse = m.better() == Metric.Better.HIGHER ? 1 - r : r - 1; // > 0: polling is worse
                    change = String.format(Locale.ROOT, "%s%.1f%%", worse > 0 ? "-" : "+", Math.abs(worse) * 100);
                }
                table.append("| ").append(s.id()).append(" | ").append(m.id()).append(" (").append(m.unit()).append(") | ")
                        .append(Report.human(m, a, true)).append(" | ").append(Report.human(m, b, true)).append(" | ")
                        .append(ratio).append(" | ").append(change).append(" |\n");
            }
        }
        String end = "load average at end: " + Machine.loadAverages();
        System.out.println();
        System.out.print(table);
        System.out.println("Change: how much worse (-) or better (+) the polling runs' median was; " + end);
        if (md != null) {
            Files.writeString(md, env + "\n" + table + "\n" + end + "\n", StandardCharsets.UTF_8);
            System.out.println("Markdown written to " + md.toAbsolutePath());
        }
        return failed ? 1 : 0;
    }

    private static String summary(Scenario s, Runner.JvmRun r) {
        List<String> parts = new ArrayList<>();
        for (Metric m : s.metrics()) {
            List<Double> v = r.of(s).stream().filter(o -> o instanceof Outcome.Timed)
                    .flatMap(o -> ((Outcome.Timed) o).result().get(m).stream()).toList();
            if (!v.isEmpty()) {
                parts.add(m.id() + "=" + Report.formatHuman(m, Summary.of(v).median()));
            }
        }
        return String.join(" ", parts);
    }

    static boolean wanted(String[] args) {
        return Arrays.asList(args).contains("--observe-overhead");
    }

    static String[] without(String[] args) {
        return Arrays.stream(args).filter(a -> !a.equals("--observe-overhead")).toArray(String[]::new);
    }
}
