package dev.cadre.observe.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.Mailbox;
import dev.cadre.actor.Overflow;
import dev.cadre.actor.Props;
import dev.cadre.actor.Directive;
import dev.cadre.observe.Observer;
import dev.cadre.observe.ObserverConfig;
import dev.cadre.testkit.ActorTestKit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records a real flight recording to a file, reads it back with the JDK's parser, checks the events. */
class FlightRecorderEventsTest {

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
    }

    @Test
    void failuresRestartsStopsDeadLettersOverflowsAndLongMailboxesAreInTheRecording(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("cadre.jfr");
        CountDownLatch gate = new CountDownLatch(1);
        try (Recording recording = FlightRecorderEvents.startRecording(file)) {
            try (var kit = ActorTestKit.create("jfr");
                    Observer observer = Observer.start(kit.system(),
                            ObserverConfig.defaults().withInterval(Duration.ofHours(1)).withLongMailbox(20, 5));
                    FlightRecorderEvents events = FlightRecorderEvents.install(observer)) {
                // A crash, then a restart (local supervision).
                ActorRef<String> fragile = kit.spawn(Behaviors.supervise(Behaviors.<String>receiveMessage(s -> {
                    throw new IllegalArgumentException("bad " + s);
                })).onFailure(Directive.restart()), "fragile");
                fragile.tell("order");
                // A normal stop, then a dead letter to it.
                ActorRef<String> brief = kit.spawn(Behaviors.<String>ignore(), "brief");
                kit.stop(brief);
                brief.tell("too late");
                // Overflow: a blocked actor with a drop-newest mailbox of 2 gets 10 messages.
                ActorRef<Integer> tight = kit.system().spawn(Behaviors.<Integer>receiveMessage(n -> {
                    gate.await();
                    return Behaviors.same();
                }), "tight", Props.virtualThreads().withMailbox(Mailbox.bounded(2, Overflow.dropNewest())));
                tight.tell(0);
                ActorTestKit.awaitAssert(Duration.ofSeconds(5),
                        () -> assertThat(kit.system().metrics(tight).processed()).isEqualTo(1));
                for (int i = 1; i <= 10; i++) {
                    tight.tell(i); // 2 fit, 8 are dropped
                }
                // A long mailbox.
                ActorRef<Integer> slow = kit.system().spawn(Behaviors.<Integer>receiveMessage(n -> {
                    gate.await();
                    return Behaviors.same();
                }), "slow", Props.virtualThreads());
                for (int i = 0; i < 30; i++) {
                    slow.tell(i);
                }
                ActorTestKit.awaitAssert(Duration.ofSeconds(5),
                        () -> assertThat(kit.system().metrics(slow).depth()).isEqualTo(29));
                observer.sampleNow();
                ActorTestKit.awaitAssert(Duration.ofSeconds(5),
                        () -> assertThat(kit.system().metrics(fragile).failures()).isEqualTo(1));
                gate.countDown();
            }
            recording.stop();
        }
        assertThat(file).exists();
        List<RecordedEvent> all = RecordingFile.readAllEvents(file);

        List<RecordedEvent> failed = named(all, "dev.cadre.ActorFailed");
        assertThat(failed).singleElement().satisfies(e -> {
            assertThat(e.getString("actor")).isEqualTo("/user/fragile");
            assertThat(e.getString("exception")).isEqualTo("java.lang.IllegalArgumentException");
            assertThat(e.getString("exceptionMessage")).isEqualTo("bad order");
            assertThat(e.getString("messageType")).isEqualTo("java.lang.String");
        });
        assertThat(named(all, "dev.cadre.ActorRestarted")).singleElement()
                .satisfies(e -> assertThat(e.getInt("restarts")).isEqualTo(1));
        assertThat(named(all, "dev.cadre.ActorStopped")).anySatisfy(e -> {
            assertThat(e.getString("actor")).isEqualTo("/user/brief");
            assertThat(e.getBoolean("failed")).isFalse();
        });
        assertThat(named(all, "dev.cadre.DeadLetter")).anySatisfy(e -> {
            assertThat(e.getString("recipient")).isEqualTo("/user/brief");
            assertThat(e.getString("reason")).isEqualTo("RECIPIENT_TERMINATED");
        });
        List<RecordedEvent> overflow = named(all, "dev.cadre.MailboxOverflow");
        assertThat(overflow).hasSize(8).allSatisfy(e -> {
            assertThat(e.getString("actor")).isEqualTo("/user/tight");
            assertThat(e.getString("reason")).isEqualTo("DROPPED_NEWEST");
            assertThat(e.getString("messageType")).isEqualTo("java.lang.Integer");
        });
        assertThat(named(all, "dev.cadre.LongMailbox")).anySatisfy(e -> {
            assertThat(e.getString("actor")).isEqualTo("/user/slow");
            assertThat(e.getBoolean("recovered")).isFalse();
            assertThat(e.getInt("depth")).isEqualTo(29);
            assertThat(e.getInt("threshold")).isEqualTo(20);
        });
        assertThat(Files.size(file)).isPositive();
    }

    @Test
    void withoutARecordingTheListenersCostACheckAndRecordNothing() {
        try (var kit = ActorTestKit.create(); var events = FlightRecorderEvents.install(kit.system())) {
            ActorRef<String> brief = kit.spawn(Behaviors.<String>ignore(), "brief");
            kit.stop(brief);
            brief.tell("too late"); // must not throw
            assertThat(kit.system().deadLetters().count()).isEqualTo(1);
        }
    }
}
