package dev.cadre.actor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.actor.Supervisor.ChildSpec;
import dev.cadre.internal.runtime.ActorSystemImpl;
import dev.cadre.testkit.ActorTestKit;
import dev.cadre.testkit.TestProbe;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lifecycle at the edges: kills, deep trees, runtime-originated sends, use after close. Each test
 * runs on its own thread with a generous limit, so a regression that hangs fails instead.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LifecycleEdgeCasesTest {

    /** Runs {@code body} on its own thread and asserts it finishes: a blocking call fails the test, not hangs it. */
    private static void assertDoesNotBlock(String what, Runnable body) throws InterruptedException {
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                error.set(e);
            }
        });
        t.join(TimeUnit.SECONDS.toMillis(20));
        assertThat(t.isAlive()).as("%s is still blocked", what).isFalse();
        if (error.get() != null) {
            throw new AssertionError(what + " threw", error.get());
        }
    }

    // --- 6. A killed actor is reported as killed ------------------------------------------------

    @Test
    void anActorKilledAfterItsShutdownTimeoutIsReportedToItsWatchersAsKilledNotAsANormalStop() {
        Events ev = new Events();
        try (var kit = ActorTestKit.create()) {
            TestProbe<Object> probe = kit.createTestProbe();
            Behavior<String> stubborn = Behaviors.receiveMessage(m -> {
                ev.add("blocking");
                try {
                    Thread.sleep(Duration.ofHours(1));
                } catch (InterruptedException e) {
                    ev.add("interrupted"); // swallows the kill's interrupt and returns normally
                }
                return Behaviors.same();
            });
            ActorRef<Supervisor.Command> sup = kit.spawn(Supervisor.builder()
                    .child(ChildSpec.of("x", stubborn).withProps(Props.virtualThreads())
                            .withShutdown(Duration.ofMillis(50)))
                    .build(), "sup");
            ActorTestKit.awaitAssert(Duration.ofSeconds(10),
                    () -> assertThat(kit.system().lookup("/user/sup/x")).isPresent());
            ActorRef<String> x = kit.system().<String>lookup("/user/sup/x").orElseThrow();
            probe.watch(x);
            x.tell("block");
            ev.await("blocking");
            kit.system().stop(sup);
            Terminated t = probe.expectTerminated(x);
            assertThat(t.reason()).as("a kill is not a normal stop").isEqualTo(ExitReason.KILLED);
        }
    }

    // --- 8. Nothing recurses on tree depth -------------------------------------------------------

    private static Behavior<String> chain(int level, int depth, AtomicInteger postStops, TestProbe<String> probe) {
        return Behaviors.setup(ctx -> {
            if (level < depth) {
                ctx.spawn(chain(level + 1, depth, postStops, probe), "c");
            } else {
                probe.ref().tell("deepest-up:" + ctx.self().path().length());
            }
            Behavior<String> b = Behaviors.<String>receiveMessage(m -> {
                throw new IllegalStateException("crash at depth " + level);
            }).onSignal((c, s) -> {
                if (s instanceof PostStop) {
                    postStops.incrementAndGet();
                }
                return Behaviors.same();
            });
            return level == depth ? Behaviors.supervise(b).onFailure(Directive.restart()) : b;
        });
    }

    @Test
    void aChainOfOneHundredThousandNestedActorsCrashesRestartsAndStopsCleanly() {
        int depth = 100_000;
        AtomicInteger postStops = new AtomicInteger();
        var kit = ActorTestKit.create();
        TestProbe<String> probe = kit.createTestProbe();
        ActorRef<String> root = kit.spawn(chain(1, depth, postStops, probe), "root");
        int pathLength = "/user/root".length() + 2 * (depth - 1);
        probe.expectMessage("deepest-up:" + pathLength, Duration.ofSeconds(60));
        ActorRef<String> deepest = kit.system().<String>lookup("/user/root" + "/c".repeat(depth - 1)).orElseThrow();
        assertThat(deepest.path()).hasSize(pathLength);
        deepest.tell("crash");
        probe.expectMessage("deepest-up:" + pathLength, Duration.ofSeconds(60)); // restarted in place
        probe.watch(root);
        kit.system().stop(root);
        probe.expectTerminated(root, Duration.ofSeconds(60));
        assertThat(postStops.get()).isEqualTo(depth);
        kit.close();
    }

    // --- 9. Runtime-originated sends never block and never lose silently ------------------------

    /** An actor on a virtual thread whose one-slot blocking mailbox is full while its handler waits. */
    private record Jammed<T>(ActorRef<T> ref, CountDownLatch release) {
    }

    private static Jammed<Object> jam(ActorTestKit kit, Events ev, String name,
            java.util.function.Function<ActorContext<Object>, Behavior<Object>> setupExtra) {
        CountDownLatch release = new CountDownLatch(1);
        Props props = Props.virtualThreads().withMailbox(Mailbox.bounded(1, Overflow.block(Duration.ofHours(1))));
        ActorRef<Object> ref = kit.system().spawn(Behaviors.setup(ctx -> {
            setupExtra.apply(ctx);
            return Behaviors.receiveMessage(m -> {
                if (m.equals("hold")) {
                    ev.add(name + ":holding");
                    release.await();
                }
                ev.add(name + ":got:" + m);
                return Behaviors.same();
            });
        }), name, props);
        ref.tell("hold");
        ev.await(name + ":holding");
        ref.tell("fill"); // the one slot is taken now
        return new Jammed<>(ref, release);
    }

    @Test
    void pipeToSelfIntoAFullBlockingMailboxNeitherBlocksTheCompletingThreadNorLosesSilently() throws Exception {
        Events ev = new Events();
        try (var kit = ActorTestKit.create()) {
            CompletableFuture<String> future = new CompletableFuture<>();
            Jammed<Object> a = jam(kit, ev, "a", ctx -> {
                ctx.pipeToSelf(future, (v, e) -> "piped:" + v);
                return null;
            });
            long before = kit.system().deadLetters().count();
            assertDoesNotBlock("the thread completing the future", () -> future.complete("v"));
            a.release().countDown();
            ActorTestKit.awaitAssert(Duration.ofSeconds(10), () -> assertThat(
                    ev.contains("a:got:piped:v") || kit.system().deadLetters().count() > before).isTrue());
        }
    }

    @Test
    void aSlowDeadLetterSubscriberNeverBlocksThePublisherAndItsMissedEventsAreCounted() throws Exception {
        Events ev = new Events();
        try (var kit = ActorTestKit.create()) {
            Jammed<Object> sub = jam(kit, ev, "sub", ctx -> null);
            kit.system().deadLetters().subscribe(sub.ref().unsafeCast());
            ActorRef<String> gone = kit.spawn(Behaviors.<String>stopped(), "gone");
            kit.createTestProbe().expectTerminated(gone);
            assertDoesNotBlock("a sender whose message becomes a dead letter", () -> {
                for (int i = 0; i < 3; i++) {
                    gone.tell("to-the-dead-" + i);
                }
            });
            ActorTestKit.awaitAssert(Duration.ofSeconds(10),
                    () -> assertThat(kit.system().metrics(sub.ref()).dropped()).isGreaterThanOrEqualTo(1));
            sub.release().countDown();
        }
    }

    @Test
    void offerOnAMessageAdapterNeverBlocksAndReportsAFullMailbox() throws Exception {
        Events ev = new Events();
        try (var kit = ActorTestKit.create()) {
            AtomicReference<ActorRef<Integer>> adapter = new AtomicReference<>();
            Jammed<Object> owner = jam(kit, ev, "owner", ctx -> {
                adapter.set(ctx.messageAdapter(Integer.class, i -> "adapted:" + i));
                return null;
            });
            AtomicReference<OfferResult> result = new AtomicReference<>();
            assertDoesNotBlock("offer on an adapter", () -> result.set(adapter.get().offer(7)));
            assertThat(result.get()).isEqualTo(OfferResult.FULL);
            owner.release().countDown();
        }
    }

    @Test
    void offerOfASecondReplyToAnAskDoesNotClaimItWasEnqueued() {
        try (var kit = ActorTestKit.create()) {
            TestProbe<OfferResult> probe = kit.createTestProbe();
            record Q(ActorRef<Integer> replyTo) {
            }
            ActorRef<Q> replier = kit.spawn(Behaviors.receiveMessage(q -> {
                q.replyTo().offer(1);
                probe.ref().tell(q.replyTo().offer(2));
                return Behaviors.same();
            }), "replier");
            assertThat(replier.<Integer>ask(Q::new, Duration.ofSeconds(10)).join()).isEqualTo(1);
            assertThat(probe.receiveMessage()).isEqualTo(OfferResult.RECIPIENT_TERMINATED);
        }
    }

    // --- 10. Use after close ----------------------------------------------------------------------

    @Test
    void anAskAfterCloseFailsItsFutureInsteadOfThrowing() {
        var kit = ActorTestKit.create();
        ActorRef<Worker> w = kit.spawn(new Events().worker("w"), "w");
        kit.close();
        CompletableFuture<Integer> f = w.ask(Worker.Get::new, Duration.ofSeconds(5));
        assertThat(f).isCompletedExceptionally();
    }

    @Test
    void asksRacingWithCloseNeverThrow() throws Exception {
        var kit = ActorTestKit.create();
        ActorRef<Worker> w = kit.spawn(new Events().worker("w"), "w");
        List<Thread> askers = new ArrayList<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        List<CompletableFuture<Integer>> futures = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < 4; t++) {
            askers.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    for (int i = 0; i < 5_000; i++) {
                        futures.add(w.ask(Worker.Get::new, Duration.ofSeconds(30)));
                    }
                } catch (Throwable e) {
                    thrown.compareAndSet(null, e);
                }
            }));
        }
        go.countDown();
        kit.close();
        for (Thread t : askers) {
            t.join();
        }
        assertThat(thrown.get()).isNull();
        for (CompletableFuture<Integer> f : futures) {
            assertThat(f).isDone();
        }
    }

    @Test
    void stoppingTheUserGuardianTerminatesTheSystemAndSpawnFailsAfterwards() throws Exception {
        var kit = ActorTestKit.create();
        ActorRef<Object> user = kit.system().lookup("/user").orElseThrow();
        kit.system().stop(user);
        assertThat(kit.system().awaitTermination(Duration.ofSeconds(10))).isTrue();
        assertThatThrownBy(() -> kit.system().spawn(Behaviors.ignore(), "late"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("terminat");
        kit.close();
    }

    @Test
    void aHugeAskTimeoutMeansNoTimeoutAndLeavesNothingBehind() {
        try (var kit = ActorTestKit.create()) {
            ActorRef<Worker> w = kit.spawn(new Events().worker("w"), "w");
            assertThat(w.ask(Worker.Get::new, Duration.ofMillis(Long.MAX_VALUE)).join()).isZero();
            assertThat(w.ask(Worker.Get::new, ChronoUnit.FOREVER.getDuration()).join()).isZero();
            ActorSystemImpl impl = (ActorSystemImpl) kit.system();
            ActorTestKit.awaitAssert(Duration.ofSeconds(10), () -> assertThat(impl.pendingAsks()).isZero());
        }
    }

    @Test
    void anAbsurdlyLongNameIsRejectedWithAShortMessage() {
        try (var kit = ActorTestKit.create()) {
            String name = "x".repeat(1_000_000);
            assertThatThrownBy(() -> kit.system().spawn(Behaviors.ignore(), name))
                    .isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400).contains("too long"));
        }
    }
}
