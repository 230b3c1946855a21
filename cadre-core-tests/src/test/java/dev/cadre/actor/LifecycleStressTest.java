package dev.cadre.actor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.actor.Supervisor.ChildSpec;
import dev.cadre.actor.Supervisor.Directive;
import dev.cadre.actor.Supervisor.RestartType;
import dev.cadre.actor.Supervisor.Strategy;
import dev.cadre.testkit.ActorTestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random failures at every lifecycle point (setup, handler, signal handler, decider, during a
 * restart, during a backoff, during shutdown) across random nested trees of mixed strategies,
 * restart types, shutdowns, mailboxes and dispatchers, for many seeds. After each run:
 * <ol>
 *   <li>every incarnation that started got exactly one cleanup signal (PreRestart or PostStop),
 *       unless it may have been killed;</li>
 *   <li>no actor outlives its parent: at a parent's PostStop its children are gone, and every
 *       actor of a subtree ended before the subtree's root was reported terminated;</li>
 *   <li>every watcher got exactly one notification per watch (delivered, or a dead letter if it
 *       stopped first) with a reason consistent with what the watched actor did;</li>
 *   <li>sent = processed + dead letters (drops are dead letters too): nothing is lost silently.</li>
 * </ol>
 * The scheduling is the real, concurrent one: a seed fixes the tree and the fault plan, not the
 * interleaving. {@code -Dcadre.stress.seeds=N} runs more seeds; a failure names its seed.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LifecycleStressTest {

    private static final int SEEDS = Integer.getInteger("cadre.stress.seeds", 120);
    private static final long FIRST_SEED = Long.getLong("cadre.stress.firstSeed", 1);

    /** A failure injected by the test; its hint tells the supervisor's decider what to decide. */
    static final class Fault extends RuntimeException {
        final Hint hint;

        Fault(Hint hint, String where) {
            super("injected " + hint + " at " + where, null, false, false);
            this.hint = hint;
        }
    }

    enum Hint { RESTART, RESUME, STOP, ESCALATE, DECIDER_BUG }

    /** What the driver sends to workers. */
    sealed interface Msg {
        record Work(long id) implements Msg {
        }

        record Crash(long id, Hint hint) implements Msg {
        }

        record Quit(long id) implements Msg {
        }
    }

    /** One event, in the order events happened (a single lock orders them). */
    record Ev(long seq, String kind, ActorRef<?> actor, String path, int incarnation, Object detail) {
    }

    /** Everything one run records. */
    static final class Run {
        final long seed;
        final List<Ev> events = new ArrayList<>();
        final Map<ActorRef<?>, AtomicInteger> incarnations = new ConcurrentHashMap<>();
        final Map<ActorRef<?>, String> workers = new ConcurrentHashMap<>();
        final List<ActorRef<?>> workerList = java.util.Collections.synchronizedList(new ArrayList<>());
        /** Paths under which an actor may have been killed (no cleanup signal then). */
        final Set<String> mayBeKilled = ConcurrentHashMap.newKeySet();
        /** Child ids (unique in the tree) whose spec is a brutal kill: they and their subtrees may be killed. */
        final Set<String> brutal = ConcurrentHashMap.newKeySet();
        final AtomicLong sent = new AtomicLong();
        final AtomicLong processed = new AtomicLong();
        final AtomicLong deadMsgs = new AtomicLong();
        final AtomicLong deadLettersSeen = new AtomicLong();
        final Map<String, AtomicInteger> deadNotifications = new ConcurrentHashMap<>();
        final List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
        long seq;

        Run(long seed) {
            this.seed = seed;
        }

        synchronized void log(String kind, ActorRef<?> actor, int incarnation, Object detail) {
            events.add(new Ev(seq++, kind, actor, actor.path(), incarnation, detail));
        }

        synchronized List<Ev> snapshot() {
            return new ArrayList<>(events);
        }
    }

    @Test
    void randomFailuresAtEveryLifecyclePointNeverBreakTheLifecycleInvariants() throws Exception {
        for (long seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
            Run run = new Run(seed);
            try {
                runOnce(run);
                check(run);
            } catch (Throwable e) {
                throw new AssertionError("seed " + seed + " failed (rerun with -Dcadre.stress.firstSeed=" + seed
                        + " -Dcadre.stress.seeds=1): " + e.getMessage(), e);
            }
        }
    }

    // =========================================================================================
    // The tree
    // =========================================================================================

    private static Behavior<Supervisor.Command> supervisor(Run run, SplittableRandom rnd, String id, int depth,
            ActorRef<Object> monitor) {
        Strategy strategy = Strategy.values()[rnd.nextInt(3)];
        Supervisor.Builder b = Supervisor.builder().strategy(strategy)
                .intensity(1 + rnd.nextInt(6), Duration.ofMinutes(1))
                .decider(t -> t instanceof Fault f ? switch (f.hint) {
                    case RESTART -> Directive.RESTART;
                    case RESUME -> Directive.RESUME;
                    case STOP -> Directive.STOP;
                    case ESCALATE -> Directive.ESCALATE;
                    case DECIDER_BUG -> throw new AssertionError("a bug in the decider");
                } : Directive.RESTART);
        int n = 1 + rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            String childId = id + "-" + i;
            boolean nested = depth < 3 && rnd.nextDouble() < 0.3;
            Behavior<?> child = nested ? supervisor(run, rnd.split(), childId, depth + 1, monitor)
                    : worker(run, rnd.nextLong(), childId, depth < 4);
            RestartType type = switch (rnd.nextInt(10)) {
                case 0, 1 -> RestartType.TRANSIENT;
                case 2 -> RestartType.TEMPORARY;
                default -> RestartType.PERMANENT;
            };
            ChildSpec spec = ChildSpec.of(childId, child).withRestart(type);
            spec = nested ? spec.withShutdown(Supervisor.Shutdown.infinity())
                    : spec.withShutdown(Duration.ofSeconds(30));
            if (rnd.nextDouble() < 0.05) {
                spec = spec.withShutdown(Supervisor.Shutdown.brutalKill());
                run.brutal.add(childId);
            }
            if (type != RestartType.TEMPORARY && rnd.nextDouble() < 0.25) {
                spec = spec.withBackoff(SupervisorStrategy.restartWithBackoff(Duration.ofMillis(1),
                        Duration.ofMillis(4), 0.5));
            }
            if (!nested && rnd.nextDouble() < 0.2) {
                spec = spec.withProps(Props.virtualThreads());
            }
            if (!nested && rnd.nextDouble() < 0.2) {
                Overflow o = switch (rnd.nextInt(3)) {
                    case 0 -> Overflow.dropNewest();
                    case 1 -> Overflow.dropOldest();
                    default -> Overflow.reject();
                };
                spec = spec.withProps(spec.props().withMailbox(Mailbox.bounded(2 + rnd.nextInt(8), o)));
            }
            b.child(spec);
        }
        Behavior<Supervisor.Command> sup = b.build();
        // tell the monitor, so it can watch the supervisor (its end must come after its children's)
        return Behaviors.setup(ctx -> {
            monitor.tell(ctx.self());
            return sup;
        });
    }

    /**
     * An instrumented worker: records START (setup done), PRERESTART / POSTSTOP (its cleanup
     * signals), NOTIFIED (a Terminated), and fails at random points of its plan.
     */
    private static Behavior<Msg> worker(Run run, long plan, String name, boolean mayHaveKid) {
        Behavior<Msg> inner = Behaviors.setup(ctx -> {
            int inc = run.incarnations.computeIfAbsent(ctx.self(), k -> new AtomicInteger()).incrementAndGet();
            SplittableRandom rnd = new SplittableRandom(plan * 1_000_003L + inc);
            run.workers.putIfAbsent(ctx.self(), name);
            if (inc == 1) {
                run.workerList.add(ctx.self());
            }
            if (rnd.nextDouble() < (inc == 1 ? 0.02 : 0.08)) {
                throw new Fault(Hint.RESTART, "setup of " + name); // before it counts as started
            }
            if (mayHaveKid && rnd.nextDouble() < 0.25) {
                ActorRef<Msg> kid = ctx.spawn(worker(run, rnd.nextLong(), name + "-kid", false), "kid");
                if (rnd.nextDouble() < 0.5) {
                    ctx.link(kid);
                    ctx.trapExits(rnd.nextBoolean());
                }
            }
            if (inc == 1 && rnd.nextDouble() < 0.35 && !run.workerList.isEmpty()) {
                ActorRef<?> target = run.workerList.get(rnd.nextInt(run.workerList.size()));
                if (!target.equals(ctx.self())) {
                    run.log("WATCH", ctx.self(), inc, target);
                    ctx.watch(target); // a watch outlives restarts: made once
                }
            }
            double failSignal = rnd.nextDouble() < 0.3 ? 0.3 : 0;
            double failWork = rnd.nextDouble() < 0.3 ? 0.05 : 0;
            run.log("START", ctx.self(), inc, null);
            return Behaviors.receive((c, m) -> {
                run.processed.incrementAndGet();
                switch (m) {
                    case Msg.Work w -> {
                        if (rnd.nextDouble() < failWork) {
                            throw new Fault(Hint.values()[rnd.nextInt(Hint.values().length)], "work " + w.id());
                        }
                        return Behaviors.same();
                    }
                    case Msg.Crash cr -> throw new Fault(cr.hint(), "crash " + cr.id());
                    case Msg.Quit q -> {
                        run.log("QUIT", c.self(), inc, null);
                        return Behaviors.stopped();
                    }
                }
            }).onSignal((c, s) -> {
                switch (s) {
                    case PreRestart p -> {
                        run.log("PRERESTART", c.self(), inc, null);
                        if (rnd.nextDouble() < failSignal) {
                            throw new Fault(Hint.RESTART, "PreRestart of " + name);
                        }
                    }
                    case PostStop p -> {
                        if (!c.children().isEmpty()) {
                            run.violations.add(c.self().path() + " got PostStop while children live: " + c.children());
                        }
                        run.log("POSTSTOP", c.self(), inc, null);
                        if (rnd.nextDouble() < failSignal) {
                            throw new Fault(Hint.RESTART, "PostStop of " + name);
                        }
                    }
                    case Terminated t -> {
                        run.log("NOTIFIED", c.self(), inc, t);
                        if (rnd.nextDouble() < failSignal) {
                            throw new Fault(Hint.RESTART, "Terminated handler of " + name);
                        }
                    }
                    case ExitSignal e -> run.log("EXIT", c.self(), inc, e);
                    default -> { }
                }
                return Behaviors.same();
            });
        });
        SplittableRandom r = new SplittableRandom(plan);
        if (r.nextDouble() < 0.25) {
            SupervisorStrategy local = switch (r.nextInt(4)) {
                case 0 -> SupervisorStrategy.restart().withLimit(3, Duration.ofMinutes(1));
                case 1 -> SupervisorStrategy.restartWithBackoff(Duration.ofMillis(1), Duration.ofMillis(3), 0.2);
                case 2 -> SupervisorStrategy.resume();
                default -> SupervisorStrategy.stop();
            };
            return Behaviors.supervise(inner).onFailure(Fault.class, local);
        }
        return inner;
    }

    // =========================================================================================
    // One run
    // =========================================================================================

    private static void runOnce(Run run) throws Exception {
        SplittableRandom rnd = new SplittableRandom(run.seed);
        var kit = ActorTestKit.create("stress-" + run.seed);
        try {
            ActorSystem system = kit.system();
            // outside the tree under test: the dead-letter counter and the supervisors' monitor
            ActorRef<DeadLetter> deadLetters = system.spawn(Behaviors.receiveMessage(d -> {
                run.deadLettersSeen.incrementAndGet();
                if (d.message() instanceof Msg) {
                    run.deadMsgs.incrementAndGet();
                } else if (d.message() instanceof Terminated t) {
                    run.deadNotifications.computeIfAbsent(key(d.recipient(), t.ref()), k -> new AtomicInteger())
                            .incrementAndGet();
                }
                return Behaviors.same();
            }), "dead-letter-counter");
            system.deadLetters().subscribe(deadLetters);
            ActorRef<Object> monitor = system.spawn(Behaviors.receive((ctx, m) -> {
                if (m instanceof ActorRef<?> sup) {
                    ctx.watch(sup);
                }
                return Behaviors.same();
            }).onSignal((ctx, s) -> {
                if (s instanceof Terminated t) {
                    run.log("SUP_END", t.ref(), 0, t.reason());
                }
                return Behaviors.same();
            }), "monitor");
            ActorRef<Supervisor.Command> root = system.spawn(supervisor(run, rnd.split(), "s", 1, monitor), "root");
            CountDownLatch rootGone = new CountDownLatch(1);
            system.spawn(Behaviors.setup(ctx -> {
                ctx.watch(root);
                return Behaviors.receiveSignal((c, s) -> {
                    rootGone.countDown();
                    return Behaviors.same();
                });
            }), "root-watcher");

            // the driver: messages, crashes, normal exits, stops and kills, at random
            int ops = 200 + rnd.nextInt(300);
            long id = 0;
            for (int i = 0; i < ops; i++) {
                List<ActorRef<?>> targets = snapshot(run.workerList);
                if (targets.isEmpty()) {
                    Thread.onSpinWait();
                    continue;
                }
                @SuppressWarnings("unchecked")
                ActorRef<Msg> t = (ActorRef<Msg>) targets.get(rnd.nextInt(targets.size()));
                int op = rnd.nextInt(100);
                if (op < 70) {
                    send(run, t, new Msg.Work(id++));
                } else if (op < 85) {
                    send(run, t, new Msg.Crash(id++, Hint.values()[rnd.nextInt(Hint.values().length)]));
                } else if (op < 91) {
                    send(run, t, new Msg.Quit(id++));
                } else if (op < 97) {
                    system.stop(t);
                } else {
                    run.mayBeKilled.add(t.path());
                    system.kill(t);
                }
                if (rnd.nextInt(8) == 0) {
                    Thread.yield();
                }
            }
            // shutdown while messages still arrive
            Thread late = Thread.ofPlatform().start(() -> {
                SplittableRandom r = new SplittableRandom(run.seed ^ 0x5DEECE66DL);
                List<ActorRef<?>> targets = snapshot(run.workerList);
                for (int i = 0; i < 100 && !targets.isEmpty(); i++) {
                    @SuppressWarnings("unchecked")
                    ActorRef<Msg> t = (ActorRef<Msg>) targets.get(r.nextInt(targets.size()));
                    send(run, t, new Msg.Work(-i - 1));
                }
            });
            system.stop(root);
            late.join();
            assertThat(rootGone.await(60, TimeUnit.SECONDS)).as("the tree under test stopped").isTrue();
            // a brutal-kill spec kills (on stop and on restart) the child and its subtree
            markBrutalKills(run);
            // everything undelivered has reached the dead-letter counter
            ActorTestKit.awaitAssert(Duration.ofSeconds(30), () -> assertThat(run.deadLettersSeen.get())
                    .isEqualTo(system.deadLetters().count()));
            for (ActorRef<?> w : snapshot(run.workerList)) {
                assertThat(system.metrics(w).terminated()).as("%s outlived the tree", w.path()).isTrue();
            }
        } finally {
            assertThat(kit.system().close(Duration.ofSeconds(60))).as("the system closed cleanly").isTrue();
        }
    }

    private static List<ActorRef<?>> snapshot(List<ActorRef<?>> list) {
        synchronized (list) {
            return new ArrayList<>(list);
        }
    }

    private static void send(Run run, ActorRef<Msg> target, Msg m) {
        run.sent.incrementAndGet();
        target.tell(m);
    }

    private static String key(ActorRef<?> watcher, ActorRef<?> target) {
        return watcher.path() + "|" + System.identityHashCode(watcher) + "->" + target.path() + "|"
                + System.identityHashCode(target);
    }

    /**
     * Children whose spec is a brutal kill, and actors whose log shows a "killed" reason, may
     * have been killed: an actor killed gets no cleanup signal, nor do the actors below it.
     */
    private static void markBrutalKills(Run run) {
        for (Ev e : run.snapshot()) {
            if (e.detail() instanceof Terminated t && t.reason() instanceof ExitReason.Killed) {
                run.mayBeKilled.add(t.ref().path());
            }
            if (e.detail() instanceof ExitReason.Killed) {
                run.mayBeKilled.add(e.path());
            }
        }
    }

    private static boolean mayBeKilled(Run run, String path) {
        for (String p : run.mayBeKilled) {
            if (path.equals(p) || path.startsWith(p + "/")) {
                return true;
            }
        }
        for (String segment : path.split("/")) {
            if (run.brutal.contains(segment)) {
                return true;
            }
        }
        return false;
    }

    // =========================================================================================
    // The invariants
    // =========================================================================================

    private static void check(Run run) {
        List<Ev> events = run.snapshot();
        assertThat(run.violations).as("PostStop with living children").isEmpty();

        // 1. every started incarnation: exactly one cleanup signal (unless it may have been killed)
        Map<ActorRef<?>, Map<Integer, List<String>>> byActor = new HashMap<>();
        for (Ev e : events) {
            if (e.kind().equals("START") || e.kind().equals("PRERESTART") || e.kind().equals("POSTSTOP")) {
                byActor.computeIfAbsent(e.actor(), k -> new HashMap<>())
                        .computeIfAbsent(e.incarnation(), k -> new ArrayList<>()).add(e.kind());
            }
        }
        for (var a : byActor.entrySet()) {
            String path = a.getKey().path();
            for (var inc : a.getValue().entrySet()) {
                List<String> kinds = inc.getValue();
                long starts = kinds.stream().filter("START"::equals).count();
                long ends = kinds.size() - starts;
                assertThat(starts).as("%s incarnation %d: %s", path, inc.getKey(), kinds).isLessThanOrEqualTo(1);
                if (starts == 0) {
                    assertThat(ends).as("%s incarnation %d: a cleanup without a start: %s", path, inc.getKey(), kinds)
                            .isZero();
                } else if (mayBeKilled(run, path)) {
                    assertThat(ends).as("%s incarnation %d (maybe killed): %s", path, inc.getKey(), kinds)
                            .isLessThanOrEqualTo(1);
                } else {
                    assertThat(ends).as("%s incarnation %d: exactly one cleanup: %s", path, inc.getKey(), kinds)
                            .isEqualTo(1);
                }
            }
        }

        // 2. no actor outlives its parent: every worker's last end precedes its supervisor's end
        Map<ActorRef<?>, Long> lastEnd = new HashMap<>();
        Map<ActorRef<?>, Long> firstStart = new HashMap<>();
        for (Ev e : events) {
            switch (e.kind()) {
                case "START" -> firstStart.putIfAbsent(e.actor(), e.seq());
                case "PRERESTART", "POSTSTOP" -> lastEnd.put(e.actor(), e.seq());
                case "SUP_END" -> {
                    if (!(e.detail() instanceof ExitReason.NoSuchActor)) {
                        lastEnd.put(e.actor(), e.seq());
                    }
                }
                default -> { }
            }
        }
        for (Ev supEnd : events) {
            if (!supEnd.kind().equals("SUP_END") || supEnd.detail() instanceof ExitReason.NoSuchActor
                    || mayBeKilled(run, supEnd.path())) {
                continue;
            }
            String prefix = supEnd.path() + "/";
            for (var w : firstStart.entrySet()) {
                String wp = w.getKey().path();
                if (wp.startsWith(prefix) && w.getValue() < supEnd.seq() && !mayBeKilled(run, wp)) {
                    Long end = lastEnd.get(w.getKey());
                    if (end != null && end > supEnd.seq() && belongsTo(events, w.getKey(), supEnd)) {
                        throw new AssertionError(wp + " ended after its ancestor " + supEnd.path() + " was reported gone");
                    }
                }
            }
        }

        // 3. watchers: at most one notification per watch; exactly one when the target ended first
        Map<String, Integer> notified = new HashMap<>();
        for (Ev e : events) {
            if (e.kind().equals("NOTIFIED")) {
                Terminated t = (Terminated) e.detail();
                notified.merge(key(e.actor(), t.ref()), 1, Integer::sum);
                checkReason(run, events, t);
            }
        }
        for (Ev w : events) {
            if (!w.kind().equals("WATCH")) {
                continue;
            }
            ActorRef<?> target = (ActorRef<?>) w.detail();
            String k = key(w.actor(), target);
            int n = notified.getOrDefault(k, 0) + run.deadNotifications.getOrDefault(k, new AtomicInteger()).get();
            assertThat(n).as("notifications for the watch %s", k).isLessThanOrEqualTo(1);
            Long targetEnd = lastEnd.get(target);
            Long watcherEnd = lastEnd.get(w.actor());
            boolean targetGone = targetEnd != null && lastKindIs(events, target, "POSTSTOP");
            if (!mayBeKilled(run, target.path()) && !mayBeKilled(run, w.path()) && targetGone && watcherEnd != null
                    && targetEnd < watcherEnd && lastKindIs(events, w.actor(), "POSTSTOP")) {
                assertThat(n).as("the watch %s: its target ended first", k).isEqualTo(1);
            }
        }

        // 4. nothing lost silently
        assertThat(run.sent.get()).as("sent = processed + dead letters (processed %d, dead letters %d)",
                run.processed.get(), run.deadMsgs.get()).isEqualTo(run.processed.get() + run.deadMsgs.get());
    }

    /** Whether {@code worker} started under the supervisor cell whose end is {@code supEnd} (paths are reused). */
    private static boolean belongsTo(List<Ev> events, ActorRef<?> worker, Ev supEnd) {
        // a later cell at the same supervisor path would have its own SUP_END after this one
        for (Ev e : events) {
            if (e.kind().equals("SUP_END") && e.path().equals(supEnd.path()) && e.seq() < supEnd.seq()) {
                Long start = null;
                for (Ev s : events) {
                    if (s.actor().equals(worker) && s.kind().equals("START")) {
                        start = s.seq();
                        break;
                    }
                }
                if (start != null && start < e.seq()) {
                    return false; // it belonged to an earlier cell at that path
                }
            }
        }
        return true;
    }

    private static boolean lastKindIs(List<Ev> events, ActorRef<?> actor, String kind) {
        String last = null;
        for (Ev e : events) {
            if (e.actor().equals(actor) && (e.kind().equals("START") || e.kind().equals("PRERESTART")
                    || e.kind().equals("POSTSTOP"))) {
                last = e.kind();
            }
        }
        return kind.equals(last);
    }

    /** The reason in a Terminated agrees with what the watched actor did. */
    private static void checkReason(Run run, List<Ev> events, Terminated t) {
        String path = t.ref().path();
        switch (t.reason()) {
            case ExitReason.Killed k -> { } // recorded in mayBeKilled by markBrutalKills
            case ExitReason.Normal n -> assertThat(events.stream().anyMatch(e -> e.actor().equals(t.ref())
                    && e.kind().equals("QUIT"))).as("%s reported normal without returning stopped", path).isTrue();
            case ExitReason.Failure f -> assertThat(f.cause()).as("%s's failure", path).isInstanceOfAny(Fault.class,
                    LinkedActorFailedException.class, RestartIntensityExceededException.class,
                    FailedToStartChildException.class, AssertionError.class);
            default -> { }
        }
    }
}
