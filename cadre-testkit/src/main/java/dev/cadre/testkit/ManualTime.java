package dev.cadre.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Virtual time: the clock of a deterministic actor system, which moves only when the test moves it.
 * Every time-based part of the runtime reads it: timers, receive timeouts, ask timeouts,
 * supervision backoff and restart-intensity windows, and {@code Overflow.block} timeouts. A
 * one-hour backoff takes microseconds of real time.
 *
 * <pre>{@code
 * try (var kit = ActorTestKit.deterministic(1)) {
 *     var probe = kit.<String>createTestProbe();
 *     kit.spawn(Behaviors.<String>withTimers(t -> {
 *         t.startSingleTimer("k", "tick", Duration.ofHours(1));
 *         return Behaviors.receiveMessage(m -> { probe.ref().tell(m); return Behaviors.same(); });
 *     }));
 *     kit.time().advance(Duration.ofMinutes(59));
 *     probe.expectNoMessage(Duration.ZERO);     // nothing yet, exactly
 *     kit.time().advance(Duration.ofMinutes(1));
 *     probe.expectMessage("tick");
 * }
 * }</pre>
 *
 * <p>While time is advanced, the actors run (on the test's thread) between timers: each timer
 * fires at its own instant, and everything it causes happens before the clock moves on.
 *
 * <p>Thread-safe (every field is guarded by {@code this}); tasks run outside the lock, on the
 * thread that advances the clock.
 */
public final class ManualTime {

    /** Delays this long or longer are "practically never" (as in production). */
    private static final long NEVER = Long.MAX_VALUE / 4;

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long now;
    private long seq;
    private boolean shutdown;
    /** Runs the actors between timers (the deterministic scheduler), or null. */
    private @Nullable Settler settler;

    /** Runs what is ready to run at the current instant. */
    interface Settler {
        void settle();
    }

    ManualTime() {
    }

    synchronized void settler(Settler s) {
        this.settler = s;
    }

    /** {@return the time elapsed on this clock since it was created} */
    public synchronized Duration now() {
        return Duration.ofNanos(now);
    }

    /** {@return the clock in nanoseconds (what the runtime reads)} */
    synchronized long nanoTime() {
        return now;
    }

    /**
     * Moves the clock forward by {@code by}, firing every timer that falls due on the way, each at
     * its own instant, and running the actors after each.
     *
     * @param by how far; zero runs what is due now
     * @throws IllegalArgumentException if negative
     */
    public void advance(Duration by) {
        Objects.requireNonNull(by, "by");
        if (by.isNegative()) {
            throw new IllegalArgumentException("time cannot go back: advance(" + by + ")");
        }
        long target;
        synchronized (this) {
            target = saturatedAdd(now, saturatedNanos(by));
        }
        advanceTo(target);
    }

    /**
     * Moves the clock to the next timer, fires it (and any due at the same instant), then runs the
     * actors.
     *
     * @return false if no timer was pending (the clock did not move)
     */
    public boolean advanceToNextTimer() {
        settle();
        long due;
        synchronized (this) {
            due = nextDue();
            if (due == Long.MAX_VALUE) {
                return false;
            }
        }
        advanceTo(Math.max(due, nanoTime()));
        return true;
    }

    /** {@return how long until the next pending timer, or empty if none} */
    public synchronized Optional<Duration> nextTimerIn() {
        long due = nextDue();
        return due == Long.MAX_VALUE ? Optional.empty() : Optional.of(Duration.ofNanos(Math.max(0, due - now)));
    }

    /** {@return timers pending (not cancelled), the runtime's and the test's} */
    public synchronized int pendingTimers() {
        int n = 0;
        for (Task t : queue) {
            if (!t.cancelled) {
                n++;
            }
        }
        return n;
    }

    /**
     * Runs {@code task} when the clock reaches now + {@code delay}: for the outside world a test
     * simulates (a provider answering after its latency), so it lives on the same clock as the
     * actors. In a deterministic system it runs on the test's thread, in order with the actors.
     *
     * @param delay the delay, at least zero
     * @param task what to run
     * @return a handle to cancel it
     */
    public ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, was " + delay);
        }
        return schedule(Objects.requireNonNull(task, "task"), saturatedNanos(delay), 0);
    }

    // --- for the runtime (through the deterministic environment) ---

    synchronized ScheduledFuture<?> schedule(Runnable task, long delayNanos, long periodNanos) {
        if (shutdown) {
            Task t = new Task(now, task, 0, seq++);
            t.cancelled = true;
            return t;
        }
        Task t = new Task(saturatedAdd(now, Math.min(Math.max(0, delayNanos), NEVER)), task, periodNanos, seq++);
        queue.add(t);
        return t;
    }

    /** {@return the due time of the earliest live task, or Long.MAX_VALUE} */
    synchronized long nextDue() {
        Task t;
        while ((t = queue.peek()) != null && t.cancelled) {
            queue.poll();
        }
        return t == null ? Long.MAX_VALUE : t.due;
    }

    /** {@return whether a live task is due now} */
    synchronized boolean hasDue() {
        return nextDue() <= now;
    }

    /** Removes and returns the earliest live task due now, or null. */
    synchronized @Nullable Task pollDue() {
        if (nextDue() > now) {
            return null;
        }
        return queue.poll();
    }

    /** Moves the clock to {@code t} (never back). */
    synchronized void moveTo(long t) {
        if (t > now) {
            now = t;
        }
    }

    /** Runs a task polled with {@link #pollDue()}; a periodic one is queued again. */
    void run(Task t) {
        t.body.run();
        synchronized (this) {
            if (t.period > 0 && !t.cancelled && !shutdown) {
                t.due = saturatedAdd(t.due, t.period);
                t.order = seq++;
                queue.add(t);
            }
        }
    }

    synchronized void shutdown() {
        shutdown = true;
        for (Task t : queue) {
            t.cancelled = true;
        }
        queue.clear();
    }

    /** The pending tasks' due times, for diagnostics. */
    synchronized List<Duration> pendingDueTimes() {
        List<Duration> out = new ArrayList<>();
        for (Task t : queue) {
            if (!t.cancelled) {
                out.add(Duration.ofNanos(t.due));
            }
        }
        out.sort(null);
        return out;
    }

    private void advanceTo(long target) {
        while (true) {
            settle();
            Task due;
            synchronized (this) {
                long next = nextDue();
                if (next > target) {
                    break;
                }
                moveTo(next);
                due = settler == null ? pollDue() : null;
            }
            if (due != null) {
                run(due); // no scheduler: the timers fire on this thread (real dispatchers run the actors)
            }
        }
        moveTo(target);
        settle();
    }

    private void settle() {
        Settler s;
        synchronized (this) {
            s = settler;
        }
        if (s != null) {
            s.settle(); // runs the actors and the tasks due now
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    /** A delayed task; ordered by due time, then creation order (so equal times run FIFO). */
    final class Task implements ScheduledFuture<Object> {
        long due;
        long order;
        final Runnable body;
        final long period;
        boolean cancelled; // guarded by ManualTime.this

        Task(long due, Runnable body, long period, long order) {
            this.due = due;
            this.body = body;
            this.period = period;
            this.order = order;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            synchronized (ManualTime.this) {
                return unit.convert(due - now, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public int compareTo(Delayed o) {
            if (o instanceof Task t) {
                return due != t.due ? Long.compare(due, t.due) : Long.compare(order, t.order);
            }
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            synchronized (ManualTime.this) {
                if (cancelled) {
                    return false;
                }
                cancelled = true;
                return true;
            }
        }

        @Override
        public boolean isCancelled() {
            synchronized (ManualTime.this) {
                return cancelled;
            }
        }

        @Override
        public boolean isDone() {
            return isCancelled();
        }

        @Override
        public Object get() {
            throw new CancellationException("a virtual-time task has no result");
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return get();
        }

        /** The creation order (deterministic), for the trace. */
        long sequence() {
            return order;
        }
    }
}
