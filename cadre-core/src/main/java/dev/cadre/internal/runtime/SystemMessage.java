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
}
