package dev.cadre.examples.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.actor.ActorSystem;
import dev.cadre.examples.learn.Step09SpawnAndLink.Mode;
import dev.cadre.examples.learn.Step09SpawnAndLink.Outcome;
import dev.cadre.testkit.ActorTestKit;
import org.junit.jupiter.api.Test;

class Step09SpawnAndLinkTest {

    private static Outcome run(Mode mode) {
        try (ActorTestKit kit = ActorTestKit.create("step9")) {
            ActorSystem system = kit.system();
            return Step09SpawnAndLink.scenario(system, mode);
        }
    }

    @Test
    void withoutALinkTheSessionOutlivesItsCrashedConnectionAndItsMessagesBecomeDeadLetters() {
        Outcome o = run(Mode.NONE);
        assertThat(o.sessionAlive()).isTrue();
        assertThat(o.sessionFailure()).isNull();
        assertThat(o.deadLetters()).as("'again', sent to the dead connection").isEqualTo(1);
        assertThat(o.events()).containsSubsequence("connection-1 sent 'hello'", "connection-1 stopped")
                .doesNotContain("session spawned /user/session-none/connection-2");
    }

    @Test
    void aLinkMakesTheConnectionsCrashFailTheSession() {
        Outcome o = run(Mode.LINK);
        assertThat(o.sessionAlive()).isFalse();
        assertThat(o.sessionFailure()).contains("linked actor /user/session-link/connection-1 failed")
                .contains("connection reset by peer");
    }

    @Test
    void aSessionThatTrapsExitsGetsASignalReconnectsAndStopsItsChildFirst() {
        Outcome o = run(Mode.TRAP);
        assertThat(o.sessionAlive()).isTrue();
        assertThat(o.deadLetters()).isZero();
        assertThat(o.events()).containsSubsequence("connection-1 stopped",
                "session got an exit signal: connection-1 failed",
                "session spawned /user/session-trap/connection-2", "connection-2 sent 'again'",
                "(we stop the session)", "connection-2 stopped", "session stopped");
    }
}
