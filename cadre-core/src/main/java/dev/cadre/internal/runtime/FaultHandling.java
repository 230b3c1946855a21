package dev.cadre.internal.runtime;

import dev.cadre.actor.Behavior;
import dev.cadre.actor.ExitReason;
import dev.cadre.actor.PreRestart;
import dev.cadre.actor.Signal;
import dev.cadre.actor.SupervisionEvent;
import dev.cadre.actor.Directive;

/**
 * INTERNAL API. What happens when an actor fails, and how an incarnation ends for a restart.
 *
 * <pre>
 *   a handler, setup or signal handler throws
 *     -> crash report (log, SupervisionEvent.Failed, failure count)
 *     -> a local rule (Behaviors.supervise) matches?  restart / resume / stop / backoff / escalate
 *     -> else: a Supervisor parent?  WAITING, suspended, until it says Resume, Reset or Terminate
 *     -> else: the actor stops with the failure (children first)
 *
 *   restart = reset (PreRestart, timers cancelled, stash kept, children stopped) -> start again
 * </pre>
 *
 * <p>Owner only: every method runs on the failing actor's thread of the moment. Stateless: the
 * state is the cell's stage and its {@link CellExtras} ({@code pending}, {@code resetMode}).
 */
final class FaultHandling {
    /** Stands for "no message": a failure raised by supervision or a link, not by a handler. */
    static final Object SUPERVISION = new Object();

    /** What to do when a reset has finished. */
    static final int RESET_THEN_START = 0;
    static final int RESET_THEN_ACK = 1;
    static final int RESET_THEN_BACKOFF = 2;

    private FaultHandling() {
    }

    /**
     * A handler, setup or signal handler threw (any {@link Throwable}: an {@link Error} too, a
     * {@link LinkageError} included). Writes the crash report, then: a local rule
     * ({@code Behaviors.supervise}) decides if one matches; otherwise a {@link SupervisorLogic}
     * parent decides (this actor waits, suspended); otherwise the actor stops with the failure,
     * its children first.
     *
     * @param msg the message being handled, a {@link Signal}, {@link #SUPERVISION}, or null (setup)
     */
    static void fail(ActorCell<?> c, Throwable t, Object msg, String what) {
        CellExtras<?> x = c.extras();
        x.countFailure();
        ActorCell.LOG.error("actor={} event=failure message={} restarts={} exception={}", c.path(), what, x.restarts,
                t, t);
        c.system.supervisionEvents.publish(new SupervisionEvent.Failed(c.self, t, what, x.restarts));
        if (c.stage != ActorCell.RUNNING) {
            return; // already failed, restarting or stopping: reported, nothing more to decide
        }
        boolean fromMessage = msg != null && msg != SUPERVISION && !(msg instanceof Signal);
        LocalSupervision local = x.local;
        Directive rule = local == null ? null : local.ruleFor(t);
        ExitReason reason = ExitReason.failure(t);
        switch (rule) {
            case null -> escalate(c, reason, fromMessage);
            case Directive.Escalate e -> escalate(c, reason, fromMessage);
            case Directive.Stop s -> Termination.stopSelf(c, reason);
            case Directive.Resume r -> {
                if (!fromMessage) {
                    localRestart(c, t, Directive.restart()); // nothing to resume: restart instead
                }
            }
            case Directive.Restart r -> localRestart(c, t, r);
            case Directive.RestartWithBackoff b -> {
                long delay = local.nextBackoffNanos(b.backoff(), c.system.nanoTime(), c.system.timing.nextRandom());
                ActorCell.LOG.info("actor={} event=backoff delay_ms={}", c.path(), delay / 1_000_000);
                beginReset(c, RESET_THEN_BACKOFF, delay);
            }
        }
    }

    private static void localRestart(ActorCell<?> c, Throwable t, Directive.Restart r) {
        if (c.behavior == null && c.restarts() > 0 && r.maxRestarts() < 0) {
            // the current incarnation never got past its setup, again
            ActorCell.LOG.error("actor={} event=restart-loop setup failed again after a restart; stopping it",
                    c.path());
            Termination.stopSelf(c, ExitReason.failure(t));
            return;
        }
        if (!c.extras().localSupervision().allowRestart(r, c.system.nanoTime())) {
            escalate(c, ExitReason.failure(t), false);
        } else {
            beginReset(c, RESET_THEN_START, 0);
        }
    }

    /** No local decision: a supervisor parent decides; anyone else sees this actor stop with the reason. */
    private static void escalate(ActorCell<?> c, ExitReason reason, boolean fromMessage) {
        if (c.supervisedByParent) {
            enterWaiting(c, reason);
            c.parent.sendSystem(new SystemMessage.Failed(c, reason, fromMessage));
        } else {
            Termination.stopSelf(c, reason);
        }
    }

    /** The behaviour returned {@code stopped}: under a supervisor that is an exit it decides on. */
    static <T> void stopVoluntarily(ActorCell<T> c, Behavior<T> marker) {
        c.extras().stopMarker = marker;
        if (c.supervisedByParent && c.stage == ActorCell.RUNNING) {
            enterWaiting(c, ExitReason.NORMAL);
            c.parent.sendSystem(new SystemMessage.Failed(c, ExitReason.NORMAL, false));
        } else {
            Termination.stopSelf(c, ExitReason.NORMAL);
        }
    }

    /** A linked actor exited with {@code shutdown}: so does this one (not a failure: no crash report). */
    static void exitWithShutdown(ActorCell<?> c) {
        if (c.supervisedByParent) {
            enterWaiting(c, ExitReason.SHUTDOWN);
            c.parent.sendSystem(new SystemMessage.Failed(c, ExitReason.SHUTDOWN, false));
        } else {
            Termination.stopSelf(c, ExitReason.SHUTDOWN);
        }
    }

    private static void enterWaiting(ActorCell<?> c, ExitReason reason) {
        c.stage = ActorCell.WAITING;
        c.extras().pending = reason;
        ActorCell.STATUS.getAndBitwiseOr(c, ActorCell.SUSPENDED);
    }

    /** Called by a {@link SupervisorLogic} on its own actor, once its children are gone: fail with {@code t}. */
    static void failFromSupervisor(ActorCell<?> c, Throwable t) {
        fail(c, t, SUPERVISION, "supervision");
    }

    /** The runtime's own code threw while handling this actor: a failure of the actor, like any other. */
    static void failFromRuntime(ActorCell<?> c, Throwable t) {
        if (c.stage == ActorCell.RUNNING) {
            fail(c, t, SUPERVISION, "runtime");
        } else if (c.stage < ActorCell.TERMINATING) {
            Termination.stopSelf(c, ExitReason.failure(t));
        } else if (c.stage == ActorCell.TERMINATING && c.childCount() == 0) {
            Termination.finishTerminate(c);
        }
    }

    // =====================================================================================
    // Ending an incarnation (reset), and the supervisor's Reset, Start and Resume
    // =====================================================================================

    /**
     * Ends the current incarnation: PreRestart to the old behaviour, timers cancelled, stashed
     * messages kept for the next one, children stopped (a supervisor's in reverse start order,
     * within their shutdown). Then, per {@code mode}: start again, tell the supervisor and wait,
     * or wait out a backoff.
     */
    static void beginReset(ActorCell<?> c, int mode, long delayNanos) {
        CellExtras<?> x = c.extras();
        if (c.stage == ActorCell.RESETTING) {
            if (mode == RESET_THEN_ACK) {
                x.resetMode = RESET_THEN_ACK; // the supervisor now decides when it starts
            }
            return;
        }
        c.cleanupSignal(PreRestart.INSTANCE);
        c.behavior = null;
        x.cancelTimers();
        x.rescueStashedMessages();
        DeathWatch.resetTrapExits(c); // the next incarnation's setup decides again (links are kept)
        c.stage = ActorCell.RESETTING;
        x.resetMode = mode;
        x.resetDelayNanos = delayNanos;
        x.pending = null;
        ActorCell.STATUS.getAndBitwiseOr(c, ActorCell.SUSPENDED);
        if (!Children.stopAll(c)) {
            resetDone(c);
        }
    }

    /** The last child of a resetting actor is gone (or it had none): start, report, or back off. */
    @SuppressWarnings("FutureReturnValueIgnored") // the delayed start is a message guarded by its token
    static void resetDone(ActorCell<?> c) {
        CellExtras<?> x = c.extras();
        x.childSupervisor = null;
        // the local rules stay until the next start replaces them: tools show them while the
        // actor waits out a backoff
        switch (x.resetMode) {
            case RESET_THEN_START -> c.startIncarnation();
            case RESET_THEN_ACK -> {
                c.stage = ActorCell.IDLE;
                c.parent.sendSystem(new SystemMessage.ResetDone(c));
            }
            default -> {
                c.stage = ActorCell.IDLE;
                long delay = x.resetDelayNanos;
                x.backoffUntilNanos = c.system.nanoTime() + delay; // for tools
                long token = ++x.localSupervision().startToken;
                c.system.schedule(() -> c.sendSystem(new SystemMessage.LocalStart(token)), delay);
            }
        }
    }

    /** The supervisor ends this incarnation (a restart in place is coming). */
    static void onReset(ActorCell<?> c) {
        switch (c.stage) {
            case ActorCell.RUNNING, ActorCell.WAITING, ActorCell.NEW -> beginReset(c, RESET_THEN_ACK, 0);
            case ActorCell.RESETTING -> c.extras().resetMode = RESET_THEN_ACK;
            case ActorCell.IDLE -> {
                LocalSupervision local = c.localSupervision();
                if (local != null) {
                    local.startToken++; // a pending local backoff start no longer applies
                }
                c.parent.sendSystem(new SystemMessage.ResetDone(c));
            }
            default -> { }
        }
    }

    /** The supervisor starts a new incarnation (or, if running, asks to be told once it has started). */
    static void onStart(ActorCell<?> c) {
        if (c.stage == ActorCell.IDLE) {
            c.setStartAckOwed(true);
            c.startIncarnation();
        } else if (c.stage == ActorCell.RUNNING) {
            c.setStartAckOwed(true);
            SupervisorLogic sup = c.childSupervisor();
            if (sup == null || sup.started()) {
                c.subtreeStarted();
            }
        }
    }

    /** The supervisor lets this actor go on with its state (the failed message stays skipped). */
    static void onResume(ActorCell<?> c) {
        if (c.stage == ActorCell.WAITING) {
            c.stage = ActorCell.RUNNING;
            c.extras().pending = null;
            ActorCell.STATUS.getAndBitwiseAnd(c, ~ActorCell.SUSPENDED);
            SupervisorLogic sup = c.childSupervisor();
            if (sup != null) {
                sup.onResumed();
            }
            DeathWatch w = c.deathWatch();
            if (w != null) {
                w.flushDeferred();
            }
        }
    }
}
