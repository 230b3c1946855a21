package dev.cadre.examples.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.testkit.ActorTestKit;
import org.junit.jupiter.api.Test;

class Step07ReplyToTest {

    @Test
    void askBuiltFromScratchOnTellGetsTheReplyAndTimesOutWhenNoneComes() throws Exception {
        Step07ReplyTo.TinyRun run = Step07ReplyTo.tinyRun();
        assertThat(run.reading()).isEqualTo(21.5);
        assertThat(run.whileCalibrating()).isEqualTo("timed out");
    }

    @Test
    void cadresAskTimesOutNamingTargetAndRequestCountsTheLateReplyAndWorksBetweenActors() {
        try (ActorTestKit kit = ActorTestKit.create("step7")) {
            Step07ReplyTo.CadreRun run = Step07ReplyTo.cadreRun(kit.system());
            assertThat(run.reading()).isEqualTo(21.5);
            assertThat(run.timeoutMessage()).contains("/user/thermometer").contains("ThermoMsg$Read")
                    .contains("100 ms");
            assertThat(run.lateReplies()).as("the late reply is a dead letter").isEqualTo(1);
            assertThat(run.thermostat()).isEqualTo("heating off at 21.5 C");
        }
    }
}
