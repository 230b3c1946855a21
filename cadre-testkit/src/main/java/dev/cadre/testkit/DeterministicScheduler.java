package dev.cadre.testkit;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystemConfig;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Props;
import dev.cadre.actor.Signal;
import dev.cadre.internal.runtime.ActorCell;
import dev.cadre.internal.runtime.RuntimeEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs every actor of one system on the test's thread, one activation at a time, in an order
 * chosen by a seeded {@link SchedulingStrategy}, on {@link ManualTime virtual time}. The same seed
 * and the same code give the same execution, event for event: {@link #traceHash()} is a hash of
 * every activation, message delivery, signal, spawn and timer firing, in order, and two runs with
 * one seed have the same hash.
 *
 * <p>Get one from {@link ActorTestKit#deterministic(long)} ({@code kit.scheduler()}); probes,
 * {@link ActorTestKit#await} and {@link ManualTime#advance} drive it for you.
 *
 * <h2>What is deterministic, and what is not</h2>
 * Deterministic: everything the actors of the system do, timers, ask timeouts, backoffs, restarts,
 * bounded mailboxes (a sender blocked on a full {@code Overflow.block} mailbox waits while the
 * scheduler runs the other actors, and times out on the virtual clock), virtual-thread actors
 * (they run on the test's thread like any other), and external events the test schedules on
 * {@link ManualTime#schedule}. Not deterministic: anything that reaches the system from another
 * thread (a plain thread that tells an actor, a future completed by an outside executor, an actor
 * that blocks on the outside world, {@code System.nanoTime()} or {@code ThreadLocalRandom} in
 * user code). Wake-ups from other threads still work (they are queued safely) but are counted in
 * {@link #foreignWakeups()}, so a test can assert it stayed inside the deterministic part. Never
 * block the test's thread on something an actor must do ({@code ask(..).join()}): nothing would
 * run; use {@link ActorTestKit#await} instead.
 */
public final class DeterministicScheduler {

    /*
     * Design overview
     * ===============
     * One driver thread (the one that created the scheduler) runs every activation and every
     * timer. Other threads may only wake actors (execute): the ready list, the handles and the
     * counters are guarded by `this`; an activation itself runs outside the lock. Nested runs: a
     * sender blocked on a full mailbox (awaitRoom) steps the scheduler from inside its own
     * activation; its cell holds SCHEDULED, so it is never in the ready list meanwhile.
     * Ordering: the ready list changes only by append and swap-remove, driven by the run so far,
     * and actor ids are given in order of first sight, so a strategy sees the same list for the
     * same history. Identity hash codes never decide anything.
     */

    /** Steps a single runUntilIdle may take before it reports a livelock. */
    static final long DEFAULT_STEP_LIMIT = 50_000_000L;
    private static final int RING = 256;

    private final long seed;
    private final SchedulingStrategy strategy;
    private final SchedulingStrategy.Picker picker;
    private final ManualTime time;
    private final Thread driver;
    private final SplittableRandom runtimeRandom;
    private final ArrayList<ActorHandle> ready = new ArrayList<>();
    private final IdentityHashMap<ActorCell<?>, ActorHandle> handles = new IdentityHashMap<>();
    /** Copy-on-write: read on every hook call, replaced when a plugin is added. */
    private volatile List<RuntimeEnvironment.Hooks> plugins = List.of();
    private long steps;
    private long hash;
    private int depth;
    /** The actor whose activation runs now (driver thread only), or null. */
    private @Nullable ActorHandle running;
    private long readyStamp;
    private long foreignWakeups;
    private final List<String> foreignThreads = new ArrayList<>();
    private long stepLimit = DEFAULT_STEP_LIMIT;
    private final Ev[] ring = new Ev[RING];
    private long events;
    private boolean recordTrace = true;

    DeterministicScheduler(long seed, SchedulingStrategy strategy) {
        this.seed = seed;
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.picker = strategy.start(seed);
        this.time = new ManualTime();
        this.driver = Thread.currentThread();
        this.runtimeRandom = new SplittableRandom(seed ^ 0x5DEECE66DL);
        this.hash = mix(seed + 0x9E3779B97F4A7C15L);
        time.settler(this::runUntilIdle);
    }

    /** {@return the seed} */
    public long seed() {
        return seed;
    }

    /** {@return the strategy} */
    public SchedulingStrategy strategy() {
        return strategy;
    }

    /** {@return the virtual clock} */
    public ManualTime time() {
        return time;
    }

    /**
     * A hash of the execution so far: every step's choice (which actor, or which timer, at what
     * virtual time), every message delivered (to whom, of which class), every signal and spawn.
     * Same seed and same code: same hash.
     *
     * @return the hash
     */
    public synchronized long traceHash() {
        return hash;
    }

    /** {@return activations and timer firings so far} */
    public synchronized long steps() {
        return steps;
    }

    /**
     * {@return wake-ups that came from a thread other than the test's (each one a source of
     * non-determinism); 0 in a test that stays inside the deterministic part}
     */
    public synchronized long foreignWakeups() {
        return foreignWakeups;
    }

    /** {@return a description of the threads behind {@link #foreignWakeups()} (the first few)} */
    public synchronized List<String> foreignThreads() {
        return List.copyOf(foreignThreads);
    }

    /**
     * {@return the last {@code n} events (at most 256), oldest first, one per line: for a failure
     * report}
     *
     * @param n how many
     */
    public synchronized String traceTail(int n) {
        StringBuilder sb = new StringBuilder();
        long from = Math.max(0, events - Math.min(n, RING));
        for (long i = from; i < events; i++) {
            sb.append(ring[(int) (i % RING)]).append('\n');
        }
        return sb.toString();
    }

    /**
     * Sets the livelock guard.
     *
     * @param limit steps one {@link #runUntilIdle()} may take before it gives up (a livelock guard)
     */
    public synchronized void stepLimit(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
        this.stepLimit = limit;
    }

    /**
     * Turns the text trace on or off.
     *
     * @param record whether to keep the last events as text for {@link #traceTail} (on by default;
     *     the hash is kept either way)
     */
    public synchronized void recordTrace(boolean record) {
        this.recordTrace = record;
    }

    /**
     * Runs one step: an activation of one ready actor, or one due timer, as the strategy chooses.
     *
     * @return false if nothing was ready (the clock would have to move)
     */
    public boolean step() {
        checkDriver("step");
        ActorHandle chosen = null;
        ManualTime.Task timer = null;
        synchronized (this) {
            boolean timerDue = time.hasDue();
            int n = ready.size();
            if (n == 0 && !timerDue) {
                return false;
            }
            int i = picker.pick(ready, timerDue);
            if (i < 0 || i > n || (i == n && !timerDue)) {
                throw new IllegalStateException("strategy " + strategy + " picked " + i + " of " + n
                        + (timerDue ? " actors and a due timer" : " actors"));
            }
            steps++;
            if (i == n) {
                timer = time.pollDue();
                if (timer == null) {
                    return true; // the system's timers were shut down meanwhile (by its release thread)
                }
                record(1, timer.sequence(), time.nanoTime(), null);
            } else {
                chosen = ready.get(i);
                removeReady(chosen);
                record(2, chosen.id, time.nanoTime(), chosen);
            }
        }
        if (timer != null) {
            time.run(timer);
        } else {
            depth++;
            ActorHandle outer = running;
            ActorHandle actor = Objects.requireNonNull(chosen, "no timer was picked, so an actor was");
            running = actor;
            try {
                actor.cell.run();
            } finally {
                running = outer;
                depth--;
            }
        }
        return true;
    }

    /**
     * Runs steps until no actor is ready and no timer is due. The clock does not move.
     *
     * @return the steps run
     * @throws IllegalStateException after the step limit (a livelock), naming the busiest actors
     */
    public long runUntilIdle() {
        long n = 0;
        long limit;
        synchronized (this) {
            limit = stepLimit;
        }
        while (step()) {
            if (++n >= limit) {
                throw new IllegalStateException("the system did not become idle after " + n + " steps (a livelock?); "
                        + "ready: " + readyPaths() + "; last events:\n" + traceTail(20));
            }
        }
        return n;
    }

    /**
     * Runs (moving the clock from timer to timer) until {@code done} holds or the clock has moved
     * by {@code maxVirtual}.
     *
     * @param done the condition, checked after every step
     * @param maxVirtual how much virtual time may pass
     * @return whether {@code done} holds
     * @throws IllegalStateException after the step limit (a livelock)
     */
    public boolean runUntil(BooleanSupplier done, Duration maxVirtual) {
        checkDriver("runUntil");
        long deadline = saturatedAdd(time.nanoTime(), saturatedNanos(maxVirtual));
        long limit;
        synchronized (this) {
            limit = stepLimit;
        }
        long n = 0;
        while (!done.getAsBoolean()) {
            if (step()) {
                if (++n >= limit) {
                    throw new IllegalStateException("the condition did not hold after " + n + " steps (a livelock?); "
                            + "ready: " + readyPaths() + "; last events:\n" + traceTail(20));
                }
                continue;
            }
            long next = time.nextDue();
            if (next > deadline) {
                time.moveTo(deadline);
                runUntilIdle();
                return done.getAsBoolean();
            }
            time.moveTo(next);
        }
        return true;
    }

    /** {@return whether nothing is ready and no timer is due} */
    public synchronized boolean isIdle() {
        return ready.isEmpty() && !time.hasDue();
    }

    /** {@return the paths of the actors ready to run} */
    public synchronized List<String> readyPaths() {
        List<String> out = new ArrayList<>();
        for (ActorHandle h : ready) {
            out.add(h.path());
        }
        return out;
    }

    // --- internals ---

    synchronized void addPlugin(RuntimeEnvironment.Hooks hooks) {
        List<RuntimeEnvironment.Hooks> more = new ArrayList<>(plugins);
        more.add(Objects.requireNonNull(hooks, "hooks"));
        plugins = List.copyOf(more);
    }

    synchronized ActorHandle handle(ActorCell<?> cell) {
        ActorHandle h = handles.get(cell);
        if (h == null) {
            h = new ActorHandle(cell, handles.size());
            handles.put(cell, h);
        }
        return h;
    }

    /** Marks a slow consumer busy: it does not run again before now + {@code nanos}. */
    synchronized void busy(ActorCell<?> cell, long nanos) {
        ActorHandle h = handle(cell);
        h.busyUntil = saturatedAdd(time.nanoTime(), nanos);
    }

    private void enqueue(ActorCell<?> cell) {
        ActorHandle wake = null;
        synchronized (this) {
            if (Thread.currentThread() != driver) {
                foreignWakeups++;
                if (foreignThreads.size() < 5) {
                    foreignThreads.add(Thread.currentThread().getName() + " woke " + cell.self().path());
                }
            }
            ActorHandle h = handle(cell);
            if (h.busyUntil > time.nanoTime()) {
                wake = h; // a slow consumer: ready again when its stall is over
            } else {
                addReady(h);
            }
        }
        if (wake != null) {
            ActorHandle h = wake;
            var unused = time.schedule(() -> {
                synchronized (this) {
                    addReady(h);
                }
            }, wake.busyUntil - time.nanoTime(), 0);
        }
    }

    private void addReady(ActorHandle h) {
        h.readySince = readyStamp++;
        h.readyIndex = ready.size();
        ready.add(h);
    }

    private void removeReady(ActorHandle h) {
        int i = h.readyIndex;
        ActorHandle last = ready.remove(ready.size() - 1);
        if (last != h) {
            ready.set(i, last);
            last.readyIndex = i;
        }
        h.readyIndex = -1;
    }

    /** One traced event, formatted only when a report asks for it. */
    private record Ev(int kind, long step, long time, long a, @Nullable ActorHandle actor, @Nullable Object detail) {
        @Override
        public String toString() {
            String at = "t=" + Duration.ofNanos(time) + " #" + step + " ";
            String d = detail instanceof Class<?> c ? c.getSimpleName() : String.valueOf(detail);
            return switch (kind) {
                case 1 -> at + "timer " + a + " fires";
                case 2 -> at + "run " + actor;
                case 3 -> at + "  " + actor + " <- " + d;
                case 4 -> at + "  " + actor + " <- signal " + d;
                case 5 -> at + "  " + actor + " spawns " + d;
                case 6 -> at + "  a sender waits for room in a full mailbox";
                default -> at + kind;
            };
        }
    }

    /** Mixes one event into the hash (and the ring). Caller holds the lock. */
    private void record(int kind, long a, long b, @Nullable ActorHandle actor) {
        hash = mix(hash ^ mix(kind * 0x9E3779B97F4A7C15L + a) ^ (b * 0xC2B2AE3D27D4EB4FL));
        if (recordTrace) {
            ring[(int) (events % RING)] = new Ev(kind, steps, time.nanoTime(), a, actor, null);
        }
        events++;
    }

    synchronized void traceEvent(int kind, ActorCell<?> cell, @Nullable Object detail) {
        ActorHandle h = handle(cell);
        long d = detail == null ? 0 : detail instanceof Class<?> c ? c.getName().hashCode() : detail.hashCode();
        hash = mix(hash ^ mix(kind * 0x9E3779B97F4A7C15L + h.id) ^ (d * 0xC2B2AE3D27D4EB4FL));
        if (recordTrace) {
            ring[(int) (events % RING)] = new Ev(kind, steps, time.nanoTime(), h.id, h, detail);
        }
        events++;
    }

    private void checkDriver(String what) {
        if (Thread.currentThread() != driver) {
            throw new IllegalStateException(what + "() must be called on the thread that created the deterministic "
                    + "system (" + driver.getName() + "), not on " + Thread.currentThread().getName());
        }
    }

    /** {@return the actor running now on the driver thread, or null (driver thread only)} */
    @Nullable ActorHandle running() {
        return onDriver() ? running : null;
    }

    boolean onDriver() {
        return Thread.currentThread() == driver;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    /** The environment of one system on this scheduler. */
    Env environment() {
        return new Env();
    }

    /** What the runtime sees: the virtual clock, this scheduler as its dispatcher, the hooks. */
    final class Env implements RuntimeEnvironment, RuntimeEnvironment.Timing, RuntimeEnvironment.Dispatching,
            RuntimeEnvironment.Hooks {

        @Override
        public Timing timing(String systemName) {
            return this;
        }

        @Override
        public Dispatching dispatching(String systemName, ActorSystemConfig config) {
            return this;
        }

        @Override
        public Hooks hooks(String systemName) {
            return this;
        }

        // --- Timing ---

        @Override
        public long nanoTime() {
            return time.nanoTime();
        }

        @Override
        public double nextRandom() {
            synchronized (DeterministicScheduler.this) {
                return runtimeRandom.nextDouble();
            }
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
            return time.schedule(task, delayNanos, 0);
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, long initialDelayNanos, long periodNanos) {
            return time.schedule(task, initialDelayNanos, periodNanos);
        }

        @Override
        public int pendingTasks() {
            return time.pendingTimers();
        }

        @Override
        public void shutdown() {
            // Called by the system's release thread once the guardian has stopped, at a moment the
            // run does not control: it changes nothing the scheduler's choices depend on (pending
            // timers stay; they can only reach stopped actors, whose messages become dead letters).
        }

        // --- Dispatching ---

        @Override
        public void execute(ActorCell<?> cell, boolean virtualThread) {
            enqueue(cell);
        }

        @Override
        public void afterActivation(boolean batchExhausted) {
        }

        @Override
        public boolean runsActors(Thread t) {
            return t == driver && depth > 0;
        }

        @Override
        public boolean awaitTermination(long nanos) {
            return true; // nothing runs on another thread
        }

        @Override
        public void shutdownNow() {
        }

        @Override
        public boolean awaitRoom(BooleanSupplier attempt, long timeoutNanos, RuntimeEnvironment.Park park)
                throws InterruptedException {
            if (!onDriver()) {
                return Dispatching.super.awaitRoom(attempt, timeoutNanos, park); // real time: not deterministic
            }
            long deadline = saturatedAdd(time.nanoTime(), timeoutNanos);
            boolean traced = false;
            while (!attempt.getAsBoolean()) {
                if (!traced) {
                    traced = true;
                    synchronized (DeterministicScheduler.this) {
                        record(6, 0, time.nanoTime(), null);
                    }
                }
                if (step()) {
                    continue;
                }
                long next = time.nextDue();
                if (next > deadline) {
                    time.moveTo(deadline);
                    return attempt.getAsBoolean();
                }
                time.moveTo(next);
            }
            return true;
        }

        // --- Hooks: the trace, then the plugins (faults, effects) ---

        @Override
        public <U> Behavior<U> spawning(ActorCell<?> parent, String name, Behavior<U> behavior, Props props) {
            Behavior<U> b = behavior;
            for (Hooks h : pluginsSnapshot()) {
                b = h.spawning(parent, name, b, props);
            }
            return b;
        }

        @Override
        public void spawned(ActorCell<?> parent, ActorCell<?> child, Behavior<?> declared) {
            traceEvent(5, parent, child.self().name());
            handle(child);
            for (Hooks h : pluginsSnapshot()) {
                h.spawned(parent, child, declared);
            }
        }

        @Override
        public void stopping(ActorCell<?> parent, ActorCell<?> child) {
            for (Hooks h : pluginsSnapshot()) {
                h.stopping(parent, child);
            }
        }

        @Override
        public void watching(ActorCell<?> watcher, ActorCell<?> target, boolean watch) {
            for (Hooks h : pluginsSnapshot()) {
                h.watching(watcher, target, watch);
            }
        }

        @Override
        public void linking(ActorCell<?> cell, ActorCell<?> other, boolean link) {
            for (Hooks h : pluginsSnapshot()) {
                h.linking(cell, other, link);
            }
        }

        @Override
        public void timerStarted(ActorCell<?> cell, Object key, Object message, long delayNanos, long periodNanos,
                ScheduledFuture<?> task) {
            for (Hooks h : pluginsSnapshot()) {
                h.timerStarted(cell, key, message, delayNanos, periodNanos, task);
            }
        }

        @Override
        public void timerCancelled(ActorCell<?> cell, Object key) {
            for (Hooks h : pluginsSnapshot()) {
                h.timerCancelled(cell, key);
            }
        }

        @Override
        public void asked(ActorRef<?> target, Object request, ActorRef<?> replyTo, long timeoutNanos) {
            for (Hooks h : pluginsSnapshot()) {
                h.asked(target, request, replyTo, timeoutNanos);
            }
        }

        @Override
        public void stashCreated(ActorCell<?> cell, RuntimeEnvironment.StashView stash) {
            for (Hooks h : pluginsSnapshot()) {
                h.stashCreated(cell, stash);
            }
        }

        @Override
        public boolean delivering(ActorCell<?> cell, Object message) throws Exception {
            traceEvent(3, cell, message.getClass());
            boolean deliver = true;
            for (Hooks h : pluginsSnapshot()) {
                deliver &= h.delivering(cell, message);
            }
            return deliver;
        }

        @Override
        public void signalling(ActorCell<?> cell, Signal signal) throws Exception {
            traceEvent(4, cell, signal.getClass());
            for (Hooks h : pluginsSnapshot()) {
                h.signalling(cell, signal);
            }
        }

        private List<Hooks> pluginsSnapshot() {
            return plugins;
        }
    }
}
