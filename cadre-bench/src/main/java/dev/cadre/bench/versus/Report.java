package dev.cadre.bench.versus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The aggregated results: one row per scenario and metric, printed as a Markdown table and
 * written as CSV ({@code scenario,metric,unit,cadre,pekko,ratio,better,limit}).
 */
public final class Report {

    /** The CSV header. */
    public static final String CSV_HEADER = "scenario,metric,unit,cadre,pekko,ratio,better,limit";
    /** What a cell holds when there is no value. */
    public static final String NA = "n/a";

    /**
     * One side of a row: the summary of its repetitions, or why there is none.
     *
     * @param summary the summary, or {@code null}
     * @param unavailable why there is no summary, or {@code null}
     */
    public record Cell(Summary summary, String unavailable) {
        /** A cell has a summary or a reason. */
        public Cell {
            if ((summary == null) == (unavailable == null)) {
                throw new IllegalArgumentException("a cell has either a summary or a reason");
            }
        }

        /**
         * @param s a summary
         * @return a measured cell
         */
        public static Cell of(Summary s) {
            return new Cell(s, null);
        }

        /**
         * @param reason why not
         * @return an empty cell
         */
        public static Cell na(String reason) {
            return new Cell(null, reason);
        }

        /** @return whether the cell has a value */
        public boolean available() {
            return summary != null;
        }
    }

    /**
     * One scenario and metric.
     *
     * @param scenario the scenario
     * @param metric the metric
     * @param cadre Cadre's values
     * @param pekko Pekko's values
     * @param limit the raw-queue baseline (throughput rows only), or {@code null}
     */
    public record Row(Scenario scenario, Metric metric, Cell cadre, Cell pekko, Cell limit) {

        /** @return cadre median / pekko median, if both were measured */
        public Optional<Double> ratio() {
            if (!cadre.available() || !pekko.available() || pekko.summary().median() == 0) {
                return Optional.empty();
            }
            return Optional.of(cadre.summary().median() / pekko.summary().median());
        }

        /** @return the target for this row, if any */
        public Optional<Target> target() {
            return Target.of(scenario, metric);
        }

        /** @return "met", "missed", "n/a" or "" (no target) */
        public String targetStatus() {
            Optional<Target> t = target();
            if (t.isEmpty()) {
                return "";
            }
            return ratio().map(r -> t.get().isMet(r) ? "met" : "missed").orElse(NA);
        }
    }

    private final List<Row> rows;

    /**
     * @param rows the rows, in display order
     */
    public Report(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    /** @return the rows */
    public List<Row> rows() {
        return rows;
    }

    // --- CSV ---

    /** @return the CSV text, header first, one line per row, each ending in a newline */
    public String toCsv() {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (Row r : rows) {
            List<String> cells = List.of(
                    r.scenario().id(),
                    r.metric().id(),
                    r.metric().unit(),
                    csvValue(r.metric(), r.cadre()),
                    csvValue(r.metric(), r.pekko()),
                    r.ratio().map(Report::formatRatio).orElse(NA),
                    r.metric().better().id(),
                    r.limit() == null ? "" : csvValue(r.metric(), r.limit()));
            sb.append(String.join(",", cells.stream().map(Report::csvEscape).toList())).append('\n');
        }
        return sb.toString();
    }

    /**
     * Writes {@link #toCsv()} in UTF-8, creating parent directories.
     *
     * @param file the target
     * @throws IOException if it cannot be written
     */
    public void writeCsv(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toCsv(), StandardCharsets.UTF_8);
    }

    static String csvValue(Metric m, Cell c) {
        return c.available() ? formatPlain(m, c.summary().median()) : NA;
    }

    /**
     * A machine-readable number for the metric: whole msgs/s, ms-precise seconds, 0.1 B, 0.01 µs.
     *
     * @param m the metric
     * @param v the value
     * @return the formatted value
     */
    public static String formatPlain(Metric m, double v) {
        return switch (m) {
            case THROUGHPUT -> String.format(Locale.ROOT, "%.0f", v);
            case TIME -> String.format(Locale.ROOT, "%.3f", v);
            case BYTES_PER_ACTOR -> String.format(Locale.ROOT, "%.1f", v);
            case P50, P99, P99_9 -> String.format(Locale.ROOT, "%.2f", v);
        };
    }

    /**
     * @param ratio a ratio
     * @return it with three decimals
     */
    public static String formatRatio(double ratio) {
        return String.format(Locale.ROOT, "%.3f", ratio);
    }

    static String csvEscape(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    // --- Markdown ---

    /** @return the results as a Markdown table (median, then min–max of the repetitions) */
    public String toMarkdown() {
        List<String> lines = new ArrayList<>();
        lines.add("| Scenario | Metric | Cadre median (min–max) | Pekko median (min–max) | Cadre/Pekko | Better | Raw-queue limit | Target |");
        lines.add("|---|---|---|---|---|---|---|---|");
        for (Row r : rows) {
            String target = r.target().map(t -> t.describe() + " " + r.targetStatus()).orElse("");
            lines.add("| " + String.join(" | ",
                    r.scenario().id(),
                    r.metric().id() + " (" + r.metric().unit() + ")",
                    human(r.metric(), r.cadre(), true),
                    human(r.metric(), r.pekko(), true),
                    r.ratio().map(x -> String.format(Locale.ROOT, "**%.2f**", x)).orElse(NA),
                    r.metric().better().id(),
                    r.limit() == null ? "" : human(r.metric(), r.limit(), false),
                    target) + " |");
        }
        return String.join("\n", lines) + "\n";
    }

    static String human(Metric m, Cell c, boolean withRange) {
        if (!c.available()) {
            return NA + " (" + c.unavailable() + ")";
        }
        Summary s = c.summary();
        String median = formatHuman(m, s.median());
        if (!withRange || s.count() < 2) {
            return median;
        }
        return median + " (" + formatHuman(m, s.min()) + "–" + formatHuman(m, s.max()) + ")";
    }

    /**
     * A readable number: millions of msgs/s, seconds, bytes, microseconds.
     *
     * @param m the metric
     * @param v the value
     * @return e.g. {@code 12.3M}, {@code 1.23}, {@code 312}, {@code 45.6}
     */
    public static String formatHuman(Metric m, double v) {
        return switch (m) {
            case THROUGHPUT -> String.format(Locale.ROOT, "%.2fM", v / 1e6);
            case TIME -> String.format(Locale.ROOT, v < 10 ? "%.3f" : "%.2f", v);
            case BYTES_PER_ACTOR -> String.format(Locale.ROOT, "%.0f", v);
            case P50, P99, P99_9 -> String.format(Locale.ROOT, v < 100 ? "%.1f" : "%.0f", v);
        };
    }

    /** @return how many rows with a target met it, out of how many have one */
    public String targetSummary() {
        long withTarget = rows.stream().filter(r -> r.target().isPresent()).count();
        long met = rows.stream().filter(r -> r.targetStatus().equals("met")).count();
        return met + " of " + withTarget + " targets met";
    }
}
