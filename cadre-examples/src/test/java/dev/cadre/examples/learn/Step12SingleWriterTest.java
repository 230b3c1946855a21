package dev.cadre.examples.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.actor.ActorSystem;
import dev.cadre.examples.learn.Step12SingleWriter.Profile;
import dev.cadre.testkit.CadreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CadreExtension.class)
class Step12SingleWriterTest {

    @Test
    void aServiceThatPausesPastItsLeaseOverwritesTheOtherServicesUpdate() {
        Step12SingleWriter.LockedRun run = Step12SingleWriter.lockedCache();
        assertThat(run.aAcquired()).isTrue();
        assertThat(run.bAcquired()).as("B got the lock A still thought it held").isTrue();
        assertThat(run.finalProfile()).isEqualTo(new Profile("new@example.com", "1 Old Street", 2));
    }

    @Test
    void theProfilesSingleWriterAppliesEveryChangeFromBothServices(ActorSystem system) throws Exception {
        for (int run = 0; run < 3; run++) {
            assertThat(Step12SingleWriter.singleWriter(system, 10_000))
                    .isEqualTo(new Profile("user10000@example.com", "10000 New Road", 20_001));
        }
    }
}
