package dev.cadre.actor;

import dev.cadre.bridge.Bridge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A declarative supervisor in the spirit of Erlang/OTP's {@code supervisor}: an actor that starts
 * children from {@link ChildSpec}s and restarts them according to a {@link Strategy}, each child's
 * {@link RestartType}, a decider (which returns a {@link Directive}, the vocabulary local
 * supervision uses too), and a restart intensity.
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
 *         .child(Supervisor.ChildSpec.of("parser", parser()).registeredAs(PARSER)) // ServiceKey<ParserMsg>
 *         .child(Supervisor.ChildSpec.of("writer", writer()))
 *         .build();
 * system.spawn(pipeline, "pipeline");
 * ActorRef<ParserMsg> parser = system.receptionist().await(PARSER, Duration.ofSeconds(5)).join();
 * }</pre>
 *
 * <p><b>Typed handles to children.</b> A {@link ChildSpec} is typed by its child's messages.
 * {@link Command.StartChild} answers a {@link StartResult} carrying the new child's typed ref. A
 * spec {@link ChildSpec#registeredAs registered} under a {@link ServiceKey} is registered with the
 * system's {@link Receptionist} each time its child starts as a new actor (and deregistered when
 * it stops), so anyone can find it, typed, and {@link Receptionist#subscribe learn} of its
 * replacement. A restart in place keeps the ref.
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
 *       a {@link Directive}: {@link Directive#restart() restart} (the default), resume (keep state,
 *       skip the message; a failure outside a message handler has no state to keep, so it is
 *       restarted instead), stop, or escalate (the supervisor itself fails with that exception). A
 *       decider that throws, or returns a limited restart or a backoff (the supervisor's intensity
 *       and the child's backoff decide those), makes the supervisor fail with what it threw, or
 *       with an {@link IllegalArgumentException} saying so.
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
 *       growing delay ({@link Backoff}); its old incarnation ends at once, and
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
 *   <tr><td>{@code simple_one_for_one}</td><td>{@link #pool(ChildSpec)} + {@link Command.StartChild} with the template</td></tr>
 *   <tr><td>{@code intensity}, {@code period}</td><td>{@link Builder#intensity(int, Duration)}</td></tr>
 *   <tr><td>child spec {@code id, start, restart, shutdown}</td><td>{@link ChildSpec}</td></tr>
 *   <tr><td>{@code permanent | transient | temporary}</td><td>{@link RestartType}</td></tr>
 *   <tr><td>{@code shutdown => brutal_kill | Ms | infinity}</td><td>{@link ChildSpec#withShutdown(Shutdown)}</td></tr>
 *   <tr><td>{@code which_children/1}</td><td>{@link Command.WhichChildren}</td></tr>
 *   <tr><td>{@code start_child/2}</td><td>{@link Command.StartChild}</td></tr>
 *   <tr><td>{@code terminate_child/2}, {@code restart_child/2}, {@code delete_child/2}</td><td>{@link Command.TerminateChild}, {@link Command.RestartChild}, {@link Command.DeleteChild}</td></tr>
 *   <tr><td>{@code link/1}, {@code process_flag(trap_exit, true)}</td><td>{@link ActorContext#link}, {@link ActorContext#trapExits}</td></tr>
 *   <tr><td>{@code monitor/2}, {@code 'DOWN'}</td><td>{@link ActorContext#watch}, {@link Terminated}</td></tr>
 *   <tr><td>{@code register/2}, {@code whereis/1}; OTP's {@code pg}</td><td>{@link Receptionist}, {@link ServiceKey}</td></tr>
 * </table>
 *
 * <p><b>Why this file is long.</b> It is the whole specification of supervision in one place,
 * like OTP's {@code supervisor} manual page: the order of events, the defaults, the commands and
 * the child specification, nearly all of it Javadoc over small records. The behaviour itself is
 * in the runtime ({@code SupervisorLogic}).
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
         * Kills at once, with no cleanup.
         *
         * @return kill at once
         */
        static Shutdown brutalKill() {
            return new BrutalKill();
        }

        /**
         * Waits at most {@code timeout}, then kills.
         *
         * @param timeout positive
         * @return wait up to {@code timeout}, then kill
         */
        static Shutdown timeout(Duration timeout) {
            return new Timeout(timeout);
        }

        /**
         * Waits as long as the child takes (for a child that is itself a supervisor).
         *
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
    /** Default decider: restart, whatever the failure. */
    public static final Function<Throwable, Directive> DEFAULT_DECIDER = t -> Directive.restart();

    /**
     * How to start and restart one child.
     *
     * @param id the child's name, unique within the supervisor (a valid actor name)
     * @param behavior its initial behaviour (re-run on every restart)
     * @param restart when it is restarted
     * @param shutdown how long it may take to stop before it is killed
     * @param props how to run it
     * @param backoff restart delays; empty: restart at once
     * @param serviceKey the key it is registered under with the system's {@link Receptionist} each
     *     time it starts as a new actor; empty: not registered
     * @param <T> the child's message type
     */
    public record ChildSpec<T>(String id, Behavior<T> behavior, RestartType restart, Shutdown shutdown, Props props,
            Optional<Backoff> backoff, Optional<ServiceKey<T>> serviceKey) {

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
            Objects.requireNonNull(backoff, "backoff");
            Objects.requireNonNull(serviceKey, "serviceKey");
            Bridge.runtime().checkActorName(id);
            if (backoff.isPresent() && restart == RestartType.TEMPORARY) {
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
         * @param <T> the child's message type
         * @return the spec
         */
        public static <T> ChildSpec<T> of(String id, Behavior<T> behavior) {
            Shutdown shutdown = behavior instanceof Behaviors.Deferred<?> d && d.isSupervisor
                    ? Shutdown.infinity() : Shutdown.timeout(DEFAULT_SHUTDOWN);
            return new ChildSpec<>(id, behavior, RestartType.PERMANENT, shutdown, Props.defaults(), Optional.empty(),
                    Optional.empty());
        }

        /**
         * A copy with another restart type.
         *
         * @param type the restart type
         * @return the spec
         */
        public ChildSpec<T> withRestart(RestartType type) {
            return new ChildSpec<>(id, behavior, type, shutdown, props, backoff, serviceKey);
        }

        /**
         * A copy with another shutdown timeout.
         *
         * @param timeout positive
         * @return the spec
         */
        public ChildSpec<T> withShutdown(Duration timeout) {
            return withShutdown(Shutdown.timeout(timeout));
        }

        /**
         * A copy with another shutdown: a timeout, infinity, or brutal kill.
         *
         * @param shutdown the shutdown
         * @return the spec
         */
        public ChildSpec<T> withShutdown(Shutdown shutdown) {
            return new ChildSpec<>(id, behavior, restart, shutdown, props, backoff, serviceKey);
        }

        /**
         * A copy with other props.
         *
         * @param props the props
         * @return the spec
         */
        public ChildSpec<T> withProps(Props props) {
            return new ChildSpec<>(id, behavior, restart, shutdown, props, backoff, serviceKey);
        }

        /**
         * A copy whose restarts wait a growing delay.
         *
         * @param backoff the delays
         * @return the spec
         */
        public ChildSpec<T> withBackoff(Backoff backoff) {
            return new ChildSpec<>(id, behavior, restart, shutdown, props,
                    Optional.of(Objects.requireNonNull(backoff, "backoff")), serviceKey);
        }

        /**
         * A copy that is registered with the system's {@link Receptionist} under {@code key} each
         * time it starts as a new actor (a restart in place keeps the registration).
         *
         * @param key the key
         * @return the spec
         */
        public ChildSpec<T> registeredAs(ServiceKey<T> key) {
            return new ChildSpec<>(id, behavior, restart, shutdown, props, backoff,
                    Optional.of(Objects.requireNonNull(key, "key")));
        }

        /**
         * A copy with another id.
         *
         * @param id the new id
         * @return the spec
         */
        public ChildSpec<T> withId(String id) {
            return new ChildSpec<>(id, behavior, restart, shutdown, props, backoff, serviceKey);
        }
    }

    /**
     * A listed child, as reported by {@link Command.WhichChildren}.
     *
     * @param id its id
     * @param ref its current incarnation's ref (for a child that is not running: its last one, now
     *     dead); untyped, as the list mixes children of different protocols (a {@link ChildSpec}
     *     registered with a {@link ServiceKey} gives typed refs)
     * @param restart its restart type
     * @param restarts how many times this supervisor has restarted it
     * @param status running, restarting, or not running
     */
    public record ChildInfo(String id, ActorRef<Void> ref, RestartType restart, int restarts, ChildStatus status) {
    }

    /**
     * The answer to {@link Command.StartChild} and {@link Command.RestartChild}.
     *
     * @param <T> the child's message type
     */
    public sealed interface StartResult<T> {
        /**
         * The child started: its setup ran (and, for a supervisor, its whole static subtree started).
         *
         * @param id the child's id
         * @param ref the child, typed
         * @param <T> the child's message type
         */
        record Started<T>(String id, ActorRef<T> ref) implements StartResult<T> {
        }

        /**
         * The child did not start; nothing of it is left (OTP's {@code {error, Reason}}).
         *
         * @param id the child's id
         * @param cause why: its setup's exception, or an {@link IllegalArgumentException} or
         *     {@link IllegalStateException} naming a bad request
         * @param <T> the child's message type
         */
        record Failed<T>(String id, Throwable cause) implements StartResult<T> {
        }
    }

    /** What a supervisor accepts. */
    public sealed interface Command {
        /**
         * Starts one more child from {@code spec}; for a {@link #pool}, pass the pool's template: the
         * child is then named {@code <id>-1}, {@code <id>-2}, ... Answered when the child has
         * started or failed to start; a child whose first start fails is not kept (as OTP's
         * {@code start_child}).
         *
         * @param spec the child to add (a pool's: its template)
         * @param replyTo receives the result, with the child's typed ref
         * @param <T> the child's message type
         */
        record StartChild<T>(ChildSpec<T> spec, ActorRef<StartResult<T>> replyTo) implements Command {
            /**
             * Validates the command.
             *
             * @param spec not null
             * @param replyTo not null
             */
            public StartChild {
                Objects.requireNonNull(spec, "spec");
                Objects.requireNonNull(replyTo, "replyTo");
            }
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
         * @param spec the child's spec, as the supervisor lists it (its id names the child)
         * @param replyTo receives the result ({@link StartResult.Failed} if it is running, unknown,
         *     or listed with another spec)
         * @param <T> the child's message type
         */
        record RestartChild<T>(ChildSpec<T> spec, ActorRef<StartResult<T>> replyTo) implements Command {
            /**
             * Validates the command.
             *
             * @param spec not null
             * @param replyTo not null
             */
            public RestartChild {
                Objects.requireNonNull(spec, "spec");
                Objects.requireNonNull(replyTo, "replyTo");
            }
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
     * @return a builder with OTP's defaults: one-for-one, intensity {@value #DEFAULT_INTENSITY} in
     *     {@link #DEFAULT_PERIOD}, decider "restart"
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A pool of identical children started on demand with {@link Command.StartChild} of the
     * template (OTP's {@code simple_one_for_one}): one-for-one, each child from {@code template},
     * named {@code <id>-1}, {@code <id>-2}, ...
     *
     * @param template the spec of every child
     * @return a builder; the template is set
     */
    public static Builder pool(ChildSpec<?> template) {
        Builder b = new Builder();
        b.template = Objects.requireNonNull(template, "template");
        return b;
    }

    /** Describes a supervisor. Validates eagerly: errors surface at {@link #build()}, not at the first crash. */
    public static final class Builder {
        private Strategy strategy = Strategy.ONE_FOR_ONE;
        private int intensity = DEFAULT_INTENSITY;
        private Duration period = DEFAULT_PERIOD;
        private Function<Throwable, Directive> decider = DEFAULT_DECIDER;
        private final List<ChildSpec<?>> children = new ArrayList<>();
        private @Nullable ChildSpec<?> template;

        private Builder() {
        }

        /**
         * Sets which children restart together.
         *
         * @param strategy which children restart together
         * @return this builder
         */
        public Builder strategy(Strategy strategy) {
            this.strategy = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /**
         * Sets the restart intensity.
         *
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
         * Sets the decider.
         *
         * @param decider maps a child's exception to {@link Directive#restart()} (the default),
         *     {@link Directive#resume()}, {@link Directive#stop()} or {@link Directive#escalate()}
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
        public Builder child(ChildSpec<?> spec) {
            Objects.requireNonNull(spec, "spec");
            for (ChildSpec<?> c : children) {
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
            List<ChildSpec<?>> specs = List.copyOf(children);
            Strategy s = strategy;
            int i = intensity;
            Duration p = period;
            Function<Throwable, Directive> d = decider;
            ChildSpec<?> t = template;
            return new Behaviors.Deferred<>(ctx -> {
                var onCommand = Bridge.runtime().startSupervisor(ctx, s, i, p, d, specs, t);
                return Behaviors.receiveMessage(onCommand::apply);
            }, true);
        }
    }
}
