package dev.cadre.bench.versus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    private static Report.Cell cell(double... values) {
        return Report.Cell.of(Summary.of(java.util.Arrays.stream(values).boxed().toList()));
    }

    private static Report sample() {
        return new Report(List.of(
                new Report.Row(Scenario.PINGPONG, Metric.THROUGHPUT, cell(15e6, 14e6, 16e6), cell(4e6, 5e6, 3e6),
                        cell(6e6)),
                new Report.Row(Scenario.FANIN_BOUNDED, Metric.THROUGHPUT, Report.Cell.na("no bounded mailbox"),
                        cell(3e6), cell(12e6)),
                new Report.Row(Scenario.SPAWN, Metric.BYTES_PER_ACTOR, cell(300.04), cell(757.5), null),
                new Report.Row(Scenario.ASK, Metric.P99_9, cell(60), cell(50), null)));
    }

    @Test
    void csvHasTheIssuesColumnsAndOneRowPerScenarioAndMetric() {
        String csv = sample().toCsv();
        assertThat(csv.lines()).containsExactly(
                "scenario,metric,unit,cadre,pekko,ratio,better,limit",
                "pingpong,throughput,msgs/s,15000000,4000000,3.750,higher,6000000",
                "fanin-bounded,throughput,msgs/s,n/a,3000000,n/a,higher,12000000",
                "spawn,bytes-per-actor,B,300.0,757.5,0.396,lower,",
                "ask,p99.9,µs,60.00,50.00,1.200,lower,");
    }

    @Test
    void csvIsWrittenInUtf8(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/out.csv");
        sample().writeCsv(file);
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(sample().toCsv());
    }

    @Test
    void ratioIsCadreOverPekkoMedians() {
        Report.Row row = sample().rows().get(0);
        assertThat(row.ratio()).hasValueSatisfying(r -> assertThat(r).isEqualTo(15e6 / 4e6));
        assertThat(sample().rows().get(1).ratio()).isEmpty();
    }

    @Test
    void targetsAreEvaluatedInTheirDirection() {
        List<Report.Row> rows = sample().rows();
        assertThat(rows.get(0).targetStatus()).isEqualTo("met"); // 3.75 >= 1.5
        assertThat(rows.get(1).targetStatus()).isEqualTo("n/a");
        assertThat(rows.get(2).targetStatus()).isEqualTo("met"); // 0.396 <= 0.5
        assertThat(rows.get(3).targetStatus()).isEmpty(); // p99.9 has no target
        assertThat(Target.of(Scenario.ASK, Metric.P99).orElseThrow().isMet(1.01)).isFalse();
        assertThat(sample().targetSummary()).isEqualTo("2 of 3 targets met");
    }

    @Test
    void markdownShowsMedianRangeRatioAndReasons() {
        String md = sample().toMarkdown();
        assertThat(md).contains("| pingpong | throughput (msgs/s) | 15.00M (14.00M–16.00M) | 4.00M (3.00M–5.00M) | **3.75** | higher | 6.00M | ≥ 1.5 met |");
        assertThat(md).contains("n/a (no bounded mailbox)");
        assertThat(md.lines()).hasSize(2 + 4);
    }

    @Test
    void csvEscapesSeparators() {
        assertThat(Report.csvEscape("a,b")).isEqualTo("\"a,b\"");
        assertThat(Report.csvEscape("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Report.csvEscape("plain")).isEqualTo("plain");
    }
}
