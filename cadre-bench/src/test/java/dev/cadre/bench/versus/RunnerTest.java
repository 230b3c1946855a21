package dev.cadre.bench.versus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunnerTest {

    @Test
    void optionsDefaultToTheFullProtocol() {
        Runner.Options o = Runner.Options.parse();
        assertThat(o.mode()).isEqualTo(Runner.Mode.FULL);
        assertThat(o.jvms()).isEqualTo(3);
        assertThat(o.warmups()).isEqualTo(2);
        assertThat(o.iterations()).isEqualTo(5);
        assertThat(o.followsProtocol()).isTrue();
        assertThat(o.scenarios()).containsExactly(Scenario.values());
        assertThat(o.csv()).isNull();
    }

    @Test
    void optionsParseModesSubsetsSizesAndOverrides() {
        Runner.Options o = Runner.Options.parse("--quick", "--csv", "out.csv", "--jvms", "2", "--scenarios",
                "pingpong, ask", "--size", "ask=1000", "--jvm-flag", "-XX:+UseParallelGC", "--report", "r");
        assertThat(o.mode()).isEqualTo(Runner.Mode.QUICK);
        assertThat(o.csv()).isEqualTo(Path.of("out.csv"));
        assertThat(o.reportDir()).isEqualTo(Path.of("r"));
        assertThat(o.jvms()).isEqualTo(2);
        assertThat(o.warmups()).isEqualTo(Runner.Mode.QUICK.warmups);
        assertThat(o.scenarios()).containsExactly(Scenario.PINGPONG, Scenario.ASK);
        assertThat(o.size(Scenario.ASK)).isEqualTo(1000);
        assertThat(o.size(Scenario.PINGPONG)).isEqualTo(Scenario.PINGPONG.quickSize());
        assertThat(Runner.jvmFlags(o.mode(), o.extraJvmFlags())).contains("-Xmx4g", "-XX:+UseParallelGC");
        assertThat(Runner.Options.parse("--suite", "savina").scenarios()).isNotEmpty()
                .allMatch(s -> s.suite() == Scenario.Suite.SAVINA);
        assertThat(Runner.Options.parse("--warmups", "1").followsProtocol()).isFalse();
        assertThat(Runner.Options.parse("--smoke").followsProtocol()).isFalse();
    }

    @Test
    void badOptionsAreExplained() {
        assertThatThrownBy(() -> Runner.Options.parse("--csv")).hasMessage("--csv needs a value");
        assertThatThrownBy(() -> Runner.Options.parse("--jvms", "0")).hasMessageContaining(">= 1");
        assertThatThrownBy(() -> Runner.Options.parse("--scenarios", "nope")).hasMessageContaining("unknown scenario");
        assertThatThrownBy(() -> Runner.Options.parse("--suite", "nope")).hasMessageContaining("unknown suite");
        assertThatThrownBy(() -> Runner.Options.parse("--size", "ask")).hasMessageContaining("scenario=size");
        assertThatThrownBy(() -> Runner.Options.parse("--from", "x.csv")).hasMessageContaining("needs --report");
        assertThatThrownBy(() -> Runner.Options.parse("--fast")).hasMessageContaining("unknown option");
    }

    @Test
    void everyContenderGetsTheSameFlags() {
        assertThat(Runner.jvmFlags(Runner.Mode.FULL, List.of())).contains("-Xms4g", "-Xmx4g", "-XX:+UseG1GC");
    }

    @Test
    void roundsAreOutermostAndWhoGoesFirstAlternates() {
        Runner runner = new Runner(Runner.Options.parse("--jvms", "2", "--scenarios", "pingpong,skynet,fulfilment"));
        List<String> order = new ArrayList<>();
        runner.plan().forEach(p -> order.add(p.round() + ":" + p.work().get(0).scenario().id() + ":" + p.contender().id()));
        assertThat(order).containsExactly(
                "1:pingpong:cadre", "1:pingpong:pekko", "1:pingpong:limit",
                "1:skynet:pekko", "1:skynet:cadre",
                "1:fulfilment:cadre",
                "2:pingpong:pekko", "2:pingpong:cadre", "2:pingpong:limit",
                "2:skynet:cadre", "2:skynet:pekko",
                "2:fulfilment:cadre");
    }

    @Test
    void smokePutsEveryScenarioOfAContenderInOneJvm() {
        Runner runner = new Runner(Runner.Options.parse("--smoke", "--scenarios", "pingpong,skynet,fulfilment"));
        List<String> plans = runner.plan().stream().map(p -> p.contender().id() + ":" + p.work().stream()
                .map(w -> w.scenario().id()).toList()).toList();
        assertThat(plans).containsExactly("cadre:[pingpong, skynet, fulfilment]", "pekko:[pingpong, skynet]",
                "limit:[pingpong]");
    }

    private static Outcome timed(Scenario s, int it, Metric m, double v, double gcMs) {
        return new Outcome.Timed(s, it, Result.of(m, v, new Region.Stats(1.0, gcMs > 0 ? 1 : 0, gcMs, 1.8, 2.0, 2,
                1.5)));
    }

    private static Runner.JvmRun run(int round, Contender c, Scenario s, String failure, Outcome... outcomes) {
        return new Runner.JvmRun(round, c, List.of(s), 3, List.of(outcomes), failure, 1);
    }

    @Test
    void aggregationPoolsAllIterationsOfAllJvms() {
        Scenario s = Scenario.PINGPONG;
        Metric m = Metric.THROUGHPUT;
        List<Runner.JvmRun> runs = List.of(
                run(1, Contender.CADRE, s, null, timed(s, 1, m, 10, 0), timed(s, 2, m, 12, 0), timed(s, 3, m, 11, 100)),
                run(1, Contender.PEKKO, s, null, timed(s, 1, m, 5, 0), timed(s, 2, m, 5, 0), timed(s, 3, m, 5, 0)),
                run(1, Contender.LIMIT, s, null, timed(s, 1, m, 40, 0), timed(s, 2, m, 40, 0), timed(s, 3, m, 40, 0)),
                run(2, Contender.CADRE, s, null, timed(s, 1, m, 20, 0), timed(s, 2, m, 21, 0), timed(s, 3, m, 22, 0)),
                run(2, Contender.PEKKO, s, null, timed(s, 1, m, 6, 0), timed(s, 2, m, 6, 0), timed(s, 3, m, 6, 0)));
        Report r = Runner.aggregate(List.of(s), runs);
        Report.Row row = r.rows().get(0);
        assertThat(row.cadre().summary().median()).isEqualTo(16.0); // of 10 11 12 20 21 22
        assertThat(row.cadre().summary().count()).isEqualTo(6);
        assertThat(row.cadre().byJvm()).hasSize(2);
        assertThat(row.cadre().gc().share()).isCloseTo(100 / 1e3 / 6, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(row.cadre().gc().pausesPerIteration()).isCloseTo(1.0 / 6, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(row.pekko().summary().median()).isEqualTo(5.5);
        assertThat(row.limit().summary().median()).isEqualTo(40);
        assertThat(row.ratio()).hasValueSatisfying(x -> assertThat(x).isEqualTo(16.0 / 5.5));
        // others' CPU: machine 2.0 - own 1.8 = 0.2 CPU-s per 2 CPU-s of capacity
        assertThat(row.load().othersCpu()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(row.load().underLoad()).isTrue();
        assertThat(row.load().load1Max()).isEqualTo(1.5);
    }

    @Test
    void aFailedCheckMakesTheCellFailNotATime() {
        Scenario s = Scenario.SKYNET;
        Metric m = Metric.TIME;
        List<Runner.JvmRun> runs = List.of(
                run(1, Contender.CADRE, s, null, timed(s, 1, m, 1, 0), timed(s, 2, m, 1, 0), timed(s, 3, m, 1, 0)),
                run(2, Contender.CADRE, s, null, timed(s, 1, m, 1, 0),
                        new Outcome.Failed(s, 2, "check failed: skynet sum 1, expected 45")),
                run(1, Contender.PEKKO, s, null, timed(s, 1, m, 2, 0), timed(s, 2, m, 2, 0), timed(s, 3, m, 2, 0)));
        Report.Row row = Runner.aggregate(List.of(s), runs).rows().get(0);
        assertThat(row.cadre().failed()).isTrue();
        assertThat(row.cadre().unavailable()).contains("skynet sum 1, expected 45");
        assertThat(row.verdict()).isEqualTo(Report.Verdict.FAIL);
        assertThat(Report.csvValue(m, row.cadre())).isEqualTo("FAIL");
        assertThat(row.ratio()).isEmpty();
    }

    @Test
    void aJvmThatDiedMidwayFailsItsScenarioAndNotAnother() {
        Scenario s = Scenario.PINGPONG;
        Metric m = Metric.THROUGHPUT;
        Runner.JvmRun died = new Runner.JvmRun(1, Contender.CADRE, List.of(Scenario.ASK, s), 3,
                List.of(timed(Scenario.ASK, 1, Metric.P50, 1, 0), timed(Scenario.ASK, 2, Metric.P50, 1, 0),
                        timed(Scenario.ASK, 3, Metric.P50, 1, 0), timed(s, 1, m, 9, 0)), "exit code 137", 1);
        Report r = Runner.aggregate(List.of(Scenario.ASK, s), List.of(died));
        assertThat(r.rows().get(0).cadre().available()).as("ask completed before the crash").isTrue();
        Report.Row pingpong = r.rows().stream().filter(x -> x.scenario() == s).findFirst().orElseThrow();
        assertThat(pingpong.cadre().failed()).isTrue();
        assertThat(pingpong.cadre().unavailable()).contains("exit code 137");
    }

    @Test
    void unavailableAndNotRunAreNa() {
        Scenario s = Scenario.SPAWN;
        List<Runner.JvmRun> runs = List.of(run(1, Contender.CADRE, s, null, new Outcome.Unavailable(s, "later")));
        Report.Row row = Runner.aggregate(List.of(s), runs).rows().get(0);
        assertThat(row.cadre().unavailable()).isEqualTo("later");
        assertThat(row.pekko().unavailable()).isEqualTo("not run");
        assertThat(row.verdict()).isEqualTo(Report.Verdict.NA);
    }

    @Test
    void iterationsCsvHasOneLinePerValue() {
        Scenario s = Scenario.ASK;
        Outcome o = new Outcome.Timed(s, 2, Result.of(java.util.Map.of(Metric.P50, 8.5, Metric.P99, 19.0),
                new Region.Stats(0.5, 1, 3, 0.9, 1.0, 2, 2.5)));
        String csv = Runner.iterationsCsv(List.of(run(3, Contender.PEKKO, s, null, o)));
        assertThat(csv.lines()).containsExactly(
                dev.cadre.bench.report.HtmlReport.ITERATIONS_HEADER,
                "3,pekko,ask,2,p50,8.50,0.500000,1,3.0,0.9000,1.0000,2,2.5000",
                "3,pekko,ask,2,p99,19.00,0.500000,1,3.0,0.9000,1.0000,2,2.5000");
    }
}
