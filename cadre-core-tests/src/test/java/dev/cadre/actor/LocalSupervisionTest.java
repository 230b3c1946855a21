package dev.cadre.actor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.testkit.ActorTestKit;
import dev.cadre.testkit.CadreExtension;
import dev.cadre.testkit.TestProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CadreExtension.class)
class LocalSupervisionTest {

    /** Seed of the deterministic kits (tests of time: backoff delays, timers, exact silence). */
    private static final long SEED = 1;

    private static int get(ActorTestKit kit, ActorRef<Worker> w) {
        return kit.await(w.<Integer>ask(Worker.Get::new, Duration.ofSeconds(5)));
    }

    private static int get(ActorRef<Worker> w) {
        return w.<Integer>ask(Worker.Get::new, Duration.ofSeconds(5)).join();
    }

    @Test
    void restartGivesFreshStateAndKeepsThePendingMessages(ActorTestKit kit) {
        TestProbe<String> log = kit.createTestProbe();
        ActorRef<Worker> w = kit.spawn(Behaviors.supervise(Worker.worker("w", log.ref()))
                .onFailure(Directive.restart()));
        log.expectMessage("start:w");
        w.tell(new Worker.Inc());
        w.tell(new Worker.Inc());
        w.tell(new Worker.Crash("corrupt upload"));
        w.tell(new Worker.Inc()); // queued behind the crash: delivered to the new incarnation
        assertThat(get(w)).isEqualTo(1);
        log.expectMessage("prerestart:w");
        log.expectMessage("start:w");
        assertThat(kit.system().metrics(w).failures()).isEqualTo(1);
    }

    @Test
    void resumeKeepsTheStateAndSkipsTheMessage() {
        try (var kit = ActorTestKit.deterministic(SEED)) {
            TestProbe<String> log = kit.createTestProbe();
            ActorRef<Worker> w = kit.spawn(Behaviors.supervise(Worker.worker("w", log.ref()))
                    .onFailure(IllegalStateException.class, Directive.resume()));
            w.tell(new Worker.Inc());
            w.tell(new Worker.Crash("bad input"));
            w.tell(new Worker.Inc());
            assertThat(get(kit, w)).isEqualTo(2);
            log.expectMessage("start:w");
            log.expectNoMessage(Duration.ofHours(1)); // exact: the system ran until quiet
        }
    }

    @Test
    void rulesAreMatchedByExceptionTypeAndUnmatchedFailuresStopTheActor(ActorTestKit kit) {
        TestProbe<String> log = kit.createTestProbe();
        ActorRef<Worker> w = kit.spawn(Behaviors.supervise(Worker.worker("w", log.ref()))
                .onFailure(IllegalArgumentException.class, Directive.resume()));
        TestProbe<Object> watcher = kit.createTestProbe();
        watcher.watch(w);
        w.tell(new Worker.Crash("not an IllegalArgumentException"));
        Terminated t = watcher.expectTerminated(w);
        assertThat(t.failure()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRestartLimitExceededStopsTheActorWithTheFailure(ActorTestKit kit) {
        TestProbe<String> log = kit.createTestProbe();
        ActorRef<Worker> w = kit.spawn(Behaviors.supervise(Worker.worker("w", log.ref()))
                .onFailure(Directive.restart().withLimit(2, Duration.ofMinutes(1))));
        TestProbe<Object> watcher = kit.createTestProbe();
        watcher.watch(w);
        for (int i = 1; i <= 3; i++) {
            w.tell(new Worker.Crash("crash " + i));
        }
        Terminated t = watcher.expectTerminated(w);
        assertThat(t.failure()).hasMessage("crash 3");
        assertThat(log.receiveMessages(6)).containsExactly("start:w", "prerestart:w", "start:w", "prerestart:w",
                "start:w", "poststop:w");
    }

    @Test
    void noMessageOtherThanTheFailingOneIsLostAcrossRestarts(ActorTestKit kit) throws Exception {
        AtomicLong processed = new AtomicLong();
        TestProbe<SupervisionEvent> events = kit.createTestProbe();
        ActorRef<Integer> w = kit.spawn(Behaviors.supervise(Behaviors.<Integer>receiveMessage(n -> {
            if (n % 97 == 0) {
                throw new IllegalStateException("bad " + n);
            }
            processed.incrementAndGet();
            return Behaviors.same();
        })).onFailure(Directive.restart()), "lossless");
        kit.system().supervisionEvents().subscribe(events.ref());
        int sent = 20_000;
        MessagingTest.runOnThreads(4, t -> {
            for (int i = t; i < sent; i += 4) {
                w.tell(i);
            }
        });
        long failing = java.util.stream.IntStream.range(0, sent).filter(n -> n % 97 == 0).count();
        ActorTestKit.awaitAssert(Duration.ofSeconds(10), () -> {
            ActorMetrics m = kit.system().metrics(w);
            assertThat(m.processed()).isEqualTo(sent);
            assertThat(m.failures()).isEqualTo(failing);
        });
        assertThat(processed.get() + failing).as("sent = processed + reported").isEqualTo(sent);
        kit.system().supervisionEvents().unsubscribe(events.ref());
    }

    @Test
    void backoffDelaysGrowAndMessagesArrivingMeanwhileAreKept() {
        try (var kit = ActorTestKit.deterministic(SEED)) {
            TestProbe<String> log = kit.createTestProbe();
            ActorRef<Worker> w = kit.spawn(Behaviors.supervise(Worker.worker("w", log.ref()))
                    .onFailure(Directive.restartWithBackoff(Duration.ofMillis(50), Duration.ofMillis(400), 0)));
            log.expectMessage("start:w");
            List<Duration> gaps = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Duration crashed = kit.time().now();
                w.tell(new Worker.Crash("provider 500"));
                w.tell(new Worker.Inc()); // arrives during the backoff: must survive it
                log.expectMessage("prerestart:w", Duration.ofSeconds(5));
                log.expectMessage("start:w", Duration.ofSeconds(5));
                gaps.add(kit.time().now().minus(crashed));
            }
            // 50, 100, 200, 400 ms exactly, on the virtual clock
            assertThat(gaps).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200),
                    Duration.ofMillis(400));
            assertThat(get(kit, w)).as("the Inc sent during the last backoff reached the new incarnation").isEqualTo(1);
        }
    }

    @Test
    void backoffResetsAfterAStablePeriod() {
        try (var kit = ActorTestKit.deterministic(SEED)) {
            TestProbe<String> log = kit.createTestProbe();
            ActorRef<Worker> w = kit.spawn(Behaviors.supervise(Worker.worker("w", log.ref()))
                    .onFailure(Directive.restartWithBackoff(Duration.ofMillis(50), Duration.ofSeconds(2), 0)
                            .withResetAfter(Duration.ofMillis(500))));
            log.expectMessage("start:w");
            List<Duration> gaps = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                if (i == 4) {
                    kit.time().advance(Duration.ofMillis(800)); // a stable period longer than resetAfter
                }
                Duration crashed = kit.time().now();
                w.tell(new Worker.Crash("500"));
                log.expectMessage("prerestart:w", Duration.ofSeconds(5));
                log.expectMessage("start:w", Duration.ofSeconds(5));
                gaps.add(kit.time().now().minus(crashed));
            }
            // 50, 100, 200, 400 ms, then reset: 50 ms again instead of 800 ms
            assertThat(gaps).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200),
                    Duration.ofMillis(400), Duration.ofMillis(50));
        }
    }

    @Test
    void backoffDelaysFollowTheDocumentedFormula() {
        var b = Backoff.of(Duration.ofMillis(100), Duration.ofSeconds(2), 0);
        List<Long> ms = new ArrayList<>();
        for (int n = 0; n < 7; n++) {
            ms.add(b.delayFor(n, 0.5).toMillis());
        }
        assertThat(ms).containsExactly(100L, 200L, 400L, 800L, 1600L, 2000L, 2000L);
        var jittered = Backoff.of(Duration.ofMillis(100), Duration.ofSeconds(2), 0.5);
        assertThat(jittered.delayFor(1, 0.0).toMillis()).isEqualTo(200);
        assertThat(jittered.delayFor(1, 0.999).toMillis()).isBetween(299L, 300L);
        assertThat(jittered.delayFor(10, 0.999).toMillis()).isEqualTo(2000);
        assertThat(jittered.delayFor(1000, 0.5)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void badStrategiesFailWhenBuilt() {
        assertThatThrownBy(() -> Directive.restartWithBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not exceed maxBackoff");
        assertThatThrownBy(() -> Directive.restartWithBackoff(Duration.ZERO, Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minBackoff must be positive");
        assertThatThrownBy(() -> Directive.restartWithBackoff(Duration.ofMillis(1), Duration.ofSeconds(1), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("randomFactor");
        assertThatThrownBy(() -> Directive.restart().withLimit(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRestarts");
        assertThatThrownBy(() -> Directive.restart().withLimit(1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("within must be positive");
    }

    sealed interface TimerCmd {
        record Arm() implements TimerCmd {
        }

        record Fire() implements TimerCmd {
        }

        record Crash() implements TimerCmd {
        }
    }

    @Test
    void timersAreCancelledOnRestart() {
        try (var kit = ActorTestKit.deterministic(SEED)) {
            TestProbe<String> out = kit.createTestProbe();
            ActorRef<TimerCmd> a = kit.spawn(Behaviors.supervise(Behaviors.<TimerCmd>withTimers(timers ->
                    Behaviors.receiveMessage(msg -> {
                        switch (msg) {
                            case TimerCmd.Arm arm -> timers.startSingleTimer("k", new TimerCmd.Fire(), Duration.ofMillis(150));
                            case TimerCmd.Fire f -> out.ref().tell("fired");
                            case TimerCmd.Crash c -> throw new IllegalStateException("crash");
                        }
                        return Behaviors.same();
                    }))).onFailure(Directive.restart()));
            a.tell(new TimerCmd.Arm());
            a.tell(new TimerCmd.Crash());
            out.expectNoMessage(Duration.ofHours(1)); // the old incarnation's timer never fires
            a.tell(new TimerCmd.Arm()); // the new incarnation's timers work
            out.expectMessage("fired");
        }
    }

    /** An Error thrown by a handler (here an AssertionError, as a stand-in for a StackOverflowError). */
    private static Behavior<String> throwsOnMessage(ActorRef<String> log) {
        return Behaviors.setup(ctx -> {
            log.tell("start");
            return Behaviors.receiveMessage(m -> {
                if (m.equals("error")) {
                    throw new AssertionError("an error, not an exception");
                }
                throw new IllegalStateException("an exception");
            });
        });
    }

    @Test
    void onFailureWithoutATypeCatchesExceptionsButNotErrors(ActorTestKit kit) {
        TestProbe<String> log = kit.createTestProbe();
        ActorRef<String> a = kit.spawn(Behaviors.supervise(throwsOnMessage(log.ref())).onFailure(Directive.restart()));
        log.expectMessage("start");
        a.tell("exception");
        log.expectMessage("start"); // restarted
        TestProbe<Void> watcher = kit.createTestProbe();
        watcher.watch(a);
        a.tell("error");
        Terminated t = watcher.expectTerminated(a);
        assertThat(t.failure()).isInstanceOf(AssertionError.class); // not caught: the actor stopped with it
        assertThat(Behaviors.Supervise.DEFAULT_FAILURE_TYPE).isEqualTo(Exception.class);
    }

    @Test
    void directivesDescribeThemselves() {
        assertThat(Directive.restart()).hasToString("restart");
        assertThat(Directive.restart().withLimit(3, Duration.ofSeconds(5))).hasToString("restart (at most 3 in 5s)");
        assertThat(Directive.restartWithBackoff(Duration.ofMillis(1), Duration.ofMillis(4), 0))
                .hasToString("restart with backoff 1ms..4ms");
        assertThat(Backoff.of(Duration.ofMillis(100), Duration.ofSeconds(2), 0).resetAfter())
                .isEqualTo(Backoff.defaultResetAfter(Duration.ofSeconds(2)));
    }
}
