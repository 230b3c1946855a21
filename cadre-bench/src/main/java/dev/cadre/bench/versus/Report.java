package dev.cadre.bench.versus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The aggregated results: one row per scenario and metric, with the median and spread of every
 * contender's timed iterations, the Cadre/Pekko ratio with its confidence interval and a verdict,
 * the GC pauses inside the timed regions, and the load the rest of the machine put on it. Printed as
 * Markdown tables (one per suite) and written as CSV ({@link #CSV_HEADER}), which is what the HTML
 * report ({@code dev.cadre.bench.report}) reads.
 */
public final class Report {

    /**
     * The CSV header. The first eight columns are those of the earlier harness (medians and the
     * ratio cadre/pekko, {@code better} giving its direction); the rest were added after them.
     */
    public static final String CSV_HEADER = "scenario,metric,unit,cadre,pekko,ratio,better,limit,"
            + "suite,ratio_lo,ratio_hi,verdict,"
            + "cadre_p25,cadre_p75,cadre_min,cadre_max,cadre_n,cadre_jvms,"
            + "pekko_p25,pekko_p75,pekko_min,pekko_max,pekko_n,pekko_jvms,"
            + "cadre_gc_share,cadre_gc_pauses,cadre_gc_ms,pekko_gc_share,pekko_gc_pauses,pekko_gc_ms,"
            + "others_cpu,load1_max,under_load,note";
    /** What a cell holds when there is no value. */
    public static final String NA = "n/a";
    /** What a cell holds when a run failed (its check, or with an error). */
    public static final String FAIL = "FAIL";
    /** A ratio whose 95% interval spans more than this factor is not quoted. */
    public static final double WIDE_FACTOR = 1.5;
    /** Fewer timed iterations than this on a side: too few to support a ratio. */
    public static final int MIN_ITERATIONS = 3;
    /** Rows whose timed regions saw other processes use at least this share of the CPU are "under load". */
    public static final double UNDER_LOAD_SHARE = 0.10;

    /** Whether and how a row's ratio can be quoted. */
    public enum Verdict {
        /** The interval is narrow enough: the ratio is quoted. */
        QUOTED("quoted"),
        /** The interval spans more than {@link #WIDE_FACTOR}: only the interval is shown. */
        WIDE("wide"),
        /** Too few iterations to judge (smoke runs). */
        FEW("few"),
        /** A run of the row failed. */
        FAIL("fail"),
        /** A side could not run it. */
        NA("n/a"),
        /** Cadre only (application rows): no ratio. */
        SOLO("cadre-only");

        private final String id;

        Verdict(String id) {
            this.id = id;
        }

        /** {@return the id in the CSV} */
        public String id() {
            return id;
        }
    }

    /**
     * GC pauses inside the timed regions of one contender's iterations.
     *
     * @param share total pause time / total timed time
     * @param pausesPerIteration mean pauses per iteration
     * @param millisPerIteration mean pause time per iteration
     */
    public record Gc(double share, double pausesPerIteration, double millisPerIteration) {
        /**
         * {@return their GC figures}
         *
         * @param regions the timed regions
         */
        public static Gc of(List<Region.Stats> regions) {
            double seconds = 0;
            double ms = 0;
            long pauses = 0;
            for (Region.Stats r : regions) {
                seconds += r.seconds();
                ms += r.gcMillis();
                pauses += r.gcPauses();
            }
            int n = Math.max(1, regions.size());
            return new Gc(seconds == 0 ? 0 : ms / 1e3 / seconds, (double) pauses / n, ms / n);
        }
    }

    /**
     * One contender's side of a row: its iterations' summary, or why there is none.
     *
     * @param summary median and spread of all timed iterations, or {@code null}
     * @param byJvm the values, one list per JVM (for the bootstrap)
     * @param gc the GC pauses in its timed regions, or {@code null}
     * @param unavailable why there is no summary, or {@code null}
     * @param failed true if a run failed (then {@code unavailable} says how)
     */
    public record Cell(@Nullable Summary summary, List<List<Double>> byJvm, @Nullable Gc gc,
            @Nullable String unavailable, boolean failed) {
        /** A cell has a summary or a reason. */
        public Cell {
            if ((summary == null) == (unavailable == null)) {
                throw new IllegalArgumentException("a cell has either a summary or a reason");
            }
            byJvm = byJvm.stream().map(List::copyOf).toList();
        }

        /**
         * {@return a measured cell}
         *
         * @param byJvm the values per JVM, at least one value in all
         * @param gc the GC figures
         */
        public static Cell of(List<List<Double>> byJvm, Gc gc) {
            List<Double> all = byJvm.stream().flatMap(List::stream).toList();
            return new Cell(Summary.of(all), byJvm, gc, null, false);
        }

        /**
         * {@return an empty cell}
         *
         * @param reason why not
         */
        public static Cell na(String reason) {
            return new Cell(null, List.of(), null, reason, false);
        }

        /**
         * {@return a failed cell}
         *
         * @param reason what failed
         */
        public static Cell failed(String reason) {
            return new Cell(null, List.of(), null, reason, true);
        }

        /** {@return whether the cell has a value} */
        public boolean available() {
            return summary != null;
        }
    }

    /**
     * How busy the rest of the machine was during a row's timed regions.
     *
     * @param othersCpu CPU share that other processes used ({@code NaN} if unknown)
     * @param load1Max the highest 1-minute load average at the start of a timed region ({@code NaN} if unknown)
     */
    public record Load(double othersCpu, double load1Max) {
        /** Nothing known. */
        public static final Load UNKNOWN = new Load(Double.NaN, Double.NaN);

        /**
         * {@return the load}
         *
         * @param regions every timed region of the row, all contenders
         */
        public static Load of(List<Region.Stats> regions) {
            double foreign = 0;
            double capacity = 0;
            double load = Double.NaN;
            boolean known = false;
            for (Region.Stats r : regions) {
                if (!Double.isNaN(r.machineCpuSeconds()) && !Double.isNaN(r.ownCpuSeconds())) {
                    foreign += r.machineCpuSeconds() - r.ownCpuSeconds();
                    capacity += r.seconds() * r.cores();
                    known = true;
                }
                if (!Double.isNaN(r.load1())) {
                    load = Double.isNaN(load) ? r.load1() : Math.max(load, r.load1());
                }
            }
            double share = known && capacity > 0 ? Math.clamp(foreign / capacity, 0.0, 1.0) : Double.NaN;
            return new Load(share, load);
        }

        /** {@return whether other processes took at least {@link #UNDER_LOAD_SHARE} of the CPU} */
        public boolean underLoad() {
            return !Double.isNaN(othersCpu) && othersCpu >= UNDER_LOAD_SHARE;
        }
    }

    /**
     * One scenario and metric.
     *
     * @param scenario the scenario
     * @param metric the metric
     * @param cadre Cadre's side
     * @param pekko Pekko's side ({@link Cell#na} for application rows)
     * @param limit the raw-queue baseline (throughput rows only), or {@code null}
     * @param interval the ratio and its interval, if both sides were measured
     * @param load the load during the row's timed regions
     */
    public record Row(Scenario scenario, Metric metric, Cell cadre, Cell pekko, @Nullable Cell limit,
            Optional<RatioInterval> interval, Load load) {

        /**
         * Builds a row, bootstrapping the ratio's interval when both sides were measured.
         *
         * @param scenario the scenario
         * @param metric the metric
         * @param cadre Cadre's side
         * @param pekko Pekko's side
         * @param limit the baseline, or {@code null}
         * @param load the load
         * @return the row
         */
        public static Row of(Scenario scenario, Metric metric, Cell cadre, Cell pekko, @Nullable Cell limit,
                Load load) {
            Optional<RatioInterval> interval = Optional.empty();
            Summary pekkoSummary = pekko.summary();
            if (cadre.available() && pekkoSummary != null && pekkoSummary.median() != 0) {
                long seed = (scenario.id() + "/" + metric.id()).hashCode();
                interval = Optional.of(RatioInterval.bootstrap(cadre.byJvm(), pekko.byJvm(), seed));
            }
            return new Row(scenario, metric, cadre, pekko, limit, interval, load);
        }

        /** {@return cadre median / pekko median, if both were measured} */
        public Optional<Double> ratio() {
            return interval.map(RatioInterval::ratio);
        }

        /** {@return whether the ratio can be quoted, and if not, why} */
        public Verdict verdict() {
            if (cadre.failed() || pekko.failed()) {
                return Verdict.FAIL;
            }
            if (scenario.suite() == Scenario.Suite.APP) {
                return cadre.available() ? Verdict.SOLO : Verdict.NA;
            }
            Summary cadreSummary = cadre.summary();
            Summary pekkoSummary = pekko.summary();
            if (interval.isEmpty() || cadreSummary == null || pekkoSummary == null) { // an interval needs both
                return Verdict.NA;
            }
            if (cadreSummary.count() < MIN_ITERATIONS || pekkoSummary.count() < MIN_ITERATIONS) {
                return Verdict.FEW;
            }
            return interval.get().widthFactor() > WIDE_FACTOR ? Verdict.WIDE : Verdict.QUOTED;
        }

        /** {@return the target for this row, if any} */
        public Optional<Target> target() {
            return Target.of(scenario, metric);
        }

        /** {@return "met", "missed", "not resolved" (ratio not quoted), "n/a" or "" (no target)} */
        public String targetStatus() {
            Optional<Target> t = target();
            if (t.isEmpty()) {
                return "";
            }
            if (verdict() != Verdict.QUOTED) {
                return ratio().isPresent() && verdict() != Verdict.FAIL ? "not resolved" : NA;
            }
            return t.get().isMet(ratio().orElseThrow()) ? "met" : "missed";
        }
    }

    private final List<Row> rows;

    /**
     * A report of the given rows (copied).
     *
     * @param rows the rows, in display order
     */
    public Report(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    /** {@return the rows} */
    public List<Row> rows() {
        return rows;
    }

    // --- CSV ---

    /** {@return the CSV text, header first, one line per row, each ending in a newline} */
    public String toCsv() {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (Row r : rows) {
            Metric m = r.metric();
            Optional<RatioInterval> iv = r.interval();
            List<String> cells = new ArrayList<>(List.of(
                    r.scenario().id(),
                    m.id(),
                    m.unit(),
                    csvValue(m, r.cadre()),
                    csvValue(m, r.pekko()),
                    r.ratio().map(Report::formatRatio).orElse(NA),
                    m.better().id(),
                    r.limit() == null ? "" : csvValue(m, r.limit()),
                    r.scenario().suite().id(),
                    iv.map(i -> formatRatio(i.lo())).orElse(""),
                    iv.map(i -> formatRatio(i.hi())).orElse(""),
                    r.verdict().id()));
            cells.addAll(spread(m, r.cadre()));
            cells.addAll(spread(m, r.pekko()));
            cells.addAll(gc(r.cadre()));
            cells.addAll(gc(r.pekko()));
            cells.add(Double.isNaN(r.load().othersCpu()) ? "" : String.format(Locale.ROOT, "%.3f", r.load().othersCpu()));
            cells.add(Double.isNaN(r.load().load1Max()) ? "" : String.format(Locale.ROOT, "%.2f", r.load().load1Max()));
            cells.add(Boolean.toString(r.load().underLoad()));
            cells.add(note(r));
            sb.append(String.join(",", cells.stream().map(Report::csvEscape).toList())).append('\n');
        }
        return sb.toString();
    }

    @SuppressWarnings("ReferenceEquality") // which of the row's two cells the loop is at
    private static String note(Row r) {
        List<String> notes = new ArrayList<>();
        for (Cell c : new Cell[] {r.cadre(), r.pekko()}) {
            if (!c.available() && !(r.scenario().suite() == Scenario.Suite.APP && c == r.pekko())) {
                notes.add(c.unavailable());
            }
        }
        return String.join("; ", notes);
    }

    private static List<String> spread(Metric m, Cell c) {
        Summary s = c.summary();
        if (s == null) {
            return List.of("", "", "", "", "0", "0");
        }
        return List.of(formatPlain(m, s.p25()), formatPlain(m, s.p75()), formatPlain(m, s.min()),
                formatPlain(m, s.max()), Integer.toString(s.count()), Integer.toString(c.byJvm().size()));
    }

    private static List<String> gc(Cell c) {
        if (!c.available() || c.gc() == null) {
            return List.of("", "", "");
        }
        Gc g = c.gc();
        return List.of(String.format(Locale.ROOT, "%.4f", g.share()), String.format(Locale.ROOT, "%.2f",
                g.pausesPerIteration()), String.format(Locale.ROOT, "%.1f", g.millisPerIteration()));
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
        if (c.failed()) {
            return FAIL;
        }
        Summary s = c.summary();
        return s != null ? formatPlain(m, s.median()) : NA;
    }

    /**
     * A machine-readable number for the metric.
     *
     * @param m the metric
     * @param v the value
     * @return the formatted value
     */
    public static String formatPlain(Metric m, double v) {
        return switch (m) {
            case THROUGHPUT, ORDERS_PER_S -> String.format(Locale.ROOT, "%.0f", v);
            case TIME -> String.format(Locale.ROOT, "%.4f", v);
            case BYTES_PER_ACTOR, HEAP_EARLY, HEAP_LATE, HEAP_PER_ORDER -> String.format(Locale.ROOT, "%.1f", v);
            case P50, P99, P99_9, ORDER_P50, ORDER_P99 -> String.format(Locale.ROOT, "%.2f", v);
        };
    }

    /**
     * {@return it with three decimals}
     *
     * @param ratio a ratio
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

    /** {@return the results as Markdown: one table per suite present, in suite order} */
    public String toMarkdown() {
        Map<Scenario.Suite, List<Row>> bySuite = new LinkedHashMap<>();
        for (Scenario.Suite s : Scenario.Suite.values()) {
            List<Row> rs = rows.stream().filter(r -> r.scenario().suite() == s).toList();
            if (!rs.isEmpty()) {
                bySuite.put(s, rs);
            }
        }
        List<String> parts = new ArrayList<>();
        bySuite.forEach((suite, rs) -> parts.add(suite == Scenario.Suite.APP ? appTable(rs) : versusTable(suite, rs)));
        return String.join("\n", parts);
    }

    private static String versusTable(Scenario.Suite suite, List<Row> rs) {
        boolean micro = suite == Scenario.Suite.MICRO;
        List<String> lines = new ArrayList<>();
        lines.add("| Scenario | Metric | Cadre median (min–max) | Pekko median (min–max) | Cadre/Pekko (95% CI) | Better"
                + " | GC in timed region: Cadre | GC: Pekko | Others' CPU, load" + (micro ? " | Raw-queue limit | Target" : "")
                + " |");
        lines.add("|---|---|---|---|---|---|---|---|---" + (micro ? "|---|---" : "") + "|");
        for (Row r : rs) {
            List<String> cells = new ArrayList<>(List.of(
                    r.scenario().id(),
                    r.metric().id() + " (" + r.metric().unit() + ")",
                    human(r.metric(), r.cadre(), true),
                    human(r.metric(), r.pekko(), true),
                    ratioCell(r),
                    r.metric().better().id(),
                    gcCell(r.cadre()),
                    gcCell(r.pekko()),
                    loadCell(r.load())));
            if (micro) {
                cells.add(r.limit() == null ? "" : human(r.metric(), r.limit(), false));
                cells.add(r.target().map(t -> t.describe() + " " + r.targetStatus()).orElse(""));
            }
            lines.add("| " + String.join(" | ", cells) + " |");
        }
        return String.join("\n", lines) + "\n";
    }

    private static String appTable(List<Row> rs) {
        List<String> lines = new ArrayList<>();
        lines.add("| Scenario | Metric | Cadre median (min–max) | Better | GC in timed region | Others' CPU, load |");
        lines.add("|---|---|---|---|---|---|");
        for (Row r : rs) {
            lines.add("| " + String.join(" | ", r.scenario().id(), r.metric().id() + " (" + r.metric().unit() + ")",
                    human(r.metric(), r.cadre(), true), r.metric().better().id(), gcCell(r.cadre()),
                    loadCell(r.load())) + " |");
        }
        return String.join("\n", lines) + "\n";
    }

    /**
     * {@return the ratio as the table shows it: bold with its interval if quoted, the interval
     * alone if too wide}
     *
     * @param r a row
     */
    static String ratioCell(Row r) {
        return switch (r.verdict()) {
            case FAIL -> FAIL;
            case NA, SOLO -> NA;
            case FEW -> String.format(Locale.ROOT, "%.2f (too few runs to judge)", r.ratio().orElseThrow());
            case WIDE -> {
                RatioInterval i = r.interval().orElseThrow();
                yield String.format(Locale.ROOT, "too noisy: %s–%s%s", ratio2(i.lo()), ratio2(i.hi()), winner(r, i));
            }
            case QUOTED -> {
                RatioInterval i = r.interval().orElseThrow();
                yield String.format(Locale.ROOT, "**%s** (%s–%s)", ratio2(i.ratio()), ratio2(i.lo()), ratio2(i.hi()));
            }
        };
    }

    /**
     * {@return " (Cadre better)" or " (Pekko better)" if the whole interval is on one side of 1,
     * else ""}
     */
    static String winner(Row r, RatioInterval i) {
        boolean higher = r.metric().better() == Metric.Better.HIGHER;
        if (i.lo() > 1) {
            return higher ? " (Cadre better)" : " (Pekko better)";
        }
        if (i.hi() < 1) {
            return higher ? " (Pekko better)" : " (Cadre better)";
        }
        return "";
    }

    private static String ratio2(double x) {
        return String.format(Locale.ROOT, x < 0.095 ? "%.3f" : "%.2f", x);
    }

    static String gcCell(Cell c) {
        if (!c.available() || c.gc() == null) {
            return "";
        }
        Gc g = c.gc();
        if (g.pausesPerIteration() == 0) {
            return "none";
        }
        return String.format(Locale.ROOT, "%s%% (%.1f pauses, %s ms per iteration)", pct(g.share()),
                g.pausesPerIteration(), g.millisPerIteration() < 10 ? String.format(Locale.ROOT, "%.1f",
                        g.millisPerIteration()) : String.format(Locale.ROOT, "%.0f", g.millisPerIteration()));
    }

    private static String pct(double share) {
        double p = share * 100;
        return p < 1 ? String.format(Locale.ROOT, "%.1f", p) : String.format(Locale.ROOT, "%.0f", p);
    }

    static String loadCell(Load l) {
        if (Double.isNaN(l.othersCpu()) && Double.isNaN(l.load1Max())) {
            return "n/a";
        }
        String cpu = Double.isNaN(l.othersCpu()) ? "n/a" : pct(l.othersCpu()) + "%";
        String load = Double.isNaN(l.load1Max()) ? "n/a" : String.format(Locale.ROOT, "%.1f", l.load1Max());
        return (l.underLoad() ? "**under load**: " : "") + cpu + ", " + load;
    }

    static String human(Metric m, Cell c, boolean withRange) {
        if (c.failed()) {
            return FAIL + " (" + c.unavailable() + ")";
        }
        Summary s = c.summary();
        if (s == null) {
            return NA + " (" + c.unavailable() + ")";
        }
        String median = formatHuman(m, s.median());
        if (!withRange || s.count() < 2) {
            return median;
        }
        return median + " (" + formatHuman(m, s.min()) + "–" + formatHuman(m, s.max()) + ")";
    }

    /**
     * A readable number: millions of msgs/s, seconds, bytes, microseconds, milliseconds.
     *
     * @param m the metric
     * @param v the value
     * @return e.g. {@code 12.3M}, {@code 1.23}, {@code 312}, {@code 45.6}
     */
    public static String formatHuman(Metric m, double v) {
        return switch (m) {
            case THROUGHPUT -> String.format(Locale.ROOT, "%.2fM", v / 1e6);
            case ORDERS_PER_S -> String.format(Locale.ROOT, "%,.0f", v);
            case TIME -> String.format(Locale.ROOT, v < 10 ? "%.3f" : "%.2f", v);
            case BYTES_PER_ACTOR, HEAP_EARLY, HEAP_LATE, HEAP_PER_ORDER -> String.format(Locale.ROOT, "%.0f", v);
            case P50, P99, P99_9, ORDER_P50, ORDER_P99 -> String.format(Locale.ROOT, v < 100 ? "%.1f" : "%.0f", v);
        };
    }

    /** {@return how many rows with a target met it, out of how many have one} */
    public String targetSummary() {
        long withTarget = rows.stream().filter(r -> r.target().isPresent()).count();
        long met = rows.stream().filter(r -> r.targetStatus().equals("met")).count();
        return met + " of " + withTarget + " targets met";
    }

    /**
     * {@return rows that failed, were too noisy or were measured under load, one line each, or
     * empty}
     */
    public List<String> warnings() {
        List<String> w = new ArrayList<>();
        for (Row r : rows) {
            String id = r.scenario().id() + " " + r.metric().id();
            switch (r.verdict()) {
                case FAIL -> w.add(id + ": FAIL (" + note(r) + ")");
                case WIDE -> w.add(id + ": interval too wide to quote the ratio");
                default -> {
                }
            }
            if (r.load().underLoad()) {
                w.add(id + ": measured under load (others used " + pct(r.load().othersCpu()) + "% of the CPU)");
            }
        }
        return w;
    }
}
