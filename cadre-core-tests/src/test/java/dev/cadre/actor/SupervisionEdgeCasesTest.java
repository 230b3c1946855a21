package dev.cadre.actor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.actor.Supervisor.ChildSpec;
import dev.cadre.actor.Supervisor.Strategy;
import dev.cadre.testkit.ActorTestKit;
import dev.cadre.testkit.TestProbe;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Supervision at the edges: failures at awkward moments, nested supervisors, coupled restarts.
 * Erlang/OTP's {@code supervisor} is the reference for every order asserted here.
 */
class SupervisionEdgeCasesTest {

    /** A backoff so long that the restart it delays never happens during a test. */
    private static final Backoff FOREVER = Backoff.of(Duration.ofHours(1), Duration.ofHours(1), 0);

    private static <T> ActorRef<T> child(ActorTestKit kit, String path) {
        ActorTestKit.awaitAssert(Duration.ofSeconds(10), () -> assertThat(kit.system().lookup(path)).isPresent());
        return kit.system().<T>lookup(path).orElseThrow();
    }

    /** Every incarnation that started ended with exactly one cleanup signal (PreRestart or PostStop). */
    private static void assertEveryStartedIncarnationCleanedUpOnce(Events ev, String... names) {
        for (String n : names) {
            assertThat(ev.count("start:" + n))
                    .as("starts of %s vs its cleanups, in %s", n, ev)
                    .isEqualTo(ev.count("prerestart:" + n) + ev.count("poststop:" + n));
        }
    }

    // --- 1. No path, fatal or not, terminates an actor before its children ---------------------

    @Test
    void aDeciderThatThrowsAnErrorFailsTheSupervisorOnlyAfterItsChildrenStopped() {
        Events ev = new Events();
        var kit = ActorTestKit.create();
        TestProbe<Object> probe = kit.createTestProbe();
        ActorRef<Supervisor.Command> sup = kit.spawn(Supervisor.builder()
                .decider(t -> {
                    throw new AssertionError("bug in the decider");
                })
                .child(ChildSpec.of("w", ev.workerWithChild("w", "g")))
                .build(), "sup");
        ev.await("start:w");
        probe.watch(sup);
        child(kit, "/user/sup/w").tell(new Worker.Crash("boom"));
        Terminated t = probe.expectTerminated(sup);
        assertThat(t.failed()).isTrue();
        assertThat(ev.all()).as("children stop before the supervisor is reported gone").contains("poststop:g",
                "poststop:w");
        kit.close();
        assertEveryStartedIncarnationCleanedUpOnce(ev, "w", "g");
    }

    @Test
    void aLinkageErrorInAHandlerIsAFailureThatStopsTheChildrenFirst() {
        Events ev = new Events();
        var kit = ActorTestKit.create();
        TestProbe<Object> probe = kit.createTestProbe();
        ActorRef<String> p = kit.spawn(Behaviors.<String>setup(ctx -> {
            ctx.spawn(ev.worker("c"), "c");
            return Behaviors.receiveMessage(m -> {
                throw new ExceptionInInitializerError("static initialiser failed");
            });
        }), "p");
        ev.await("start:c");
        probe.watch(p);
        p.tell("go");
        Terminated t = probe.expectTerminated(p);
        assertThat(t.failure()).isInstanceOf(ExceptionInInitializerError.class);
        assertThat(ev.all()).as("the child stopped before the parent was reported gone").contains("poststop:c");
        kit.close();
        assertEveryStartedIncarnationCleanedUpOnce(ev, "c");
    }

    @Test
    void aPermanentChildStoppedFromOutsideWhileItsSupervisorWaitsOrphansNothing() {
        Events ev = new Events();
        var kit = ActorTestKit.create();
        Behavior<Supervisor.Command> inner = Supervisor.builder()
                .decider(t -> Directive.escalate())
                .child(ChildSpec.of("x", ev.worker("x")))
                .child(ChildSpec.of("y", ev.worker("y")))
                .build();
        kit.spawn(Supervisor.builder().intensity(10, Duration.ofMinutes(1))
                .child(ChildSpec.of("inner", inner).withBackoff(FOREVER))
                .build(), "top");
        ev.await("start:y");
        ActorRef<Worker> y = child(kit, "/user/top/inner/y");
        child(kit, "/user/top/inner/x").<Worker>unsafeCast().tell(new Worker.Crash("escalate me"));
        // inner escalates and waits out its parent's (very long) backoff; now y is stopped from outside
        ActorTestKit.awaitAssert(Duration.ofSeconds(10), () ->
                assertThat(kit.system().metrics(kit.system().lookup("/user/top/inner").orElseThrow()).failures())
                        .isGreaterThanOrEqualTo(1));
        kit.system().stop(y);
        kit.close();
        assertEveryStartedIncarnationCleanedUpOnce(ev, "x", "y");
    }

    // --- 2. A supervisor that gives up terminates its children first, right to left --------------

    @Test
    void exceedingTheIntensityTerminatesTheChildrenRightToLeftBeforeTheParentDecides() {
        Events ev = new Events();
        var kit = ActorTestKit.create();
        Behavior<Supervisor.Command> inner = Supervisor.builder()
                .intensity(1, Duration.ofMinutes(1))
                .child(ChildSpec.of("a", ev.worker("a")))
                .child(ChildSpec.of("b", ev.worker("b")))
                .build();
        kit.spawn(Supervisor.builder().intensity(10, Duration.ofMinutes(1))
                .child(ChildSpec.of("inner", inner).withBackoff(FOREVER))
                .build(), "top");
        ev.await("start:b");
        ActorRef<Worker> a = child(kit, "/user/top/inner/a");
        a.tell(new Worker.Crash("1"));
        ev.awaitCount("start:a"::equals, 2);
        a.tell(new Worker.Crash("2"));
        // the parent's decision waits an hour: the children must be gone before that
        ev.await("poststop:a");
        assertThat(ev.indexOf("poststop:b")).as("right to left: b before a, in %s", ev)
                .isGreaterThanOrEqualTo(0).isLessThan(ev.indexOf("poststop:a"));
        kit.close();
        assertEveryStartedIncarnationCleanedUpOnce(ev, "a", "b");
    }

    // --- 3. A nested supervisor counts as started when its whole subtree has -------------------

    @RepeatedTest(5)
    void aNestedSupervisorIsStartedOnlyWhenItsWholeSubtreeIsStartedAlsoOnRestart() {
        Events ev = new Events();
        try (var kit = ActorTestKit.create()) {
            Behavior<Supervisor.Command> mid = Supervisor.builder()
                    .child(ChildSpec.of("m1", ev.worker("m1")))
                    .child(ChildSpec.of("m2", ev.worker("m2")))
                    .build();
            kit.spawn(Supervisor.builder().strategy(Strategy.ONE_FOR_ALL).intensity(5, Duration.ofMinutes(1))
                    .child(ChildSpec.of("a1", ev.worker("a1")))
                    .child(ChildSpec.of("mid", mid))
                    .child(ChildSpec.of("a2", ev.worker("a2")))
                    .build(), "top");
            ev.awaitCount(e -> e.startsWith("start:"), 4);
            assertThat(ev.matching(e -> e.startsWith("start:")))
                    .containsExactly("start:a1", "start:m1", "start:m2", "start:a2");
            child(kit, "/user/top/a1").<Worker>unsafeCast().tell(new Worker.Crash("restart all"));
            ev.awaitCount(e -> e.startsWith("start:"), 8);
            assertThat(ev.matching(e -> e.startsWith("start:")).subList(4, 8))
                    .containsExactly("start:a1", "start:m1", "start:m2", "start:a2");
        }
    }

    // --- 4. A failed initial start stops the started children; later ones never start ---------

    @Test
    void aChildThatFailsToStartFailsTheSupervisorWithoutRetryAndLaterChildrenNeverStart() {
        Events ev = new Events();
        try (var kit = ActorTestKit.create()) {
            TestProbe<Object> probe = kit.createTestProbe();
            Behavior<Worker> broken = Behaviors.setup(ctx -> {
                ev.add("setup:b");
                throw new IllegalStateException("no config for b");
            });
            Behavior<Supervisor.Command> supervisor = Supervisor.builder()
                    .intensity(5, Duration.ofMinutes(1))
                    .child(ChildSpec.of("a", ev.worker("a")))
                    .child(ChildSpec.of("b", broken))
                    .child(ChildSpec.of("c", ev.worker("c")))
                    .build();
            // its parent watches it from the spawn on and learns the real reason: a watch from outside,
            // after the spawn, may come too late and see NO_SUCH_ACTOR (it failed CI on an idle machine)
            kit.spawn(Behaviors.<String>setup(ctx -> {
                ctx.watch(ctx.spawn(supervisor, "sup"));
                return Behaviors.<String>receiveMessage(m -> Behaviors.same()).onSignal((c, signal) -> {
                    probe.ref().tell(signal);
                    return Behaviors.same();
                });
            }), "parent");
            Terminated t = (Terminated) probe.receiveMessage();
            assertThat(t.ref().path()).isEqualTo("/user/parent/sup");
            assertThat(t.failure()).isInstanceOf(FailedToStartChildException.class)
                    .hasMessageContaining("'b'").hasMessageContaining("no config for b");
            assertThat(((FailedToStartChildException) t.failure()).childId()).isEqualTo("b");
            assertThat(ev.all()).containsExactly("start:a", "setup:b", "poststop:a");
        }
    }

    // --- 5. Coupled restarts: all old incarnations gone before any new one starts -------------

    @Test
    void oneForAllTerminatesTheFailedChildThenTheOthersRightToLeftThenStartsAllLeftToRight() {
        Events ev = new Events();
        try (var kit = ActorTestKit.create()) {
            kit.spawn(Supervisor.builder().strategy(Strategy.ONE_FOR_ALL).intensity(5, Duration.ofMinutes(1))
                    .child(ChildSpec.of("w1", ev.worker("w1")))
                    .child(ChildSpec.of("w2", ev.worker("w2")))
                    .child(ChildSpec.of("w3", ev.worker("w3")))
                    .build(), "sup");
            ev.await("start:w3");
            child(kit, "/user/sup/w2").<Worker>unsafeCast().tell(new Worker.Crash("coupled"));
            ev.awaitCount(e -> e.startsWith("start:"), 6);
            assertThat(ev.all().subList(3, 9)).containsExactly(
                    "prerestart:w2", "prerestart:w3", "prerestart:w1", "start:w1", "start:w2", "start:w3");
        }
    }

    @Test
    void restForOneTerminatesTheFailedChildThenTheLaterOnesRightToLeftThenStartsThemLeftToRight() {
        Events ev = new Events();
        try (var kit = ActorTestKit.create()) {
            kit.spawn(Supervisor.builder().strategy(Strategy.REST_FOR_ONE).intensity(5, Duration.ofMinutes(1))
                    .child(ChildSpec.of("w1", ev.worker("w1")))
                    .child(ChildSpec.of("w2", ev.worker("w2")))
                    .child(ChildSpec.of("w3", ev.worker("w3")))
                    .child(ChildSpec.of("w4", ev.worker("w4")))
                    .build(), "sup");
            ev.await("start:w4");
            child(kit, "/user/sup/w2").<Worker>unsafeCast().tell(new Worker.Crash("pipeline"));
            ev.awaitCount(e -> e.startsWith("start:"), 7);
            assertThat(ev.all().subList(4, 10)).containsExactly(
                    "prerestart:w2", "prerestart:w4", "prerestart:w3", "start:w2", "start:w3", "start:w4");
        }
    }

    // --- 7. Death-watch notifications reach the live incarnation, exactly once ----------------

    /**
     * W is second in a one-for-all group whose first child's cleanup blocks: while W waits for the
     * group's restart, the actor it watches dies. The notification must reach W's next incarnation.
     */
    @Test
    void aWatchWithMessageArrivingWhileTheWatcherRestartsReachesItsNextIncarnationOnce() throws Exception {
        Events ev = new Events();
        CountDownLatch release = new CountDownLatch(1);
        try (var kit = ActorTestKit.create()) {
            TestProbe<Object> probe = kit.createTestProbe();
            ActorRef<Worker> target = kit.spawn(ev.worker("target"), "target");
            Behavior<Worker> blocker = Behaviors.setup(ctx -> Behaviors.<Worker>receiveMessage(m -> Behaviors.same())
                    .onSignal((c, s) -> {
                        if (s instanceof PreRestart) {
                            ev.add("blocking");
                            release.await(10, TimeUnit.SECONDS);
                        }
                        return Behaviors.same();
                    }));
            int[] incarnation = {0};
            Behavior<String> watcher = Behaviors.setup(ctx -> {
                int me = ++incarnation[0];
                if (me == 1) {
                    ctx.watchWith(target, "target-died"); // a watch outlives a restart
                }
                ev.add("watcher-up:" + me);
                return Behaviors.receiveMessage(m -> {
                    if (m.equals("crash")) {
                        throw new IllegalStateException("watcher crashes");
                    }
                    ev.add(m + "@" + me);
                    return Behaviors.same();
                });
            });
            kit.spawn(Supervisor.builder().strategy(Strategy.ONE_FOR_ALL).intensity(5, Duration.ofMinutes(1))
                    .child(ChildSpec.of("blocker", blocker))
                    .child(ChildSpec.of("w", watcher))
                    .build(), "sup");
            ev.await("watcher-up:1");
            child(kit, "/user/sup/w").<String>unsafeCast().tell("crash");
            ev.await("blocking");
            probe.watch(target);
            kit.system().stop(target);
            probe.expectTerminated(target);
            release.countDown();
            ev.await("target-died@2");
            kit.close();
            assertThat(ev.matching(e -> e.startsWith("target-died"))).containsExactly("target-died@2");
        }
    }

    @Test
    void aTerminatedSignalArrivingWhileTheWatcherRestartsGoesToTheNextIncarnationNotTheCrashedOne()
            throws Exception {
        Events ev = new Events();
        CountDownLatch release = new CountDownLatch(1);
        try (var kit = ActorTestKit.create()) {
            TestProbe<Object> probe = kit.createTestProbe();
            ActorRef<Worker> target = kit.spawn(ev.worker("target"), "target");
            Behavior<Worker> blocker = Behaviors.setup(ctx -> Behaviors.<Worker>receiveMessage(m -> Behaviors.same())
                    .onSignal((c, s) -> {
                        if (s instanceof PreRestart) {
                            ev.add("blocking");
                            release.await(10, TimeUnit.SECONDS);
                        }
                        return Behaviors.same();
                    }));
            int[] incarnation = {0};
            Behavior<String> watcher = Behaviors.setup(ctx -> {
                int me = ++incarnation[0];
                if (me == 1) {
                    ctx.watch(target); // a watch outlives a restart: only the first incarnation makes it
                }
                ev.add("watcher-up:" + me);
                return Behaviors.<String>receiveMessage(m -> {
                    throw new IllegalStateException("watcher crashes");
                }).onSignal((c, s) -> {
                    if (s instanceof Terminated) {
                        ev.add("terminated@" + me);
                        // a handler that throws here must not restart the next incarnation again
                        throw new IllegalStateException("signal handler fails on Terminated");
                    }
                    return Behaviors.same();
                });
            });
            kit.spawn(Supervisor.builder().strategy(Strategy.ONE_FOR_ALL).intensity(5, Duration.ofMinutes(1))
                    .child(ChildSpec.of("blocker", blocker))
                    .child(ChildSpec.of("w", watcher))
                    .build(), "sup");
            ev.await("watcher-up:1");
            child(kit, "/user/sup/w").<String>unsafeCast().tell("crash");
            ev.await("blocking");
            probe.watch(target);
            kit.system().stop(target);
            probe.expectTerminated(target);
            release.countDown();
            ev.await("terminated@2");
            // the throwing signal handler restarts the group once more: incarnation 3, and no Terminated again
            ev.await("watcher-up:3");
            kit.close();
            assertThat(ev.matching(e -> e.startsWith("terminated@"))).containsExactly("terminated@2");
            assertThat(ev.matching(e -> e.startsWith("watcher-up:")))
                    .containsExactly("watcher-up:1", "watcher-up:2", "watcher-up:3");
        }
    }

}
