package dev.cadre.bench.versus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    /** A cell of three JVMs, each with the given values. */
    static Report.Cell cell(double... values) {
        List<List<Double>> byJvm = List.of(
                Arrays.stream(values).boxed().toList(),
                Arrays.stream(values).boxed().toList(),
                Arrays.stream(values).boxed().toList());
        return Report.Cell.of(byJvm, new Report.Gc(0.02, 0.4, 3));
    }

    static final Report.Load QUIET = new Report.Load(0.02, 1.5);

    static Report sample() {
        return new Report(List.of(
                Report.Row.of(Scenario.PINGPONG, Metric.THROUGHPUT, cell(15e6, 14e6, 16e6), cell(4e6, 4.1e6, 3.9e6),
                        cell(6e6), QUIET),
                Report.Row.of(Scenario.FANIN_BOUNDED, Metric.THROUGHPUT, Report.Cell.na("no bounded mailbox"),
                        cell(3e6, 3e6, 3e6), cell(12e6), QUIET),
                Report.Row.of(Scenario.SPAWN, Metric.BYTES_PER_ACTOR, cell(300.04, 300.04, 300.04),
                        cell(757.5, 757.5, 757.5), null, QUIET),
                Report.Row.of(Scenario.ASK, Metric.P99_9, cell(30, 60, 90, 20, 120), cell(50, 50, 50), null,
                        new Report.Load(0.25, 5.5)),
                Report.Row.of(Scenario.SKYNET, Metric.TIME, Report.Cell.failed("check failed: skynet sum 1, expected 45"),
                        cell(1, 1, 1), null, QUIET),
                Report.Row.of(Scenario.FULFILMENT, Metric.ORDERS_PER_S, cell(11000, 11500, 12000),
                        Report.Cell.na("Cadre only"), null, QUIET)));
    }

    @Test
    void csvKeepsTheEarlierColumnsFirstThenTheSpreadGcAndLoad() {
        List<String> lines = sample().toCsv().lines().toList();
        assertThat(lines.get(0)).isEqualTo(Report.CSV_HEADER)
                .startsWith("scenario,metric,unit,cadre,pekko,ratio,better,limit,");
        assertThat(lines.get(1)).startsWith("pingpong,throughput,msgs/s,15000000,4000000,3.750,higher,6000000,micro,");
        assertThat(lines.get(1)).contains(",quoted,", ",0.0200,0.40,3.0,").endsWith(",0.020,1.50,false,");
        assertThat(lines.get(2)).startsWith("fanin-bounded,throughput,msgs/s,n/a,3000000,n/a,higher,12000000,micro,,,n/a,")
                .endsWith(",no bounded mailbox");
        assertThat(lines.get(3)).startsWith("spawn,bytes-per-actor,B,300.0,757.5,0.396,lower,,micro,0.396,0.396,quoted,");
        assertThat(lines.get(4)).contains(",true,"); // ask: under load
        assertThat(lines.get(5)).startsWith("skynet,time,s,FAIL,1.0000,n/a,lower,,micro,,,fail,")
                .endsWith("\"check failed: skynet sum 1, expected 45\"");
        assertThat(lines.get(6)).startsWith("fulfilment,orders-per-s,orders/s,11500,n/a,n/a,higher,,app,,,cadre-only,");
        dev.cadre.bench.report.Csv parsed = dev.cadre.bench.report.Csv.parse(sample().toCsv(), "sample");
        assertThat(parsed.rows()).hasSize(6);
        assertThat(parsed.rows().get(4).get("note")).isEqualTo("check failed: skynet sum 1, expected 45");
    }

    @Test
    void csvIsWrittenInUtf8(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/out.csv");
        sample().writeCsv(file);
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(sample().toCsv());
    }

    @Test
    void ratioIsCadreOverPekkoMediansWithAnIntervalAroundIt() {
        Report.Row row = sample().rows().get(0);
        assertThat(row.ratio()).hasValueSatisfying(r -> assertThat(r).isEqualTo(15e6 / 4e6));
        RatioInterval i = row.interval().orElseThrow();
        assertThat(i.lo()).isLessThanOrEqualTo(i.ratio());
        assertThat(i.hi()).isGreaterThanOrEqualTo(i.ratio());
        assertThat(sample().rows().get(1).ratio()).isEmpty();
    }

    @Test
    void verdictsSayWhetherARatioCanBeQuoted() {
        List<Report.Row> rows = sample().rows();
        assertThat(rows.get(0).verdict()).isEqualTo(Report.Verdict.QUOTED);
        assertThat(rows.get(1).verdict()).isEqualTo(Report.Verdict.NA);
        assertThat(rows.get(3).verdict()).as("ask p99.9: 20..120 against 50").isEqualTo(Report.Verdict.WIDE);
        assertThat(rows.get(4).verdict()).isEqualTo(Report.Verdict.FAIL);
        assertThat(rows.get(5).verdict()).isEqualTo(Report.Verdict.SOLO);
        Report.Row few = Report.Row.of(Scenario.SKYNET, Metric.TIME,
                Report.Cell.of(List.of(List.of(1.0)), new Report.Gc(0, 0, 0)),
                Report.Cell.of(List.of(List.of(2.0)), new Report.Gc(0, 0, 0)), null, QUIET);
        assertThat(few.verdict()).isEqualTo(Report.Verdict.FEW);
    }

    @Test
    void targetsAreEvaluatedInTheirDirectionAndOnlyOnQuotedRatios() {
        List<Report.Row> rows = sample().rows();
        assertThat(rows.get(0).targetStatus()).isEqualTo("met"); // 3.75 >= 1.5
        assertThat(rows.get(1).targetStatus()).isEqualTo("n/a");
        assertThat(rows.get(2).targetStatus()).isEqualTo("met"); // 0.396 <= 0.5
        assertThat(rows.get(3).targetStatus()).isEmpty(); // p99.9 has no target
        assertThat(rows.get(4).targetStatus()).isEqualTo("n/a"); // skynet failed
        assertThat(Target.of(Scenario.ASK, Metric.P99).orElseThrow().isMet(1.01)).isFalse();
        assertThat(sample().targetSummary()).isEqualTo("2 of 4 targets met");
    }

    @Test
    void markdownQuotesNarrowRatiosAndMarksTheRest() {
        String md = sample().toMarkdown();
        assertThat(md).contains("| pingpong | throughput (msgs/s) | 15.00M (14.00M–16.00M) | 4.00M (3.90M–4.10M) | "
                + "**3.75** (");
        assertThat(md).contains("2% (0.4 pauses, 3.0 ms per iteration)");
        assertThat(md).contains("n/a (no bounded mailbox)");
        assertThat(md).contains("| ask | p99.9 (µs) |").contains("too noisy: ").contains("**under load**: 25%, 5.5");
        Report.Row wideButClear = Report.Row.of(Scenario.FJ_CREATE, Metric.TIME, cell(1, 2, 3, 1.5, 2.5),
                cell(20, 30, 25, 22, 28), null, QUIET);
        assertThat(wideButClear.verdict()).isEqualTo(Report.Verdict.WIDE);
        assertThat(Report.ratioCell(wideButClear)).startsWith("too noisy: ").endsWith(" (Cadre better)");
        assertThat(md).contains("| skynet | time (s) | FAIL (check failed: skynet sum 1, expected 45) |");
        assertThat(md).contains("| fulfilment | orders-per-s (orders/s) | 11,500 (11,000–12,000) |");
        assertThat(sample().warnings()).containsExactly(
                "ask p99.9: interval too wide to quote the ratio",
                "ask p99.9: measured under load (others used 25% of the CPU)",
                "skynet time: FAIL (check failed: skynet sum 1, expected 45)");
    }

    @Test
    void csvEscapesSeparators() {
        assertThat(Report.csvEscape("a,b")).isEqualTo("\"a,b\"");
        assertThat(Report.csvEscape("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Report.csvEscape("plain")).isEqualTo("plain");
    }
}
