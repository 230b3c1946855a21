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
class LinksTest {

    record LinkTo(ActorRef<?> other, boolean trap) {
    }

    /** Links on request and reports exit signals; "ok" acks. */
    static Behavior<Object> linker(ActorRef<Object> report) {
        return Behaviors.receive((ctx, msg) -> {
            if (msg instanceof LinkTo l) {
                ctx.trapExits(l.trap());
                ctx.link(l.other());
                report.tell("linked");
            }
            return Behaviors.same();
        }).onSignal((ctx, s) -> {
            if (s instanceof ExitSignal e) {
                report.tell(e);
            }
            return Behaviors.same();
        });
    }

    static Behavior<String> crashOnRequest() {
        return Behaviors.receiveMessage(m -> switch (m) {
            case "crash" -> throw new IllegalStateException("linked crash");
            case "stop" -> Behaviors.stopped();
            default -> Behaviors.same();
        });
    }

    @Test
    void aFailureOfALinkedActorFailsTheOtherToo(ActorTestKit kit) {
        TestProbe<Object> report = kit.createTestProbe();
        ActorRef<Object> a = kit.spawn(linker(report.ref()));
        ActorRef<String> b = kit.spawn(crashOnRequest());
        a.tell(new LinkTo(b, false));
        report.expectMessage("linked");
        TestProbe<Object> watcher = kit.createTestProbe();
        watcher.watch(a);
        b.tell("crash");
        Terminated t = watcher.expectTerminated(a);
        assertThat(t.failure()).isInstanceOf(LinkedActorFailedException.class)
                .hasMessageContaining(b.path()).hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void anActorThatTrapsExitsGetsASignalAndLives(ActorTestKit kit) {
        TestProbe<Object> report = kit.createTestProbe();
        ActorRef<Object> a = kit.spawn(linker(report.ref()));
        ActorRef<String> b = kit.spawn(crashOnRequest());
        ActorRef<String> c = kit.spawn(crashOnRequest());
        a.tell(new LinkTo(b, true));
        a.tell(new LinkTo(c, true));
        report.receiveMessages(2);
        b.tell("crash");
        ExitSignal e = (ExitSignal) report.receiveMessage();
        assertThat(e.from()).isEqualTo(b);
        assertThat(e.failed()).isTrue();
        c.tell("stop");
        ExitSignal normal = (ExitSignal) report.receiveMessage();
        assertThat(normal.from()).isEqualTo(c);
        assertThat(normal.failed()).isFalse();
        assertThat(kit.system().lookup(a.path())).isPresent();
    }

    @Test
    void aNormalStopOfALinkedActorDoesNotFailANonTrappingOne(ActorTestKit kit) {
        TestProbe<Object> report = kit.createTestProbe();
        ActorRef<Object> a = kit.spawn(linker(report.ref()));
        ActorRef<String> b = kit.spawn(crashOnRequest());
        a.tell(new LinkTo(b, false));
        report.expectMessage("linked");
        b.tell("stop");
        kit.createTestProbe().expectTerminated(b);
        report.expectNoMessage(Duration.ofHours(1));
        assertThat(kit.system().lookup(a.path())).isPresent();
    }

    @Test
    void linksAreBidirectional(ActorTestKit kit) {
        TestProbe<Object> report = kit.createTestProbe();
        ActorRef<Object> trapper = kit.spawn(linker(report.ref()));
        ActorRef<Object> initiator = kit.spawn(Behaviors.receive((ctx, m) -> {
            if (m instanceof LinkTo l) {
                ctx.link(l.other());
                report.ref().tell("linked");
            } else if ("crash".equals(m)) {
                throw new IllegalStateException("initiator crashed");
            }
            return Behaviors.same();
        }));
        trapper.tell(new LinkTo(kit.spawn(Behaviors.ignore()), true)); // just to set trapExits
        report.expectMessage("linked");
        initiator.tell(new LinkTo(trapper, false));
        report.expectMessage("linked");
        initiator.tell("crash");
        ExitSignal e = (ExitSignal) report.receiveMessage();
        assertThat(e.from()).isEqualTo(initiator);
    }

    @Test
    void linkingToADeadActorDeliversItsExitAtOnce(ActorTestKit kit) {
        TestProbe<Object> report = kit.createTestProbe();
        ActorRef<String> dead = kit.spawn(crashOnRequest());
        kit.stop(dead);
        ActorRef<Object> a = kit.spawn(linker(report.ref()));
        a.tell(new LinkTo(dead, true));
        report.expectMessage("linked");
        assertThat(((ExitSignal) report.receiveMessage()).from()).isEqualTo(dead);
    }
}
