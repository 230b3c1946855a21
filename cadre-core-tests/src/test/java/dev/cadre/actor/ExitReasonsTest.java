package dev.cadre.actor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.testkit.ActorTestKit;
import dev.cadre.testkit.TestProbe;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Erlang's exit reasons in Terminated and ExitSignal, and how links propagate them. */
class ExitReasonsTest {

    record LinkTo(ActorRef<?> other) {
    }

    /** Links on request; reports the ExitSignals it traps and its own Terminated-worthy end. */
    private static Behavior<Object> linker(boolean trap, TestProbe<Object> report) {
        return Behaviors.setup(ctx -> {
            ctx.trapExits(trap);
            return Behaviors.receive((c, m) -> {
                if (m instanceof LinkTo l) {
                    c.link(l.other());
                    report.ref().tell("linked");
                }
                return Behaviors.same();
            }).onSignal((c, s) -> {
                if (s instanceof ExitSignal e) {
                    report.ref().tell(e);
                }
                return Behaviors.same();
            });
        });
    }

    /**
     * Returns once {@code w} has handled the link request sent to it before: "linked" means the
     * linker sent it, and a kill marks {@code w} dead at once, so a kill before {@code w} has seen
     * the request would (rightly) answer it with no-such-actor. {@code w} handles its system
     * messages before any user message, so its answer to a later ask means the link is in place.
     */
    private static void settled(ActorRef<Worker> w) {
        w.<Integer>ask(Worker.Get::new, Duration.ofSeconds(10)).join();
    }

    @Test
    void watchersLearnNormalShutdownAndFailure() {
        try (var kit = ActorTestKit.create()) {
            TestProbe<Object> w = kit.createTestProbe();
            ActorRef<Worker> normal = kit.spawn(new Events().worker("n"), "n");
            ActorRef<Worker> stopped = kit.spawn(new Events().worker("s"), "s");
            ActorRef<Worker> failed = kit.spawn(new Events().worker("f"), "f");
            w.watch(normal);
            w.watch(stopped);
            w.watch(failed);
            normal.tell(new Worker.Stop());
            kit.system().stop(stopped);
            failed.tell(new Worker.Crash("boom"));
            assertThat(w.expectTerminated(normal).reason()).isEqualTo(ExitReason.NORMAL);
            assertThat(w.expectTerminated(stopped).reason()).isEqualTo(ExitReason.SHUTDOWN);
            Terminated t = w.expectTerminated(failed);
            assertThat(t.failed()).isTrue();
            assertThat(t.cause()).get().extracting(Throwable::getMessage).isEqualTo("boom");
        }
    }

    @Test
    void watchingAnActorThatIsAlreadyGoneSaysNoSuchActorButItsParentLearnsTheRealReason() {
        try (var kit = ActorTestKit.create()) {
            TestProbe<Object> parentSaw = kit.createTestProbe();
            ActorRef<Object> parent = kit.spawn(Behaviors.setup(ctx -> {
                ActorRef<Worker> child = ctx.spawn(new Events().worker("c"), "c");
                child.tell(new Worker.Crash("early"));
                return Behaviors.receive((c, m) -> {
                    c.watch(child); // long after the child is gone
                    return Behaviors.same();
                }).onSignal((c, s) -> {
                    if (s instanceof Terminated t) {
                        parentSaw.ref().tell(t.reason());
                    }
                    return Behaviors.same();
                });
            }), "parent");
            ActorTestKit.awaitAssert(java.time.Duration.ofSeconds(10),
                    () -> assertThat(kit.system().lookup("/user/parent/c")).isEmpty());
            TestProbe<Object> stranger = kit.createTestProbe();
            parent.tell("watch it now");
            assertThat(parentSaw.receiveMessage()).isInstanceOf(ExitReason.Failure.class);
            ActorRef<Worker> gone = kit.spawn(new Events().worker("g"), "g");
            TestProbe<Object> first = kit.createTestProbe();
            first.watch(gone);
            gone.tell(new Worker.Stop());
            first.expectTerminated(gone);
            assertThat(stranger.expectTerminated(gone).reason()).isEqualTo(ExitReason.NO_SUCH_ACTOR);
        }
    }

    @Test
    void aTrappingActorSeesEachLinkedExitWithItsReason() {
        try (var kit = ActorTestKit.create()) {
            TestProbe<Object> report = kit.createTestProbe();
            ActorRef<Object> trapper = kit.spawn(linker(true, report), "trapper");
            ActorRef<Worker> a = kit.spawn(new Events().worker("a"), "a");
            ActorRef<Worker> b = kit.spawn(new Events().worker("b"), "b");
            trapper.tell(new LinkTo(a));
            report.expectMessage("linked");
            trapper.tell(new LinkTo(b));
            report.expectMessage("linked");
            kit.system().stop(a);
            assertThat(((ExitSignal) report.receiveMessage()).reason()).isEqualTo(ExitReason.SHUTDOWN);
            settled(b);
            kit.system().kill(b);
            assertThat(((ExitSignal) report.receiveMessage()).reason()).isEqualTo(ExitReason.KILLED);
            ActorRef<Worker> dead = kit.spawn(Behaviors.stopped(), "dead");
            kit.createTestProbe().expectTerminated(dead);
            trapper.tell(new LinkTo(dead));
            report.expectMessage("linked");
            ExitSignal e = (ExitSignal) report.receiveMessage();
            assertThat(e.from()).isEqualTo(dead);
            assertThat(e.reason()).isEqualTo(ExitReason.NO_SUCH_ACTOR);
        }
    }

    @Test
    void aNonTrappingActorExitsWithShutdownWhenALinkedActorDoesAndIgnoresANormalExit() {
        try (var kit = ActorTestKit.create()) {
            TestProbe<Object> report = kit.createTestProbe();
            ActorRef<Object> a = kit.spawn(linker(false, report), "a");
            ActorRef<Worker> normal = kit.spawn(new Events().worker("n"), "n");
            a.tell(new LinkTo(normal));
            report.expectMessage("linked");
            normal.tell(new Worker.Stop());
            kit.createTestProbe().expectTerminated(normal);
            ActorRef<Worker> s = kit.spawn(new Events().worker("s"), "s");
            TestProbe<Object> watcher = kit.createTestProbe();
            watcher.watch(a);
            a.tell(new LinkTo(s));
            report.expectMessage("linked");
            kit.system().stop(s);
            Terminated t = watcher.expectTerminated(a);
            assertThat(t.reason()).as("a linked shutdown propagates as shutdown, not as a failure")
                    .isEqualTo(ExitReason.SHUTDOWN);
        }
    }

    @Test
    void aNonTrappingActorFailsWhenALinkedActorIsKilled() {
        try (var kit = ActorTestKit.create()) {
            TestProbe<Object> report = kit.createTestProbe();
            ActorRef<Object> a = kit.spawn(linker(false, report), "a");
            ActorRef<Worker> k = kit.spawn(new Events().worker("k"), "k");
            TestProbe<Object> watcher = kit.createTestProbe();
            watcher.watch(a);
            a.tell(new LinkTo(k));
            report.expectMessage("linked");
            settled(k);
            kit.system().kill(k);
            Terminated t = watcher.expectTerminated(a);
            assertThat(t.failure()).isInstanceOf(LinkedActorFailedException.class)
                    .hasMessageContaining("exited: killed");
            assertThat(((LinkedActorFailedException) t.failure()).reason()).isEqualTo(ExitReason.KILLED);
        }
    }
}
