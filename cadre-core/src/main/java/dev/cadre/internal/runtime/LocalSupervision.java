package dev.cadre.internal.runtime;

import dev.cadre.actor.Backoff;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Directive;
import dev.cadre.internal.supervision.BackoffClock;
import dev.cadre.internal.supervision.RestartWindow;

/**
 * INTERNAL API. The rules of {@code Behaviors.supervise} for one actor, and what they need to
 * remember across incarnations: the restart window of a limited restart and the state of a
 * backoff, both the same implementations a {@link SupervisorLogic} uses ({@link RestartWindow},
 * {@link BackoffClock}). Created when an actor first runs a supervised behaviour; owner only
 * (tools read {@link #rules} racily).
 */
final class LocalSupervision {
    /**
     * The {@code Behaviors.supervise} wrapper of the current incarnation, or null. It stays while
     * the actor waits out a backoff, so tools can show the rules; the next start replaces it.
     */
    Behavior<?> rules;
    /** Counts the local backoff starts: a LocalStart carrying an older token is stale. */
    long startToken;
    private RestartWindow window;
    private BackoffClock backoff;

    /** @return the first rule matching {@code failure}, or null */
    Directive ruleFor(Throwable failure) {
        return rules == null ? null : ActorCell.B.directiveFor(rules, failure);
    }

    /**
     * Records a restart under a limited {@link Directive.Restart}.
     *
     * @return false if it is one too many within the window
     */
    boolean allowRestart(Directive.Restart r, long now) {
        if (window == null) {
            window = new RestartWindow();
        }
        return window.tryRecord(r.maxRestarts(), r.within().toNanos(), now);
    }

    /** @return the delay before the next restart under {@code b}, recorded */
    long nextBackoffNanos(Backoff b, long now, double random) {
        if (backoff == null) {
            backoff = new BackoffClock();
        }
        return backoff.nextDelayNanos(b, now, random);
    }

    /** A local backoff is over: start again, unless a supervisor's Reset superseded it. */
    static void onLocalStart(ActorCell<?> c, long token) {
        LocalSupervision local = c.localSupervision();
        if (c.stage == ActorCell.IDLE && local != null && token == local.startToken) {
            c.startIncarnation();
        }
    }
}
