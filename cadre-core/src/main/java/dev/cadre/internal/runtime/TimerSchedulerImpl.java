package dev.cadre.internal.runtime;

import dev.cadre.actor.TimerScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;

/**
 * INTERNAL API. One actor's timers, and its receive timeout. Created on first use, owned by the
 * cell, used only from the actor's thread (the map and the generation counter are owner-only).
 *
 * <p>A firing timer does not call the behaviour: the timer thread enqueues a {@link TimerMsg}
 * that names the {@link Timer} object it came from. On the actor's thread the message is
 * accepted only if that same object is still registered under its key; a timer cancelled or
 * replaced after its message was queued is thereby filtered out (the message is discarded, by
 * design, as the user asked).
 */
final class TimerSchedulerImpl<T> implements TimerScheduler<T> {
    /** Key of the receive-timeout timer; not reachable by user keys. */
    private static final Object RECEIVE_TIMEOUT_KEY = new Object();
    /** What the receive-timeout timer sends: a check, not the user's message. */
    private static final Object RECEIVE_TIMEOUT_CHECK = new Object();

    private final ActorCell<T> cell;
    private final Map<Object, Timer> timers = new HashMap<>();

    // receive timeout (owner only)
    private Object receiveTimeoutMessage;
    private long receiveTimeoutNanos;
    long lastActivity;

    /** One started timer. */
    static final class Timer {
        final Object key;
        final Object message;
        final boolean repeat;
        ScheduledFuture<?> future;

        Timer(Object key, Object message, boolean repeat) {
            this.key = key;
            this.message = message;
            this.repeat = repeat;
        }
    }

    TimerSchedulerImpl(ActorCell<T> cell) {
        this.cell = cell;
    }

    @Override
    public void startSingleTimer(Object key, T message, Duration delay) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
        start(key, message, false, positive(delay, "delay"), 0);
    }

    @Override
    public void startTimerAtFixedRate(Object key, T message, Duration interval) {
        startTimerAtFixedRate(key, message, interval, interval);
    }

    @Override
    public void startTimerAtFixedRate(Object key, T message, Duration initialDelay, Duration interval) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(initialDelay, "initialDelay");
        if (initialDelay.isNegative()) {
            throw new IllegalArgumentException("initialDelay must not be negative, was " + initialDelay);
        }
        start(key, message, true, initialDelay.toNanos(), positive(interval, "interval"));
    }

    private void start(Object key, Object message, boolean repeat, long delayNanos, long intervalNanos) {
        cancel(key);
        Timer t = new Timer(key, message, repeat);
        TimerMsg fire = new TimerMsg(t);
        t.future = repeat
                ? cell.system.scheduleAtFixedRate(() -> cell.tellFromRuntime(fire), delayNanos, intervalNanos)
                : cell.system.schedule(() -> cell.tellFromRuntime(fire), delayNanos);
        timers.put(key, t);
        RuntimeEnvironment.Hooks h = cell.system.hooks;
        if (h != null && key != RECEIVE_TIMEOUT_KEY) {
            h.timerStarted(cell, key, message, delayNanos, intervalNanos, t.future);
        }
    }

    private static long positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
        return d.toNanos();
    }

    @Override
    public boolean isTimerActive(Object key) {
        return timers.containsKey(key);
    }

    @Override
    public void cancel(Object key) {
        Timer t = timers.remove(key);
        if (t != null) {
            t.future.cancel(false);
            RuntimeEnvironment.Hooks h = cell.system.hooks;
            if (h != null && key != RECEIVE_TIMEOUT_KEY) {
                h.timerCancelled(cell, key);
            }
        }
    }

    @Override
    public void cancelAll() {
        for (Object key : new ArrayList<>(timers.keySet())) {
            if (key != RECEIVE_TIMEOUT_KEY) {
                cancel(key);
            }
        }
    }

    /** Stop or restart: every timer, the receive timeout included. */
    void cancelEverything() {
        for (Timer t : timers.values()) {
            t.future.cancel(false);
        }
        timers.clear();
        receiveTimeoutMessage = null;
    }

    // --- receive timeout ---

    void setReceiveTimeout(Duration timeout, Object message) {
        receiveTimeoutNanos = positive(timeout, "timeout");
        receiveTimeoutMessage = Objects.requireNonNull(message, "message");
        lastActivity = cell.system.nanoTime();
        start(RECEIVE_TIMEOUT_KEY, RECEIVE_TIMEOUT_CHECK, false, receiveTimeoutNanos, 0);
    }

    void cancelReceiveTimeout() {
        receiveTimeoutMessage = null;
        cancel(RECEIVE_TIMEOUT_KEY);
    }

    /**
     * A message is about to be handled: it counts as activity for the receive timeout, unless it
     * is the receive timeout's own check.
     */
    void noteActivity(Object m) {
        if (receiveTimeoutMessage != null && !(m instanceof TimerSchedulerImpl<?>.TimerMsg tm && tm.isReceiveTimeoutCheck())) {
            lastActivity = cell.system.nanoTime();
        }
    }

    /**
     * On the actor's thread: turns a timer message into the user message to deliver, or null if
     * it is stale (cancelled, replaced) or is a receive-timeout check that finds recent activity.
     */
    Object accept(TimerMsg m) {
        Timer t = m.timer;
        if (timers.get(t.key) != t) {
            return null;
        }
        if (t.message == RECEIVE_TIMEOUT_CHECK) {
            timers.remove(t.key);
            long idle = cell.system.nanoTime() - lastActivity;
            if (idle >= receiveTimeoutNanos) {
                Object msg = receiveTimeoutMessage;
                lastActivity = cell.system.nanoTime();
                start(RECEIVE_TIMEOUT_KEY, RECEIVE_TIMEOUT_CHECK, false, receiveTimeoutNanos, 0);
                return msg;
            }
            start(RECEIVE_TIMEOUT_KEY, RECEIVE_TIMEOUT_CHECK, false, receiveTimeoutNanos - idle, 0);
            return null;
        }
        if (!t.repeat) {
            timers.remove(t.key);
        }
        return t.message;
    }

    /** The message a firing timer enqueues. */
    final class TimerMsg extends Envelope {
        final Timer timer;

        TimerMsg(Timer timer) {
            this.timer = timer;
        }

        @Override
        Object resolve() {
            return accept(this);
        }

        @Override
        Object original() {
            return timer.message == RECEIVE_TIMEOUT_CHECK ? "receive timeout" : timer.message;
        }

        boolean isReceiveTimeoutCheck() {
            return timer.message == RECEIVE_TIMEOUT_CHECK;
        }
    }
}
