package dev.cadre.actor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.actor.Supervisor.ChildSpec;
import dev.cadre.actor.Supervisor.RestartType;
import dev.cadre.actor.Supervisor.Strategy;
import dev.cadre.testkit.ActorTestKit;
import dev.cadre.testkit.TestProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Supervisors on a deterministic kit (every actor on the test's thread, virtual time): restarts,
 * backoffs and intensity windows happen at exact virtual instants, and "nothing else happened" is
 * exact. One test keeps real threads: a child stuck in a blocking handler.
 */
class SupervisorTest {

    private static final long SEED = 1;

    private static ChildSpec spec(String id, ActorRef<String> log) {
        return ChildSpec.of(id, Worker.worker(id, log));
    }

    private static ActorRef<Worker> child(ActorTestKit kit, String path) {
        if (kit.isDeterministic()) {
            kit.runUntilIdle();
        } else {
            ActorTestKit.awaitAssert(Duration.ofSeconds(5), () -> assertThat(kit.system().lookup(path)).isPresent());
        }
        return kit.system().<Worker>lookup(path).orElseThrow();
    }

    private static int get(ActorTestKit kit, ActorRef<Worker> w) {
        return kit.await(w.<Integer>ask(Worker.Get::new, Duration.ofSeconds(5)));
    }

    /**
     * Every log line until the system is quiet, timers included (exact on a deterministic kit:
     * each wait runs the system for up to a minute of virtual time).
     */
    private static List<String> drain(TestProbe<String> log) {
        List<String> out = new ArrayList<>();
        while (true) {
            try {
                out.add(log.receiveMessage(Duration.ofMinutes(1)));
            } catch (AssertionError quiet) {
                return out;
            }
        }
    }

    @Test
    void oneForOneRestartsOnlyTheFailedChildAndTheOthersKeepTheirState() {
        try (var kit = ActorTestKit.deterministic(SEED)) {
            TestProbe<String> log = kit.createTestProbe();
            var b = Supervisor.builder().strategy(Strategy.ONE_FOR_ONE).intensity(5, Duration.ofSeconds(10));
            for (int i = 0; i < 100; i++) {
                b.child(spec("upload-" + i, log.ref()));
            }
            kit.spawn(b.build(), "uploads");
            assertThat(log.receiveMessages(100)).allMatch(s -> s.startsWith("start:"));
            List<ActorRef<Worker>> workers = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                ActorRef<Worker> w = child(kit, "/user/uploads/upload-" + i);
                w.tell(new Worker.Inc());
                workers.add(w);
            }
            workers.get(42).tell(new Worker.Crash("corrupt file"));
            assertThat(log.receiveMessages(2)).containsExactly("prerestart:upload-42", "start:upload-42");
            for (int i = 0; i < 100; i++) {
                assertThat(get(kit, workers.get(i))).as("upload-%d", i).isEqualTo(i == 42 ? 0 : 1);
            }
            assertThat(drain(log)).isEmpty();
        }
    }

    private static ActorRef<Supervisor.Command> threeChildren(ActorTestKit kit, Strategy strategy,
            TestProbe<String> log) {
        ActorRef<Supervisor.Command> sup = kit.spawn(Supervisor.builder().strategy(strategy)
                .intensity(5, Duration.ofSeconds(10))
                .child(spec("reader", log.ref()))
                .child(spec("parser", log.ref()))
                .child(spec("writer", log.ref()))
                .build(), "pipeline");
        assertThat(log.receiveMessages(3)).containsExactly("start:reader", "start:parser", "start:writer");
        return sup;
    }

    @Test
    void oneForAllRestartsEveryChildInStartOrder() {
        try (var kit = ActorTestKit.deterministic(SEED)) {
            TestProbe<String> log = kit.createTestProbe();
            threeChildren(kit, Strategy.ONE_FOR_ALL, log);
            child(kit, "/user/pipeline/parser").tell(new Worker.Crash("boom"));
            // OTP: the failed child's incarnation ends first, the others right to left, then all
            // start left to right
            assertThat(drain(log)).containsExactly(
                    "prerestart:parser", "prerestart:writer", "prerestart:reader",
                    "start:reader", "start:parser", "start:writer");
        }
    }

    @Test
    void restForOneRestartsTheFailedChildAndThoseStartedAfterItNotTheReader() {
        try (var kit = ActorTestKit.deterministic(SEED)) {
            TestProbe<String> log = kit.createTestProbe();
            threeChildren(kit, Strategy.REST_FOR_ONE, log);
            ActorRef<Worker> reader = child(kit, "/user/pipeline/reader");
            reader.tell(new Worker.Inc());
            child(kit, "/user/pipeline/parser").tell(new Worker.Crash("bad record"));
            assertThat(drain(log)).containsExactly(
                    "prerestart:parser", "prerestart:writer", "start:parser", "start:writer");
            assertThat(get(kit, reader)).isEqualTo(1);
        }
    }

    @Test
    void exceedingTheIntensityStopsTheChildrenAndEscalatesToTheParent() {
        try (var kit = ActorTestKit.deterministic(SEED)) {
            TestProbe<String> log = kit.createTestProbe();
            ActorRef<Supervisor.Command> sup = kit.spawn(Supervisor.builder()
                    .intensity(2, Duration.ofSeconds(30))
                    .child(spec("a", log.ref()))
                    .child(spec("b", log.ref()))
                    .build(), "sup");
            log.receiveMessages(2);
            TestProbe<Object> watcher = kit.createTestProbe();
            watcher.watch(sup);
            ActorRef<Worker> a = child(kit, "/user/sup/a");
            a.tell(new Worker.Crash("1"));
            a.tell(new Worker.Crash("2"));
            a.tell(new Worker.Crash("3"));
            Terminated t = watcher.expectTerminated(sup);
            assertThat(t.failure()).isInstanceOf(RestartIntensityExceededException.class)
                    .hasMessageContaining("/user/sup").hasMessageContaining("intensity (2 in PT30S)");
            List<String> lines = drain(log);
            assertThat(lines).containsSubsequence("poststop:b", "poststop:a"); // right to left
        }
    }

    @Test
    void aNestedSupervisorThatGivesUpIsRestartedByItsParent() {
        try (var kit = ActorTestKit.deterministic(SEED)) {
            TestProbe<String> log = kit.createTestProbe();
            Behavior<Supervisor.Command> inner = Supervisor.builder().intensity(1, Duration.ofSeconds(30))
                    .child(spec("leaf", log.ref())).build();
            kit.spawn(Supervisor.builder().intensity(3, Duration.ofSeconds(30))
                    .child(ChildSpec.of("inner", inner)).build(), "outer");
            log.expectMessage("start:leaf");
            ActorRef<Worker> leaf = child(kit, "/user/outer/inner/leaf");
            leaf.tell(new Worker.Crash("1")); // inner restarts leaf (1 of 1 allowed)
            leaf.tell(new Worker.Crash("2")); // inner gives up -> outer restarts inner -> a fresh leaf
            List<String> lines = drain(log);
            assertThat(lines).containsExactly("prerestart:leaf", "start:leaf", "poststop:leaf", "start:leaf");
            assertThat(get(kit, child(kit, "/user/outer/inner/leaf"))).isZero();
        }
    }

    @Test
    void restartTypesDecideWhatIsRestarted() {
        try (var kit = ActorTestKit.deterministic(SEED)) {
            TestProbe<String> log = kit.createTestProbe();
            ActorRef<Supervisor.Command> sup = kit.spawn(Supervisor.builder().intensity(10, Duration.ofSeconds(30))
                    .child(spec("perm", log.ref()))
                    .child(spec("trans", log.ref()).withRestart(RestartType.TRANSIENT))
                    .child(spec("temp", log.ref()).withRestart(RestartType.TEMPORARY))
                    .child(spec("trans2", log.ref()).withRestart(RestartType.TRANSIENT))
                    .build(), "sup");
            log.receiveMessages(4);
            child(kit, "/user/sup/perm").tell(new Worker.Stop()); // normal exit: permanent is restarted
            assertThat(log.receiveMessages(2)).containsExactly("prerestart:perm", "start:perm");
            child(kit, "/user/sup/trans").tell(new Worker.Crash("x")); // abnormal: transient restarted
            assertThat(log.receiveMessages(2)).containsExactly("prerestart:trans", "start:trans");
            child(kit, "/user/sup/trans2").tell(new Worker.Stop()); // normal: transient not restarted
            assertThat(log.receiveMessage()).isEqualTo("poststop:trans2");
            child(kit, "/user/sup/temp").tell(new Worker.Crash("y")); // temporary: never restarted
            assertThat(log.receiveMessage()).isEqualTo("poststop:temp");
            List<Supervisor.ChildInfo> running = kit.await(sup.<List<Supervisor.ChildInfo>>ask(
                    Supervisor.Command.WhichChildren::new, Duration.ofSeconds(5)));
            // OTP keeps a transient child that exited normally, not running; a temporary one is forgotten
            assertThat(running).extracting(Supervisor.ChildInfo::id).containsExactly("perm", "trans", "trans2");
            assertThat(running).extracting(Supervisor.ChildInfo::restarts).containsExactly(1, 1, 0);
            assertThat(running).extracting(Supervisor.ChildInfo::status).containsExactly(
                    Supervisor.ChildStatus.RUNNING, Supervisor.ChildStatus.RUNNING, Supervisor.ChildStatus.NOT_RUNNING);
        }
    }

    @Test
    void theDeciderChoosesResumeStopOrEscalateByExceptionType() {
        try (var kit = ActorTestKit.deterministic(SEED)) {
            TestProbe<String> log = kit.createTestProbe();
            ActorRef<Supervisor.Command> sup = kit.spawn(Supervisor.builder()
                    .decider(t -> t.getMessage().startsWith("resume") ? Directive.resume()
                            : t.getMessage().startsWith("stop") ? Directive.stop()
                            : t.getMessage().startsWith("escalate") ? Directive.escalate()
                            : Directive.restart())
                    .child(spec("a", log.ref()))
                    .child(spec("b", log.ref()))
                    .build(), "sup");
            log.receiveMessages(2);
            ActorRef<Worker> a = child(kit, "/user/sup/a");
            a.tell(new Worker.Inc());
            a.tell(new Worker.Crash("resume please"));
            assertThat(get(kit, a)).isEqualTo(1);
            a.tell(new Worker.Crash("stop please"));
            assertThat(log.receiveMessage()).isEqualTo("poststop:a");
            ActorRef<Worker> b = child(kit, "/user/sup/b");
            TestProbe<Object> watcher = kit.createTestProbe();
            watcher.watch(sup);
            b.tell(new Worker.Crash("escalate please"));
            Terminated t = watcher.expectTerminated(sup);
            assertThat(t.failure()).hasMessage("escalate please");
        }
    }

    @Test
    void aPoolStartsIdenticalChildrenOnDemand() {
        try (var kit = ActorTestKit.deterministic(SEED)) {
            TestProbe<String> log = kit.createTestProbe();
            var template = ChildSpec.of("worker", Worker.worker("pooled", log.ref()));
            ActorRef<Supervisor.Command> pool = kit.spawn(Supervisor.pool(template).build(), "pool");
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Supervisor.StartResult r = kit.await(pool.<Supervisor.StartResult>ask(
                        reply -> new Supervisor.Command.StartChild(template, reply), Duration.ofSeconds(5)));
                names.add(((Supervisor.StartResult.Started) r).ref().path());
            }
            assertThat(names).containsExactly("/user/pool/worker-1", "/user/pool/worker-2", "/user/pool/worker-3");
            assertThat(log.receiveMessages(3)).containsOnly("start:pooled");
        }
    }

    @Test
    void shutdownStopsChildrenRightToLeftAndKillsOneThatIgnoresTheStop() {
        try (var kit = ActorTestKit.create()) { // real threads: a handler blocks for good
            TestProbe<String> log = kit.createTestProbe();
            CountDownLatch never = new CountDownLatch(1);
            Behavior<Worker> stubborn = Behaviors.receiveMessage(m -> {
                log.ref().tell("stubborn busy");
                never.await(); // stuck in a handler: it cannot process the stop
                return Behaviors.same();
            });
            ActorRef<Supervisor.Command> sup = kit.spawn(Supervisor.builder()
                    .child(spec("first", log.ref()))
                    .child(ChildSpec.of("stubborn", stubborn).withShutdown(Duration.ofMillis(300))
                            .withProps(Props.virtualThreads()))
                    .child(spec("last", log.ref()))
                    .build(), "sup");
            assertThat(log.receiveMessages(2)).containsExactly("start:first", "start:last");
            child(kit, "/user/sup/stubborn").tell(new Worker.Inc());
            log.expectMessage("stubborn busy");
            TestProbe<Object> watcher = kit.createTestProbe();
            watcher.watch(sup);
            long start = System.nanoTime();
            kit.system().stop(sup);
            watcher.expectTerminated(sup);
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(log.receiveMessages(2)).containsExactly("poststop:last", "poststop:first");
            assertThat(tookMs).as("waited for the stubborn child's timeout").isGreaterThanOrEqualTo(280);
            assertThat(kit.system().lookup("/user/sup/stubborn")).isEmpty();
        }
    }

    @Test
    void badSpecsFailWhenTheSupervisorIsBuiltNotAtTheFirstCrash() {
        Behavior<Worker> w = Behaviors.ignore();
        assertThatThrownBy(() -> Supervisor.builder().child(ChildSpec.of("a", w)).child(ChildSpec.of("a", w)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("duplicate child id 'a'");
        assertThatThrownBy(() -> Supervisor.builder().intensity(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("intensity must be >= 1, was 0");
        assertThatThrownBy(() -> Supervisor.builder().intensity(1, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("period must be positive");
        assertThatThrownBy(() -> ChildSpec.of("t", w).withRestart(RestartType.TEMPORARY)
                .withBackoff(Backoff.of(Duration.ofMillis(1), Duration.ofMillis(2), 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TEMPORARY child is never restarted");
        assertThatThrownBy(() -> ChildSpec.of("x", w).withShutdown(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shutdown timeout must be positive");
        assertThatThrownBy(() -> Supervisor.pool(ChildSpec.of("p", w)).strategy(Strategy.ONE_FOR_ALL).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one for one");
    }

    @Test
    void oneForOneChildrenWaitingOutABackoffDoNotHoldEachOtherBack() {
        try (var kit = ActorTestKit.deterministic(SEED)) {
            TestProbe<String> log = kit.createTestProbe();
            var backoff = Backoff.of(Duration.ofMillis(300), Duration.ofSeconds(1), 0);
            var b = Supervisor.builder().intensity(10, Duration.ofSeconds(30));
            for (int i = 0; i < 4; i++) {
                b.child(spec("w" + i, log.ref()).withBackoff(backoff));
            }
            kit.spawn(b.build(), "sup");
            log.receiveMessages(4);
            List<ActorRef<Worker>> ws = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ws.add(child(kit, "/user/sup/w" + i));
            }
            Duration t0 = kit.time().now();
            ws.forEach(w -> w.tell(new Worker.Crash("provider down")));
            assertThat(log.receiveMessages(8, Duration.ofSeconds(5))).filteredOn(l -> l.startsWith("start:")).hasSize(4);
            // all four restart after one 300 ms delay, not one after another (1.2 s): exactly, on the virtual clock
            assertThat(kit.time().now().minus(t0)).isEqualTo(Duration.ofMillis(300));
        }
    }

    @Test
    void aChildSpecWithBackoffIsRestartedAfterTheDelay() {
        try (var kit = ActorTestKit.deterministic(SEED)) {
            TestProbe<String> log = kit.createTestProbe();
            kit.spawn(Supervisor.builder().intensity(10, Duration.ofSeconds(30))
                    .child(spec("payments", log.ref()).withBackoff(
                            Backoff.of(Duration.ofMillis(100), Duration.ofSeconds(1), 0)))
                    .build(), "sup");
            log.expectMessage("start:payments");
            ActorRef<Worker> p = child(kit, "/user/sup/payments");
            Duration t0 = kit.time().now();
            p.tell(new Worker.Crash("HTTP 500"));
            p.tell(new Worker.Inc()); // kept while waiting
            log.expectMessage("prerestart:payments");
            log.expectNoMessage(Duration.ofMillis(99));
            log.expectMessage("start:payments", Duration.ofMillis(1));
            assertThat(kit.time().now().minus(t0)).isEqualTo(Duration.ofMillis(100));
            assertThat(get(kit, p)).isEqualTo(1);
        }
    }

    @Test
    void aDeciderReturningALimitedRestartFailsTheSupervisorSayingWhy() {
        try (var kit = ActorTestKit.create()) {
            TestProbe<String> log = kit.createTestProbe();
            ActorRef<Supervisor.Command> sup = kit.spawn(Supervisor.builder()
                    .decider(t -> Directive.restart().withLimit(3, Duration.ofSeconds(1)))
                    .child(ChildSpec.of("w", Worker.worker("w", log.ref())))
                    .build(), "sup");
            log.expectMessage("start:w");
            TestProbe<Void> watcher = kit.createTestProbe();
            watcher.watch(sup);
            kit.system().<Worker>lookup("/user/sup/w").orElseThrow().tell(new Worker.Crash("boom"));
            Terminated t = watcher.expectTerminated(sup);
            assertThat(t.failure()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("intensity").hasMessageContaining("Directive.restart()");
        }
    }

    @Test
    void startChildAnswersWithTheChildTyped() {
        try (var kit = ActorTestKit.create()) {
            TestProbe<String> log = kit.createTestProbe();
            var template = ChildSpec.of("worker", Worker.worker("pooled", log.ref()));
            ActorRef<Supervisor.Command> pool = kit.spawn(Supervisor.pool(template).build(), "pool");
            Supervisor.StartResult<Worker> r = pool.<Supervisor.StartResult<Worker>>ask(
                    reply -> new Supervisor.Command.StartChild<>(template, reply), Duration.ofSeconds(5)).join();
            ActorRef<Worker> worker = switch (r) {
                case Supervisor.StartResult.Started<Worker> s -> s.ref();
                case Supervisor.StartResult.Failed<Worker> f -> throw new AssertionError(f.cause());
            };
            TestProbe<Integer> count = kit.createTestProbe();
            worker.tell(new Worker.Inc());
            worker.tell(new Worker.Get(count.ref()));
            count.expectMessage(1);
        }
    }
}
