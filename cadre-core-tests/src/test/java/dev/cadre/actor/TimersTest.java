package dev.cadre.actor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.testkit.ActorTestKit;
import dev.cadre.testkit.TestProbe;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimersTest {

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
        try (var kit = ActorTestKit.create()) {
            TestProbe<String> out = kit.createTestProbe();
            TestProbe<Boolean> active = kit.createTestProbe();
            ActorRef<Cmd> a = kit.spawn(timed(out.ref()));
            a.tell(new Cmd.Start("k", "once", 20, false));
            a.tell(new Cmd.IsActive("k", active.ref()));
            assertThat(active.receiveMessage()).isTrue();
            out.expectMessage("once");
            out.expectNoMessage(Duration.ofMillis(100));
            a.tell(new Cmd.IsActive("k", active.ref()));
            assertThat(active.receiveMessage()).isFalse();
        }
    }

    @Test
    void aFixedRateTimerRepeatsUntilCancelledAndNothingArrivesAfterCancel() {
        try (var kit = ActorTestKit.create()) {
            TestProbe<String> out = kit.createTestProbe();
            ActorRef<Cmd> a = kit.spawn(timed(out.ref()));
            a.tell(new Cmd.Start("tick", "t", 5, true));
            assertThat(out.receiveMessages(5)).containsOnly("t");
            a.tell(new Cmd.Cancel("tick"));
            // ticks queued before the cancel was handled are filtered out on the actor's thread,
            // so at most those already delivered before Cancel can still be in flight to the probe
            TestProbe<Boolean> active = kit.createTestProbe();
            a.tell(new Cmd.IsActive("tick", active.ref()));
            assertThat(active.receiveMessage()).isFalse();
            drain(out);
            out.expectNoMessage(Duration.ofMillis(100));
        }
    }

    @Test
    void startingATimerWithAKeyInUseReplacesIt() {
        try (var kit = ActorTestKit.create()) {
            TestProbe<String> out = kit.createTestProbe();
            ActorRef<Cmd> a = kit.spawn(timed(out.ref()));
            a.tell(new Cmd.Start("k", "first", 200, false));
            a.tell(new Cmd.Start("k", "second", 10, false));
            out.expectMessage("second");
            out.expectNoMessage(Duration.ofMillis(400));
        }
    }

    @Test
    void timersAreCancelledWhenTheActorStops() {
        try (var kit = ActorTestKit.create()) {
            TestProbe<String> out = kit.createTestProbe();
            ActorRef<Cmd> a = kit.spawn(timed(out.ref()));
            a.tell(new Cmd.Start("tick", "t", 5, true));
            a.tell(new Cmd.Start("later", "l", 100, false));
            out.receiveMessages(2);
            a.tell(new Cmd.Stop());
            kit.createTestProbe().expectTerminated(a);
            long deadBefore = kit.system().deadLetters().count();
            drain(out); // ticks sent before the stop was processed are legitimately still on their way
            out.expectNoMessage(Duration.ofMillis(200));
            assertThat(kit.system().deadLetters().count()).as("no timer fired into the dead actor")
                    .isEqualTo(deadBefore);
        }
    }

    @Test
    void receiveTimeoutFiresAfterIdlenessAndActivityPostponesIt() {
        try (var kit = ActorTestKit.create()) {
            TestProbe<String> out = kit.createTestProbe();
            ActorRef<String> a = kit.spawn(Behaviors.<String>setup(ctx -> {
                ctx.setReceiveTimeout(Duration.ofMillis(150), "idle");
                return Behaviors.<String>receiveMessage(m -> {
                    out.ref().tell(m);
                    if (m.equals("enough")) {
                        ctx.cancelReceiveTimeout();
                    }
                    return Behaviors.same();
                });
            }));
            // keep it busy for ~300 ms: no "idle" while messages keep coming
            long start = System.nanoTime();
            while (System.nanoTime() - start < Duration.ofMillis(300).toNanos()) {
                a.tell("work");
                assertThat(out.receiveMessage()).isEqualTo("work");
                out.expectNoMessage(Duration.ofMillis(20));
            }
            out.expectMessage("idle", Duration.ofSeconds(2));
            out.expectMessage("idle", Duration.ofSeconds(2)); // and again after another idle period
            a.tell("enough");
            out.expectMessage("enough");
            out.expectNoMessage(Duration.ofMillis(400));
        }
    }

    @Test
    void badTimerArgumentsAreRejected() {
        try (var kit = ActorTestKit.create()) {
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

    private static void drain(TestProbe<String> probe) {
        try {
            while (true) {
                probe.receiveMessage(Duration.ofMillis(20));
            }
        } catch (AssertionError noMore) {
            // drained
        }
    }
}
