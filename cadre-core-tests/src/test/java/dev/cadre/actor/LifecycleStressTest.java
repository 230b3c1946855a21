package dev.cadre.actor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.actor.Supervisor.ChildSpec;
import dev.cadre.actor.Supervisor.RestartType;
import dev.cadre.actor.Supervisor.Strategy;
import dev.cadre.testkit.ActorTestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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

    private static final int SEEDS = Integer.getInteger("cadre.stress.seeds", 300);
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
        final Map<Msg, String> sentTo = new ConcurrentHashMap<>();
        final Map<String, ActorMetrics> finalMetrics = new ConcurrentHashMap<>();
        final Set<Msg> processedMsgs = ConcurrentHashMap.newKeySet();
        final Map<Msg, DeadLetter.Reason> deadMsgSet = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> deadNotifications = new ConcurrentHashMap<>();
        final List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
        long seq;
        int exactWatchChecks;

        Run(long seed) {
            this.seed = seed;
        }

        synchronized void log(String kind, ActorRef<?> actor, int incarnation, Object detail) {
            events.add(new Ev(seq++, kind, actor, actor.path(), incarnation, detail));
        }

        /** A supervisor's decider is about to decide on {@code failure} (on the supervisor's thread). */
        synchronized void logDecision(Throwable failure) {
            String path = failure instanceof RestartIntensityExceededException || failure instanceof
                    FailedToStartChildException ? failure.getMessage().replaceFirst("^supervisor (\\S+) .*$", "$1") : "";
            events.add(new Ev(seq++, "DECIDE", null, path, 0, failure));
        }

        synchronized List<Ev> snapshot() {
            return new ArrayList<>(events);
        }
    }

    @Test
    void randomFailuresAtEveryLifecyclePointNeverBreakTheLifecycleInvariants() throws Exception {
        Map<String, Long> seen = new java.util.TreeMap<>();
        for (long seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
            Run run = new Run(seed);
            try {
                runOnce(run);
                check(run);
            } catch (Throwable e) {
                throw new AssertionError("seed " + seed + " failed (rerun with -Dcadre.stress.firstSeed=" + seed
                        + " -Dcadre.stress.seeds=1): " + e.getMessage(), e);
            }
            for (Ev e : run.snapshot()) {
                String kind = e.kind().equals("SUP_END") || e.kind().equals("NOTIFIED")
                        ? e.kind() + ":" + ((e.detail() instanceof Terminated t ? t.reason() : e.detail())
                                .getClass().getSimpleName())
                        : e.kind();
                seen.merge(kind, 1L, Long::sum);
            }
            seen.merge("messages sent", run.sent.get(), Long::sum);
            seen.merge("watches checked exactly-once", (long) run.exactWatchChecks, Long::sum);
            seen.merge("messages dead", run.deadMsgs.get(), Long::sum);
        }
        System.out.println("LifecycleStressTest: " + SEEDS + " seeds; events seen: " + seen);
        if (SEEDS >= 50) {
            // the runs covered what they claim to: restarts, normal exits, give-ups, notifications
            assertThat(seen.getOrDefault("PRERESTART", 0L)).isGreaterThan(100);
            assertThat(seen.getOrDefault("QUIT", 0L)).isGreaterThan(50);
            assertThat(seen.getOrDefault("SUP_END:Failure", 0L)).isGreaterThan(5);
            assertThat(seen.getOrDefault("NOTIFIED:Failure", 0L) + seen.getOrDefault("NOTIFIED:Shutdown", 0L))
                    .isGreaterThan(5);
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
                .decider(t -> {
                    run.logDecision(t);
                    return decide(t);
                });        int n = 1 + rnd.nextInt(4);
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
                spec = spec.withBackoff(Backoff.of(Duration.ofMillis(1),
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

    private static Directive decide(Throwable t) {
        return t instanceof Fault f ? switch (f.hint) {
                    case RESTART -> Directive.restart();
                    case RESUME -> Directive.resume();
                    case STOP -> Directive.stop();
                    case ESCALATE -> Directive.escalate();
                    case DECIDER_BUG -> throw new AssertionError("a bug in the decider");
        } : Directive.restart();
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
            // the parent is alive (it is spawning or restarting this actor): which cell it is
            String selfPath = ctx.self().path();
            Object parent = ctx.system().lookup(selfPath.substring(0, selfPath.lastIndexOf('/'))).orElse(null);
            run.log("START", ctx.self(), inc, parent);
            return Behaviors.<Msg>receive((c, m) -> {
                run.processed.incrementAndGet();
                run.processedMsgs.add(m);
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
            Directive local = switch (r.nextInt(4)) {
                case 0 -> Directive.restart().withLimit(3, Duration.ofMinutes(1));
                case 1 -> Directive.restartWithBackoff(Duration.ofMillis(1), Duration.ofMillis(3), 0.2);
                case 2 -> Directive.resume();
                default -> Directive.stop();
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
                if (d.message() instanceof Msg dm) {
                    run.deadMsgs.incrementAndGet();
                    run.deadMsgSet.put(dm, d.reason());
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
            // the random tree, under a patient top supervisor: a give-up that escalates to the top
            // restarts the whole random tree instead of ending the run
            ActorRef<Supervisor.Command> root = system.spawn(Supervisor.builder()
                    .intensity(1_000, Duration.ofMinutes(1))
                    .child(ChildSpec.of("s", supervisor(run, rnd.split(), "s", 1, monitor))
                            .withShutdown(Supervisor.Shutdown.infinity()))
                    .build(), "root");
            CountDownLatch rootGone = new CountDownLatch(1);
            system.spawn(Behaviors.setup(ctx -> {
                ctx.watch(root);
                return Behaviors.receiveSignal((c, s) -> {
                    rootGone.countDown();
                    return Behaviors.same();
                });
            }), "root-watcher");
            // WhichChildren answers only once the static tree has started; if a child failed to
            // start, the whole tree fails (no retry of a start, as OTP) and the root is gone instead
            var started = root.<List<Supervisor.ChildInfo>>ask(Supervisor.Command.WhichChildren::new,
                    Duration.ofSeconds(60));
            while (!started.isDone() && rootGone.getCount() > 0) {
                rootGone.await(10, TimeUnit.MILLISECONDS);
            }
            if (started.isCompletedExceptionally()) {
                throw new AssertionError("the tree did not finish starting; it looks like this:\n"
                        + ((dev.cadre.internal.runtime.ActorSystemImpl) system).describeTree());
            }

            // the driver: messages, crashes, normal exits, stops and kills, at random
            int ops = 400 + rnd.nextInt(400);
            long id = 0;
            for (int i = 0; i < ops; i++) {
                List<ActorRef<?>> targets = snapshot(run.workerList);
                if (targets.isEmpty()) {
                    break; // every static child failed to start
                }
                if (i % 25 == 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(300_000); // pacing, so restarts interleave
                }
                @SuppressWarnings("unchecked")
                ActorRef<Msg> t = (ActorRef<Msg>) targets.get(rnd.nextInt(targets.size()));
                for (int tries = 0; tries < 8 && system.metrics(t).terminated() && rnd.nextInt(10) != 0; tries++) {
                    // mostly living targets (fresh actors replace stopped ones under new refs)
                    @SuppressWarnings("unchecked")
                    ActorRef<Msg> again = (ActorRef<Msg>) targets.get(rnd.nextInt(targets.size()));
                    t = again;
                }
                int op = rnd.nextInt(100);
                if (op < 70) {
                    send(run, t, new Msg.Work(id++));
                } else if (op < 85) {
                    int h = rnd.nextInt(100);
                    Hint hint = h < 50 ? Hint.RESTART : h < 65 ? Hint.RESUME : h < 80 ? Hint.STOP
                            : h < 93 ? Hint.ESCALATE : Hint.DECIDER_BUG;
                    send(run, t, new Msg.Crash(id++, hint));
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
            // a killed actor that was busy cleans up (mailbox to dead letters) when its handler
            // returns, which may be after its parent is gone: wait for that before counting
            ActorTestKit.awaitAssert(Duration.ofSeconds(30), () -> {
                for (ActorRef<?> w : snapshot(run.workerList)) {
                    ActorMetrics m = system.metrics(w);
                    assertThat(m.terminated() && m.depth() == 0).as("%s drained", w.path()).isTrue();
                }
            });
            // everything undelivered has reached the dead-letter counter
            ActorTestKit.awaitAssert(Duration.ofSeconds(30), () -> assertThat(run.deadLettersSeen.get())
                    .isEqualTo(system.deadLetters().count()));
            for (ActorRef<?> w : snapshot(run.workerList)) {
                run.finalMetrics.put(w.path() + "#" + System.identityHashCode(w), system.metrics(w));
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
        run.sentTo.put(m, target.path() + "#" + System.identityHashCode(target));
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
        Map<ActorRef<?>, ActorRef<?>> parentOf = new HashMap<>();
        for (Ev e : events) {
            if (e.kind().equals("START") && e.detail() instanceof ActorRef<?> p) {
                parentOf.putIfAbsent(e.actor(), p);
            }
        }
        for (Ev supEnd : events) {
            if (!supEnd.kind().equals("SUP_END") || supEnd.detail() instanceof ExitReason.NoSuchActor
                    || mayBeKilled(run, supEnd.path())) {
                continue;
            }
            for (var w : parentOf.entrySet()) {
                if (!w.getValue().equals(supEnd.actor()) || mayBeKilled(run, w.getKey().path())) {
                    continue;
                }
                Long end = lastEnd.get(w.getKey());
                if (end != null && end > supEnd.seq()) {
                    throw new AssertionError(w.getKey().path() + " ended after its supervisor " + supEnd.path()
                            + " was reported gone; events: " + events.stream().filter(e -> e.path()
                            .startsWith(supEnd.path())).map(e -> e.seq() + " " + e.kind() + " " + e.path() + "#"
                            + System.identityHashCode(e.actor()) + " " + e.incarnation() + " " + e.detail()).toList());
                }
            }
        }

        // ... and a supervisor that gave up had no living descendant when its parent decided
        for (Ev d : events) {
            if (!d.kind().equals("DECIDE") || d.path().isEmpty() || mayBeKilled(run, d.path())) {
                continue;
            }
            String prefix = d.path() + "/";
            for (var w : firstStart.entrySet()) {
                String wp = w.getKey().path();
                if (wp.startsWith(prefix) && w.getValue() < d.seq() && !mayBeKilled(run, wp)) {
                    boolean runningAtDecision = false; // inside a started incarnation when the parent decided
                    for (Ev e : events) {
                        if (e.seq() > d.seq()) {
                            break;
                        }
                        if (w.getKey().equals(e.actor())) {
                            switch (e.kind()) {
                                case "START" -> runningAtDecision = true;
                                case "PRERESTART", "POSTSTOP" -> runningAtDecision = false;
                                default -> { }
                            }
                        }
                    }
                    if (runningAtDecision) {
                        throw new AssertionError(wp + " still ran when its ancestor " + d.path()
                                + " had given up and its parent decided (event " + d.seq() + "): " + d.detail()
                                + "; events: " + events.stream().filter(e -> e.path().startsWith(d.path())).map(e ->
                                e.seq() + " " + e.kind() + " " + e.path() + "#" + System.identityHashCode(e.actor())
                                + " " + e.incarnation() + " " + e.detail()).toList());
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
                run.exactWatchChecks++;
            }
        }

        // 4. nothing lost silently
        List<String> lost = new ArrayList<>();
        for (var e : run.sentTo.entrySet()) {
            if (!run.processedMsgs.contains(e.getKey()) && !run.deadMsgSet.containsKey(e.getKey())) {
                lost.add(e.getKey() + " to " + e.getValue());
            }
        }
        assertThat(lost).as("messages neither processed nor dead letters; metrics %s; events of their targets: %s",
                lost.stream().map(l -> run.finalMetrics.get(l.substring(l.indexOf(" to ") + 4))).distinct().toList(),
                events.stream().filter(e -> lost.stream().anyMatch(l -> l.contains(e.path() + "#"
                        + System.identityHashCode(e.actor())))).map(e -> e.seq() + " " + e.kind() + " " + e.incarnation()
                        + " " + e.detail()).toList()).isEmpty();
        assertThat(run.sent.get()).as("sent = processed + dead letters (processed %d, dead letters %d)",
                run.processed.get(), run.deadMsgs.get()).isEqualTo(run.processed.get() + run.deadMsgs.get());
    }

    private static boolean lastKindIs(List<Ev> events, ActorRef<?> actor, String kind) {
        String last = null;
        for (Ev e : events) {
            if (actor.equals(e.actor()) && (e.kind().equals("START") || e.kind().equals("PRERESTART")
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
            case ExitReason.Normal n -> assertThat(events.stream().anyMatch(e -> t.ref().equals(e.actor())
                    && e.kind().equals("QUIT"))).as("%s reported normal without returning stopped", path).isTrue();
            case ExitReason.Failure f -> assertThat(f.cause()).as("%s's failure", path).isInstanceOfAny(Fault.class,
                    LinkedActorFailedException.class, RestartIntensityExceededException.class,
                    FailedToStartChildException.class, AssertionError.class);
            default -> { }
        }
    }
}
