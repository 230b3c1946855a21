package dev.cadre.internal.runtime;

import dev.cadre.actor.DeadLetter;
import dev.cadre.actor.ExitReason;
import dev.cadre.actor.PostStop;
import dev.cadre.actor.Terminated;
import java.util.ArrayDeque;
import java.util.ArrayList;

/**
 * INTERNAL API. How an actor ends: an orderly stop (children first, then {@link PostStop}, then
 * the parent, the watchers and the links are told), or a kill (at once, from any thread, no
 * cleanup signal).
 *
 * <pre>
 *   stopSelf(reason)     TERMINATING, SUSPENDED; children asked to stop
 *   ... last child gone  finishTerminate: PostStop, timers cancelled, stash and deferred
 *                        notifications to dead letters, TERMINATED bit, mailbox drained,
 *                        parent told (ChildTerminated), then watchers and links
 *
 *   kill(root)           top-down: TERMINATED|KILLED|SUSPENDED on each actor of the subtree
 *                        bottom-up: a Killed system message to each; its consumer runs
 *                        killedCleanup (the same notifications, reason KILLED, no PostStop)
 * </pre>
 *
 * <p>Owner only, except {@link #kill} and {@link #markKilled} (any thread).
 */
final class Termination {
    private Termination() {
    }

    /** Starts stopping {@code c} with {@code reason}: its children first. */
    static void stopSelf(ActorCell<?> c, ExitReason reason) {
        if (c.stage >= ActorCell.TERMINATING) {
            return;
        }
        c.stage = ActorCell.TERMINATING;
        c.recordExitReason(reason);
        CellExtras<?> x = c.extras;
        if (x != null) {
            x.pending = null;
        }
        ActorCell.STATUS.getAndBitwiseOr(c, ActorCell.SUSPENDED);
        if (!Children.stopAll(c)) {
            finishTerminate(c);
        }
    }

    /** Every child of a stopping actor is gone: the actor ends. */
    static void finishTerminate(ActorCell<?> c) {
        if (c.stage == ActorCell.DEAD) {
            return;
        }
        if ((c.status & ActorCell.KILLED) != 0) {
            killedCleanup(c); // killed while stopping: no PostStop
            return;
        }
        c.cleanupSignal(PostStop.INSTANCE);
        CellExtras<?> x = c.extras;
        if (x != null) {
            endExtras(c, x);
            x.adapters = null;
            if (x.local != null) {
                x.local.rules = null;
            }
        }
        DeathWatch.deferredToDeadLetters(c);
        c.stage = ActorCell.DEAD;
        c.behavior = null;
        if (c.recordedExitReason() == null) {
            c.recordExitReason(ExitReason.SHUTDOWN);
        }
        int before = (int) ActorCell.STATUS.getAndBitwiseOr(c, ActorCell.TERMINATED);
        if ((before & ActorCell.TERMINATED) != 0) {
            return; // killed meanwhile: the kill's clean-up reports the end
        }
        publishTermination(c, c.recordedExitReason());
        c.system.receptionist.actorStopped(c);
        drainMailboxToDeadLetters(c);
        // The parent first: a parent that also watches this child must see it gone from
        // children() by the time it handles Terminated (one sender's system messages keep order).
        if (c.parent != null) {
            c.parent.sendSystem(new SystemMessage.ChildTerminated(c));
        }
        DeathWatch.notifyWatchersAndLinks(c, c.recordedExitReason());
        if (c.parent == null) {
            c.system.guardianTerminated();
        }
    }

    /** The incarnation's leftovers: timers cancelled, stashed and unstashed messages to dead letters. */
    private static <T> void endExtras(ActorCell<T> c, CellExtras<?> x) {
        @SuppressWarnings("unchecked")
        CellExtras<T> typed = (CellExtras<T>) x;
        typed.cancelTimers();
        typed.rescueStashedMessages();
        typed.replayToDeadLetters(c);
        typed.childSupervisor = null;
    }

    /** Last resort when even failing failed: stop the children, then mark the actor dead. */
    static void emergencyStop(ActorCell<?> c, Throwable cause) {
        if (c.stage == ActorCell.DEAD) {
            return;
        }
        c.stage = ActorCell.TERMINATING;
        c.recordExitReason(ExitReason.failure(cause));
        ActorCell.STATUS.getAndBitwiseOr(c, ActorCell.SUSPENDED);
        if (c.childCount() == 0) {
            finishTerminate(c);
        } else {
            Children.forEach(c, k -> k.sendSystem(new SystemMessage.Terminate()));
        }
    }

    /**
     * The reason told to a watch or link that arrives after {@code dead}'s death: Erlang's
     * {@code noproc}, except for the parent, which learns the real reason (so spawn-then-watch in
     * one handler is as exact as Erlang's atomic {@code spawn_monitor}).
     */
    static ExitReason lateReason(ActorCell<?> dead, ActorCell<?> asker) {
        return asker == dead.parent ? dead.exitReason() : ExitReason.NO_SUCH_ACTOR;
    }

    // =====================================================================================
    // Kill
    // =====================================================================================

    /**
     * Kills {@code root} and its whole subtree now, from any thread: each actor is marked dead at
     * once (senders get dead letters; nothing of it restarts; no cleanup signal runs), a handler
     * running on a virtual thread is interrupted, and the root's parent forgets it at once. The
     * rest of each actor's clean-up (watchers told {@code killed}, mailbox to dead letters) runs
     * bottom-up, inline for an idle actor, or when a busy actor's handler returns: a handler stuck
     * on a platform thread cannot be stopped, and keeps its thread until it returns.
     * Iterative: no recursion on tree depth.
     *
     * @param root the actor to kill
     */
    static void kill(ActorCell<?> root) {
        ArrayList<ActorCell<?>> marked = new ArrayList<>();
        ArrayDeque<ActorCell<?>> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) { // top-down: no actor of the subtree can spawn below a marked one
            ActorCell<?> c = todo.pop();
            if (markKilled(c)) {
                marked.add(c);
                Children.forEach(c, todo::push);
            }
        }
        for (int i = marked.size() - 1; i >= 0; i--) { // bottom-up: children clean up before parents
            ActorCell<?> c = marked.get(i);
            Thread r = c.runner;
            if (r != null && r.isVirtual()) {
                r.interrupt();
            }
            c.sendSystem(new SystemMessage.Killed());
        }
        if (!marked.isEmpty() && root.parent != null) {
            root.parent.sendSystem(new SystemMessage.ChildTerminated(root));
        }
    }

    /** Sets TERMINATED and KILLED unless already terminated; true if this call did. Any thread. */
    private static boolean markKilled(ActorCell<?> c) {
        for (;;) {
            int s = c.status;
            if ((s & ActorCell.TERMINATED) != 0) {
                return false;
            }
            if (ActorCell.STATUS.compareAndSet(c, s, s | ActorCell.TERMINATED | ActorCell.KILLED | ActorCell.SUSPENDED)) {
                return true;
            }
        }
    }

    /** On the killed actor's thread (or the killer's, if it was idle): the clean-up of a kill. */
    static void killedCleanup(ActorCell<?> c) {
        CellExtras<?> x = c.extras();
        if (x.killCleaned) {
            return;
        }
        x.killCleaned = true;
        c.stage = ActorCell.DEAD;
        c.behavior = null;
        x.stopMarker = null;
        endExtras(c, x);
        DeathWatch.deferredToDeadLetters(c);
        drainMailboxToDeadLetters(c);
        publishTermination(c, ExitReason.KILLED);
        c.system.receptionist.actorStopped(c);
        if (c.parent != null) {
            c.parent.sendSystem(new SystemMessage.ChildTerminated(c));
        }
        DeathWatch.notifyWatchersAndLinks(c, ExitReason.KILLED);
        if (c.parent == null) {
            c.system.guardianTerminated();
        }
    }

    @SuppressWarnings("NonAtomicVolatileUpdate") // the mailbox consumer is the only writer
    static void drainMailboxToDeadLetters(ActorCell<?> c) {
        Object m;
        long n = 0;
        while ((m = c.mailbox.poll()) != null) {
            n++;
            c.system.deadLetters.publish(Envelope.unwrap(m), c.self, DeadLetter.Reason.RECIPIENT_TERMINATED);
        }
        if (n > 0) {
            c.extras().drained += n; // consumer only
        }
    }

    /** Publishes this actor's stop (not the guardian's) to the system's terminations topic. */
    private static void publishTermination(ActorCell<?> c, ExitReason reason) {
        if (c.parent != null && c.system.terminations.hasSubscribers()) {
            c.system.terminations.publish(new Terminated(c.self, reason));
        }
    }
}
