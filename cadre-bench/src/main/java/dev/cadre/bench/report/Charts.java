package dev.cadre.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The report's charts, each an SVG document drawn from the rows of the results CSV (and, for the
 * stability chart, the iterations CSV). No scripts: static shapes and text only.
 */
final class Charts {
    static final String CADRE = "#1565c0";
    static final String PEKKO = "#ef6c00";
    static final String CADRE_BETTER = "#2e7d32";
    static final String PEKKO_BETTER = "#c62828";
    static final String NEUTRAL = "#757575";
    static final String GRID = "#e0e0e0";
    static final String INK = "#212121";
    static final String[] ROUNDS = {"#1b5e20", "#6a1b9a", "#00838f", "#ad1457", "#f9a825", "#4e342e"};

    private Charts() {
    }

    // --- ratio per row -----------------------------------------------------------------------------

    /**
     * Cadre/Pekko per row on a log scale, with the 95% interval as a bar. Green: Cadre better,
     * red: Pekko better (by the row's direction), grey: the interval contains 1; hollow: the
     * interval is too wide to quote the ratio.
     */
    static String ratio(List<Map<String, String>> rows) {
        List<Map<String, String>> rs = rows.stream().filter(r -> !"app".equals(r.get("suite"))).toList();
        double lo = 0.5;
        double hi = 2;
        for (Map<String, String> r : rs) {
            for (String c : List.of("ratio", "ratio_lo", "ratio_hi")) {
                Optional<Double> v = Csv.number(r, c);
                if (v.isPresent() && v.get() > 0) {
                    lo = Math.min(lo, v.get());
                    hi = Math.max(hi, v.get());
                }
            }
        }
        double logLo = Math.floor(Math.log10(lo) * 2) / 2;
        double logHi = Math.ceil(Math.log10(hi) * 2) / 2;
        int labelW = 20 + rs.stream().mapToInt(r -> label(r).length()).max().orElse(10) * 7;
        int plotW = 430;
        int valueW = 260;
        int rowH = 22;
        int top = 58;
        int width = labelW + plotW + valueW + 20;
        int height = top + rs.size() * rowH + 40;
        Svg svg = new Svg("ratio-chart", width, height, "Cadre/Pekko ratio per scenario with 95% intervals");
        svg.text(10, 20, "start", INK, "font-size=\"15\" font-weight=\"bold\"",
                "Cadre / Pekko (log scale; the bar is the 95% bootstrap interval)");
        svg.circle(16, 38, 5, CADRE_BETTER, CADRE_BETTER, "").text(26, 42, "start", INK, "", "Cadre better");
        svg.circle(126, 38, 5, PEKKO_BETTER, PEKKO_BETTER, "").text(136, 42, "start", INK, "", "Pekko better");
        svg.circle(236, 38, 5, NEUTRAL, NEUTRAL, "").text(246, 42, "start", INK, "", "no clear difference");
        svg.circle(396, 38, 5, "#ffffff", NEUTRAL, "").text(406, 42, "start", INK, "", "too noisy to quote");
        double x0 = labelW;
        java.util.function.DoubleUnaryOperator x = v -> x0 + (Math.log10(v) - logLo) / (logHi - logLo) * plotW;
        double plotBottom = top + rs.size() * rowH;
        for (int i = 0; i < rs.size(); i += 2) {
            svg.rect(0, top + i * rowH, width, rowH, "#f7f7f7", "");
        }
        for (double e = logLo; e <= logHi + 1e-9; e += 0.5) {
            for (double m : e == Math.floor(e) ? new double[] {1, 2} : new double[] {5}) {
                double v = Math.pow(10, Math.floor(e)) * m;
                if (Math.log10(v) < logLo - 1e-9 || Math.log10(v) > logHi + 1e-9) {
                    continue;
                }
                double px = x.applyAsDouble(v);
                svg.line(px, top - 4, px, plotBottom, v == 1 ? "#9e9e9e" : GRID, v == 1 ? 1.5 : 1, "");
                svg.text(px, plotBottom + 14, "middle", NEUTRAL, "", tick(v));
            }
        }
        svg.text(x0 + plotW / 2.0, plotBottom + 30, "middle", NEUTRAL, "", "cadre / pekko");
        for (int i = 0; i < rs.size(); i++) {
            Map<String, String> r = rs.get(i);
            double y = top + i * rowH + rowH / 2.0;
            String verdict = r.getOrDefault("verdict", "");
            boolean higher = "higher".equals(r.get("better"));
            String label = label(r);
            svg.open(String.format(Locale.ROOT, "class=\"row\" data-scenario=\"%s\" data-metric=\"%s\" data-ratio=\"%s\" "
                    + "data-verdict=\"%s\"", Svg.esc(r.getOrDefault("scenario", "")),
                    Svg.esc(r.getOrDefault("metric", "")), Svg.esc(r.getOrDefault("ratio", "")), Svg.esc(verdict)));
            svg.text(labelW - 8, y + 4, "end", INK, "", label);
            Optional<Double> ratio = Csv.number(r, "ratio");
            Optional<Double> rlo = Csv.number(r, "ratio_lo");
            Optional<Double> rhi = Csv.number(r, "ratio_hi");
            if ("fail".equals(verdict)) {
                String note = r.getOrDefault("note", "");
                svg.text(x0 + 6, y + 4, "start", PEKKO_BETTER, "font-weight=\"bold\"", "FAIL" + (note.isBlank() ? ""
                        : ": " + (note.length() > 90 ? note.substring(0, 87) + "..." : note)));
            } else if (ratio.isEmpty() || ratio.get() <= 0) {
                svg.text(x0 + 6, y + 4, "start", NEUTRAL, "", "n/a");
            } else {
                double lo2 = rlo.orElse(ratio.get());
                double hi2 = rhi.orElse(ratio.get());
                boolean cadreBetter = higher ? lo2 > 1 : hi2 < 1;
                boolean pekkoBetter = higher ? hi2 < 1 : lo2 > 1;
                String color = cadreBetter ? CADRE_BETTER : pekkoBetter ? PEKKO_BETTER : NEUTRAL;
                boolean hollow = "wide".equals(verdict) || "few".equals(verdict);
                svg.line(x.applyAsDouble(lo2), y, x.applyAsDouble(hi2), y, color, 3,
                        hollow ? "stroke-dasharray=\"4 3\"" : "");
                svg.circle(x.applyAsDouble(ratio.get()), y, 5, hollow ? "#ffffff" : color, color, "");
                String text = switch (verdict) {
                    case "wide" -> String.format(Locale.ROOT, "too noisy: %s–%s%s", r2(lo2), r2(hi2),
                            cadreBetter ? " (Cadre better)" : pekkoBetter ? " (Pekko better)" : "");
                    case "few" -> r2(ratio.get()) + " (too few runs)";
                    default -> String.format(Locale.ROOT, "%s (%s–%s)", r2(ratio.get()), r2(lo2), r2(hi2));
                };
                svg.text(x0 + plotW + 10, y + 4, "start", color, hollow ? "" : "font-weight=\"bold\"", text);
            }
            svg.close();
        }
        return svg.end();
    }

    private static String label(Map<String, String> r) {
        return r.get("scenario") + " " + r.get("metric") + ("higher".equals(r.get("better")) ? " (higher better)"
                : " (lower better)");
    }

    // --- latency percentiles ----------------------------------------------------------------------

    /**
     * Latency rows (µs, ms): per scenario, one bar per contender and percentile on a log scale
     * (tails are often 100x the median), whiskers p25–p75 of the iterations.
     */
    static String latency(List<Map<String, String>> rows) {
        Map<String, List<Map<String, String>>> byScenario = new LinkedHashMap<>();
        for (Map<String, String> r : rows) {
            String unit = r.getOrDefault("unit", "");
            if (unit.equals("µs") || unit.equals("ms")) {
                byScenario.computeIfAbsent(r.get("scenario"), k -> new ArrayList<>()).add(r);
            }
        }
        int labelW = 150;
        int plotW = 480;
        int valueW = 170;
        int barH = 12;
        int width = labelW + plotW + valueW + 20;
        int height = 64;
        for (List<Map<String, String>> rs : byScenario.values()) {
            height += 40 + rs.size() * (2 * barH + 10);
        }
        Svg svg = new Svg("latency-chart", width, Math.max(height, 80), "Latency percentiles");
        svg.text(10, 20, "start", INK, "font-size=\"15\" font-weight=\"bold\"",
                "Latency percentiles (log scale): median of the iterations, whisker = their interquartile range");
        svg.rect(10, 32, 10, 10, CADRE, "").text(24, 41, "start", INK, "", "Cadre");
        svg.rect(80, 32, 10, 10, PEKKO, "").text(94, 41, "start", INK, "", "Pekko");
        double y = 64;
        if (byScenario.isEmpty()) {
            svg.text(10, y + 10, "start", NEUTRAL, "", "no latency rows in this run");
        }
        for (var e : byScenario.entrySet()) {
            List<Map<String, String>> rs = e.getValue();
            double min = Double.POSITIVE_INFINITY;
            double max = 0;
            for (Map<String, String> r : rs) {
                for (String c : List.of("cadre", "pekko", "cadre_p25", "pekko_p25", "cadre_p75", "pekko_p75")) {
                    Optional<Double> v = Csv.number(r, c);
                    if (v.isPresent() && v.get() > 0) {
                        min = Math.min(min, v.get());
                        max = Math.max(max, v.get());
                    }
                }
            }
            if (max <= 0) {
                min = 1;
                max = 10;
            }
            double logLo = Math.floor(Math.log10(min));
            double logHi = Math.max(logLo + 1, Math.ceil(Math.log10(max)));
            java.util.function.DoubleUnaryOperator x = v -> labelW + (Math.log10(Math.max(v, Math.pow(10, logLo)))
                    - logLo) / (logHi - logLo) * plotW;
            String unit = rs.get(0).get("unit");
            svg.text(10, y - 8, "start", INK, "font-weight=\"bold\"", e.getKey() + " (" + unit + ")");
            double axisBottom = y + rs.size() * (2 * barH + 10);
            for (double p = logLo; p <= logHi + 1e-9; p++) {
                for (double m : new double[] {1, 2, 5}) {
                    double v = Math.pow(10, p) * m;
                    if (Math.log10(v) > logHi + 1e-9) {
                        continue;
                    }
                    double px = x.applyAsDouble(v);
                    svg.line(px, y - 2, px, axisBottom - 6, GRID, 1, "");
                    svg.text(px, axisBottom + 6, "middle", NEUTRAL, "font-size=\"10\"", tick(v));
                }
            }
            for (Map<String, String> r : rs) {
                svg.open(String.format(Locale.ROOT, "class=\"latency\" data-scenario=\"%s\" data-metric=\"%s\"",
                        Svg.esc(r.getOrDefault("scenario", "")), Svg.esc(r.getOrDefault("metric", ""))));
                svg.text(labelW - 8, y + barH + 4, "end", INK, "", r.getOrDefault("metric", ""));
                int k = 0;
                for (String side : List.of("cadre", "pekko")) {
                    Optional<Double> v = Csv.number(r, side);
                    double by = y + k * barH;
                    if (v.isPresent() && v.get() > 0) {
                        String color = side.equals("cadre") ? CADRE : PEKKO;
                        svg.rect(labelW, by + 1, x.applyAsDouble(v.get()) - labelW, barH - 2, color, "");
                        Optional<Double> p25 = Csv.number(r, side + "_p25");
                        Optional<Double> p75 = Csv.number(r, side + "_p75");
                        if (p25.isPresent() && p75.isPresent() && p25.get() > 0) {
                            double mid = by + barH / 2.0;
                            svg.line(x.applyAsDouble(p25.get()), mid, x.applyAsDouble(p75.get()), mid, INK, 1.5, "");
                        }
                        svg.text(labelW + plotW + 8, by + barH - 2, "start", color, "", side + " " + fmt(v.get()));
                    }
                    k++;
                }
                svg.close();
                y += 2 * barH + 10;
            }
            y += 40;
        }
        return svg.end();
    }

    // --- GC share -----------------------------------------------------------------------------------

    /** Per scenario: the share of the timed region spent in GC pauses, Cadre and Pekko. */
    static String gc(List<Map<String, String>> rows) {
        Map<String, Map<String, String>> firstRow = new LinkedHashMap<>();
        for (Map<String, String> r : rows) {
            firstRow.putIfAbsent(r.get("scenario"), r);
        }
        int labelW = 150;
        int plotW = 440;
        int valueW = 330;
        int barH = 10;
        int rowH = 2 * barH + 8;
        int top = 56;
        int width = labelW + plotW + valueW + 20;
        int height = top + firstRow.size() * rowH + 30;
        Svg svg = new Svg("gc-chart", width, height, "GC pause share of the timed region");
        svg.text(10, 20, "start", INK, "font-size=\"15\" font-weight=\"bold\"",
                "GC pauses inside the timed region (share of its wall time)");
        svg.rect(10, 32, 10, 10, CADRE, "").text(24, 41, "start", INK, "", "Cadre");
        svg.rect(80, 32, 10, 10, PEKKO, "").text(94, 41, "start", INK, "", "Pekko");
        double max = 0.05;
        for (Map<String, String> r : firstRow.values()) {
            max = Math.max(max, Csv.number(r, "cadre_gc_share").orElse(0.0));
            max = Math.max(max, Csv.number(r, "pekko_gc_share").orElse(0.0));
        }
        max = Math.min(1, niceCeiling(max * 1.05));
        double plotBottom = top + firstRow.size() * rowH;
        for (int t = 0; t <= 4; t++) {
            double v = max * t / 4;
            double px = labelW + v / max * plotW;
            svg.line(px, top - 4, px, plotBottom, GRID, 1, "");
            svg.text(px, plotBottom + 14, "middle", NEUTRAL, "", String.format(Locale.ROOT, "%.0f%%", v * 100));
        }
        int i = 0;
        for (var e : firstRow.entrySet()) {
            Map<String, String> r = e.getValue();
            double y = top + i * rowH;
            svg.open("class=\"gc\" data-scenario=\"" + Svg.esc(e.getKey()) + "\"");
            svg.text(labelW - 8, y + barH + 4, "end", INK, "", e.getKey());
            int k = 0;
            for (String side : List.of("cadre", "pekko")) {
                Optional<Double> share = Csv.number(r, side + "_gc_share");
                if (share.isPresent()) {
                    String color = side.equals("cadre") ? CADRE : PEKKO;
                    double by = y + k * barH;
                    svg.rect(labelW, by + 1, share.get() / max * plotW, barH - 2, color, "");
                    svg.text(labelW + plotW + 8, by + barH - 1, "start", color, "font-size=\"11\"",
                            String.format(Locale.ROOT, "%s %.1f%%: %s pauses, %s ms per iteration", side,
                                    share.get() * 100, r.getOrDefault(side + "_gc_pauses", "?"),
                                    r.getOrDefault(side + "_gc_ms", "?")));
                }
                k++;
            }
            svg.close();
            i++;
        }
        return svg.end();
    }

    // --- stability: every iteration -----------------------------------------------------------------

    /**
     * Every timed iteration of each scenario's first metric, divided by its contender's median, on
     * a log scale from 1/2 to 2 (values beyond are drawn at the edge as triangles' worth: an
     * arrow-like mark); colour = the JVM (round) it ran in. A JVM that runs slower as a whole shows
     * as a cluster of one colour away from 1; a bimodal figure as two clusters.
     */
    static String stability(List<Map<String, String>> results, List<Map<String, String>> iterations) {
        Map<String, String> firstMetric = new LinkedHashMap<>();
        for (Map<String, String> r : results) {
            firstMetric.putIfAbsent(r.get("scenario"), r.get("metric"));
        }
        Map<String, List<Map<String, String>>> series = new LinkedHashMap<>();
        for (var e : firstMetric.entrySet()) {
            for (String c : List.of("cadre", "pekko")) {
                List<Map<String, String>> pts = iterations.stream().filter(it -> e.getKey().equals(it.get("scenario"))
                        && e.getValue().equals(it.get("metric")) && c.equals(it.get("contender"))).toList();
                if (!pts.isEmpty()) {
                    series.put(e.getKey() + " " + e.getValue() + " · " + c, pts);
                }
            }
        }
        int labelW = 270;
        int plotW = 480;
        int rowH = 18;
        int top = 58;
        int width = labelW + plotW + 40;
        int height = top + Math.max(1, series.size()) * rowH + 40;
        Svg svg = new Svg("stability-chart", width, height, "Every timed iteration relative to its median");
        svg.text(10, 20, "start", INK, "font-size=\"15\" font-weight=\"bold\"",
                "Every timed iteration / its contender's median (log scale; colour = JVM)");
        for (int k = 0; k < ROUNDS.length; k++) {
            svg.circle(16 + k * 70, 38, 4, ROUNDS[k], ROUNDS[k], "").text(24 + k * 70, 42, "start", INK, "",
                    "JVM " + (k + 1));
        }
        double lo = Math.log10(0.5);
        double hi = Math.log10(2);
        java.util.function.DoubleUnaryOperator x = v -> labelW + (Math.log10(Math.clamp(v, 0.5, 2.0)) - lo) / (hi - lo)
                * plotW;
        double plotBottom = top + Math.max(1, series.size()) * rowH;
        for (int i = 0; i < series.size(); i += 2) {
            svg.rect(0, top + i * rowH, width, rowH, "#f7f7f7", "");
        }
        for (double v : new double[] {0.5, 0.667, 0.8, 1, 1.25, 1.5, 2}) {
            double px = x.applyAsDouble(v);
            svg.line(px, top - 4, px, plotBottom, v == 1 ? "#9e9e9e" : GRID, v == 1 ? 1.5 : 1, "");
            svg.text(px, plotBottom + 14, "middle", NEUTRAL, "", v == 0.667 ? "0.67" : tick(v));
        }
        svg.text(labelW + plotW / 2.0, plotBottom + 30, "middle", NEUTRAL, "", "value / median (beyond 0.5 or 2: drawn at the edge)");
        if (series.isEmpty()) {
            svg.text(labelW + 6, top + 12, "start", NEUTRAL, "", "no iterations file next to the results");
        }
        int i = 0;
        for (var e : series.entrySet()) {
            double y = top + i * rowH + rowH / 2.0;
            double[] values = e.getValue().stream().mapToDouble(it -> Csv.number(it, "value").orElse(Double.NaN))
                    .filter(Double::isFinite).sorted().toArray();
            double median = values.length == 0 ? 1 : values.length % 2 == 1 ? values[values.length / 2]
                    : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
            svg.open("class=\"stability\" data-series=\"" + Svg.esc(e.getKey()) + "\"");
            svg.text(labelW - 8, y + 4, "end", INK, "", e.getKey());
            for (Map<String, String> it : e.getValue()) {
                Optional<Double> v = Csv.number(it, "value");
                if (v.isEmpty() || median == 0) {
                    continue;
                }
                int round = Csv.number(it, "round").orElse(1.0).intValue();
                String color = ROUNDS[Math.floorMod(round - 1, ROUNDS.length)];
                double rel = v.get() / median;
                boolean clipped = rel < 0.5 || rel > 2;
                svg.circle(x.applyAsDouble(rel), y, clipped ? 4.5 : 3.5, clipped ? "#ffffff" : color, color,
                        "fill-opacity=\"0.8\"");
            }
            svg.close();
            i++;
        }
        return svg.end();
    }

    // --- helpers --------------------------------------------------------------------------------------

    private static String r2(double v) {
        return String.format(Locale.ROOT, v < 0.095 ? "%.3f" : "%.2f", v);
    }

    private static String tick(double v) {
        if (v >= 1 && v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(v >= 1 ? 3 : 1)).stripTrailingZeros()
                .toPlainString();
    }

    private static String fmt(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : v >= 10 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }

    /** {@return the smallest of 1, 2, 2.5, 5 times a power of 10 that is at least v} */
    static double niceCeiling(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }
}
