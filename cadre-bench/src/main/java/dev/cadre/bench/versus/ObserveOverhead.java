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
 * What watching costs: {@code ./cadre bench --observe-overhead [--quick | --smoke] [--reps N]
 * [--scenarios a,b] [--md FILE]}. Runs the head-to-head scenarios on Cadre only, each run in a
 * fresh JVM with the harness's flags, alternating two variants (and swapping who goes first on
 * every other repetition): <b>detached</b> (nothing attached: the runtime as every user runs it)
 * and <b>polling</b> ({@code -Dbench.observe=polling}: an observer, the dashboard, a live page and
 * a Prometheus scraper; see {@link Observed}). Prints the medians and the change, polling against
 * detached, per metric.
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
        Runner polling = new Runner(new Runner.Options(base.mode(), base.reps(), base.warmups(), base.scenarios(),
                null, null, List.copyOf(polledFlags)));
        StringBuilder env = new StringBuilder();
        env.append("Cadre detached vs Cadre with the dashboard polling: mode ")
                .append(base.mode().name().toLowerCase(Locale.ROOT)).append(", ").append(base.reps())
                .append(" repetition(s) per variant, ").append(base.warmups()).append(" warm-up iteration(s) per JVM\n")
                .append("- commit: ").append(System.getProperty("bench.commit", "unknown")).append('\n')
                .append("- child JVM flags: ").append(String.join(" ", Runner.jvmFlags(base.mode(), base.extraJvmFlags())))
                .append(" (polling adds -Dbench.observe=polling)\n")
                .append("- load average at start: ").append(Runner.loadAverage()).append('\n');
        System.out.println(env);
        Map<Scenario, List<Runner.RunOutcome>> det = new LinkedHashMap<>();
        Map<Scenario, List<Runner.RunOutcome>> pol = new LinkedHashMap<>();
        boolean failed = false;
        for (Scenario s : base.scenarios()) {
            long size = base.mode().size(s);
            for (int rep = 1; rep <= base.reps(); rep++) {
                boolean detachedFirst = rep % 2 == 1;
                for (int k = 0; k < 2; k++) {
                    boolean isDetached = (k == 0) == detachedFirst;
                    Runner runner = isDetached ? detached : polling;
                    Runner.RunOutcome o = runner.runChild(Contender.CADRE, s, size);
                    (isDetached ? det : pol).computeIfAbsent(s, x -> new ArrayList<>()).add(o);
                    failed |= o.failure() != null;
                    System.out.printf(Locale.ROOT, "%-17s %-8s rep %d/%d  %s  (load %s)%n", s.id(),
                            isDetached ? "detached" : "polling", rep, base.reps(),
                            o.failure() != null ? "FAILED: " + o.failure() : o.result().toLine(),
                            Runner.loadAverage().split(" ")[0]);
                    System.out.flush();
                }
            }
        }
        StringBuilder table = new StringBuilder();
        table.append("| Scenario | Metric | Detached median (min–max) | Polling median (min–max) | Polling/detached | Change |\n");
        table.append("|---|---|---|---|---|---|\n");
        for (Scenario s : base.scenarios()) {
            for (Metric m : s.metrics()) {
                Report.Cell a = Runner.cell(det.get(s), m);
                Report.Cell b = Runner.cell(pol.get(s), m);
                String ratio = "n/a";
                String change = "n/a";
                if (a.available() && b.available() && a.summary().median() != 0) {
                    double r = b.summary().median() / a.summary().median();
                    ratio = String.format(Locale.ROOT, "%.3f", r);
                    double worse = m.better() == Metric.Better.HIGHER ? 1 - r : r - 1; // > 0: polling is worse
                    change = String.format(Locale.ROOT, "%s%.1f%%", worse > 0 ? "-" : "+", Math.abs(worse) * 100);
                }
                table.append("| ").append(s.id()).append(" | ").append(m.id()).append(" (").append(m.unit()).append(") | ")
                        .append(Report.human(m, a, true)).append(" | ").append(Report.human(m, b, true)).append(" | ").append(ratio).append(" | ")
                        .append(change).append(" |\n");
            }
        }
        String end = "load average at end: " + Runner.loadAverage();
        System.out.println();
        System.out.print(table);
        System.out.println("Change: how much worse (-) or better (+) the polling runs' median was; " + end);
        if (md != null) {
            Files.writeString(md, env + "\n" + table + "\n" + end + "\n", StandardCharsets.UTF_8);
            System.out.println("Markdown written to " + md.toAbsolutePath());
        }
        return failed ? 1 : 0;
    }

    static boolean wanted(String[] args) {
        return Arrays.asList(args).contains("--observe-overhead");
    }

    static String[] without(String[] args) {
        return Arrays.stream(args).filter(a -> !a.equals("--observe-overhead")).toArray(String[]::new);
    }
}
