package dev.cadre.bench.report;

import dev.cadre.bench.versus.Report;
import dev.cadre.bench.versus.Scenario;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./cadre bench --report DIR}: a self-contained HTML page with SVG charts, drawn from the
 * results CSV ({@link Report#CSV_HEADER}) and, when it sits next to it, the per-iteration CSV and
 * the environment. No JavaScript at all, nothing loaded from elsewhere: the page is well-formed
 * XHTML-compatible HTML, each chart also a standalone {@code .svg} file (for READMEs).
 *
 * <p>Written to {@code DIR}: {@value #INDEX}, {@value #RATIO_SVG}, {@value #LATENCY_SVG},
 * {@value #GC_SVG}, {@value #STABILITY_SVG}. {@code ./cadre bench --report DIR} also writes
 * {@value #RESULTS_CSV}, {@value #ITERATIONS_CSV}, {@value #RESULTS_MD} and
 * {@value #ENVIRONMENT} there first.
 */
public final class HtmlReport {
    /** The page. */
    public static final String INDEX = "index.html";
    /** The results, one row per scenario and metric. */
    public static final String RESULTS_CSV = "results.csv";
    /** Every timed iteration. */
    public static final String ITERATIONS_CSV = "iterations.csv";
    /** The Markdown tables. */
    public static final String RESULTS_MD = "results.md";
    /** Machine, JDK, flags, sizes. */
    public static final String ENVIRONMENT = "environment.md";
    /** Ratio chart. */
    public static final String RATIO_SVG = "ratio.svg";
    /** Latency chart. */
    public static final String LATENCY_SVG = "latency.svg";
    /** GC chart. */
    public static final String GC_SVG = "gc.svg";
    /** Stability chart. */
    public static final String STABILITY_SVG = "stability.svg";
    /** Header of {@value #ITERATIONS_CSV}. */
    public static final String ITERATIONS_HEADER = "round,contender,scenario,iteration,metric,value,region_s,gc_pauses,"
            + "gc_ms,cpu_own_s,cpu_machine_s,cores,load1";

    private HtmlReport() {
    }

    /**
     * Renders the report from a results CSV into a directory.
     *
     * @param resultsCsv the results CSV; {@value #ITERATIONS_CSV} and {@value #ENVIRONMENT} in the
     *     same directory are used if present
     * @param dir where to write the page and the charts
     * @throws IOException if a file cannot be read or written
     * @throws IllegalArgumentException if the CSV lacks a column the report needs
     */
    public static void renderFrom(Path resultsCsv, Path dir) throws IOException {
        Csv results = Csv.read(resultsCsv);
        results.require(Report.CSV_HEADER.split(","));
        Path itFile = resultsCsv.toAbsolutePath().resolveSibling(ITERATIONS_CSV);
        List<Map<String, String>> iterations = List.of();
        if (Files.isRegularFile(itFile)) {
            Csv its = Csv.read(itFile);
            its.require(ITERATIONS_HEADER.split(","));
            iterations = its.rows();
        }
        Path envFile = resultsCsv.toAbsolutePath().resolveSibling(ENVIRONMENT);
        String env = Files.isRegularFile(envFile) ? Files.readString(envFile, StandardCharsets.UTF_8) : "";
        Files.createDirectories(dir);
        String ratio = Charts.ratio(results.rows());
        String latency = Charts.latency(results.rows());
        String gc = Charts.gc(results.rows());
        String stability = Charts.stability(results.rows(), iterations);
        Files.writeString(dir.resolve(RATIO_SVG), ratio, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(LATENCY_SVG), latency, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(GC_SVG), gc, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(STABILITY_SVG), stability, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(INDEX), page(results, env, ratio, latency, gc, stability), StandardCharsets.UTF_8);
    }

    static String page(Csv results, String env, String ratio, String latency, String gc, String stability) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n<title>Cadre vs Apache Pekko: benchmark report</title>\n")
                .append("<style>\n")
                .append("body{font-family:system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;margin:2em;"
                        + "color:#212121;max-width:1400px}\n")
                .append("div.wide{overflow-x:auto}\n")
                .append("table{border-collapse:collapse;font-size:12px;margin:1em 0}\n")
                .append("th,td{border:1px solid #e0e0e0;padding:3px 6px;text-align:right;vertical-align:top}\n")
                .append("th{background:#f5f5f5}\ntd.l,th.l{text-align:left}\n")
                .append("tr.fail td{background:#ffebee}\ntr.wide td{background:#fff8e1}\n")
                .append("pre{background:#f5f5f5;padding:1em;overflow-x:auto;font-size:12px}\n")
                .append("figure{margin:1.5em 0}\n</style>\n</head>\n<body>\n");
        sb.append("<h1>Cadre vs Apache Pekko: benchmark report</h1>\n");
        if (!env.isBlank()) {
            sb.append("<pre>").append(Svg.esc(env.strip())).append("</pre>\n");
        }
        sb.append("<p>Every row comes from several fresh JVMs per contender, each running full-size warm-ups and "
                + "then timed iterations; contenders interleaved. Values are medians of all timed iterations; the "
                + "ratio is Cadre's median over Pekko's (for throughput higher is better, for times and latencies "
                + "lower is better), with a 95% bootstrap interval that resamples JVMs and then iterations. A ratio "
                + "whose interval spans more than a factor of ").append(Report.WIDE_FACTOR).append(" is shown as "
                + "<em>too noisy</em> instead of being quoted. GC is the stop-the-world pause time inside the timed "
                + "regions (GC MXBeans). <em>Others' CPU</em> is the share of the machine's CPU that other processes "
                + "used during the timed regions (from /proc/stat minus the benchmark JVM's own CPU time); at "
                + "≥ ").append(Math.round(Report.UNDER_LOAD_SHARE * 100)).append("% a row is marked "
                + "<em>under load</em>.</p>\n");
        sb.append("<figure>").append(inline(ratio)).append("</figure>\n");
        sb.append("<h2>Results</h2>\n<div class=\"wide\">").append(table(results)).append("</div>\n");
        sb.append("<figure>").append(inline(latency)).append("</figure>\n");
        sb.append("<figure>").append(inline(gc)).append("</figure>\n");
        sb.append("<figure>").append(inline(stability)).append("</figure>\n");
        sb.append("<h2>What each side does (parity)</h2>\n<dl>\n");
        Set<String> seen = new LinkedHashSet<>();
        results.rows().forEach(r -> seen.add(r.get("scenario")));
        for (String id : seen) {
            String parity = Arrays.stream(Scenario.values()).filter(s -> s.id().equals(id)).findFirst()
                    .map(Scenario::parity).orElse("(unknown scenario)");
            sb.append("<dt><b>").append(Svg.esc(id)).append("</b></dt><dd>").append(Svg.esc(parity)).append("</dd>\n");
        }
        sb.append("</dl>\n</body>\n</html>\n");
        return sb.toString();
    }

    /** Drops the XML-ish header lines an inline SVG does not need (it has none; kept for safety). */
    private static String inline(String svg) {
        return svg.startsWith("<?xml") ? svg.substring(svg.indexOf("?>") + 2) : svg;
    }

    private static final List<String[]> COLUMNS = List.of(
            new String[] {"scenario", "Scenario"}, new String[] {"metric", "Metric"}, new String[] {"unit", "Unit"},
            new String[] {"cadre", "Cadre median"}, new String[] {"cadre_p25", "p25"}, new String[] {"cadre_p75", "p75"},
            new String[] {"cadre_n", "n"}, new String[] {"pekko", "Pekko median"}, new String[] {"pekko_p25", "p25"},
            new String[] {"pekko_p75", "p75"}, new String[] {"pekko_n", "n"}, new String[] {"ratio", "Cadre/Pekko"},
            new String[] {"ratio_lo", "95% lo"}, new String[] {"ratio_hi", "95% hi"}, new String[] {"verdict", "Verdict"},
            new String[] {"better", "Better"}, new String[] {"limit", "Raw-queue limit"},
            new String[] {"cadre_gc_share", "GC share Cadre"}, new String[] {"pekko_gc_share", "GC share Pekko"},
            new String[] {"others_cpu", "Others' CPU"}, new String[] {"load1_max", "Load (1 min)"},
            new String[] {"under_load", "Under load"}, new String[] {"note", "Note"});

    private static String table(Csv results) {
        StringBuilder sb = new StringBuilder("<table id=\"results\">\n<tr>");
        for (String[] c : COLUMNS) {
            sb.append("<th").append(left(c[0]) ? " class=\"l\"" : "").append('>').append(Svg.esc(c[1])).append("</th>");
        }
        sb.append("</tr>\n");
        for (Map<String, String> r : results.rows()) {
            String verdict = r.getOrDefault("verdict", "");
            List<String> classes = new ArrayList<>();
            if (verdict.equals("fail")) {
                classes.add("fail");
            } else if (verdict.equals("wide")) {
                classes.add("wide");
            }
            sb.append("<tr").append(classes.isEmpty() ? "" : " class=\"" + String.join(" ", classes) + "\"").append('>');
            for (String[] c : COLUMNS) {
                String v = r.getOrDefault(c[0], "");
                if (c[0].endsWith("gc_share") || c[0].equals("others_cpu")) {
                    v = Csv.number(r, c[0]).map(x -> String.format(java.util.Locale.ROOT, "%.1f%%", x * 100)).orElse(v);
                }
                sb.append("<td").append(left(c[0]) ? " class=\"l\"" : "").append('>').append(Svg.esc(v)).append("</td>");
            }
            sb.append("</tr>\n");
        }
        return sb.append("</table>").toString();
    }

    private static boolean left(String column) {
        return column.equals("scenario") || column.equals("metric") || column.equals("note") || column.equals("verdict");
    }
}
