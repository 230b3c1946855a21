package dev.cadre.bench.versus;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One line a child JVM prints on stdout about a scenario, and its parser. Everything else on
 * stdout is ignored.
 *
 * <pre>
 * RESULT scenario=pingpong iteration=3 throughput=1.52e+07 region.s=0.1316 gc.pauses=0 gc.ms=0.000 cpu.own.s=0.26 cpu.machine.s=0.27 cores=2 load1=1.20
 * NA scenario=spawn no raw-queue counterpart
 * FAIL scenario=skynet iteration=1 check failed: skynet sum 12, expected 45
 * </pre>
 */
public sealed interface Outcome {

    /** {@return the scenario this line is about} */
    Scenario scenario();

    /**
     * A timed iteration.
     *
     * @param scenario the scenario
     * @param iteration 1-based, within its JVM
     * @param result what it measured
     */
    record Timed(Scenario scenario, int iteration, Result result) implements Outcome {
    }

    /**
     * The contender cannot run the scenario.
     *
     * @param scenario the scenario
     * @param reason why
     */
    record Unavailable(Scenario scenario, String reason) implements Outcome {
    }

    /**
     * An iteration failed: its result check, or with an error. Nothing it measured counts.
     *
     * @param scenario the scenario
     * @param iteration 1-based (0: a warm-up or the setup)
     * @param reason what went wrong
     */
    record Failed(Scenario scenario, int iteration, String reason) implements Outcome {
    }

    /** {@return the line the child prints} */
    default String toLine() {
        return switch (this) {
            case Timed t -> {
                StringBuilder sb = new StringBuilder("RESULT scenario=").append(t.scenario().id()).append(" iteration=")
                        .append(t.iteration());
                t.result().values().forEach((m, v) -> sb.append(' ').append(m.id()).append('=')
                        .append(String.format(Locale.ROOT, "%.6g", v)));
                yield sb.append(' ').append(t.result().region().toFields()).toString();
            }
            case Unavailable u -> "NA scenario=" + u.scenario().id() + " " + oneLine(u.reason());
            case Failed f -> "FAIL scenario=" + f.scenario().id() + " iteration=" + f.iteration() + " "
                    + oneLine(f.reason());
        };
    }

    private static String oneLine(String s) {
        String t = s == null ? "" : s.replaceAll("\\s+", " ").strip();
        return t.isEmpty() ? "(no reason given)" : t;
    }

    /**
     * Parses every outcome line of a child's stdout, in order.
     *
     * @param stdout everything the child printed
     * @return the outcomes
     * @throws IllegalArgumentException if an outcome line is malformed
     */
    static List<Outcome> parseAll(String stdout) {
        List<Outcome> out = new ArrayList<>();
        for (String line : stdout.split("\\R", -1)) {
            if (line.startsWith("RESULT ") || line.startsWith("NA ") || line.startsWith("FAIL ")) {
                out.add(parse(line));
            }
        }
        return out;
    }

    /**
     * {@return the outcome}
     *
     * @param line one outcome line
     * @throws IllegalArgumentException if it is malformed
     */
    static Outcome parse(String line) {
        int sp = line.indexOf(' ');
        String kind = line.substring(0, sp);
        String rest = line.substring(sp + 1).strip();
        switch (kind) {
            case "NA" -> {
                String[] two = splitField(rest, "scenario", line);
                return new Unavailable(Scenario.byId(two[0]), two[1]);
            }
            case "FAIL" -> {
                String[] s = splitField(rest, "scenario", line);
                String[] i = splitField(s[1], "iteration", line);
                return new Failed(Scenario.byId(s[0]), Integer.parseInt(i[0]), i[1]);
            }
            case "RESULT" -> {
                Map<String, String> fields = new HashMap<>();
                for (String field : rest.trim().split("\\s+", -1)) {
                    int eq = field.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("malformed field '" + field + "' in: " + line);
                    }
                    fields.put(field.substring(0, eq), field.substring(eq + 1));
                }
                String scenario = fields.remove("scenario");
                String iteration = fields.remove("iteration");
                if (scenario == null || iteration == null) {
                    throw new IllegalArgumentException("result line without scenario or iteration: " + line);
                }
                Region.Stats region = Region.Stats.fromFields(fields);
                Region.Stats.KEYS.forEach(fields::remove);
                EnumMap<Metric, Double> values = new EnumMap<>(Metric.class);
                fields.forEach((k, v) -> values.put(Metric.byId(k), Double.parseDouble(v)));
                if (values.isEmpty()) {
                    throw new IllegalArgumentException("result line without values: " + line);
                }
                return new Timed(Scenario.byId(scenario), Integer.parseInt(iteration), Result.of(values, region));
            }
            default -> throw new IllegalArgumentException("not an outcome line: " + line);
        }
    }

    /** Splits {@code "name=value rest"} into value and rest. */
    private static String[] splitField(String s, String name, String line) {
        if (!s.startsWith(name + "=")) {
            throw new IllegalArgumentException("expected '" + name + "=' in: " + line);
        }
        String body = s.substring(name.length() + 1);
        int sp = body.indexOf(' ');
        return sp < 0 ? new String[] {body, ""} : new String[] {body.substring(0, sp), body.substring(sp + 1).strip()};
    }
}
