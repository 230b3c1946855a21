package dev.cadre.internal.runtime;

import dev.cadre.actor.ExitReason;
import dev.cadre.actor.spi.RemoteActorRef;

/**
 * INTERNAL API. Messages between cells that drive the lifecycle. They travel on each cell's
 * system queue (an intrusive Treiber stack, see {@link ActorCell}), which is always drained before
 * user messages and never counts against a mailbox's capacity.
 *
 * <p>Each instance is enqueued exactly once: {@code next} is owned by the queue it is in.
 *
 * <p>Supervision protocol between a {@link SupervisorLogic} and its children:
 * <pre>
 *   child  -> parent   Failed(reason)   I exited and wait, suspended, for your decision
 *   parent -> child    Resume           go on with the same state
 *   parent -> child    Reset            end this incarnation (cleanup signal, children stopped), then
 *   child  -> parent   ResetDone        ... and wait, idle, for Start
 *   parent -> child    Start            run setup again (a restart in place)
 *   child  -> parent   Started          setup done, and my whole static subtree has started
 *   parent -> child    Terminate        stop (children first, then PostStop)
 *   child  -> parent   ChildTerminated  I am gone
 * </pre>
 */
abstract sealed class SystemMessage {
    /** Link in the receiving cell's system stack; written before the publishing CAS. */
    SystemMessage next;

    /** Stop: stop children, deliver PostStop, notify watchers and parent. */
    static final class Terminate extends SystemMessage {
    }

    /** {@code watcher} wants a {@link DeathWatchNotification} when the receiver terminates. */
    static final class Watch extends SystemMessage {
        final ActorCell<?> watcher;

        Watch(ActorCell<?> watcher) {
            this.watcher = watcher;
        }
    }

    /** {@code watcher} no longer wants to be told. */
    static final class Unwatch extends SystemMessage {
        final ActorCell<?> watcher;

        Unwatch(ActorCell<?> watcher) {
            this.watcher = watcher;
        }
    }

    /** {@code actor}, which the receiver watches, has terminated with {@code reason}. */
    static final class DeathWatchNotification extends SystemMessage {
        final ActorCell<?> actor;
        final ExitReason reason;

        DeathWatchNotification(ActorCell<?> actor, ExitReason reason) {
            this.actor = actor;
            this.reason = reason;
        }
    }

    /**
     * {@code target}, a remote actor the receiver watches, has ended with {@code reason}: reported
     * by the extension that provides the ref (any thread).
     */
    static final class RemoteTerminated extends SystemMessage {
        final RemoteActorRef<?> target;
        final ExitReason reason;

        RemoteTerminated(RemoteActorRef<?> target, ExitReason reason) {
            this.target = target;
            this.reason = reason;
        }
    }

    /** A child of the receiver has terminated (or was killed, or never started): forget it. */
    static final class ChildTerminated extends SystemMessage {
        final ActorCell<?> child;

        ChildTerminated(ActorCell<?> child) {
            this.child = child;
        }
    }

    /**
     * Child to supervisor parent: I exited with {@code reason} and wait, suspended, for your decision.
     * {@code fromMessage}: a message handler failed (so resuming makes sense); otherwise setup, a
     * signal handler or supervision itself failed, or the behaviour stopped.
     */
    static final class Failed extends SystemMessage {
        final ActorCell<?> child;
        final ExitReason reason;
        final boolean fromMessage;

        Failed(ActorCell<?> child, ExitReason reason, boolean fromMessage) {
            this.child = child;
            this.reason = reason;
            this.fromMessage = fromMessage;
        }
    }

    /** Parent to child: end the current incarnation, then answer {@link ResetDone} and wait for {@link Start}. */
    static final class Reset extends SystemMessage {
    }

    /** Child to parent: my incarnation has ended (cleanup ran, children stopped); I wait for {@link Start}. */
    static final class ResetDone extends SystemMessage {
        final ActorCell<?> child;

        ResetDone(ActorCell<?> child) {
            this.child = child;
        }
    }

    /** Parent to a reset child: start a new incarnation (run setup again). */
    static final class Start extends SystemMessage {
    }

    /** Child to parent: my setup ran and my whole static subtree has started. */
    static final class Started extends SystemMessage {
        final ActorCell<?> child;

        Started(ActorCell<?> child) {
            this.child = child;
        }
    }

    /** Continue with the current state (the failed message stays skipped). */
    static final class Resume extends SystemMessage {
    }

    /** To an actor waiting out its own backoff: start again, if {@code token} is still current. */
    static final class LocalStart extends SystemMessage {
        final long token;

        LocalStart(long token) {
            this.token = token;
        }
    }

    /** To a supervisor, from its timer: a shutdown timeout or a backoff delay has elapsed. */
    static final class SupervisorTick extends SystemMessage {
        final SupervisorLogic logic;
        final Object subject;
        final long token;

        SupervisorTick(SupervisorLogic logic, Object subject, long token) {
            this.logic = logic;
            this.subject = subject;
            this.token = token;
        }
    }

    /** {@code other} linked itself to the receiver. */
    static final class Link extends SystemMessage {
        final ActorCell<?> other;

        Link(ActorCell<?> other) {
            this.other = other;
        }
    }

    /** {@code other} removed its link with the receiver. */
    static final class Unlink extends SystemMessage {
        final ActorCell<?> other;

        Unlink(ActorCell<?> other) {
            this.other = other;
        }
    }

    /** {@code from}, linked to the receiver, terminated with {@code reason}. */
    static final class LinkExit extends SystemMessage {
        final ActorCell<?> from;
        final ExitReason reason;

        LinkExit(ActorCell<?> from, ExitReason reason) {
            this.from = from;
            this.reason = reason;
        }
    }

    /** The receiver was killed: clean up without running any behaviour. */
    static final class Killed extends SystemMessage {
    }
}
