package dev.cadre.actor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.testkit.ActorTestKit;
import dev.cadre.testkit.CadreExtension;
import dev.cadre.testkit.TestProbe;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CadreExtension.class)
@CadreExtension.Deterministic(seed = 1) // exact silence: "no message" is checked over virtual time
class WatchTest {

    sealed interface WatcherMsg {
        record WatchIt(ActorRef<?> target) implements WatcherMsg {
        }

        record WatchItWith(ActorRef<?> target, String note) implements WatcherMsg {
        }

        record UnwatchIt(ActorRef<?> target) implements WatcherMsg {
        }

        record WatchTwice(ActorRef<?> target) implements WatcherMsg {
        }

        record Noted(String note) implements WatcherMsg {
        }
    }

    /** Reports every Terminated (and watchWith message) it gets to the probe. */
    static Behavior<WatcherMsg> watcher(ActorRef<Object> report) {
        return Behaviors.<WatcherMsg>receive((ctx, msg) -> {
            switch (msg) {
                case WatcherMsg.WatchIt w -> ctx.watch(w.target());
                case WatcherMsg.WatchItWith w -> ctx.watchWith(w.target(), new WatcherMsg.Noted(w.note()));
                case WatcherMsg.UnwatchIt u -> ctx.unwatch(u.target());
                case WatcherMsg.WatchTwice w -> {
                    ctx.watch(w.target());
                    ctx.watch(w.target());
                }
                case WatcherMsg.Noted n -> report.tell(n.note());
            }
            report.tell("ack");
            return Behaviors.same();
        }).onSignal((ctx, signal) -> {
            if (signal instanceof Terminated t) {
                report.tell(t);
            }
            return Behaviors.same();
        });
    }

    @Test
    void deliversTerminatedExactlyOnceEvenWhenWatchedTwice(ActorTestKit kit) {
        TestProbe<Object> probe = kit.createTestProbe();
        ActorRef<WatcherMsg> w = kit.spawn(watcher(probe.ref()));
        ActorRef<String> target = kit.spawn(Behaviors.ignore());
        w.tell(new WatcherMsg.WatchIt(target));
        w.tell(new WatcherMsg.WatchIt(target));
        probe.receiveMessages(2);
        kit.system().stop(target);
        Terminated t = probe.expectMessageClass(Terminated.class);
        assertThat(t.ref()).isEqualTo(target);
        assertThat(t.failed()).isFalse();
        probe.expectNoMessage(Duration.ofHours(1));
    }

    @Test
    void deliversTerminatedWhenTheActorWasAlreadyDead(ActorTestKit kit) {
        TestProbe<Object> probe = kit.createTestProbe();
        ActorRef<String> target = kit.spawn(Behaviors.ignore());
        kit.stop(target);
        ActorRef<WatcherMsg> w = kit.spawn(watcher(probe.ref()));
        w.tell(new WatcherMsg.WatchTwice(target)); // twice while the first is active: still once
        probe.expectMessage("ack");
        assertThat(probe.expectMessageClass(Terminated.class).ref()).isEqualTo(target);
        probe.expectNoMessage(Duration.ofHours(1));
    }

    @Test
    void watchWithDeliversTheCustomMessageInstead(ActorTestKit kit) {
        TestProbe<Object> probe = kit.createTestProbe();
        ActorRef<WatcherMsg> w = kit.spawn(watcher(probe.ref()));
        ActorRef<String> target = kit.spawn(Behaviors.ignore());
        w.tell(new WatcherMsg.WatchItWith(target, "target is gone"));
        probe.expectMessage("ack");
        kit.system().stop(target);
        probe.expectMessage("target is gone");
        probe.expectMessage("ack");
        probe.expectNoMessage(Duration.ofHours(1));
    }

    @Test
    void unwatchMeansNoTerminated(ActorTestKit kit) {
        TestProbe<Object> probe = kit.createTestProbe();
        ActorRef<WatcherMsg> w = kit.spawn(watcher(probe.ref()));
        ActorRef<String> target = kit.spawn(Behaviors.ignore());
        w.tell(new WatcherMsg.WatchIt(target));
        w.tell(new WatcherMsg.UnwatchIt(target));
        probe.receiveMessages(2);
        kit.stop(target);
        probe.expectNoMessage(Duration.ofHours(1));
    }

    @Test
    void terminatedTellsAFailureFromANormalStop(ActorTestKit kit) {
        TestProbe<Object> probe = kit.createTestProbe();
        ActorRef<WatcherMsg> w = kit.spawn(watcher(probe.ref()));
        ActorRef<String> crasher = kit.spawn(Behaviors.receiveMessage(s -> {
            throw new IllegalStateException("boom: " + s);
        }));
        w.tell(new WatcherMsg.WatchIt(crasher));
        probe.expectMessage("ack");
        crasher.tell("corrupt upload");
        Terminated t = probe.expectMessageClass(Terminated.class);
        assertThat(t.failed()).isTrue();
        assertThat(t.cause()).get(org.assertj.core.api.InstanceOfAssertFactories.THROWABLE)
                .isInstanceOf(IllegalStateException.class).hasMessage("boom: corrupt upload");
    }

    @Test
    void parentCanWatchAChildItStops(ActorTestKit kit) {
        TestProbe<Object> probe = kit.createTestProbe();
        kit.spawn(Behaviors.<String>setup(ctx -> {
            ActorRef<String> child = ctx.spawn(Behaviors.ignore(), "child");
            ctx.watch(child);
            ctx.stop(child);
            return Behaviors.<String>receiveMessage(m -> Behaviors.same()).onSignal((c, s) -> {
                if (s instanceof Terminated t) {
                    probe.ref().tell(t.ref().name() + " stopped; children now " + c.children().size());
                }
                return Behaviors.same();
            });
        }));
        probe.expectMessage("child stopped; children now 0");
    }
}
