package dev.cadre.internal.runtime;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.Supervisor.ChildSpec;
import dev.cadre.actor.Supervisor.StartResult;
import dev.cadre.internal.supervision.BackoffClock;
import java.util.concurrent.ScheduledFuture;

/**
 * INTERNAL API. One child listed by a {@link SupervisorLogic}: its spec, its current actor, and
 * where it is in its own life cycle. Owner only (the supervisor's thread).
 *
 * <pre>
 *   STARTING (spawned or told Start; waits for Started) -> RUNNING -> (exit: the supervisor decides)
 *     -> RESETTING (told Reset; waits for ResetDone, within its shutdown)
 *     -> IDLE (incarnation ended; waits for its backoff or its turn in the group) -> STARTING
 *   or STOPPING (told Terminate) -> NOT_RUNNING (listed, restartable) or forgotten
 * </pre>
 * {@code cell} is null once the child's actor has terminated (a start then spawns a new one).
 */
final class SupervisedChild {
    enum State { STARTING, RUNNING, RESETTING, IDLE, STOPPING, NOT_RUNNING }

    final ChildSpec<?> spec;
    /** Started by StartChild: forgotten when it stops, and when its first start fails. */
    final boolean dynamic;
    /** The live actor, or null once it has terminated. */
    ActorCell<?> cell;
    /** The last incarnation's ref, for reports. */
    ActorRef<Object> ref;
    State state = State.NOT_RUNNING;
    /** Counts this child's starts: an exit that waited is stale if the child was started since. */
    int epoch;
    int restarts;
    boolean everStarted;
    /** A start was attempted during the supervisor's initial start (it is not attempted twice). */
    boolean startAttempted;
    /** Forget the child once it has stopped. */
    boolean deleteWhenStopped;
    BackoffClock backoff;
    long token;
    ScheduledFuture<?> timer;
    /** Waits for the outcome of a StartChild or RestartChild. */
    ActorRef<StartResult<Object>> replyTo;
    /** The actor last registered under the spec's service key (a new actor registers again). */
    ActorCell<?> registered;

    SupervisedChild(ChildSpec<?> spec, boolean dynamic) {
        this.spec = spec;
        this.dynamic = dynamic;
    }

    String id() {
        return spec.id();
    }
}
