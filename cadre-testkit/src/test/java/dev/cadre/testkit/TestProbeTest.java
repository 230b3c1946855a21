package dev.cadre.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.Terminated;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TestProbeTest {

    @RegisterExtension
    static final CadreExtension cadre = new CadreExtension();

    private static final Duration SHORT = Duration.ofMillis(50);

    @Test
    void expectMessageSaysWhatArrivedInstead() {
        TestProbe<String> probe = cadre.kit().createTestProbe();
        probe.ref().tell("pear");
        probe.ref().tell("plum");
        probe.ref().tell("fig");
        // The probe queues messages on its own thread: once it has taken the third from its mailbox,
        // the first two are queued (it handles one message at a time, in order).
        ActorTestKit.awaitAssert(Duration.ofSeconds(10),
                () -> assertThat(cadre.kit().system().metrics(probe.ref()).processed()).isEqualTo(3));
        assertThatThrownBy(() -> probe.expectMessage("apple", SHORT))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected message apple but received pear of class java.lang.String")
                .hasMessageMatching("(?s).*[12] more queued.*");
    }

    @Test
    void expectMessageSaysWhenNothingArrived() {
        TestProbe<String> probe = cadre.kit().createTestProbe();
        assertThatThrownBy(() -> probe.expectMessage("apple", SHORT))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected message apple within PT0.05S but no message arrived");
    }

    @Test
    void expectMessageClassChecksTheClass() {
        TestProbe<Object> probe = cadre.kit().createTestProbe();
        probe.ref().tell(42);
        assertThat(probe.expectMessageClass(Integer.class)).isEqualTo(42);
        probe.ref().tell("x");
        assertThatThrownBy(() -> probe.expectMessageClass(Integer.class, SHORT))
                .hasMessageContaining("expected a message of class java.lang.Integer but received x");
    }

    @Test
    void expectNoMessageSoFarSeesEveryMessageSentBeforeWithoutATimeWindow() {
        TestProbe<String> probe = cadre.kit().createTestProbe();
        probe.expectNoMessageSoFar();
        for (int i = 0; i < 100; i++) {
            probe.ref().tell("m" + i);
            int n = i;
            assertThatThrownBy(probe::expectNoMessageSoFar).hasMessageContaining("received m" + n);
        }
    }

    @Test
    void expectNoMessageNamesTheIntruder() {
        TestProbe<String> probe = cadre.kit().createTestProbe();
        probe.expectNoMessage(SHORT);
        probe.ref().tell("surprise");
        assertThatThrownBy(() -> probe.expectNoMessage(SHORT))
                .hasMessageContaining("expected no message for PT0.05S but received surprise");
    }

    @Test
    void receiveMessagesReturnsInOrderOrListsWhatCame() {
        TestProbe<Integer> probe = cadre.kit().createTestProbe();
        for (int i = 0; i < 5; i++) {
            probe.ref().tell(i);
        }
        assertThat(probe.receiveMessages(3)).containsExactly(0, 1, 2);
        assertThatThrownBy(() -> probe.receiveMessages(3, SHORT))
                .hasMessageContaining("expected 3 messages within PT0.05S but received 2: [3, 4]");
    }

    @Test
    void expectTerminatedWaitsForTheActorToStop(ActorSystem system) {
        TestProbe<String> probe = cadre.kit().createTestProbe();
        ActorRef<String> a = system.spawnAnonymous(Behaviors.ignore());
        assertThatThrownBy(() -> probe.expectTerminated(a, SHORT))
                .hasMessageContaining("expected " + a.path() + " to terminate within PT0.05S but it did not");
        system.stop(a);
        Terminated t = probe.expectTerminated(a);
        assertThat(t.ref()).isEqualTo(a);
        // messages and terminations are separate: a pending message does not hide the termination
        ActorRef<String> b = system.spawnAnonymous(Behaviors.ignore());
        probe.ref().tell("pending");
        system.stop(b);
        assertThat(probe.expectTerminated(b).ref()).isEqualTo(b);
        probe.expectMessage("pending");
    }

    @Test
    void theExtensionInjectsTheKitAndItsSystem(ActorTestKit kit, ActorSystem system) {
        assertThat(kit).isSameAs(cadre.kit());
        assertThat(system).isSameAs(kit.system());
        assertThat(system.name()).isEqualTo("TestProbeTest");
    }

    @Test
    void awaitAssertRetriesUntilTheConditionHolds() {
        long start = System.nanoTime();
        ActorTestKit.awaitAssert(Duration.ofSeconds(5),
                () -> assertThat(System.nanoTime() - start).isGreaterThan(Duration.ofMillis(20).toNanos()));
        assertThatThrownBy(() -> ActorTestKit.awaitAssert(SHORT, () -> assertThat(1).isEqualTo(2)))
                .isInstanceOf(AssertionError.class);
    }
}
