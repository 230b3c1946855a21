package dev.cadre.bench.versus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunnerTest {

    @Test
    void optionsDefaultToTheFullRun() {
        Runner.Options o = Runner.Options.parse();
        assertThat(o.mode()).isEqualTo(Runner.Mode.FULL);
        assertThat(o.reps()).isEqualTo(5);
        assertThat(o.scenarios()).containsExactly(Scenario.values());
        assertThat(o.csv()).isNull();
    }

    @Test
    void optionsParseQuickCsvAndOverrides() {
        Runner.Options o = Runner.Options.parse("--quick", "--csv", "out.csv", "--reps", "2", "--scenarios",
                "pingpong, ask", "--jvm-flag", "-XX:+UseParallelGC");
        assertThat(o.mode()).isEqualTo(Runner.Mode.QUICK);
        assertThat(o.csv()).isEqualTo(Path.of("out.csv"));
        assertThat(o.reps()).isEqualTo(2);
        assertThat(o.warmups()).isEqualTo(Runner.Mode.QUICK.warmups);
        assertThat(o.scenarios()).containsExactly(Scenario.PINGPONG, Scenario.ASK);
        assertThat(Runner.jvmFlags(o.mode(), o.extraJvmFlags())).contains("-Xmx4g", "-XX:+UseParallelGC");
    }

    @Test
    void badOptionsAreExplained() {
        assertThatThrownBy(() -> Runner.Options.parse("--csv")).hasMessage("--csv needs a value");
        assertThatThrownBy(() -> Runner.Options.parse("--reps", "0")).hasMessageContaining(">= 1");
        assertThatThrownBy(() -> Runner.Options.parse("--scenarios", "nope")).hasMessageContaining("unknown scenario");
        assertThatThrownBy(() -> Runner.Options.parse("--fast")).hasMessageContaining("unknown option");
    }

    @Test
    void everyContenderGetsTheSameFlags() {
        assertThat(Runner.jvmFlags(Runner.Mode.FULL, List.of())).contains("-Xms4g", "-Xmx4g", "-XX:+UseG1GC");
    }

    @Test
    void aggregationTakesMediansAndMarksFailuresAndNa() {
        Map<Scenario, Map<Contender, List<Runner.RunOutcome>>> outcomes = new LinkedHashMap<>();
        Map<Contender, List<Runner.RunOutcome>> pp = new EnumMap<>(Contender.class);
        pp.put(Contender.CADRE, List.of(ok(10), ok(30), ok(20)));
        pp.put(Contender.PEKKO, List.of(ok(5), new Runner.RunOutcome(null, "exit code 1"), ok(5)));
        pp.put(Contender.LIMIT, List.of(ok(40)));
        outcomes.put(Scenario.PINGPONG, pp);
        Map<Contender, List<Runner.RunOutcome>> fb = new EnumMap<>(Contender.class);
        fb.put(Contender.CADRE, List.of(new Runner.RunOutcome(Result.notAvailable("later"), null)));
        fb.put(Contender.PEKKO, List.of(ok(3)));
        outcomes.put(Scenario.FANIN_BOUNDED, fb);

        Report r = Runner.aggregate(outcomes);
        assertThat(r.rows()).hasSize(2);
        Report.Row pingpong = r.rows().get(0);
        assertThat(pingpong.cadre().summary().median()).isEqualTo(20);
        assertThat(pingpong.pekko().available()).isFalse();
        assertThat(pingpong.pekko().unavailable()).isEqualTo("1 of 3 runs failed");
        assertThat(pingpong.limit().summary().median()).isEqualTo(40);
        Report.Row bounded = r.rows().get(1);
        assertThat(bounded.cadre().unavailable()).isEqualTo("later");
        assertThat(bounded.limit().unavailable()).isEqualTo("not run");
    }

    private static Runner.RunOutcome ok(double throughput) {
        return new Runner.RunOutcome(Result.of(Metric.THROUGHPUT, throughput), null);
    }
}
