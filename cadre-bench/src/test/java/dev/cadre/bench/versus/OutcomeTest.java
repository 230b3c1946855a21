package dev.cadre.bench.versus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutcomeTest {

    static Region.Stats region(double seconds) {
        return new Region.Stats(seconds, 2, 12.5, 0.4, 0.5, 2, 1.25);
    }

    @Test
    void timedLineRoundTripsWithItsRegion() {
        Result r = Result.of(Map.of(Metric.P50, 12.5, Metric.P99, 40.25, Metric.P99_9, 1234.5), region(0.25));
        String line = new Outcome.Timed(Scenario.ASK, 3, r).toLine();
        assertThat(line).startsWith("RESULT scenario=ask iteration=3 ").contains("p99.9=1234.50", "gc.pauses=2",
                "load1=1.25");
        List<Outcome> back = Outcome.parseAll("noise before\n" + line + "\nnoise after");
        assertThat(back).hasSize(1);
        Outcome.Timed t = (Outcome.Timed) back.get(0);
        assertThat(t.scenario()).isEqualTo(Scenario.ASK);
        assertThat(t.iteration()).isEqualTo(3);
        assertThat(t.result().get(Metric.P99)).contains(40.25);
        assertThat(t.result().region()).isEqualTo(region(0.25));
    }

    @Test
    void keepsSixSignificantDigits() {
        String line = new Outcome.Timed(Scenario.PINGPONG, 1, Result.of(Metric.THROUGHPUT, 12_345_678.9, region(1)))
                .toLine();
        Outcome.Timed t = (Outcome.Timed) Outcome.parse(line);
        assertThat(t.result().get(Metric.THROUGHPUT).orElseThrow()).isEqualTo(12_345_700.0);
    }

    @Test
    void unknownMachineFiguresSurviveAsNaN() {
        Region.Stats unknown = new Region.Stats(1, 0, 0, Double.NaN, Double.NaN, 2, Double.NaN);
        Outcome.Timed t = (Outcome.Timed) Outcome.parse(new Outcome.Timed(Scenario.SKYNET, 1,
                Result.of(Metric.TIME, 1.5, unknown)).toLine());
        assertThat(t.result().region().load1()).isNaN();
        assertThat(t.result().region().foreignCpuSeconds()).isNaN();
    }

    @Test
    void notAvailableAndFailedRoundTrip() {
        Outcome na = Outcome.parse(new Outcome.Unavailable(Scenario.SPAWN, "no raw-queue\ncounterpart").toLine());
        assertThat(na).isEqualTo(new Outcome.Unavailable(Scenario.SPAWN, "no raw-queue counterpart"));
        Outcome f = Outcome.parse(new Outcome.Failed(Scenario.SKYNET, 2, "check failed: skynet sum 1, expected 45")
                .toLine());
        assertThat(f).isEqualTo(new Outcome.Failed(Scenario.SKYNET, 2, "check failed: skynet sum 1, expected 45"));
    }

    @Test
    void noOutcomeLinesIsEmpty() {
        assertThat(Outcome.parseAll("[main] INFO something\n")).isEmpty();
    }

    @Test
    void malformedLinesAreRejected() {
        assertThatThrownBy(() -> Outcome.parse("RESULT scenario=ask iteration=1 throughput"))
                .hasMessageContaining("malformed field");
        assertThatThrownBy(() -> Outcome.parse("RESULT scenario=ask iteration=1 speed=3 region.s=1 gc.pauses=0 gc.ms=0"
                + " cpu.own.s=0 cpu.machine.s=0 cores=2 load1=0")).hasMessageContaining("unknown metric 'speed'");
        assertThatThrownBy(() -> Outcome.parse("RESULT scenario=ask iteration=1 p50=3"))
                .hasMessageContaining("without 'region.s'");
        assertThatThrownBy(() -> Outcome.parse("RESULT scenario=nope iteration=1 p50=3 region.s=1 gc.pauses=0 gc.ms=0"
                + " cpu.own.s=0 cpu.machine.s=0 cores=2 load1=0")).hasMessageContaining("unknown scenario 'nope'");
        assertThatThrownBy(() -> Result.of(Metric.TIME, Double.NaN, region(1))).hasMessageContaining("non-finite");
    }
}
