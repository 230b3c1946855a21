package dev.cadre.actor.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.DeadLetter;
import dev.cadre.actor.ExitReason;
import dev.cadre.actor.Terminated;
import dev.cadre.testkit.ActorTestKit;
import dev.cadre.testkit.CadreExtension;
import dev.cadre.testkit.TestProbe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The core's side of the remote-ref SPI: an extension's ref is watched like a local actor, the
 * extension's hooks are called once per change, its report of the end arrives exactly once as an
 * ordinary {@link Terminated}, and what it cannot deliver is counted in dead letters.
 */
@ExtendWith(CadreExtension.class)
@CadreExtension.Deterministic(seed = 1) // exact silence: "no message" is checked over virtual time
class RemoteActorRefTest {

    /** An extension's ref, as cadre-cluster would make one: it records what the runtime asks of it. */
    static class FakeRemote<T> implements RemoteActorRef<T> {
        final String node;
        final String path;
        final List<String> calls = new CopyOnWriteArrayList<>();

        FakeRemote(String node, String path) {
            this.node = node;
            this.path = path;
        }

        @Override
        public String address() {
            return node;
        }

        @Override
        public void watch(ActorRef<?> watcher) {
            calls.add("watch " + watcher.path());
        }

        @Override
        public void unwatch(ActorRef<?> watcher) {
            calls.add("unwatch " + watcher.path());
        }

        @Override
        public void tell(T message) {
            calls.add("tell " + message);
        }

        @Override
        public <R> CompletableFuture<R> ask(Function<ActorRef<R>, ? extends T> requestFactory, Duration timeout) {
            throw new UnsupportedOperationException("not needed here");
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public String name() {
            return path.substring(path.lastIndexOf('/') + 1);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FakeRemote<?> r && r.node.equals(node) && r.path.equals(path);
        }

        @Override
        public int hashCode() {
            return node.hashCode() * 31 + path.hashCode();
        }

        @Override
        public String toString() {
            return "Actor[" + node + ":" + path + "]";
        }
    }

    sealed interface Cmd {
        record Watch(ActorRef<?> target) implements Cmd {
        }

        record WatchWith(ActorRef<?> target, String note) implements Cmd {
        }

        record Unwatch(ActorRef<?> target) implements Cmd {
        }

        record Link(ActorRef<?> target) implements Cmd {
        }

        record Noted(String note) implements Cmd {
        }

        record Stop() implements Cmd {
        }
    }

    /** Does what it is told and reports every Terminated, note and refusal to the probe, then "ack". */
    static Behavior<Cmd> watcher(ActorRef<Object> report) {
        return Behaviors.<Cmd>receive((ctx, msg) -> {
            switch (msg) {
                case Cmd.Watch w -> ctx.watch(w.target());
                case Cmd.WatchWith w -> ctx.watchWith(w.target(), new Cmd.Noted(w.note()));
                case Cmd.Unwatch u -> ctx.unwatch(u.target());
                case Cmd.Link l -> {
                    try {
                        ctx.link(l.target());
                    } catch (IllegalArgumentException e) {
                        report.tell(e.getMessage());
                    }
                }
                case Cmd.Noted n -> report.tell(n.note());
                case Cmd.Stop s -> {
                    return Behaviors.stopped();
                }
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
    void aRemoteActorIsWatchedOnceAndItsEndArrivesExactlyOnceAsTerminated(ActorTestKit kit) {
        TestProbe<Object> probe = kit.createTestProbe();
        ActorRef<Cmd> w = kit.spawn(watcher(probe.ref()), "w1");
        FakeRemote<String> remote = new FakeRemote<>("node-2@127.0.0.1:7102", "/user/orders");
        w.tell(new Cmd.Watch(remote));
        w.tell(new Cmd.Watch(remote)); // twice: the same as once
        probe.receiveMessages(2);
        assertThat(remote.calls).containsExactly("watch /user/w1");

        Remoting.terminated(w, remote, ExitReason.NODE_DOWN);
        Remoting.terminated(w, remote, ExitReason.NODE_DOWN); // the extension may say it twice
        Terminated t = probe.expectMessageClass(Terminated.class);
        assertThat(t.ref()).isEqualTo(remote);
        assertThat(t.reason()).isEqualTo(ExitReason.NODE_DOWN);
        assertThat(t.reason()).hasToString("node-down");
        probe.expectNoMessage(Duration.ofHours(1));
        // told: the extension may forget this watcher
        assertThat(remote.calls).containsExactly("watch /user/w1", "unwatch /user/w1");
    }

    @Test
    void watchWithDeliversItsMessageWhenTheRemoteActorEnds(ActorTestKit kit) {
        TestProbe<Object> probe = kit.createTestProbe();
        ActorRef<Cmd> w = kit.spawn(watcher(probe.ref()), "w2");
        FakeRemote<String> remote = new FakeRemote<>("node-3", "/user/stock");
        w.tell(new Cmd.WatchWith(remote, "stock is gone"));
        probe.expectMessage("ack");
        Remoting.terminated(w, remote, ExitReason.failure(new IllegalStateException("boom")));
        probe.expectMessage("stock is gone");
        probe.expectMessage("ack");
        probe.expectNoMessage(Duration.ofHours(1));
    }

    @Test
    void afterUnwatchTheHookIsToldAndALateReportDeliversNothing(ActorTestKit kit) {
        TestProbe<Object> probe = kit.createTestProbe();
        ActorRef<Cmd> w = kit.spawn(watcher(probe.ref()), "w3");
        FakeRemote<String> remote = new FakeRemote<>("node-2", "/user/orders");
        w.tell(new Cmd.Watch(remote));
        w.tell(new Cmd.Unwatch(remote));
        probe.receiveMessages(2);
        assertThat(remote.calls).containsExactly("watch /user/w3", "unwatch /user/w3");
        Remoting.terminated(w, remote, ExitReason.SHUTDOWN);
        probe.expectNoMessage(Duration.ofHours(1));
    }

    @Test
    void aWatcherThatStopsUnwatchesEveryRemoteActorItStillWatched(ActorTestKit kit) {
        TestProbe<Object> probe = kit.createTestProbe();
        ActorRef<Cmd> w = kit.spawn(watcher(probe.ref()), "w4");
        FakeRemote<String> a = new FakeRemote<>("node-2", "/user/a");
        FakeRemote<String> b = new FakeRemote<>("node-3", "/user/b");
        w.tell(new Cmd.Watch(a));
        w.tell(new Cmd.Watch(b));
        probe.receiveMessages(2);
        probe.watch(w);
        w.tell(new Cmd.Stop());
        probe.expectTerminated(w);
        assertThat(a.calls).containsExactly("watch /user/w4", "unwatch /user/w4");
        assertThat(b.calls).containsExactly("watch /user/w4", "unwatch /user/w4");
        Remoting.terminated(w, a, ExitReason.NODE_DOWN); // too late: nothing happens, nothing breaks
        probe.expectNoMessage(Duration.ofHours(1));
    }

    @Test
    void linksDoNotCrossNodesAndTheRefusalSaysWhy(ActorTestKit kit) {
        TestProbe<Object> probe = kit.createTestProbe();
        ActorRef<Cmd> w = kit.spawn(watcher(probe.ref()), "w5");
        FakeRemote<String> remote = new FakeRemote<>("node-2", "/user/orders");
        w.tell(new Cmd.Link(remote));
        assertThat((String) probe.receiveMessage()).contains("cannot link to Actor[node-2:/user/orders]")
                .contains("another node").contains("watch it");
        probe.expectMessage("ack");
        assertThat(remote.calls).isEmpty();
        assertThatThrownBy(() -> kit.system().stop(remote)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another node");
    }

    @Test
    void whatAnExtensionCannotDeliverIsCountedAndPublishedAsADeadLetter(ActorTestKit kit) {
        TestProbe<DeadLetter> letters = kit.createTestProbe();
        kit.system().deadLetters().subscribe(letters.ref());
        FakeRemote<String> remote = new FakeRemote<>("node-2", "/user/orders");
        long before = kit.system().deadLetters().count();
        Remoting.deadLetter(kit.system(), "order-17", remote, DeadLetter.Reason.NODE_DOWN);
        Remoting.deadLetter(kit.system(), "order-18", remote, DeadLetter.Reason.UNCONFIRMED);
        DeadLetter first = letters.receiveMessage();
        assertThat(first.message()).isEqualTo("order-17");
        assertThat(first.recipient()).isEqualTo(remote);
        assertThat(first.reason()).isEqualTo(DeadLetter.Reason.NODE_DOWN);
        assertThat(letters.receiveMessage().reason()).isEqualTo(DeadLetter.Reason.UNCONFIRMED);
        assertThat(kit.system().deadLetters().count()).isEqualTo(before + 2);
        assertThat(kit.system().deadLetters().count(DeadLetter.Reason.NODE_DOWN)).isEqualTo(1);
        assertThat(kit.system().deadLetters().count(DeadLetter.Reason.UNCONFIRMED)).isEqualTo(1);
    }

    @Test
    void onlyALocalActorsOwnRefCanBeToldThatARemoteActorEnded(ActorTestKit kit) {
        FakeRemote<String> remote = new FakeRemote<>("node-2", "/user/orders");
        assertThatThrownBy(() -> Remoting.terminated(remote, remote, ExitReason.NODE_DOWN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only an actor's own ref watches");
        assertThatThrownBy(() -> Remoting.terminated(kit.createTestProbe().ref(), remote, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("reason");
    }

    @Test
    void anExtensionsReplyToCompletesOnceAndCountsALateReply(ActorTestKit kit) {
        Remoting.Reply<String> reply = Remoting.replyTo(kit.system(), "/temp/ask-1");
        assertThat(reply.ref().path()).isEqualTo("/temp/ask-1");
        assertThat(reply.ref().name()).isEqualTo("ask-1");
        long before = kit.system().deadLetters().count(DeadLetter.Reason.ASK_ALREADY_COMPLETED);
        reply.ref().tell("first");
        reply.ref().tell("late");
        assertThat(reply.future()).isCompletedWithValue("first");
        assertThat(kit.system().deadLetters().count(DeadLetter.Reason.ASK_ALREADY_COMPLETED)).isEqualTo(before + 1);
        assertThatThrownBy(() -> Remoting.replyTo(kit.system(), "temp/ask-2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must start with '/'");
    }

    @Test
    void anExtensionThatRefusesAWatchLeavesNothingRecorded(ActorTestKit kit) {
        TestProbe<Object> probe = kit.createTestProbe();
        ActorRef<Cmd> w = kit.spawn(Behaviors.<Cmd>receive((ctx, msg) -> {
            if (msg instanceof Cmd.Watch watch) {
                try {
                    ctx.watch(watch.target());
                } catch (UnsupportedOperationException e) {
                    probe.ref().tell(e.getMessage());
                }
            }
            return Behaviors.same();
        }).onSignal((ctx, signal) -> {
            probe.ref().tell(signal);
            return Behaviors.same();
        }), "w6");
        FakeRemote<String> refusing = new FakeRemote<>("sharded", "/user/region/o-1") {
            @Override
            public void watch(ActorRef<?> watcher) {
                throw new UnsupportedOperationException("a sharded entity cannot be watched");
            }
        };
        w.tell(new Cmd.Watch(refusing));
        probe.expectMessage("a sharded entity cannot be watched");
        Remoting.terminated(w, refusing, ExitReason.NODE_DOWN); // not watched: nothing
        probe.expectNoMessage(Duration.ofHours(1));
    }
}
