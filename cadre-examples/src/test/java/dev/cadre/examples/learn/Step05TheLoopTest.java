package dev.cadre.examples.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.actor.ActorSystem;
import dev.cadre.testkit.CadreExtension;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CadreExtension.class)
class Step05TheLoopTest {

    @RepeatedTest(3)
    void theTinyLoopCountsEveryHitFromFourThreadsWithOneThreadInsideAtATime() throws Exception {
        Step05TheLoop.Result r = Step05TheLoop.tiny(4, 100_000);
        assertThat(r.counted()).isEqualTo(400_000);
        assertThat(r.maxInside()).isEqualTo(1);
        assertThat(r.threads()).containsExactly("tiny-loop");
    }

    @RepeatedTest(3)
    void cadresActorCountsEveryHitInAPlainFieldWithOneThreadInsideAtATime(ActorSystem system) throws Exception {
        Step05TheLoop.Result r = Step05TheLoop.cadre(system, 4, 100_000);
        assertThat(r.counted()).isEqualTo(400_000);
        assertThat(r.maxInside()).isEqualTo(1);
    }
}
