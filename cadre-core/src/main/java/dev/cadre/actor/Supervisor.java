package dev.cadre.actor;

import dev.cadre.bridge.Bridge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A declarative supervisor in the spirit of Erlang/OTP's {@code supervisor}: an actor that starts
 * children from {@link ChildSpec}s and restarts them according to a {@link Strategy}, each child's
 * {@link RestartType}, a decider, and a restart intensity.
 *
 * <pre>
 *                  /user/pipeline   (REST_FOR_ONE, intensity 3 in 5 s)
 *                 /        |         \
 *           reader      parser      writer        started left to right,
 *          (perm.)      (perm.)     (perm.)        stopped right to left
 * </pre>
 *
 * <pre>{@code
 * Behavior<Supervisor.Command> pipeline = Supervisor.builder()
 *         .strategy(Supervisor.Strategy.REST_FOR_ONE)
 *         .intensity(3, Duration.ofSeconds(5))
 *         .child(Supervisor.ChildSpec.of("reader", reader()))
 *         .child(Supervisor.ChildSpec.of("parser", parser()))
 *         .child(Supervisor.ChildSpec.of("writer", writer()))
 *         .build();
 * system.spawn(pipeline, "pipeline");
 * }</pre>
 *
 * <h2>Semantics (Erlang/OTP's, point by point; see docs/supervision.md for the order of events)</h2>
 * <ul>
 *   <li><b>Start.</b> Children start left to right, one at a time: the next is spawned only when
 *       the previous one's setup has run and, if it is itself a supervisor, its whole static
 *       subtree has started. If a child's setup fails, the children already started are stopped
 *       right to left, later ones are never started, and the supervisor fails with
 *       {@link FailedToStartChildException} (no retry: only a failed <em>restart</em> is retried).
 *   <li><b>A child exits</b> when its handler (or setup) throws and no
 *       {@link Behaviors#supervise local strategy} handles it (a failure), when it returns
 *       {@link Behaviors#stopped()} (a normal exit), or when it is stopped or killed from outside.
 *       A child that exits waits, suspended, for the supervisor's decision; its mailbox keeps filling.
 *   <li><b>Restart types.</b> {@code PERMANENT}: restarted after any exit. {@code TRANSIENT}:
 *       restarted unless the exit was {@link ExitReason#NORMAL normal} or
 *       {@link ExitReason#SHUTDOWN shutdown}; it then stays listed, not running, and
 *       {@link Command.RestartChild} can start it again. {@code TEMPORARY}: never restarted, and
 *       forgotten when it exits (or, when a sibling's failure restarts the group, stopped and
 *       forgotten).
 *   <li><b>Decider.</b> For a failure of a non-temporary child, the decider maps the exception to
 *       a {@link Directive}: restart (default), resume (keep state, skip the message; a failure
 *       outside a message handler has no state to keep, so it is restarted instead), stop, or
 *       escalate (the supervisor itself fails with that exception). A decider that throws makes the
 *       supervisor fail with what it threw.
 *   <li><b>Strategies.</b> {@code ONE_FOR_ONE}: restart only the child. {@code ONE_FOR_ALL}: the
 *       failed child's incarnation ends first, then every other child's, right to left, each within
 *       its shutdown; then all start again, left to right. {@code REST_FOR_ONE}: the same for the
 *       child and those started after it. No new incarnation starts while an old one of the group
 *       still runs. A restart whose start fails is retried (and counted) as a new restart.
 *   <li><b>Restart in place.</b> A restarted child keeps its ref and its mailbox: pending
 *       messages are delivered to the new incarnation; only the failed message is lost (it is
 *       reported with the exception). Its old behaviour gets {@link PreRestart}; its own children
 *       are stopped; its timers are cancelled; its setup runs again. A child that was stopped or
 *       killed instead comes back as a new actor with a new ref.
 *   <li><b>Intensity.</b> At most {@code maxRestarts} restarts within {@code period} (a sliding
 *       window, as OTP's; default 1 in 5 s, as OTP's). One more: the supervisor terminates all its
 *       children (right to left) and only then fails with {@link RestartIntensityExceededException},
 *       which its own parent handles (escalation up the tree).
 *   <li><b>Backoff.</b> A child spec with {@link ChildSpec#withBackoff} is restarted after a
 *       growing delay ({@link SupervisorStrategy.Backoff}); its old incarnation ends at once, and
 *       messages arriving meanwhile stay in its mailbox.
 *   <li><b>Shutdown.</b> Stopping the supervisor stops its children in reverse start order, one at
 *       a time, each within its {@link ChildSpec#shutdown()}: a {@link Shutdown.Timeout timeout}
 *       (default 5 s for workers), {@link Shutdown.Infinity infinity} (the default for a child that
 *       is itself a supervisor) or a {@link Shutdown.BrutalKill brutal kill}. A child that does not
 *       stop in time is killed (see {@link ActorSystem#kill}).
 *   <li><b>Which children.</b> {@link Command.WhichChildren} answers between complete reactions
 *       only: never in the middle of a restart.
 * </ul>
 *
 * <h2>OTP terms in Cadre</h2>
 * <table>
 *   <caption>OTP to Cadre</caption>
 *   <tr><th>OTP</th><th>Cadre</th></tr>
 *   <tr><td>{@code supervisor:start_link/3}</td><td>{@code spawn(Supervisor.builder()...build(), name)}</td></tr>
 *   <tr><td>{@code one_for_one}, {@code one_for_all}, {@code rest_for_one}</td><td>{@link Strategy}</td></tr>
 *   <tr><td>{@code simple_one_for_one}</td><td>{@link #pool(ChildSpec)} + {@link Command.StartChild}</td></tr>
 *   <tr><td>{@code intensity}, {@code period}</td><td>{@link Builder#intensity(int, Duration)}</td></tr>
 *   <tr><td>child spec {@code id, start, restart, shutdown}</td><td>{@link ChildSpec}</td></tr>
 *   <tr><td>{@code permanent | transient | temporary}</td><td>{@link RestartType}</td></tr>
 *   <tr><td>{@code shutdown => brutal_kill | Ms | infinity}</td><td>{@link ChildSpec#withShutdown(Shutdown)}</td></tr>
 *   <tr><td>{@code which_children/1}</td><td>{@link Command.WhichChildren}</td></tr>
 *   <tr><td>{@code start_child/2}</td><td>{@link Command.StartChild}</td></tr>
 *   <tr><td>{@code terminate_child/2}, {@code restart_child/2}, {@code delete_child/2}</td><td>{@link Command.TerminateChild}, {@link Command.RestartChild}, {@link Command.DeleteChild}</td></tr>
 *   <tr><td>{@code link/1}, {@code process_flag(trap_exit, true)}</td><td>{@link ActorContext#link}, {@link ActorContext#trapExits}</td></tr>
 *   <tr><td>{@code monitor/2}, {@code 'DOWN'}</td><td>{@link ActorContext#watch}, {@link Terminated}</td></tr>
 * </table>
 */
public final class Supervisor {

    private Supervisor() {
    }

    /** Which children restart when one exits and is to be restarted. */
    public enum Strategy {
        /** Only the child (independent workers). */
        ONE_FOR_ONE,
        /** Every child (tightly coupled actors). */
        ONE_FOR_ALL,
        /** The child and every child started after it (a linear pipeline). */
        REST_FOR_ONE
    }

    /** When a child is restarted. */
    public enum RestartType {
        /** After any exit. */
        PERMANENT,
        /** Only after an abnormal exit (anything but {@link ExitReason#NORMAL} or {@link ExitReason#SHUTDOWN}). */
        TRANSIENT,
        /** Never; forgotten when it exits. */
        TEMPORARY
    }

    /** The supervisor's decision about a child's failure. */
    public enum Directive {
        /** Restart (per the strategy). */
        RESTART,
        /** Keep the child's state; skip the message that failed. */
        RESUME,
        /** Stop the child. */
        STOP,
        /** Fail the supervisor itself with the child's exception. */
        ESCALATE
    }

    /** Whether a listed child is running, as {@link Command.WhichChildren} reports it. */
    public enum ChildStatus {
        /** Started and not being restarted. */
        RUNNING,
        /** Exited and on its way back: waiting out a backoff, or in the middle of a restart. */
        RESTARTING,
        /** Not running and not going to be restarted (transient child that exited normally, or terminated). */
        NOT_RUNNING
    }

    /**
     * How long a child may take to stop before it is killed (OTP's {@code shutdown} field).
     * Applies when the supervisor stops the child, and when it ends the child's incarnation for a
     * restart.
     */
    public sealed interface Shutdown {
        /** Kill at once: no cleanup signal runs (OTP's {@code brutal_kill}). */
        record BrutalKill() implements Shutdown {
        }

        /**
         * Wait up to {@code timeout}, then kill.
         *
         * @param timeout positive
         */
        record Timeout(Duration timeout) implements Shutdown {
            /**
             * Validates the timeout.
             *
             * @param timeout positive
             */
            public Timeout {
                Objects.requireNonNull(timeout, "timeout");
                if (timeout.isZero() || timeout.isNegative()) {
                    throw new IllegalArgumentException("shutdown timeout must be positive, was " + timeout);
                }
            }
        }

        /** Wait as long as it takes (OTP's {@code infinity}; the default for a child that is a supervisor). */
        record Infinity() implements Shutdown {
        }

        /**
         * @return kill at once
         */
        static Shutdown brutalKill() {
            return new BrutalKill();
        }

        /**
         * @param timeout positive
         * @return wait up to {@code timeout}, then kill
         */
        static Shutdown timeout(Duration timeout) {
            return new Timeout(timeout);
        }

        /**
         * @return wait as long as it takes
         */
        static Shutdown infinity() {
            return new Infinity();
        }
    }

    /** Default shutdown timeout of a worker child, as OTP's. */
    public static final Duration DEFAULT_SHUTDOWN = Duration.ofSeconds(5);
    /** Default intensity: restarts allowed within {@link #DEFAULT_PERIOD}, as OTP's. */
    public static final int DEFAULT_INTENSITY = 1;
    /** Default intensity period, as OTP's. */
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(5);

    /**
     * How to start and restart one child.
     *
     * @param id the child's name, unique within the supervisor (a valid actor name)
     * @param behavior its initial behaviour (re-run on every restart)
     * @param restart when it is restarted
     * @param shutdown how long it may take to stop before it is killed
     * @param props how to run it
     * @param backoff restart delays, or null to restart at once
     */
    public record ChildSpec(String id, Behavior<?> behavior, RestartType restart, Shutdown shutdown, Props props,
            SupervisorStrategy.Backoff backoff) {

        /**
         * Validates the spec.
         *
         * @throws IllegalArgumentException naming the bad field or combination
         */
        public ChildSpec {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(behavior, "behavior");
            Objects.requireNonNull(restart, "restart");
            Objects.requireNonNull(shutdown, "shutdown");
            Objects.requireNonNull(props, "props");
            Bridge.runtime().checkActorName(id);
            if (backoff != null && restart == RestartType.TEMPORARY) {
                throw new IllegalArgumentException("child '" + id + "': a TEMPORARY child is never restarted, "
                        + "so a backoff makes no sense; use PERMANENT or TRANSIENT");
            }
        }

        /**
         * A permanent child with default props, no backoff, and OTP's default shutdown: 5 s for a
         * worker, infinity for a child that is itself a {@link Supervisor}.
         *
         * @param id the child's name
         * @param behavior its initial behaviour
         * @return the spec
         */
        public static ChildSpec of(String id, Behavior<?> behavior) {
            Shutdown shutdown = behavior instanceof Behaviors.Deferred<?> d && d.isSupervisor
                    ? Shutdown.infinity() : Shutdown.timeout(DEFAULT_SHUTDOWN);
            return new ChildSpec(id, behavior, RestartType.PERMANENT, shutdown, Props.defaults(), null);
        }

        /**
         * A copy with another restart type.
         *
         * @param type the restart type
         * @return the spec
         */
        public ChildSpec withRestart(RestartType type) {
            return new ChildSpec(id, behavior, type, shutdown, props, backoff);
        }

        /**
         * A copy with another shutdown timeout.
         *
         * @param timeout positive
         * @return the spec
         */
        public ChildSpec withShutdown(Duration timeout) {
            return withShutdown(Shutdown.timeout(timeout));
        }

        /**
         * A copy with another shutdown: a timeout, infinity, or brutal kill.
         *
         * @param shutdown the shutdown
         * @return the spec
         */
        public ChildSpec withShutdown(Shutdown shutdown) {
            return new ChildSpec(id, behavior, restart, shutdown, props, backoff);
        }

        /**
         * A copy with other props.
         *
         * @param props the props
         * @return the spec
         */
        public ChildSpec withProps(Props props) {
            return new ChildSpec(id, behavior, restart, shutdown, props, backoff);
        }

        /**
         * A copy whose restarts wait a growing delay.
         *
         * @param backoff the delays
         * @return the spec
         */
        public ChildSpec withBackoff(SupervisorStrategy.Backoff backoff) {
            return new ChildSpec(id, behavior, restart, shutdown, props, Objects.requireNonNull(backoff, "backoff"));
        }

        /**
         * A copy with another id.
         *
         * @param id the new id
         * @return the spec
         */
        public ChildSpec withId(String id) {
            return new ChildSpec(id, behavior, restart, shutdown, props, backoff);
        }
    }

    /**
     * A listed child, as reported by {@link Command.WhichChildren}.
     *
     * @param id its id
     * @param ref its current incarnation's ref (for a child that is not running: its last one, now dead)
     * @param restart its restart type
     * @param restarts how many times this supervisor has restarted it
     * @param status running, restarting, or not running
     */
    public record ChildInfo(String id, ActorRef<Void> ref, RestartType restart, int restarts, ChildStatus status) {
    }

    /** The answer to {@link Command.StartChild} and {@link Command.RestartChild}. */
    public sealed interface StartResult {
        /**
         * The child started: its setup ran (and, for a supervisor, its whole static subtree started).
         *
         * @param id the child's id
         * @param ref the child
         */
        record Started(String id, ActorRef<Void> ref) implements StartResult {
        }

        /**
         * The child did not start; nothing of it is left (OTP's {@code {error, Reason}}).
         *
         * @param id the child's id
         * @param cause why: its setup's exception, or an {@link IllegalArgumentException} or
         *     {@link IllegalStateException} naming a bad request
         */
        record Failed(String id, Throwable cause) implements StartResult {
        }
    }

    /** What a supervisor accepts. */
    public sealed interface Command {
        /**
         * Starts one more child: from the pool's template ({@link #pool}), or from {@code spec}.
         * Answered when the child has started or failed to start; a child whose first start fails
         * is not kept (as OTP's {@code start_child}).
         *
         * @param spec the child to add, or null for the pool template
         * @param replyTo receives the result
         */
        record StartChild(ChildSpec spec, ActorRef<StartResult> replyTo) implements Command {
        }

        /**
         * Stops a child; it is not restarted. A static child stays listed (not running) and can be
         * restarted with {@link RestartChild}; a pool child or a temporary child is forgotten.
         *
         * @param id the child's id
         */
        record TerminateChild(String id) implements Command {
        }

        /**
         * Starts a listed child that is not running (OTP's {@code restart_child}).
         *
         * @param id the child's id
         * @param replyTo receives the result ({@link StartResult.Failed} if it is running or unknown)
         */
        record RestartChild(String id, ActorRef<StartResult> replyTo) implements Command {
        }

        /**
         * Forgets a listed child that is not running (OTP's {@code delete_child}); a running one is
         * left alone (logged, and the command is reported unhandled).
         *
         * @param id the child's id
         */
        record DeleteChild(String id) implements Command {
        }

        /**
         * Lists the children in start order, between complete reactions (never mid-restart).
         *
         * @param replyTo receives the list
         */
        record WhichChildren(ActorRef<List<ChildInfo>> replyTo) implements Command {
        }
    }

    /**
     * Starts describing a supervisor.
     *
     * @return a builder with OTP's defaults: one-for-one, intensity 1 in 5 s, decider "restart"
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A pool of identical children started on demand with {@link Command.StartChild} (OTP's
     * {@code simple_one_for_one}): one-for-one, each child from {@code template}, named
     * {@code <id>-1}, {@code <id>-2}, ...
     *
     * @param template the spec of every child
     * @return a builder; the template is set
     */
    public static Builder pool(ChildSpec template) {
        Builder b = new Builder();
        b.template = Objects.requireNonNull(template, "template");
        return b;
    }

    /** Describes a supervisor. Validates eagerly: errors surface at {@link #build()}, not at the first crash. */
    public static final class Builder {
        private Strategy strategy = Strategy.ONE_FOR_ONE;
        private int intensity = DEFAULT_INTENSITY;
        private Duration period = DEFAULT_PERIOD;
        private Function<Throwable, Directive> decider = t -> Directive.RESTART;
        private final List<ChildSpec> children = new ArrayList<>();
        private ChildSpec template;

        private Builder() {
        }

        /**
         * @param strategy which children restart together
         * @return this builder
         */
        public Builder strategy(Strategy strategy) {
            this.strategy = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /**
         * @param maxRestarts restarts allowed within {@code period}, at least 1
         * @param period the sliding window, positive
         * @return this builder
         * @throws IllegalArgumentException if either is not positive
         */
        public Builder intensity(int maxRestarts, Duration period) {
            Objects.requireNonNull(period, "period");
            if (maxRestarts < 1) {
                throw new IllegalArgumentException("intensity must be >= 1, was " + maxRestarts);
            }
            if (period.isZero() || period.isNegative()) {
                throw new IllegalArgumentException("intensity period must be positive, was " + period);
            }
            this.intensity = maxRestarts;
            this.period = period;
            return this;
        }

        /**
         * @param decider maps a child's exception to a directive (default: always restart)
         * @return this builder
         */
        public Builder decider(Function<Throwable, Directive> decider) {
            this.decider = Objects.requireNonNull(decider, "decider");
            return this;
        }

        /**
         * Adds a child, started after those added before it.
         *
         * @param spec the child
         * @return this builder
         * @throws IllegalArgumentException if the id is taken
         */
        public Builder child(ChildSpec spec) {
            Objects.requireNonNull(spec, "spec");
            for (ChildSpec c : children) {
                if (c.id().equals(spec.id())) {
                    throw new IllegalArgumentException("duplicate child id '" + spec.id() + "'");
                }
            }
            children.add(spec);
            return this;
        }

        /**
         * The supervisor's behaviour.
         *
         * @return the behaviour, accepting {@link Command}s
         * @throws IllegalArgumentException for an invalid combination
         */
        public Behavior<Command> build() {
            if (template != null && !children.isEmpty()) {
                throw new IllegalArgumentException("a pool starts its children on demand from its template; "
                        + "do not add static children to it");
            }
            if (template != null && strategy != Strategy.ONE_FOR_ONE) {
                throw new IllegalArgumentException("a pool (simple_one_for_one) restarts children one for one; "
                        + strategy + " is not allowed");
            }
            List<ChildSpec> specs = List.copyOf(children);
            Strategy s = strategy;
            int i = intensity;
            Duration p = period;
            Function<Throwable, Directive> d = decider;
            ChildSpec t = template;
            return new Behaviors.Deferred<>(ctx -> {
                var onCommand = Bridge.runtime().startSupervisor(ctx, s, i, p, d, specs, t);
                return Behaviors.receiveMessage(onCommand::apply);
            }, true);
        }
    }
}
