package dev.cadre.actor;

import dev.cadre.bridge.ApiAccess;
import java.util.Objects;

/**
 * Class-style behaviour: an object that holds the actor's mutable state in plain fields and
 * handles each message in {@link #receive}. The runtime calls it from one thread at a time, with a
 * happens-before edge between consecutive messages, so fields need neither locks nor
 * {@code volatile}.
 *
 * <pre>{@code
 * final class Counter extends AbstractBehavior<CounterMsg> {
 *     private int total;
 *     Counter(ActorContext<CounterMsg> ctx) { super(ctx); }
 *
 *     @Override public Behavior<CounterMsg> receive(CounterMsg msg) {
 *         switch (msg) {
 *             case Add a -> total += a.n();
 *             case Get g -> g.replyTo().tell(total);
 *         }
 *         return this;
 *     }
 * }
 * // spawn with: Behaviors.setup(Counter::new)
 * }</pre>
 *
 * <p>Return {@code this} (or {@link Behaviors#same()}) to keep going, another behaviour to switch,
 * {@link Behaviors#stopped()} to stop, {@link Behaviors#unhandled()} to report the message as not
 * understood. Create instances inside {@link Behaviors#setup} so each actor gets its own object.
 *
 * @param <T> the type of message handled
 */
public abstract class AbstractBehavior<T> extends Behavior<T> {

    private final ActorContext<T> context;

    /**
     * Creates the behaviour with the actor's context, available through {@link #context()}.
     *
     * @param context the context passed to {@link Behaviors#setup}; not {@code null}
     */
    protected AbstractBehavior(ActorContext<T> context) {
        super(ApiAccess.LIVE);
        this.context = Objects.requireNonNull(context,
                "context must not be null: create the behaviour inside Behaviors.setup(ctx -> new ...(ctx))");
    }

    /**
     * The context of the actor running this behaviour.
     *
     * @return the context
     */
    protected final ActorContext<T> context() {
        return context;
    }

    /**
     * Handles one message.
     *
     * @param message the message, never {@code null}
     * @return the behaviour for the next message ({@code this} to keep going)
     * @throws Exception to fail the actor (its supervisor decides what happens next)
     */
    public abstract Behavior<T> receive(T message) throws Exception;

    /**
     * Handles a lifecycle signal. The default handles none.
     *
     * @param signal the signal
     * @return the next behaviour, or {@link Behaviors#unhandled()}
     * @throws Exception to fail the actor
     */
    public Behavior<T> receiveSignal(Signal signal) throws Exception {
        return Behaviors.unhandled();
    }

    @Override
    final Behavior<T> receiveMessage(ActorContext<T> ctx, T msg) throws Exception {
        return receive(msg);
    }

    @Override
    final Behavior<T> receiveSignal(ActorContext<T> ctx, Signal signal) throws Exception {
        return receiveSignal(signal);
    }
}
