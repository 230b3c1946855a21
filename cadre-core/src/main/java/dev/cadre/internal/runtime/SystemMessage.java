package dev.cadre.internal.runtime;

/**
 * INTERNAL API. Messages between cells that drive the lifecycle. They travel on each cell's
 * system queue (an intrusive Treiber stack, see {@link ActorCell}), which is always drained before
 * user messages and never counts against a mailbox's capacity.
 *
 * <p>Each instance is enqueued exactly once: {@code next} is owned by the queue it is in.
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

    /** {@code actor}, which the receiver watches, has terminated ({@code cause} null if normally). */
    static final class DeathWatchNotification extends SystemMessage {
        final ActorCell<?> actor;
        final Throwable cause;

        DeathWatchNotification(ActorCell<?> actor, Throwable cause) {
            this.actor = actor;
            this.cause = cause;
        }
    }

    /** A child of the receiver has terminated (or was never started): forget it. */
    static final class ChildTerminated extends SystemMessage {
        final ActorCell<?> child;

        ChildTerminated(ActorCell<?> child) {
            this.child = child;
        }
    }

    /** Child to supervisor parent: I exited ({@code cause} null: normally) and wait for your decision. */
    static final class Failed extends SystemMessage {
        final ActorCell<?> child;
        final Throwable cause;

        Failed(ActorCell<?> child, Throwable cause) {
            this.child = child;
            this.cause = cause;
        }
    }

    /** Restart in place; {@code ack}: tell the parent with {@link RestartDone} when done. */
    static final class Recreate extends SystemMessage {
        final boolean ack;

        Recreate(boolean ack) {
            this.ack = ack;
        }
    }

    /** Continue with the current state (the failed message stays skipped). */
    static final class Resume extends SystemMessage {
    }

    /** Stop processing user messages until a Recreate or Resume. */
    static final class Suspend extends SystemMessage {
    }

    /** Child to supervisor parent: my restart (setup included) is complete. */
    static final class RestartDone extends SystemMessage {
        final ActorCell<?> child;

        RestartDone(ActorCell<?> child) {
            this.child = child;
        }
    }

    /** To a supervisor, from its timer: {@code child} has not stopped within its shutdown timeout. */
    static final class ShutdownTimeout extends SystemMessage {
        final ActorCell<?> child;

        ShutdownTimeout(ActorCell<?> child) {
            this.child = child;
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

    /** {@code from}, linked to the receiver, terminated ({@code cause} null: normally). */
    static final class LinkExit extends SystemMessage {
        final ActorCell<?> from;
        final Throwable cause;

        LinkExit(ActorCell<?> from, Throwable cause) {
            this.from = from;
            this.cause = cause;
        }
    }

    /** The receiver was killed: clean up without running any behaviour. */
    static final class Killed extends SystemMessage {
    }
}
