package dev.cadre.bench.versus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every scenario runs on every contender at a tiny size, in this JVM: the implementations finish,
 * check what they compute (skynet's sum) and report every metric of the scenario. No timing is
 * asserted.
 */
class ScenariosTest {

    private static long tiny(Scenario s) {
        return s == Scenario.SPAWN ? 2_000 : s == Scenario.SKYNET ? 1_000 : Math.min(s.smokeSize(), 20_000);
    }

    private static void check(Contender c, Scenario s) throws Exception {
        Result r = Child.run(c, s, tiny(s), s == Scenario.SKYNET ? 1 : 0, false);
        assertThat(r.available()).as("%s on %s: %s", s.id(), c.id(), r.unavailable()).isTrue();
        for (Metric m : s.metrics()) {
            assertThat(r.get(m)).as("%s %s on %s", s.id(), m.id(), c.id())
                    .hasValueSatisfying(v -> assertThat(v).isPositive());
        }
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void cadreRunsEveryScenario(Scenario s) throws Exception {
        check(Contender.CADRE, s);
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void pekkoRunsEveryScenario(Scenario s) throws Exception {
        check(Contender.PEKKO, s);
    }

    @ParameterizedTest
    @EnumSource(value = Scenario.class, names = {"PINGPONG", "PINGPONG_PARALLEL", "FANIN", "FANIN_BOUNDED"})
    void rawQueueRunsEveryThroughputScenario(Scenario s) throws Exception {
        check(Contender.LIMIT, s);
    }

    @Test
    void rawQueueHasNoActorScenarios() throws Exception {
        assertThat(Child.run(Contender.LIMIT, Scenario.SPAWN, 10, 0, false).available()).isFalse();
    }
}
