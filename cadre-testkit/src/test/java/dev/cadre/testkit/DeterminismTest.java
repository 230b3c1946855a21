package dev.cadre.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.Directive;
import dev.cadre.actor.Terminated;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Same seed and same code: the same execution, event for event (the trace hash), whatever the
 * strategy. Different seeds explore different schedules.
 */
class DeterminismTest {

    sealed interface Job {
        record Work(int n, ActorRef<Integer> replyTo) implements Job {
        }
    }

    sealed interface Boss {
        record Done(int n, Integer result, Throwable failure) implements Boss {
        }

        record Gone(ActorRef<?> who) implements Boss {
        }
    }

    /** A worker: squares numbers, after a short timer; crashes are injected by the test's faults. */
    static Behavior<Job> worker() {
        return Behaviors.supervise(Behaviors.<Job>withTimers(timers -> Behaviors.receiveMessage(m -> {
            switch (m) {
                case Job.Work w -> w.replyTo().tell(w.n() * w.n());
            }
            return Behaviors.same();
        }))).onFailure(Directive.restartWithBackoff(Duration.ofMillis(10), Duration.ofMillis(200), 0.5));
    }

    /** Hands out jobs by ask (with retries on timeout), watches a temporary helper, reports the sum. */
    static Behavior<Boss> boss(int jobs, CompletableFuture<List<Integer>> out) {
        return Behaviors.setup(ctx -> {
            List<ActorRef<Job>> workers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                workers.add(ctx.spawn(worker(), "worker-" + i));
            }
            ActorRef<String> helper = ctx.spawn(Behaviors.<String>receiveMessage(s -> Behaviors.stopped()), "helper");
            ctx.watchWith(helper, new Boss.Gone(helper));
            List<Integer> results = new ArrayList<>();
            Set<Integer> done = new HashSet<>();
            for (int n = 0; n < jobs; n++) {
                send(ctx, workers, n);
            }
            helper.tell("stop");
            return Behaviors.receiveMessage(m -> {
                switch (m) {
                    case Boss.Done d when d.failure() != null -> send(ctx, workers, d.n()); // timed out: again
                    case Boss.Done d when !done.add(d.n()) -> { } // a late answer to a retried job
                    case Boss.Done d -> {
                        results.add(d.result());
                        if (done.size() == jobs) {
                            out.complete(results);
                        }
                    }
                    case Boss.Gone g -> results.add(-1 - results.size()); // when the helper's end was seen
                }
                return Behaviors.same();
            });
        });
    }

    private static void send(dev.cadre.actor.ActorContext<Boss> ctx, List<ActorRef<Job>> workers, int n) {
        ActorRef<Job> w = workers.get(n % workers.size());
        ctx.pipeToSelf(w.<Integer>ask(r -> new Job.Work(n, r), Duration.ofSeconds(1)),
                (v, e) -> new Boss.Done(n, v, e));
    }

    record Outcome(long hash, List<Integer> results, long steps, Duration virtualTime) {
    }

    static Outcome run(long seed, SchedulingStrategy strategy) {
        Faults faults = Faults.none().crash("/user/boss/worker-*", 0.1);
        try (var kit = ActorTestKit.deterministic(DeterministicConfig.seed(seed).withStrategy(strategy)
                .withFaults(faults))) {
            CompletableFuture<List<Integer>> out = new CompletableFuture<>();
            kit.spawn(boss(30, out), "boss");
            List<Integer> results = kit.await(out);
            assertThat(kit.scheduler().foreignWakeups()).as("stayed inside the deterministic part").isZero();
            return new Outcome(kit.scheduler().traceHash(), results, kit.scheduler().steps(), kit.time().now());
        }
    }

    @Test
    void theSameSeedGivesTheSameExecutionEventForEvent() {
        for (SchedulingStrategy s : List.of(SchedulingStrategy.random(), SchedulingStrategy.pct(3, 2_000),
                SchedulingStrategy.roundRobin())) {
            for (long seed = 1; seed <= 5; seed++) {
                Outcome a = run(seed, s);
                Outcome b = run(seed, s);
                assertThat(b).as("strategy %s, seed %d", s, seed).isEqualTo(a);
            }
        }
    }

    @Test
    void differentSeedsExploreDifferentSchedules() {
        Set<Long> random = new HashSet<>();
        Set<Long> pct = new HashSet<>();
        Set<List<Integer>> orders = new HashSet<>();
        for (long seed = 1; seed <= 30; seed++) {
            Outcome o = run(seed, SchedulingStrategy.random());
            random.add(o.hash());
            orders.add(o.results());
            pct.add(run(seed, SchedulingStrategy.pct(3, 2_000)).hash());
        }
        assertThat(random).hasSize(30);
        assertThat(pct).hasSize(30);
        assertThat(orders).as("results arrive in different orders").hasSizeGreaterThan(10);
    }

    @Test
    void theHashSeesADifferenceInTheCode() {
        // The same seed, with one message class changed: a different trace.
        long a;
        long b;
        try (var kit = ActorTestKit.deterministic(9)) {
            ActorRef<Object> echo = kit.spawn(Behaviors.receiveMessage(m -> Behaviors.same()), "echo");
            echo.tell("x");
            kit.runUntilIdle();
            a = kit.scheduler().traceHash();
        }
        try (var kit = ActorTestKit.deterministic(9)) {
            ActorRef<Object> echo = kit.spawn(Behaviors.receiveMessage(m -> Behaviors.same()), "echo");
            echo.tell(1);
            kit.runUntilIdle();
            b = kit.scheduler().traceHash();
        }
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void aWakeUpFromAnotherThreadIsCounted() throws Exception {
        try (var kit = ActorTestKit.deterministic(10)) {
            TestProbe<String> probe = kit.createTestProbe();
            kit.runUntilIdle(); // the probe has started and waits: a message from outside wakes it
            Thread t = new Thread(() -> probe.ref().tell("from outside"), "outsider");
            t.start();
            t.join();
            probe.expectMessage("from outside");
            assertThat(kit.scheduler().foreignWakeups()).isEqualTo(1);
            assertThat(kit.scheduler().foreignThreads()).containsExactly("outsider woke /user/probe-1");
        }
    }

    @Test
    void aWatchedActorsEndIsSeenInEveryScheduleExactlyOnce() {
        for (long seed = 0; seed < 50; seed++) {
            try (var kit = ActorTestKit.deterministic(seed)) {
                TestProbe<Object> probe = kit.createTestProbe();
                ActorRef<String> a = kit.spawn(Behaviors.<String>receiveMessage(s -> Behaviors.stopped()), "a");
                probe.watch(a);
                a.tell("stop");
                Terminated t = probe.expectTerminated(a);
                assertThat(t.ref()).isEqualTo(a);
                probe.expectNoMessage(Duration.ofMinutes(1));
            }
        }
    }
}
