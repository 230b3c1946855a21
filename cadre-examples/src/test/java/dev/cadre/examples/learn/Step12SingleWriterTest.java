package dev.cadre.examples.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.examples.learn.Step12SingleWriter.Profile;
import dev.cadre.examples.learn.Step12SingleWriter.ProfileMsg;
import dev.cadre.testkit.CadreExtension;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
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

    @Test
    void aGetForAnUnknownUserLeavesTheOwnerAndItsProfilesInPlace(ActorSystem system) {
        Profile u1 = new Profile("old@example.com", "1 Old Street", 1);
        ActorRef<ProfileMsg> owner = system.spawnAnonymous(Step12SingleWriter.profiles(Map.of("u-1", u1)));
        assertThat(owner.<Optional<Profile>>ask(r -> new ProfileMsg.Get("nobody", r), Duration.ofSeconds(10)).join())
                .isEmpty();
        assertThat(owner.<Optional<Profile>>ask(r -> new ProfileMsg.Get("u-1", r), Duration.ofSeconds(10)).join())
                .contains(u1);
    }
}
