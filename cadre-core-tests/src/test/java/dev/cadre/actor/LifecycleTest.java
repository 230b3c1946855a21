package dev.cadre.actor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.testkit.ActorTestKit;
import dev.cadre.testkit.TestProbe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    /** A node that spawns {@code depth} levels of {@code fanout} children and logs its PostStop. */
    static Behavior<String> tree(int depth, int fanout, List<String> postStops, List<String> started) {
        return Behaviors.setup(ctx -> {
            if (depth > 0) {
                for (int i = 0; i < fanout; i++) {
                    ctx.spawn(tree(depth - 1, fanout, postStops, started), "c" + i);
                }
            }
            started.add(ctx.self().path()); // its setup has run: it is started, and owes a PostStop
            return Behaviors.<String>receiveMessage(m -> Behaviors.same()).onSignal((c, s) -> {
                if (s instanceof PostStop) {
                    postStops.add(c.self().path());
                }
                return Behaviors.same();
            });
        });
    }

    @RepeatedTest(5)
    void closeRunsPostStopChildrenBeforeParents() {
        List<String> postStops = new CopyOnWriteArrayList<>();
        List<String> started = new CopyOnWriteArrayList<>();
        var kit = ActorTestKit.create();
        kit.spawn(tree(3, 3, postStops, started), "root");
        // the whole tree is up before closing: every actor has run its setup (an actor listed by its
        // parent but not yet started gets no PostStop; waiting for the last one's path was a race)
        ActorTestKit.awaitAssert(Duration.ofSeconds(5), () ->
                assertThat(started).hasSize(40));
        kit.close();
        assertThat(postStops).hasSize(1 + 3 + 9 + 27);
        for (String path : postStops) {
            String parent = path.substring(0, path.lastIndexOf('/'));
            if (!parent.equals("/user")) {
                assertThat(postStops.indexOf(parent)).as("%s stops after its child %s", parent, path)
                        .isGreaterThan(postStops.indexOf(path));
            }
        }
    }

    @Test
    void nothingRunsAfterCloseReturns() throws Exception {
        AtomicLong handled = new AtomicLong();
        AtomicBoolean closed = new AtomicBoolean();
        AtomicBoolean ranAfterClose = new AtomicBoolean();
        var system = ActorSystem.create("busy");
        Behavior<String> busy = Behaviors.receive((ctx, m) -> {
            if (closed.get()) {
                ranAfterClose.set(true);
            }
            handled.incrementAndGet();
            ctx.self().tell(m); // keep itself busy forever
            return Behaviors.same();
        });
        for (int i = 0; i < 8; i++) {
            system.spawn(busy, "busy-" + i).tell("go");
        }
        ActorTestKit.awaitAssert(Duration.ofSeconds(5), () -> assertThat(handled.get()).isGreaterThan(10_000));
        system.close();
        closed.set(true);
        // Not a time window but a proof: close() returned once the system's dispatcher had terminated
        // (no task running, none to come), so no handler ran after it. Its worker threads end just
        // after that (a worker leaves the pool, then its thread exits: checking that none was still
        // alive right away was a race that failed 5 runs in 60 on an idle machine); wait for them to
        // end (a minute is a hang guard, not a timing), then look at what the handlers saw.
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("cadre-busy-dispatcher") || t.getName().startsWith("cadre-busy-vt-")) {
                t.join(Duration.ofMinutes(1));
                assertThat(t.isAlive()).as("%s still alive a minute after close returned", t.getName()).isFalse();
            }
        }
        assertThat(ranAfterClose).isFalse();
        assertThat(system.whenTerminated().toCompletableFuture()).isCompleted();
    }

    @Test
    void rejectsADuplicateChildNameNamingParentAndName() {
        try (var kit = ActorTestKit.create()) {
            TestProbe<String> probe = kit.createTestProbe();
            kit.spawn(Behaviors.<String>setup(ctx -> {
                ctx.spawn(Behaviors.ignore(), "worker");
                try {
                    ctx.spawn(Behaviors.ignore(), "worker");
                } catch (IllegalArgumentException e) {
                    probe.ref().tell(e.getMessage());
                }
                return Behaviors.ignore();
            }), "boss");
            probe.expectMessage("actor /user/boss already has a child named 'worker'");
            kit.spawn(Behaviors.ignore(), "top");
            assertThatThrownBy(() -> kit.spawn(Behaviors.ignore(), "top"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("actor /user already has a child named 'top'");
        }
    }

    @Test
    void rejectsInvalidNames() {
        try (var kit = ActorTestKit.create()) {
            assertThatThrownBy(() -> kit.spawn(Behaviors.ignore(), "a/b"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a/b'");
            assertThatThrownBy(() -> kit.spawn(Behaviors.ignore(), ""))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
            assertThatThrownBy(() -> kit.spawn(Behaviors.ignore(), "$x"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
            assertThatThrownBy(() -> kit.spawn(null, "x"))
                    .isInstanceOf(NullPointerException.class).hasMessage("behavior");
        }
    }

    @Test
    void spawnOnAClosedSystemFailsClearly() {
        var system = ActorSystem.create("closed");
        system.close();
        assertThatThrownBy(() -> system.spawn(Behaviors.ignore(), "late"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("actor system 'closed' is terminating or terminated; cannot spawn 'late'");
    }

    @Test
    void anExceptionInSetupStopsTheActorWithTheFailure() {
        try (var kit = ActorTestKit.create()) {
            TestProbe<Terminated> probe = kit.createTestProbe();
            // a parent that watches its child as it spawns it sees the setup's failure (the watch
            // is in place before the child's setup runs)
            kit.spawn(Behaviors.<Object>setup(ctx -> {
                ActorRef<String> broken = ctx.spawn(Behaviors.setup(c -> {
                    throw new IllegalStateException("no config");
                }), "broken");
                ctx.watch(broken);
                return Behaviors.receiveSignal((c, s) -> {
                    if (s instanceof Terminated t) {
                        probe.ref().tell(t);
                    }
                    return Behaviors.same();
                });
            }), "parent");
            Terminated t = probe.receiveMessage();
            assertThat(t.failure()).isInstanceOf(IllegalStateException.class).hasMessage("no config");
        }
    }

    @Test
    void closeFromInsideAnActorIsRefusedInsteadOfDeadlocking() {
        try (var kit = ActorTestKit.create()) {
            TestProbe<String> probe = kit.createTestProbe();
            kit.spawn(Behaviors.<String>receive((ctx, m) -> {
                try {
                    ctx.system().close();
                } catch (IllegalStateException e) {
                    probe.ref().tell(e.getMessage());
                }
                return Behaviors.same();
            })).tell("close");
            assertThat(probe.receiveMessage()).contains("would wait for itself");
        }
    }

    @Test
    void lookupFindsLivingActorsByPath() {
        try (var kit = ActorTestKit.create()) {
            TestProbe<String> ready = kit.createTestProbe();
            ActorRef<String> orders = kit.spawn(Behaviors.<String>setup(ctx -> {
                ctx.spawn(Behaviors.ignore(), "o-17");
                ready.ref().tell("up");
                return Behaviors.ignore();
            }), "orders");
            ready.expectMessage("up");
            assertThat(kit.system().lookup("/user/orders")).contains(orders.unsafeCast());
            assertThat(kit.system().<String>lookup("/user/orders/o-17").map(ActorRef::path))
                    .contains("/user/orders/o-17");
            assertThat(kit.system().lookup("/user/orders/o-18")).isEmpty();
            kit.stop(orders);
            assertThat(kit.system().lookup("/user/orders")).isEmpty();
            assertThatThrownBy(() -> kit.system().lookup("orders"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must start with /user");
        }
    }

    @Test
    void stoppedWithCallbackRunsAfterPostStop() {
        try (var kit = ActorTestKit.create()) {
            TestProbe<String> probe = kit.createTestProbe();
            ActorRef<String> a = kit.spawn(Behaviors.<String>receiveMessage(
                    m -> Behaviors.stopped(() -> probe.ref().tell("callback"))).onSignal((c, s) -> {
                        probe.ref().tell(s.getClass().getSimpleName());
                        return Behaviors.same();
                    }));
            a.tell("stop");
            probe.expectMessage("PostStop");
            probe.expectMessage("callback");
            probe.expectTerminated(a);
        }
    }
}
