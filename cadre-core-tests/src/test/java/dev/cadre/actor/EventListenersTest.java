package dev.cadre.actor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.testkit.ActorTestKit;
import dev.cadre.testkit.TestProbe;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link EventTopic#addListener}: tools hear events without being actors. */
class EventListenersTest {

    @Test
    void listenersSeeDeadLettersAndCrashReportsWithoutAddingAnActor() throws Exception {
        try (var kit = ActorTestKit.create()) {
            ActorSystem system = kit.system();
            int actorsBefore = system.metricsSnapshot().size();
            ConcurrentLinkedQueue<DeadLetter> dead = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<SupervisionEvent> crashes = new ConcurrentLinkedQueue<>();
            java.util.function.Consumer<DeadLetter> deadListener = dead::add;
            system.deadLetters().addListener(deadListener);
            system.supervisionEvents().addListener(crashes::add);
            assertThat(system.metricsSnapshot()).hasSize(actorsBefore);

            TestProbe<String> log = kit.createTestProbe();
            ActorRef<Worker> w = kit.spawn(Worker.worker("w", log.ref()), "w");
            log.expectMessage("start:w");
            w.tell(new Worker.Crash("oops"));
            log.expectMessage("poststop:w");
            w.tell(new Worker.Inc());
            ActorTestKit.awaitAssert(Duration.ofSeconds(5), () -> {
                assertThat(dead).extracting(DeadLetter::message).containsExactly(new Worker.Inc());
                assertThat(crashes).singleElement().isInstanceOfSatisfying(SupervisionEvent.Failed.class,
                        f -> assertThat(f.cause()).hasMessage("oops"));
            });

            system.deadLetters().removeListener(deadListener);
            w.tell(new Worker.Inc());
            assertThat(system.deadLetters().count()).isEqualTo(2);
            assertThat(dead).hasSize(1);
        }
    }

    @Test
    void aListenerThatThrowsIsIgnoredAndTheNextListenerStillHearsTheEvent() throws Exception {
        try (var kit = ActorTestKit.create()) {
            CountDownLatch heard = new CountDownLatch(1);
            kit.system().deadLetters().addListener(d -> {
                throw new IllegalStateException("a broken tool");
            });
            kit.system().deadLetters().addListener(d -> heard.countDown());
            TestProbe<String> log = kit.createTestProbe();
            ActorRef<Worker> w = kit.spawn(Worker.worker("w", log.ref()), "w");
            kit.stop(w);
            w.tell(new Worker.Inc()); // must not throw into the sender
            assertThat(heard.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }
}
