package dev.cadre.internal.runtime;

import dev.cadre.actor.Behavior;
import dev.cadre.actor.DeadLetter;
import dev.cadre.actor.ExitReason;
import dev.cadre.bridge.StashHook;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * INTERNAL API. The state most actors never need, off the cell until first used
 * ({@link ActorCell#extras()}): an idle actor that never failed, watched, linked, stashed, set a
 * timer or logged pays one null pointer for all of it.
 *
 * <p><b>Threading.</b> Owner only (the actor's SCHEDULED holder), except {@link #backoffUntilNanos}
 * (also written by the actor's supervisor, read by tools) and the racy reads of tools
 * ({@link #restarts}, {@link #failures()}, {@link #childSupervisor}, {@link #local}).
 *
 * @param <T> the actor's message type
 */
final class CellExtras<T> {
    private static final VarHandle FAILURES;

    static {
        try {
            FAILURES = MethodHandles.lookup().findVarHandle(CellExtras.class, "failures", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // --- lifecycle bookkeeping (FaultHandling, Termination) ---
    /** WAITING: the exit the supervisor is deciding on. */
    ExitReason pending;
    /** The {@code Behaviors.stopped(callback)} marker whose callback runs after the cleanup signal. */
    Behavior<T> stopMarker;
    /** What to do when a reset has finished: one of FaultHandling's RESET_THEN_* modes. */
    int resetMode;
    long resetDelayNanos;
    /** Restarts so far; read racily by tools. */
    int restarts;
    /** Failures so far; owner writes, opaque reads from any thread. */
    private long failures;
    /** The clean-up of a kill has run (it runs once). */
    boolean killCleaned;
    /**
     * When a restart delayed by a backoff is due (the system's clock), or 0: written by whoever
     * schedules it (this actor for a local backoff, its supervisor otherwise), read only by tools.
     */
    volatile long backoffUntilNanos;

    // --- parts ---
    /** Watches, watchers, links; null until the first. */
    DeathWatch watch;
    /** {@code Behaviors.supervise} rules and their bookkeeping; null until the first. */
    LocalSupervision local;
    /** The logic of the {@code Supervisor} this actor runs in its current incarnation, or null. */
    SupervisorLogic childSupervisor;

    // --- context extras ---
    Map<Class<?>, AdapterRef<?, T>> adapters;
    ActorLogger logger;
    TimerSchedulerImpl<T> timers;
    /** The stash buffers of the current incarnation; null when none. */
    private List<StashHook> stashes;
    /** Unstashed messages to process before the mailbox; null when none. */
    ArrayDeque<Object> replay;
    /**
     * Messages drained from the mailbox into dead letters at the end (the mailbox counts them as
     * taken; the actor's processed count excludes them). Consumer only; read racily.
     */
    volatile long drained;
    /** Why the actor stopped, when it is not one of the singleton reasons the cell encodes itself. */
    ExitReason exitReason;

    void countFailure() {
        FAILURES.setOpaque(this, failures + 1);
    }

    long failures() {
        return (long) FAILURES.getOpaque(this);
    }

    /** @return the local-supervision part, created if needed */
    LocalSupervision localSupervision() {
        if (local == null) {
            local = new LocalSupervision();
        }
        return local;
    }

    /** A new incarnation starts: what belonged to the old one's setup is forgotten. */
    void newIncarnation() {
        if (local != null) {
            local.rules = null;
        }
        childSupervisor = null;
    }

    // --- stash and replay ---

    void addStash(StashHook hook) {
        if (stashes == null) {
            stashes = new ArrayList<>(1);
        }
        stashes.add(hook);
    }

    Object nextReplayed() {
        Object m = replay.pollFirst();
        if (replay.isEmpty()) {
            replay = null;
        }
        return m;
    }

    /** {@code first} is replayed before what was unstashed earlier and not yet replayed. */
    void replayFirst(ArrayDeque<Object> first) {
        if (replay != null) {
            first.addAll(replay);
        }
        replay = first;
    }

    /**
     * Messages still in a stash buffer when the incarnation ends are not lost: they go to the
     * front of the replay queue, so a restarted actor gets them first, and a stopping one turns
     * the replay queue into dead letters.
     */
    void rescueStashedMessages() {
        if (stashes == null) {
            return;
        }
        ArrayDeque<Object> r = new ArrayDeque<>();
        for (StashHook h : stashes) {
            r.addAll(h.takeAll());
        }
        stashes = null;
        if (!r.isEmpty()) {
            replayFirst(r);
        }
    }

    /** The actor stops: what waited for replay becomes dead letters. */
    void replayToDeadLetters(ActorCell<T> cell) {
        if (replay != null) {
            for (Object m : replay) {
                cell.system.deadLetters.publish(Envelope.unwrap(m), cell.self, DeadLetter.Reason.RECIPIENT_TERMINATED);
            }
            replay = null;
        }
    }

    /** Stop or restart: every timer is cancelled. */
    void cancelTimers() {
        if (timers != null) {
            timers.cancelEverything();
        }
    }
}
