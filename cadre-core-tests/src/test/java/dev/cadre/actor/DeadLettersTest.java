package dev.cadre.actor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.testkit.ActorTestKit;
import dev.cadre.testkit.TestProbe;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    @Test
    void aMessageToAStoppedActorIsADeadLetterAndTellDoesNotThrow() {
        try (var kit = ActorTestKit.create()) {
            TestProbe<DeadLetter> dead = kit.createTestProbe();
            kit.system().deadLetters().subscribe(dead.ref());
            ActorRef<Counter> c = kit.spawn(Counter.counter(0), "gone");
            kit.stop(c);
            c.tell(new Counter.Add(1));
            DeadLetter dl = dead.expectMessageClass(DeadLetter.class);
            assertThat(dl.message()).isEqualTo(new Counter.Add(1));
            assertThat(dl.recipient()).isEqualTo(c);
            assertThat(dl.reason()).isEqualTo(DeadLetter.Reason.RECIPIENT_TERMINATED);
            assertThat(kit.system().deadLetters().count(DeadLetter.Reason.RECIPIENT_TERMINATED)).isEqualTo(1);
        }
    }

    @Test
    void anUnhandledMessageIsADeadLetterWithItsReason() {
        try (var kit = ActorTestKit.deterministic(1)) { // "no other dead letter" is exact
            TestProbe<DeadLetter> dead = kit.createTestProbe();
            kit.system().deadLetters().subscribe(dead.ref());
            ActorRef<String> picky = kit.spawn(Behaviors.receiveMessage(
                    s -> s.equals("ok") ? Behaviors.same() : Behaviors.unhandled()), "picky");
            picky.tell("ok");
            picky.tell("huh");
            DeadLetter dl = dead.expectMessageClass(DeadLetter.class);
            assertThat(dl.message()).isEqualTo("huh");
            assertThat(dl.reason()).isEqualTo(DeadLetter.Reason.UNHANDLED);
            dead.expectNoMessage(java.time.Duration.ofHours(1));
        }
    }

    @Test
    void messagesQueuedWhenAnActorStopsAreAllAccountedFor() throws Exception {
        try (var kit = ActorTestKit.create()) {
            int sent = 100_000;
            int stopAfter = 1_000;
            TestProbe<Integer> processedProbe = kit.createTestProbe();
            ActorRef<Integer> shortLived = kit.spawn(Behaviors.setup(ctx -> {
                int[] processed = {0};
                return Behaviors.<Integer>receiveMessage(n -> {
                    if (++processed[0] == stopAfter) {
                        return Behaviors.stopped();
                    }
                    return Behaviors.same();
                }).onSignal((c, s) -> {
                    if (s instanceof PostStop) {
                        processedProbe.ref().tell(processed[0]);
                    }
                    return Behaviors.same();
                });
            }), "short-lived");
            MessagingTest.runOnThreads(2, t -> {
                for (int i = 0; i < sent / 2; i++) {
                    shortLived.tell(i);
                }
            });
            int processed = processedProbe.receiveMessage();
            kit.stop(shortLived); // already stopping; waits until it has terminated
            assertThat(processed).isEqualTo(stopAfter);
            DeadLetters dl = kit.system().deadLetters();
            // the last few may still be drained by the thread that holds the dead mailbox
            ActorTestKit.awaitAssert(Duration.ofSeconds(5), () ->
                    assertThat(dl.count(DeadLetter.Reason.RECIPIENT_TERMINATED)).isEqualTo(sent - stopAfter));
        }
    }

    @Test
    void deadLettersAboutADeadSubscriberAreCountedNotRepublished() {
        try (var kit = ActorTestKit.create()) {
            ActorRef<DeadLetter> sub = kit.spawn(Behaviors.ignore(), "sub");
            kit.system().deadLetters().subscribe(sub);
            kit.stop(sub);
            ActorRef<String> gone = kit.spawn(Behaviors.ignore(), "gone");
            kit.stop(gone);
            gone.tell("x"); // dead letter -> told to the dead subscriber -> counted, no loop
            assertThat(kit.system().deadLetters().count()).isEqualTo(2);
        }
    }
}
