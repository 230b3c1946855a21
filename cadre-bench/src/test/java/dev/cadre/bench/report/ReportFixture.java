package dev.cadre.bench.report;

import dev.cadre.bench.versus.Metric;
import dev.cadre.bench.versus.Report;
import dev.cadre.bench.versus.Scenario;
import java.util.Arrays;
import java.util.List;

/** A report with one row of every kind: quoted, n/a, wide, failed, Cadre-only. */
final class ReportFixture {

    static Report.Cell cell(double... values) {
        List<Double> v = Arrays.stream(values).boxed().toList();
        return Report.Cell.of(List.of(v, v, v), new Report.Gc(0.05, 1.5, 12));
    }

    Report report() {
        Report.Load quiet = new Report.Load(0.01, 1.2);
        return new Report(List.of(
                Report.Row.of(Scenario.PINGPONG, Metric.THROUGHPUT, cell(15e6, 14e6, 16e6), cell(4e6, 4.1e6, 3.9e6),
                        cell(6e6), quiet),
                Report.Row.of(Scenario.FANIN_BOUNDED, Metric.THROUGHPUT, Report.Cell.na("not run"), cell(3e6, 3e6),
                        cell(12e6), quiet),
                Report.Row.of(Scenario.SPAWN, Metric.TIME, cell(0.5, 0.52, 0.55), cell(5, 5.5, 6), null, quiet),
                Report.Row.of(Scenario.ASK, Metric.P50, cell(8, 8.2, 8.1), cell(8.5, 8.4, 8.6), null, quiet),
                Report.Row.of(Scenario.ASK, Metric.P99_9, cell(30, 60, 90, 20, 120), cell(50, 50, 50), null,
                        new Report.Load(0.3, 6)),
                Report.Row.of(Scenario.SKYNET, Metric.TIME, Report.Cell.failed("check failed: skynet sum 1, expected 45"),
                        cell(1, 1, 1), null, quiet),
                Report.Row.of(Scenario.FULFILMENT, Metric.ORDER_P99, cell(190, 200, 210), Report.Cell.na("Cadre only"),
                        null, quiet)));
    }
}
