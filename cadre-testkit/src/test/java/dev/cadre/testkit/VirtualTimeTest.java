package dev.cadre.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.AskTimeoutException;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.Directive;
import dev.cadre.actor.Mailbox;
import dev.cadre.actor.MailboxFullException;
import dev.cadre.actor.Overflow;
import dev.cadre.actor.Props;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * Every time-based part of the runtime on the virtual clock: the delays under test are hours; the
 * tests take milliseconds, and assert exact instants, never wall-clock bounds.
 */
class VirtualTimeTest {

    record Ping(ActorRef<String> replyTo) {
    }

    @Test
    void aTimerFiresExactlyWhenTheClockReachesIt() {
        try (var kit = ActorTestKit.deterministic(1)) {
            TestProbe<String> probe = kit.createTestProbe();
            kit.spawn(Behaviors.<String>withTimers(t -> {
                t.startSingleTimer("k", "tick", Duration.ofHours(1));
                return Behaviors.receiveMessage(m -> {
                    probe.ref().tell(m + " at " + kit.time().now());
                    return Behaviors.same();
                });
            }), "timed");
            kit.time().advance(Duration.ofMinutes(59));
            probe.expectNoMessage(Duration.ZERO);
            kit.time().advance(Duration.ofMinutes(1));
            probe.expectMessage("tick at PT1H");
        }
    }

    @Test
    void aRepeatingTimerFiresOncePerPeriodOfVirtualTime() {
        try (var kit = ActorTestKit.deterministic(2)) {
            TestProbe<String> probe = kit.createTestProbe();
            kit.spawn(Behaviors.<String>withTimers(t -> {
                t.startTimerAtFixedRate("k", "tick", Duration.ofSeconds(10));
                return Behaviors.receiveMessage(m -> {
                    probe.ref().tell(m);
                    return Behaviors.same();
                });
            }), "ticker");
            kit.time().advance(Duration.ofSeconds(35));
            assertThat(probe.receiveMessages(3, Duration.ZERO)).containsExactly("tick", "tick", "tick");
            probe.expectNoMessage(Duration.ofSeconds(4)); // t = 39 s
            probe.expectMessage("tick", Duration.ofSeconds(1)); // t = 40 s
        }
    }

    @Test
    void aReceiveTimeoutFiresAfterExactlyThatMuchSilence() {
        try (var kit = ActorTestKit.deterministic(3)) {
            TestProbe<String> probe = kit.createTestProbe();
            ActorRef<String> idle = kit.spawn(Behaviors.<String>setup(ctx -> {
                ctx.setReceiveTimeout(Duration.ofMinutes(10), "idle");
                return Behaviors.receiveMessage(m -> {
                    probe.ref().tell(m + "@" + kit.time().now().toMinutes());
                    return Behaviors.same();
                });
            }), "idle");
            kit.time().advance(Duration.ofMinutes(6));
            idle.tell("poke"); // activity resets the countdown
            probe.expectMessage("poke@6", Duration.ZERO);
            kit.time().advance(Duration.ofMinutes(9));
            probe.expectNoMessage(Duration.ZERO);
            kit.time().advance(Duration.ofMinutes(1));
            probe.expectMessage("idle@16", Duration.ZERO);
        }
    }

    @Test
    void anAskTimesOutOnTheVirtualClock() {
        try (var kit = ActorTestKit.deterministic(4)) {
            ActorRef<Ping> silent = kit.spawn(Behaviors.<Ping>receiveMessage(p -> Behaviors.same()), "silent");
            var reply = silent.<String>ask(Ping::new, Duration.ofDays(2));
            kit.time().advance(Duration.ofDays(1));
            assertThat(reply).isNotDone();
            assertThatThrownBy(() -> kit.await(reply)).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(AskTimeoutException.class);
            assertThat(kit.time().now()).isEqualTo(Duration.ofDays(2));
        }
    }

    @Test
    void aBackoffOfAnHourRestartsTheActorAnHourLater() {
        try (var kit = ActorTestKit.deterministic(5)) {
            TestProbe<String> probe = kit.createTestProbe();
            Behavior<String> flaky = Behaviors.supervise(Behaviors.<String>setup(ctx -> {
                probe.ref().tell("started at " + kit.time().now());
                return Behaviors.receiveMessage(m -> {
                    throw new IllegalStateException(m);
                });
            })).onFailure(Directive.restartWithBackoff(Duration.ofHours(1), Duration.ofHours(4), 0));
            ActorRef<String> ref = kit.spawn(flaky, "flaky");
            probe.expectMessage("started at PT0S");
            ref.tell("boom");
            probe.expectNoMessage(Duration.ofMinutes(59).plusSeconds(59));
            probe.expectMessage("started at PT1H", Duration.ofSeconds(1));
            ref.tell("boom again");
            probe.expectNoMessage(Duration.ofHours(2).minusSeconds(1)); // the backoff doubled
            probe.expectMessage("started at PT3H", Duration.ofSeconds(1));
        }
    }

    @Test
    void theRestartIntensityWindowSlidesOnTheVirtualClock() {
        try (var kit = ActorTestKit.deterministic(6)) {
            TestProbe<String> probe = kit.createTestProbe();
            Behavior<String> flaky = Behaviors.supervise(Behaviors.<String>setup(ctx -> {
                probe.ref().tell("start");
                return Behaviors.receiveMessage(m -> {
                    throw new IllegalStateException(m);
                });
            })).onFailure(Directive.restart().withLimit(2, Duration.ofMinutes(1)));
            ActorRef<String> ref = kit.spawn(flaky, "flaky");
            probe.expectMessage("start");
            TestProbe<Object> watcher = kit.createTestProbe();
            watcher.watch(ref);
            ref.tell("1");
            probe.expectMessage("start");
            kit.time().advance(Duration.ofSeconds(61)); // the first restart leaves the window
            ref.tell("2");
            probe.expectMessage("start");
            ref.tell("3");
            probe.expectMessage("start"); // 2 restarts within a minute: allowed
            ref.tell("4");                // a third within the minute: over the limit, it stops
            watcher.expectTerminated(ref);
            probe.expectNoMessage(Duration.ofMinutes(5));
        }
    }

    @Test
    void aBlockedSenderWaitsWhileTheOtherActorsRun() {
        try (var kit = ActorTestKit.deterministic(7)) {
            List<Integer> got = new ArrayList<>();
            ActorRef<Integer> sink = kit.system().spawn(Behaviors.<Integer>receiveMessage(i -> {
                got.add(i);
                return Behaviors.same();
            }), "sink", Props.defaults().withMailbox(Mailbox.bounded(2, Overflow.block(Duration.ofSeconds(1)))));
            for (int i = 0; i < 10; i++) {
                sink.tell(i); // the test's thread: when full, the scheduler runs the sink until there is room
            }
            kit.runUntilIdle();
            assertThat(got).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            assertThat(kit.time().now()).isZero();
        }
    }

    @Test
    void aBlockedSendTimesOutOnTheVirtualClock() {
        var faults = Faults.none().slow("/user/sink", Duration.ofHours(1));
        try (var kit = ActorTestKit.deterministic(DeterministicConfig.seed(8).withFaults(faults))) {
            ActorRef<Integer> sink = kit.system().spawn(Behaviors.<Integer>receiveMessage(i -> Behaviors.same()),
                    "sink", Props.defaults().withMailbox(Mailbox.bounded(1, Overflow.block(Duration.ofSeconds(2)))));
            sink.tell(1);
            kit.runUntilIdle(); // the sink takes message 1: busy for an hour
            sink.tell(2);       // fills the mailbox
            assertThatThrownBy(() -> sink.tell(3)).isInstanceOf(MailboxFullException.class)
                    .hasMessageContaining("stayed full (capacity 1) for 2000 ms");
            assertThat(kit.time().now()).isEqualTo(Duration.ofSeconds(2));
            assertThat(kit.system().metrics(sink).dropped()).isEqualTo(1);
        }
    }
}
