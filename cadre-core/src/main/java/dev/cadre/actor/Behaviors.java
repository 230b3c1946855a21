package dev.cadre.actor;

import dev.cadre.bridge.ApiAccess;
import dev.cadre.bridge.Bridge;
import dev.cadre.bridge.StashHook;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Factories for behaviours, functional style.
 *
 * <pre>{@code
 * sealed interface Counter {
 *     record Add(int n) implements Counter {}
 *     record Get(ActorRef<Integer> replyTo) implements Counter {}
 * }
 * static Behavior<Counter> counter(int total) {
 *     return Behaviors.receive((ctx, msg) -> switch (msg) {
 *         case Counter.Add a -> counter(total + a.n());
 *         case Counter.Get g -> { g.replyTo().tell(total); yield Behaviors.same(); }
 *     });
 * }
 * }</pre>
 *
 * <p><b>Why this file is long.</b> It is the catalogue of the functional API: each factory is a
 * few lines, and most of the file is their Javadoc and the small behaviour records they return
 * (receive, setup, supervise, stash, timers). One entry point for users to read beats a handful of
 * classes they would have to know to look for.
 */
public final class Behaviors {

    private Behaviors() {
    }

    /**
     * Handles a message with access to the actor's context.
     *
     * @param <T> the message type
     */
    @FunctionalInterface
    public interface MessageHandler<T> {
        /**
         * Handles one message.
         *
         * @param ctx the actor's context
         * @param message the message
         * @return the next behaviour
         * @throws Exception to fail the actor
         */
        Behavior<T> apply(ActorContext<T> ctx, T message) throws Exception;
    }

    /**
     * Handles a message without the context.
     *
     * @param <T> the message type
     */
    @FunctionalInterface
    public interface MessageFunction<T> {
        /**
         * Handles one message.
         *
         * @param message the message
         * @return the next behaviour
         * @throws Exception to fail the actor
         */
        Behavior<T> apply(T message) throws Exception;
    }

    /**
     * Handles a lifecycle signal.
     *
     * @param <T> the message type of the behaviour
     */
    @FunctionalInterface
    public interface SignalHandler<T> {
        /**
         * Handles one signal.
         *
         * @param ctx the actor's context
         * @param signal the signal
         * @return the next behaviour, or {@link #unhandled()}
         * @throws Exception to fail the actor
         */
        Behavior<T> apply(ActorContext<T> ctx, Signal signal) throws Exception;
    }

    /**
     * Handles one kind of lifecycle signal.
     *
     * @param <T> the message type of the behaviour
     * @param <S> the signal type
     */
    @FunctionalInterface
    public interface TypedSignalHandler<T, S extends Signal> {
        /**
         * Handles one signal of the registered type.
         *
         * @param ctx the actor's context
         * @param signal the signal
         * @return the next behaviour, or {@link #unhandled()}
         * @throws Exception to fail the actor
         */
        Behavior<T> apply(ActorContext<T> ctx, S signal) throws Exception;
    }

    /**
     * Builds the initial behaviour when the actor starts.
     *
     * @param <T> the message type
     */
    @FunctionalInterface
    public interface Factory<T> {
        /**
         * Creates the behaviour, once the actor exists.
         *
         * @param ctx the new actor's context
         * @return the behaviour to run
         * @throws Exception to fail the actor before its first message
         */
        Behavior<T> apply(ActorContext<T> ctx) throws Exception;
    }

    /**
     * Runs {@code factory} once when the actor starts (on the actor's own thread, before its
     * first message), and behaves as the result. Use it to spawn children, start timers, or
     * create an {@link AbstractBehavior}. An exception thrown here fails the actor.
     *
     * @param factory builds the behaviour; not {@code null}
     * @param <T> the message type
     * @return a deferred behaviour
     */
    public static <T> Behavior<T> setup(Factory<T> factory) {
        return new Deferred<>(Objects.requireNonNull(factory, "factory"));
    }

    /**
     * A behaviour that handles each message with {@code handler}.
     *
     * @param handler the message handler; not {@code null}
     * @param <T> the message type
     * @return the behaviour; add signal handling with {@link Receive#onSignal}
     */
    public static <T> Receive<T> receive(MessageHandler<T> handler) {
        return new Receive<>(Objects.requireNonNull(handler, "handler"), null);
    }

    /**
     * A behaviour that handles each message with {@code handler}, which does not need the context.
     *
     * @param handler the message handler; not {@code null}
     * @param <T> the message type
     * @return the behaviour; add signal handling with {@link Receive#onSignal}
     */
    public static <T> Receive<T> receiveMessage(MessageFunction<T> handler) {
        Objects.requireNonNull(handler, "handler");
        return new Receive<>((ctx, msg) -> handler.apply(msg), null);
    }

    /**
     * A behaviour that handles only signals; every message is unhandled.
     *
     * @param handler the signal handler; not {@code null}
     * @param <T> the message type
     * @return the behaviour
     */
    public static <T> Receive<T> receiveSignal(SignalHandler<T> handler) {
        return new Receive<>((ctx, msg) -> unhandled(), Objects.requireNonNull(handler, "handler"));
    }

    /**
     * Returned from a handler: keep the current behaviour (and its state).
     *
     * @param <T> the message type
     * @return the marker
     */
    @SuppressWarnings("unchecked")
    public static <T> Behavior<T> same() {
        return (Behavior<T>) Marker.SAME;
    }

    /**
     * Returned from a handler: the message was not understood. The behaviour stays as it is and
     * the message is published to dead letters with reason {@link DeadLetter.Reason#UNHANDLED}.
     *
     * @param <T> the message type
     * @return the marker
     */
    @SuppressWarnings("unchecked")
    public static <T> Behavior<T> unhandled() {
        return (Behavior<T>) Marker.UNHANDLED;
    }

    /**
     * Returned from a handler: stop this actor. Its children are stopped first, then the current
     * behaviour receives {@link PostStop}.
     *
     * @param <T> the message type
     * @return the marker
     */
    @SuppressWarnings("unchecked")
    public static <T> Behavior<T> stopped() {
        return (Behavior<T>) Stopped.PLAIN;
    }

    /**
     * Like {@link #stopped()}, and also runs {@code postStop} after the {@link PostStop} signal.
     *
     * @param postStop the cleanup to run; not {@code null}
     * @param <T> the message type
     * @return the marker
     */
    public static <T> Behavior<T> stopped(Runnable postStop) {
        return new Stopped<>(Objects.requireNonNull(postStop, "postStop"));
    }

    /**
     * A behaviour that treats every message as unhandled (each becomes a dead letter with reason
     * {@link DeadLetter.Reason#UNHANDLED}).
     *
     * @param <T> the message type
     * @return the behaviour
     */
    @SuppressWarnings("unchecked")
    public static <T> Behavior<T> empty() {
        return (Behavior<T>) Fixed.EMPTY;
    }

    /**
     * A behaviour that accepts and silently discards every message (counted as processed).
     *
     * @param <T> the message type
     * @return the behaviour
     */
    @SuppressWarnings("unchecked")
    public static <T> Behavior<T> ignore() {
        return (Behavior<T>) Fixed.IGNORE;
    }

    /**
     * Wraps a behaviour with local supervision: add rules with {@link Supervise#onFailure}. The
     * first rule whose exception class matches decides (see {@link Directive}); a failure no rule
     * matches goes to the parent, as without the wrapper.
     *
     * <pre>{@code
     * Behaviors.supervise(worker())
     *         .onFailure(ProviderException.class,
     *                 Directive.restartWithBackoff(ofMillis(10), ofSeconds(1), 0.2))
     *         .onFailure(IllegalArgumentException.class, Directive.resume())
     * }</pre>
     *
     * @param behavior the behaviour to supervise
     * @param <T> the message type
     * @return a wrapper without rules yet
     */
    public static <T> Supervise<T> supervise(Behavior<T> behavior) {
        return new Supervise<>(Objects.requireNonNull(behavior, "behavior"), java.util.List.of());
    }

    /**
     * A behaviour with local supervision rules; immutable.
     *
     * @param <T> the message type
     */
    public static final class Supervise<T> extends Behavior<T> {
        /**
         * What {@link #onFailure(Directive)} catches: every {@link Exception}, not an {@link Error}
         * (out of memory, a stack overflow, a linkage error go to the parent: restarting in place
         * rarely cures them). To catch those too, add a rule for {@code Throwable.class}.
         */
        public static final Class<Exception> DEFAULT_FAILURE_TYPE = Exception.class;

        final Behavior<T> inner;
        final java.util.List<java.util.Map.Entry<Class<? extends Throwable>, Directive>> rules;

        Supervise(Behavior<T> inner,
                java.util.List<java.util.Map.Entry<Class<? extends Throwable>, Directive>> rules) {
            super(ApiAccess.SUPERVISE);
            this.inner = inner;
            this.rules = rules;
        }

        /**
         * A copy with one more rule, consulted after the earlier ones.
         *
         * @param type the failures it covers (subclasses included)
         * @param directive what to do
         * @return the new wrapper
         */
        public Supervise<T> onFailure(Class<? extends Throwable> type, Directive directive) {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(directive, "directive");
            var more = new java.util.ArrayList<>(rules);
            more.add(java.util.Map.entry(type, directive));
            return new Supervise<>(inner, java.util.List.copyOf(more));
        }

        /**
         * A copy with a rule for every {@link Exception} ({@link #DEFAULT_FAILURE_TYPE}; not for an
         * {@link Error}).
         *
         * @param directive what to do
         * @return the new wrapper
         */
        public Supervise<T> onFailure(Directive directive) {
            return onFailure(DEFAULT_FAILURE_TYPE, directive);
        }

        /**
         * The rules in a few words, for logs and tools, e.g.
         * {@code "ProviderException: restart with backoff 1ms..4ms; Exception: resume"}.
         *
         * @return the description
         */
        @Override
        public String toString() {
            var sb = new StringBuilder();
            for (var rule : rules) {
                if (!sb.isEmpty()) {
                    sb.append("; ");
                }
                sb.append(rule.getKey().getSimpleName()).append(": ")
                        .append(rule.getValue());
            }
            return sb.isEmpty() ? "no rules" : sb.toString();
        }
    }

    /**
     * Gives the behaviour built by {@code factory} a {@link StashBuffer} of {@code capacity}.
     *
     * @param capacity the most messages the buffer holds, at least 1
     * @param factory builds the behaviour with the buffer
     * @param <T> the message type
     * @return the behaviour
     * @throws IllegalArgumentException if capacity is less than 1
     */
    public static <T> Behavior<T> withStash(int capacity, java.util.function.Function<StashBuffer<T>, Behavior<T>> factory) {
        if (capacity < 1) {
            throw new IllegalArgumentException("stash capacity must be >= 1, was " + capacity);
        }
        Objects.requireNonNull(factory, "factory");
        return setup(ctx -> {
            Stash<T> stash = new Stash<>(capacity, ctx);
            Bridge.runtime().registerStash(ctx, stash);
            return factory.apply(stash);
        });
    }

    /**
     * Gives the behaviour built by {@code factory} the actor's {@link TimerScheduler}.
     *
     * @param factory builds the behaviour with the timers
     * @param <T> the message type
     * @return the behaviour
     */
    public static <T> Behavior<T> withTimers(java.util.function.Function<TimerScheduler<T>, Behavior<T>> factory) {
        Objects.requireNonNull(factory, "factory");
        return setup(ctx -> factory.apply(Bridge.runtime().timers(ctx)));
    }

    /**
     * A functional behaviour: a message handler plus an optional signal handler.
     *
     * @param <T> the message type
     */
    public static final class Receive<T> extends Behavior<T> {
        private final MessageHandler<T> onMessage;
        private final @Nullable SignalHandler<T> onSignal;

        Receive(MessageHandler<T> onMessage, @Nullable SignalHandler<T> onSignal) {
            super(ApiAccess.LIVE);
            this.onMessage = onMessage;
            this.onSignal = onSignal;
        }

        /**
         * Returns a copy of this behaviour that also handles every signal with {@code handler}.
         * Signal handlers are consulted in the order they were added; the first that does not
         * return {@link #unhandled()} decides.
         *
         * @param handler the signal handler; not {@code null}
         * @return the new behaviour
         */
        public Receive<T> onSignal(SignalHandler<T> handler) {
            Objects.requireNonNull(handler, "handler");
            SignalHandler<T> earlier = onSignal;
            return new Receive<>(onMessage, earlier == null ? handler : (ctx, signal) -> {
                Behavior<T> b = earlier.apply(ctx, signal);
                return b != unhandled() ? b : handler.apply(ctx, signal);
            });
        }

        /**
         * Returns a copy of this behaviour that also handles signals of one type, typed:
         * {@code .onSignal(PostStop.class, (ctx, stop) -> ...)}. Signal handlers are consulted in the
         * order they were added; the first that does not return {@link #unhandled()} decides.
         *
         * @param type the signals to handle (subtypes included)
         * @param handler the handler; not {@code null}
         * @param <S> the signal type
         * @return the new behaviour
         */
        public <S extends Signal> Receive<T> onSignal(Class<S> type, TypedSignalHandler<T, S> handler) {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(handler, "handler");
            return onSignal((ctx, signal) -> type.isInstance(signal) ? handler.apply(ctx, type.cast(signal))
                    : unhandled());
        }

        @Override
        Behavior<T> receiveMessage(ActorContext<T> ctx, T msg) throws Exception {
            return onMessage.apply(ctx, msg);
        }

        @Override
        Behavior<T> receiveSignal(ActorContext<T> ctx, Signal signal) throws Exception {
            return onSignal == null ? unhandled() : onSignal.apply(ctx, signal);
        }
    }

    static final class Stash<T> implements StashBuffer<T>, StashHook {
        private final int capacity;
        private final ActorContext<T> ctx;
        private java.util.ArrayList<T> buffer = new java.util.ArrayList<>();

        Stash(int capacity, ActorContext<T> ctx) {
            this.capacity = capacity;
            this.ctx = ctx;
        }

        @Override
        public void stash(T message) {
            Objects.requireNonNull(message, "message");
            if (buffer.size() >= capacity) {
                throw new StashOverflowException("stash of " + ctx.self().path() + " is full (capacity " + capacity
                        + "); cannot stash " + message.getClass().getName());
            }
            buffer.add(message);
        }

        @Override
        public Behavior<T> unstashAll(Behavior<T> behavior) {
            Objects.requireNonNull(behavior, "behavior");
            if (buffer.isEmpty()) {
                return behavior;
            }
            java.util.List<Object> messages = new java.util.ArrayList<>(buffer);
            buffer = new java.util.ArrayList<>();
            return new Unstash<>(messages, behavior);
        }

        @Override
        public java.util.List<Object> takeAll() {
            java.util.List<Object> all = new java.util.ArrayList<>(buffer);
            buffer = new java.util.ArrayList<>();
            return all;
        }

        @Override
        public java.util.List<Object> contents() {
            return java.util.List.copyOf(buffer);
        }

        @Override
        public int size() {
            return buffer.size();
        }

        @Override
        public boolean isEmpty() {
            return buffer.isEmpty();
        }

        @Override
        public boolean isFull() {
            return buffer.size() >= capacity;
        }

        @Override
        public int capacity() {
            return capacity;
        }
    }

    /** Replay these messages, then continue as {@code next}; interpreted by the runtime. */
    static final class Unstash<T> extends Behavior<T> {
        final java.util.List<Object> messages;
        final Behavior<T> next;

        Unstash(java.util.List<Object> messages, Behavior<T> next) {
            super(ApiAccess.UNSTASH);
            this.messages = messages;
            this.next = next;
        }
    }

    static final class Deferred<T> extends Behavior<T> {
        private final Factory<T> factory;
        /** Built by {@link Supervisor.Builder#build()}: a child spec defaults its shutdown to infinity. */
        final boolean isSupervisor;

        Deferred(Factory<T> factory) {
            this(factory, false);
        }

        Deferred(Factory<T> factory, boolean isSupervisor) {
            super(ApiAccess.DEFERRED);
            this.factory = factory;
            this.isSupervisor = isSupervisor;
        }

        @Override
        Behavior<T> start(ActorContext<T> ctx) throws Exception {
            Behavior<T> b = factory.apply(ctx);
            if (b == null) {
                throw new IllegalStateException("Behaviors.setup factory returned null; return a behaviour");
            }
            return b;
        }

        @Override
        public String toString() {
            return "Behaviors.setup(" + factory + ")";
        }
    }

    static final class Marker extends Behavior<Object> {
        static final Marker SAME = new Marker(ApiAccess.SAME, "Behaviors.same()");
        static final Marker UNHANDLED = new Marker(ApiAccess.UNHANDLED, "Behaviors.unhandled()");
        private final String name;

        private Marker(int kind, String name) {
            super(kind);
            this.name = name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final class Stopped<T> extends Behavior<T> {
        static final Stopped<Object> PLAIN = new Stopped<>(null);
        final @Nullable Runnable postStop;

        Stopped(@Nullable Runnable postStop) {
            super(ApiAccess.STOPPED);
            this.postStop = postStop;
        }

        @Override
        public String toString() {
            return "Behaviors.stopped()";
        }
    }

    static final class Fixed extends Behavior<Object> {
        static final Fixed EMPTY = new Fixed(false);
        static final Fixed IGNORE = new Fixed(true);
        private final boolean handles;

        private Fixed(boolean handles) {
            super(ApiAccess.LIVE);
            this.handles = handles;
        }

        @Override
        Behavior<Object> receiveMessage(ActorContext<Object> ctx, Object msg) {
            return handles ? same() : unhandled();
        }

        @Override
        public String toString() {
            return handles ? "Behaviors.ignore()" : "Behaviors.empty()";
        }
    }
}
