package dev.cadre.actor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.testkit.ActorTestKit;
import dev.cadre.testkit.TestProbe;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Timers and receive timeouts on a deterministic kit: every instant is exact on the virtual clock,
 * and "nothing else arrives" is checked over an hour of it, in microseconds of real time.
 */
class TimersTest {

    private static final long SEED = 1;

    sealed interface Cmd {
        record Start(String key, String msg, long millis, boolean repeat) implements Cmd {
        }

        record Cancel(String key) implements Cmd {
        }

        record Tick(String text) implements Cmd {
        }

        record IsActive(String key, ActorRef<Boolean> replyTo) implements Cmd {
        }

        record Stop() implements Cmd {
        }
    }

    static Behavior<Cmd> timed(ActorRef<String> out) {
        return Behaviors.withTimers(timers -> Behaviors.receiveMessage(msg -> {
            switch (msg) {
                case Cmd.Start s -> {
                    if (s.repeat()) {
                        timers.startTimerAtFixedRate(s.key(), new Cmd.Tick(s.msg()), Duration.ofMillis(s.millis()));
                    } else {
                        timers.startSingleTimer(s.key(), new Cmd.Tick(s.msg()), Duration.ofMillis(s.millis()));
                    }
                }
                case Cmd.Cancel c -> timers.cancel(c.key());
                case Cmd.Tick t -> out.tell(t.text());
                case Cmd.IsActive a -> a.replyTo().tell(timers.isTimerActive(a.key()));
                case Cmd.Stop s -> {
                    return Behaviors.stopped();
                }
            }
            return Behaviors.same();
        }));
    }

    @Test
    void aSingleTimerFiresOnceThroughTheMailbox() {
        try (var kit = ActorTestKit.deterministic(SEED)) {
            TestProbe<String> out = kit.createTestProbe();
            TestProbe<Boolean> active = kit.createTestProbe();
            ActorRef<Cmd> a = kit.spawn(timed(out.ref()));
            a.tell(new Cmd.Start("k", "once", 20, false));
            a.tell(new Cmd.IsActive("k", active.ref()));
            assertThat(active.receiveMessage()).isTrue();
            out.expectNoMessage(Duration.ofMillis(19));
            out.expectMessage("once", Duration.ofMillis(1)); // at 20 ms exactly
            out.expectNoMessage(Duration.ofHours(1));        // and never again
            a.tell(new Cmd.IsActive("k", active.ref()));
            assertThat(active.receiveMessage()).isFalse();
        }
    }

    @Test
    void aFixedRateTimerRepeatsUntilCancelledAndNothingArrivesAfterCancel() {
        try (var kit = ActorTestKit.deterministic(SEED)) {
            TestProbe<String> out = kit.createTestProbe();
            ActorRef<Cmd> a = kit.spawn(timed(out.ref()));
            a.tell(new Cmd.Start("tick", "t", 5, true));
            assertThat(out.receiveMessages(5)).containsOnly("t");
            assertThat(kit.time().now()).isEqualTo(Duration.ofMillis(25)); // one per period
            a.tell(new Cmd.Cancel("tick"));
            TestProbe<Boolean> active = kit.createTestProbe();
            a.tell(new Cmd.IsActive("tick", active.ref()));
            assertThat(active.receiveMessage()).isFalse();
            out.expectNoMessage(Duration.ofHours(1));
        }
    }

    @Test
    void aTickQueuedBeforeTheCancelIsHandledIsFilteredOut() {
        // In every schedule where the 6th tick is queued before Cancel is handled, it never arrives.
        for (long seed = 0; seed < 50; seed++) {
            try (var kit = ActorTestKit.deterministic(seed)) {
                TestProbe<String> out = kit.createTestProbe();
                ActorRef<Cmd> a = kit.spawn(timed(out.ref()));
                a.tell(new Cmd.Start("tick", "t", 5, true));
                kit.time().advance(Duration.ofMillis(5)); // tick 1 is queued, maybe handled
                a.tell(new Cmd.Cancel("tick"));
                kit.time().advance(Duration.ofMillis(1)); // Cancel handled
                int ticks = 0;
                while (true) {
                    try {
                        out.receiveMessage(Duration.ZERO);
                        ticks++;
                    } catch (AssertionError none) {
                        break;
                    }
                }
                assertThat(ticks).as("seed %d", seed).isLessThanOrEqualTo(1);
                out.expectNoMessage(Duration.ofHours(1));
            }
        }
    }

    @Test
    void startingATimerWithAKeyInUseReplacesIt() {
        try (var kit = ActorTestKit.deterministic(SEED)) {
            TestProbe<String> out = kit.createTestProbe();
            ActorRef<Cmd> a = kit.spawn(timed(out.ref()));
            a.tell(new Cmd.Start("k", "first", 200, false));
            a.tell(new Cmd.Start("k", "second", 10, false));
            out.expectMessage("second");
            out.expectNoMessage(Duration.ofHours(1)); // "first" never comes, not even at 200 ms
        }
    }

    @Test
    void timersAreCancelledWhenTheActorStops() {
        try (var kit = ActorTestKit.deterministic(SEED)) {
            TestProbe<String> out = kit.createTestProbe();
            ActorRef<Cmd> a = kit.spawn(timed(out.ref()));
            a.tell(new Cmd.Start("tick", "t", 5, true));
            a.tell(new Cmd.Start("later", "l", 100, false));
            out.receiveMessages(2);
            a.tell(new Cmd.Stop());
            kit.createTestProbe().expectTerminated(a);
            long deadBefore = kit.system().deadLetters().count();
            out.expectNoMessage(Duration.ofHours(1));
            assertThat(kit.system().deadLetters().count()).as("no timer fired into the dead actor")
                    .isEqualTo(deadBefore);
            assertThat(kit.time().pendingTimers()).as("every timer of the actor is cancelled").isZero();
        }
    }

    @Test
    void receiveTimeoutFiresAfterIdlenessAndActivityPostponesIt() {
        try (var kit = ActorTestKit.deterministic(SEED)) {
            TestProbe<String> out = kit.createTestProbe();
            ActorRef<String> a = kit.spawn(Behaviors.<String>setup(ctx -> {
                ctx.setReceiveTimeout(Duration.ofMillis(150), "idle");
                return Behaviors.<String>receiveMessage(m -> {
                    out.ref().tell(m + "@" + kit.time().now().toMillis());
                    if (m.equals("enough")) {
                        ctx.cancelReceiveTimeout();
                    }
                    return Behaviors.same();
                });
            }));
            // busy for 300 ms, a message every 100 ms: no "idle" while messages keep coming
            for (int i = 0; i < 3; i++) {
                a.tell("work");
                assertThat(out.receiveMessage()).isEqualTo("work@" + (i * 100));
                out.expectNoMessage(Duration.ofMillis(100));
            }
            out.expectMessage("idle@350", Duration.ofMillis(50)); // 150 ms after the last "work" (at 200)
            out.expectNoMessage(Duration.ofMillis(149));
            out.expectMessage("idle@500", Duration.ofMillis(1));  // and again after another idle period
            a.tell("enough");
            out.expectMessage("enough@500");
            out.expectNoMessage(Duration.ofHours(1));
        }
    }

    @Test
    void badTimerArgumentsAreRejected() {
        try (var kit = ActorTestKit.deterministic(SEED)) {
            TestProbe<String> errors = kit.createTestProbe();
            kit.spawn(Behaviors.<String>withTimers(timers -> {
                try {
                    timers.startSingleTimer("k", "m", Duration.ZERO);
                } catch (IllegalArgumentException e) {
                    errors.ref().tell(e.getMessage());
                }
                return Behaviors.ignore();
            }));
            errors.expectMessage("delay must be positive, was PT0S");
        }
    }
}
