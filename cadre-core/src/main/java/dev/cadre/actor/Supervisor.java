package dev.cadre.actor;

import dev.cadre.internal.runtime.ActorCell;
import dev.cadre.internal.runtime.SupervisorLogic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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
 * <h2>Semantics</h2>
 * <ul>
 *   <li><b>Start order.</b> Children start in spec order, each named by its id
 *       ({@code /user/pipeline/parser}).
 *   <li><b>A child exits</b> when its handler (or setup) throws and no
 *       {@link Behaviors#supervise local strategy} handles it (an abnormal exit), or when it
 *       returns {@link Behaviors#stopped()} (a normal exit). It is suspended (its mailbox keeps
 *       filling) until the supervisor decides.
 *   <li><b>Restart types.</b> {@code PERMANENT}: restarted after any exit. {@code TRANSIENT}:
 *       restarted only after an abnormal exit. {@code TEMPORARY}: never restarted (and, when a
 *       sibling's failure restarts it under one-for-all or rest-for-one, stopped instead).
 *   <li><b>Decider.</b> For an abnormal exit of a non-temporary child, the decider maps the
 *       exception to a {@link Directive}: restart (default), resume (keep state, skip the
 *       message), stop, or escalate (the supervisor itself fails with that exception).
 *   <li><b>Strategies.</b> {@code ONE_FOR_ONE}: restart only the child. {@code ONE_FOR_ALL}:
 *       restart every child. {@code REST_FOR_ONE}: restart the child and those started after it.
 *       Restarted children are first suspended, then restarted one after another in start
 *       order, each completing before the next begins.
 *   <li><b>Restart in place.</b> A restarted child keeps its ref and its mailbox: pending
 *       messages are delivered to the new incarnation; only the failed message is lost (it is
 *       reported with the exception). Its old behaviour gets {@link PreRestart}; its own children
 *       are stopped; its timers are cancelled; its setup runs again.
 *   <li><b>Intensity.</b> At most {@code maxRestarts} restart decisions within {@code period}
 *       (a sliding window, as OTP's; default 1 in 5 s, as OTP's). One more: the supervisor stops
 *       all children (right to left) and fails with {@link RestartIntensityExceededException},
 *       which its own parent handles (escalation up the tree).
 *   <li><b>Backoff.</b> A child spec with {@link ChildSpec#withBackoff} is restarted after a
 *       growing delay ({@link SupervisorStrategy.Backoff}); messages arriving meanwhile stay in its
 *       mailbox.
 *   <li><b>Shutdown.</b> Stopping the supervisor stops its children in reverse start order, one at
 *       a time; a child that has not stopped within its {@link ChildSpec#shutdown()} timeout is
 *       killed (its actor is marked dead at once; a handler still running is abandoned, and
 *       interrupted if it runs on a virtual thread).
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
 *   <tr><td>{@code shutdown => brutal_kill | Ms}</td><td>{@link ChildSpec#withShutdown(Duration)}</td></tr>
 *   <tr><td>{@code which_children/1}</td><td>{@link Command.WhichChildren}</td></tr>
 *   <tr><td>{@code terminate_child/2}</td><td>{@link Command.TerminateChild}</td></tr>
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
        /** After any exit, normal or abnormal. */
        PERMANENT,
        /** Only after an abnormal exit (a failure). */
        TRANSIENT,
        /** Never. */
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

    /** Default shutdown timeout of a child, as OTP's for workers. */
    public static final Duration DEFAULT_SHUTDOWN = Duration.ofSeconds(5);
    /** Default intensity: restarts allowed within {@link #DEFAULT_PERIOD}, as OTP's. */
    public static final int DEFAULT_INTENSITY = 1;
    /** Default intensity period, as OTP's. */
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(5);

    /**
     * How to start and restart one child.
     *
     * @param id the child's name, unique within the supervisor
     * @param behavior its initial behaviour (re-run on every restart)
     * @param restart when it is restarted
     * @param shutdown how long it may take to stop before it is killed; positive
     * @param props how to run it
     * @param backoff restart delays, or null to restart at once
     */
    public record ChildSpec(String id, Behavior<?> behavior, RestartType restart, Duration shutdown, Props props,
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
            if (id.isEmpty() || id.startsWith("$") || id.contains("/")) {
                throw new IllegalArgumentException("invalid child id '" + id + "': use a valid actor name");
            }
            if (shutdown.isZero() || shutdown.isNegative()) {
                throw new IllegalArgumentException("child '" + id + "': shutdown timeout must be positive, was "
                        + shutdown);
            }
            if (backoff != null && restart == RestartType.TEMPORARY) {
                throw new IllegalArgumentException("child '" + id + "': a TEMPORARY child is never restarted, "
                        + "so a backoff makes no sense; use PERMANENT or TRANSIENT");
            }
        }

        /**
         * A permanent child with the default shutdown timeout, default props, no backoff.
         *
         * @param id the child's name
         * @param behavior its initial behaviour
         * @return the spec
         */
        public static ChildSpec of(String id, Behavior<?> behavior) {
            return new ChildSpec(id, behavior, RestartType.PERMANENT, DEFAULT_SHUTDOWN, Props.defaults(), null);
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
            return new ChildSpec(id, behavior, restart, timeout, props, backoff);
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

    /** A running child, as reported by {@link Command.WhichChildren}. */
    public record ChildInfo(String id, ActorRef<Void> ref, RestartType restart, int restarts) {
    }

    /** What a supervisor accepts. */
    public sealed interface Command {
        /**
         * Starts one more child: from the pool's template ({@link #pool}), or from {@code spec}.
         *
         * @param spec the child to add, or null for the pool template
         * @param replyTo receives the new child's ref
         */
        record StartChild(ChildSpec spec, ActorRef<ActorRef<Void>> replyTo) implements Command {
        }

        /**
         * Stops a child and forgets it (it is not restarted).
         *
         * @param id the child's id
         */
        record TerminateChild(String id) implements Command {
        }

        /**
         * Lists the running children in start order.
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
            Set<String> ids = new HashSet<>();
            for (ChildSpec c : children) {
                ids.add(c.id());
            }
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
            return Behaviors.setup(ctx -> {
                SupervisorLogic logic = new SupervisorLogic((ActorCell<Command>) ctx, s, i, p, d, specs, t);
                return Behaviors.receiveMessage(logic::onCommand);
            });
        }
    }
}
