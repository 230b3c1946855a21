package dev.cadre.actor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.testkit.ActorTestKit;
import dev.cadre.testkit.CadreExtension;
import dev.cadre.testkit.TestProbe;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CadreExtension.class)
@CadreExtension.Deterministic(seed = 1) // exact silence: "no message" is checked over virtual time
class StashTest {

    sealed interface Cmd {
        record Loaded(String config) implements Cmd {
        }

        record Work(int n, ActorRef<String> replyTo) implements Cmd {
        }
    }

    /** Stashes work until its configuration has loaded, then replays it in order. */
    static Behavior<Cmd> initialising(CompletableFuture<String> config, int capacity) {
        return Behaviors.withStash(capacity, stash -> Behaviors.setup(ctx -> {
            ctx.pipeToSelf(config, (c, e) -> new Cmd.Loaded(c));
            return Behaviors.receiveMessage(msg -> switch (msg) {
                case Cmd.Loaded l -> stash.unstashAll(ready(l.config()));
                case Cmd.Work w -> {
                    stash.stash(w);
                    yield Behaviors.same();
                }
            });
        }));
    }

    static Behavior<Cmd> ready(String config) {
        return Behaviors.receiveMessage(msg -> {
            if (msg instanceof Cmd.Work w) {
                w.replyTo().tell(config + ":" + w.n());
            }
            return Behaviors.same();
        });
    }

    @Test
    void defersMessagesWhileInitialisingAndReplaysThemInOrderBeforeNewerOnes(ActorTestKit kit) {
        CompletableFuture<String> config = new CompletableFuture<>();
        TestProbe<String> probe = kit.createTestProbe();
        ActorRef<Cmd> a = kit.spawn(initialising(config, 10));
        for (int i = 1; i <= 5; i++) {
            a.tell(new Cmd.Work(i, probe.ref()));
        }
        probe.expectNoMessage(java.time.Duration.ofHours(1));
        config.complete("cfg");
        a.tell(new Cmd.Work(6, probe.ref()));
        assertThat(probe.receiveMessages(6)).containsExactly("cfg:1", "cfg:2", "cfg:3", "cfg:4", "cfg:5", "cfg:6");
    }

    @Test
    void aFullStashFailsTheActorWithAClearError(ActorTestKit kit) {
        CompletableFuture<String> never = new CompletableFuture<>();
        TestProbe<String> probe = kit.createTestProbe();
        ActorRef<Cmd> a = kit.spawn(initialising(never, 2), "stasher");
        probe.watch(a);
        for (int i = 1; i <= 3; i++) {
            a.tell(new Cmd.Work(i, probe.ref()));
        }
        Terminated t = probe.expectTerminated(a);
        assertThat(t.failure()).isInstanceOf(StashOverflowException.class)
                .hasMessageContaining("/user/stasher").hasMessageContaining("capacity 2");
    }

    @Test
    void stashedMessagesSurviveARestartAndAreDeliveredToTheNewIncarnationFirst(ActorTestKit kit) {
        CompletableFuture<String> never = new CompletableFuture<>();
        TestProbe<String> probe = kit.createTestProbe();
        // stashes Work until configured; "Crash" (a Work with n < 0) fails it; restarts come configured
        int[] incarnation = {0};
        ActorRef<Cmd> a = kit.spawn(Behaviors.supervise(Behaviors.<Cmd>withStash(10, stash -> Behaviors.setup(ctx -> {
            boolean first = incarnation[0]++ == 0;
            if (first) {
                return Behaviors.receiveMessage(msg -> switch (msg) {
                    case Cmd.Work w when w.n() < 0 -> throw new IllegalStateException("crash while stashing");
                    case Cmd.Work w -> {
                        stash.stash(w);
                        yield Behaviors.same();
                    }
                    case Cmd.Loaded l -> Behaviors.same();
                });
            }
            return ready("second");
        }))).onFailure(Directive.restart()));
        a.tell(new Cmd.Work(1, probe.ref()));
        a.tell(new Cmd.Work(2, probe.ref()));
        a.tell(new Cmd.Work(-1, probe.ref())); // fails while 1 and 2 are stashed
        a.tell(new Cmd.Work(3, probe.ref()));
        assertThat(probe.receiveMessages(3)).containsExactly("second:1", "second:2", "second:3");
        assertThat(never).isNotDone();
    }

    @Test
    void stashedMessagesBecomeDeadLettersWhenTheActorStops(ActorTestKit kit) {
        CompletableFuture<String> never = new CompletableFuture<>();
        TestProbe<String> probe = kit.createTestProbe();
        ActorRef<Cmd> a = kit.spawn(initialising(never, 10));
        long before = kit.system().deadLetters().count(DeadLetter.Reason.RECIPIENT_TERMINATED);
        a.tell(new Cmd.Work(1, probe.ref()));
        a.tell(new Cmd.Work(2, probe.ref()));
        kit.stop(a);
        assertThat(kit.system().deadLetters().count(DeadLetter.Reason.RECIPIENT_TERMINATED) - before).isEqualTo(2);
    }

    @Test
    void rejectsANonPositiveCapacity() {
        assertThatThrownBy(() -> Behaviors.withStash(0, s -> Behaviors.ignore()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("stash capacity must be >= 1, was 0");
    }

    sealed interface Msg {
    }

    record Item(int i) implements Msg {
    }

    record Release() implements Msg {
    }

    /** Found by cadre-bench's Savina banking: unstashed messages beyond one activation's budget were stranded. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {50, 64, 65, 200, 5_000})
    void everyUnstashedMessageIsProcessedEvenBeyondOneActivationsBudget(int n) throws Exception {
        java.util.concurrent.atomic.AtomicInteger handled = new java.util.concurrent.atomic.AtomicInteger();
        CompletableFuture<Void> all = new CompletableFuture<>();
        try (var kit = dev.cadre.testkit.ActorTestKit.create()) {
            ActorRef<Msg> ref = kit.spawn(Behaviors.<Msg>withStash(10_000, stash -> Behaviors.<Msg>receiveMessage(
                    m -> switch (m) {
                        case Item i -> {
                            stash.stash(i);
                            yield Behaviors.same();
                        }
                        case Release r -> stash.unstashAll(Behaviors.<Msg>receiveMessage(x -> {
                            if (handled.incrementAndGet() == n) {
                                all.complete(null);
                            }
                            return Behaviors.same();
                        }));
                    })), "s");
            for (int i = 0; i < n; i++) {
                ref.tell(new Item(i));
            }
            ref.tell(new Release()); // and nothing after it: the replay alone must finish
            all.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(handled.get()).isEqualTo(n);
        }
    }
}
