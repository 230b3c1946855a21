package dev.cadre.examples.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.actor.ActorSystem;
import dev.cadre.testkit.CadreExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CadreExtension.class)
class Step02ThreeThingsTest {

    @Test
    void aTinyActorChangesStateOnlyWhenItProcessesAMessageOneAtATimeInOrder() {
        Step02ThreeThings.TinyRun run = Step02ThreeThings.tinyRun();
        assertThat(run.pendingAfterTells()).as("telling only enqueues").isEqualTo(4);
        assertThat(run.repliesBeforeProcessing()).as("no reply before the Get is processed").isEmpty();
        assertThat(run.processed()).isEqualTo(4);
        assertThat(run.repliesAfter()).as("the Get saw all three Adds before it").isEqualTo(List.of(6));
    }

    @Test
    void cadresCounterIsTheSameThreeThingsAndReachesTheSameState(ActorSystem system) {
        assertThat(Step02ThreeThings.cadreRun(system)).isEqualTo(6);
    }
}
