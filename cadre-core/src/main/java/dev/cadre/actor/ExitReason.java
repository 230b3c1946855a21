package dev.cadre.actor;

import java.util.Objects;

/**
 * Why an actor stopped, as its watchers ({@link Terminated}), its linked actors ({@link ExitSignal})
 * and its {@link Supervisor} see it: Erlang's exit reasons, one record each.
 *
 * <table>
 *   <caption>Exit reasons</caption>
 *   <tr><th>Reason</th><th>Erlang</th><th>When</th></tr>
 *   <tr><td>{@link Normal}</td><td>{@code normal}</td><td>the behaviour returned {@link Behaviors#stopped()}</td></tr>
 *   <tr><td>{@link Shutdown}</td><td>{@code shutdown}</td><td>stopped by request: {@code stop}, a parent or
 *       supervisor stopping it, system shutdown, or a linked actor that exited with {@code shutdown}</td></tr>
 *   <tr><td>{@link Killed}</td><td>{@code killed}</td><td>killed: it did not stop within its shutdown
 *       timeout, or {@link ActorSystem#kill} was called; no cleanup signal ran</td></tr>
 *   <tr><td>{@link NoSuchActor}</td><td>{@code noproc}</td><td>the actor was already dead when it was
 *       watched or linked, so its real reason is no longer known</td></tr>
 *   <tr><td>{@link NodeDown}</td><td>{@code noconnection}</td><td>the actor was on another node, and that
 *       node was declared down: whether the actor still runs is not known (only a remote ref's
 *       watchers see it, from the extension that provides the ref: {@link dev.cadre.actor.spi})</td></tr>
 *   <tr><td>{@link Failure}</td><td>any other term</td><td>it failed with {@link Failure#cause()} and
 *       was not restarted</td></tr>
 * </table>
 *
 * <p>Only {@code Normal} is a normal exit: a linked actor that does not trap exits ignores it, and
 * a {@code TRANSIENT} child is not restarted after it. A {@code TRANSIENT} child is not restarted
 * after {@code Shutdown} either (as in OTP).
 */
// NORMAL etc. are instances of nested records, which have no static initialiser that reads
// ExitReason: no initialisation cycle can form.
@SuppressWarnings("ClassInitializationDeadlock")
public sealed interface ExitReason {

    /** The behaviour returned {@link Behaviors#stopped()}. */
    ExitReason NORMAL = new Normal();
    /** Stopped by request (a parent, a supervisor, {@code stop}, shutdown, or a linked shutdown). */
    ExitReason SHUTDOWN = new Shutdown();
    /** Killed without cleanup. */
    ExitReason KILLED = new Killed();
    /** Already dead when watched or linked. */
    ExitReason NO_SUCH_ACTOR = new NoSuchActor();
    /** On another node, which was declared down (Erlang's {@code noconnection}). */
    ExitReason NODE_DOWN = new NodeDown();

    /**
     * A failure.
     *
     * @param cause the exception that stopped the actor
     * @return the reason
     */
    static ExitReason failure(Throwable cause) {
        return new Failure(cause);
    }

    /**
     * Whether this is {@code Normal}, the only reason a non-trapping linked actor ignores.
     *
     * @return true for {@link Normal}
     */
    default boolean isNormal() {
        return this instanceof Normal;
    }

    /** The behaviour returned {@link Behaviors#stopped()} (Erlang's {@code normal}). */
    record Normal() implements ExitReason {
        @Override
        public String toString() {
            return "normal";
        }
    }

    /** Stopped by request (Erlang's {@code shutdown}). */
    record Shutdown() implements ExitReason {
        @Override
        public String toString() {
            return "shutdown";
        }
    }

    /** Killed: no cleanup signal ran (Erlang's {@code killed}). */
    record Killed() implements ExitReason {
        @Override
        public String toString() {
            return "killed";
        }
    }

    /** Already dead when watched or linked (Erlang's {@code noproc}). */
    record NoSuchActor() implements ExitReason {
        @Override
        public String toString() {
            return "no-such-actor";
        }
    }

    /**
     * The actor was on another node, and that node was declared down (Erlang's {@code noconnection}):
     * the actor may still be running there, cut off, but this node will never hear from it again.
     */
    record NodeDown() implements ExitReason {
        @Override
        public String toString() {
            return "node-down";
        }
    }

    /**
     * Failed with an exception and was not restarted.
     *
     * @param cause the exception
     */
    record Failure(Throwable cause) implements ExitReason {
        /**
         * Validates the reason.
         *
         * @param cause not null
         */
        public Failure {
            Objects.requireNonNull(cause, "cause");
        }

        @Override
        public String toString() {
            return "failure(" + cause + ")";
        }
    }
}
