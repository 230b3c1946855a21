package dev.cadre.examples.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.actor.ActorSystem;
import dev.cadre.testkit.CadreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CadreExtension.class)
class Step01SharedStateTest {

    @Test
    void twoThreadsThatBothReadBeforeEitherWritesLoseExactlyOneUpdatePerRound() throws Exception {
        assertThat(Step01SharedState.lockstep(1_000)).as("2,000 increments, 1,000 lost").isEqualTo(1_000);
    }

    @Test
    void threadsLeftToTheSchedulerLoseUpdatesToo() throws Exception {
        // Without the barriers, losing is a matter of when threads are preempted or run in parallel:
        // not every run loses, so look for a loss over up to 50 runs (the first run nearly always does).
        int threads = 4;
        int each = 100_000;
        long lost = 0;
        for (int run = 0; run < 50 && lost == 0; run++) {
            lost = (long) threads * each - Step01SharedState.sharedMap(threads, each);
        }
        assertThat(lost).as("updates lost by threads sharing a map").isPositive();
    }

    @Test
    void theSameHitsSentAsMessagesToOneActorLoseNone(ActorSystem system) throws Exception {
        for (int run = 0; run < 5; run++) {
            assertThat(Step01SharedState.actor(system, 4, 100_000)).isEqualTo(400_000);
        }
    }
}
