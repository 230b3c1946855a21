package dev.cadre.actor.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.DeadLetter;
import dev.cadre.actor.Mailbox;
import dev.cadre.actor.Overflow;
import dev.cadre.actor.Props;
import dev.cadre.testkit.ActorTestKit;
import dev.cadre.testkit.CadreExtension;
import dev.cadre.testkit.TestProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link Remoting#offerAll}: a transport's batch for one recipient goes in as {@code offer} would
 * put each message, in order, counted, and stops at the first message a full mailbox refuses,
 * leaving it and the rest to the caller.
 */
@ExtendWith(CadreExtension.class)
@CadreExtension.Deterministic(seed = 1) // the recipient runs only when the test says so
class OfferAllTest {

    private static Behavior<String> forwardTo(ActorRef<String> probe) {
        return Behaviors.receiveMessage(m -> {
            probe.tell(m);
            return Behaviors.same();
        });
    }

    @Test
    void anUnboundedMailboxTakesTheWholeRangeInOrder(ActorTestKit kit) {
        TestProbe<String> probe = kit.createTestProbe();
        ActorRef<String> r = kit.spawn(forwardTo(probe.ref()), "in-order");
        Object[] batch = {"skipped", "a", "b", "c", "also skipped"};
        assertThat(Remoting.offerAll(r, batch, 1, 4)).isEqualTo(4);
        r.tell("d");
        kit.runUntilIdle();
        assertThat(probe.receiveMessage()).isEqualTo("a");
        assertThat(probe.receiveMessage()).isEqualTo("b");
        assertThat(probe.receiveMessage()).isEqualTo("c");
        assertThat(probe.receiveMessage()).isEqualTo("d");
        probe.expectNoMessage();
        assertThat(dev.cadre.actor.Introspection.of(kit.system()).info(r).metrics().processed()).isEqualTo(4);
    }

    @Test
    void aFullMailboxStopsTheBatchAndNeitherTakesNorCountsTheRest(ActorTestKit kit) {
        TestProbe<String> probe = kit.createTestProbe();
        ActorRef<String> r = kit.system().spawn(forwardTo(probe.ref()), "bounded",
                Props.defaults().withMailbox(Mailbox.bounded(2, Overflow.reject())));
        long deadBefore = kit.system().deadLetters().count();
        assertThat(Remoting.offerAll(r, new Object[] {"a", "b", "c", "d"}, 0, 4))
                .as("the index of the first message the full mailbox refused").isEqualTo(2);
        assertThat(kit.system().deadLetters().count()).as("the caller decides what becomes of the rest")
                .isEqualTo(deadBefore);
        kit.runUntilIdle();
        assertThat(probe.receiveMessage()).isEqualTo("a");
        assertThat(probe.receiveMessage()).isEqualTo("b");
        probe.expectNoMessage();
    }

    @Test
    void aTerminatedRecipientsMessagesAreDeadLetters(ActorTestKit kit) {
        ActorRef<String> r = kit.spawn(Behaviors.receiveMessage(m -> Behaviors.same()), "gone");
        kit.runUntilIdle();
        kit.stop(r);
        kit.runUntilIdle();
        long before = kit.system().deadLetters().count(DeadLetter.Reason.RECIPIENT_TERMINATED);
        assertThat(Remoting.offerAll(r, new Object[] {"a", "b", "c"}, 0, 3)).isEqualTo(3);
        kit.runUntilIdle();
        assertThat(kit.system().deadLetters().count(DeadLetter.Reason.RECIPIENT_TERMINATED)).isEqualTo(before + 3);
    }

    @Test
    void aNullInTheRangeIsRefusedBeforeAnythingIsOffered(ActorTestKit kit) {
        TestProbe<String> probe = kit.createTestProbe();
        ActorRef<String> r = kit.spawn(forwardTo(probe.ref()), "null-in-range");
        assertThatThrownBy(() -> Remoting.offerAll(r, new Object[] {"a", null, "c"}, 0, 3))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("message 1 is null; none was offered");
        assertThatThrownBy(() -> Remoting.offerAll(r, new Object[] {"a"}, 0, 2))
                .isInstanceOf(IndexOutOfBoundsException.class);
        kit.runUntilIdle();
        probe.expectNoMessage();
    }

    @Test
    void anotherKindOfRefTakesTheMessagesOneByOne(ActorTestKit kit) {
        RemoteActorRefTest.FakeRemote<String> remote = new RemoteActorRefTest.FakeRemote<>("node-2", "/user/x");
        assertThat(Remoting.offerAll(remote, new Object[] {"a", "b"}, 0, 2)).isEqualTo(2);
        assertThat(remote.calls).containsExactly("tell a", "tell b");
    }
}
