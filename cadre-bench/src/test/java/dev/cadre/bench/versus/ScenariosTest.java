package dev.cadre.bench.versus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every scenario runs on every contender that has it, at a tiny size, in this JVM, through
 * {@link Child#run}: the implementations finish, pass their own result checks (a failed check
 * would be a FAIL outcome) and report every metric of the scenario. No timing is asserted.
 */
class ScenariosTest {

    static long tiny(Scenario s) {
        return switch (s) {
            case SPAWN, FJ_CREATE -> 2_000;
            case SKYNET -> 1_000;
            case FULFILMENT, FULFILMENT_1M -> 1_000;
            default -> Math.min(s.smokeSize(), 20_000);
        };
    }

    private static void check(Contender c, Scenario s) {
        List<Outcome> out = new ArrayList<>();
        boolean ok = Child.run(c, 1, 2, List.of(new Child.Sized(s, tiny(s))), false, out::add);
        assertThat(out).as("%s on %s: %s", s.id(), c.id(), out).allMatch(o -> o instanceof Outcome.Timed);
        assertThat(ok).isTrue();
        assertThat(out).hasSize(s.singleRun() ? 1 : 2);
        for (Outcome o : out) {
            Result r = ((Outcome.Timed) o).result();
            for (Metric m : s.metrics()) {
                if (s == Scenario.FULFILMENT_1M && m.unit().equals("MB") || m == Metric.HEAP_PER_ORDER) {
                    continue; // measured only when the run is long enough for both checkpoints
                }
                assertThat(r.get(m)).as("%s %s on %s", s.id(), m.id(), c.id())
                        .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(0));
            }
            assertThat(r.region().seconds()).isPositive();
        }
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void cadreRunsEveryScenario(Scenario s) {
        check(Contender.CADRE, s);
    }

    @ParameterizedTest
    @EnumSource(value = Scenario.class, mode = EnumSource.Mode.EXCLUDE, names = {"FULFILMENT", "FULFILMENT_1M"})
    void pekkoRunsEveryScenarioButTheApplication(Scenario s) {
        check(Contender.PEKKO, s);
    }

    @ParameterizedTest
    @EnumSource(value = Scenario.class, names = {"PINGPONG", "PINGPONG_PARALLEL", "FANIN", "FANIN_BOUNDED"})
    void rawQueueRunsEveryThroughputScenario(Scenario s) {
        check(Contender.LIMIT, s);
    }

    @Test
    void aContenderWithoutTheScenarioSaysSo() {
        List<Outcome> out = new ArrayList<>();
        assertThat(Child.run(Contender.LIMIT, 0, 1, List.of(new Child.Sized(Scenario.SPAWN, 10)), false, out::add))
                .isTrue();
        assertThat(out).singleElement().isInstanceOf(Outcome.Unavailable.class);
    }

    @Test
    void everyScenarioStatesItsParity() {
        for (Scenario s : Scenario.values()) {
            assertThat(s.parity()).as(s.id()).isNotBlank();
            assertThat(s.contenders()).contains(Contender.CADRE);
        }
    }
}
