package dev.cadre.actor;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The only handle to an actor: an address that accepts messages of type {@code T}.
 *
 * <p><b>Guarantees.</b> Messages sent from one sender to one receiver arrive in the order they were
 * sent (per-pair FIFO). Delivery is at-most-once: a message told to an actor that has stopped is
 * never processed; it is published to {@link ActorSystem#deadLetters() dead letters} with its
 * reason, and {@link #tell} never throws because the receiver is gone.
 *
 * <p>Refs have value semantics: two refs are equal exactly when they address the same actor
 * incarnation (an actor re-spawned under the same name is a different actor). Refs are safe to
 * share between threads and to put in messages.
 *
 * <p>Sealed: the runtime provides every ref (an actor's, a message adapter's, an ask's reply-to),
 * except refs to actors on other nodes, which an extension provides through
 * {@link dev.cadre.actor.spi.RemoteActorRef}.
 *
 * @param <T> the type of message the actor accepts
 */
public sealed interface ActorRef<T> permits dev.cadre.internal.runtime.LocalActorRef,
        dev.cadre.internal.runtime.AdapterRef, dev.cadre.internal.runtime.PromiseRef,
        dev.cadre.actor.spi.RemoteActorRef {

    /**
     * Sends a message, fire-and-forget. Never blocks on an unbounded mailbox and never throws
     * because the receiver has stopped (the message becomes a dead letter instead).
     *
     * @param message the message; must not be {@code null}
     * @throws NullPointerException if {@code message} is {@code null}
     */
    void tell(T message);

    /**
     * Sends a message without ever blocking, and says what became of it: the synchronous
     * counterpart of {@link #tell} for senders that want to handle a full mailbox themselves
     * (see {@link Overflow}). With an unbounded mailbox this is {@code tell} plus a result.
     *
     * @param message the message; must not be {@code null}
     * @return what happened to it
     * @throws NullPointerException if {@code message} is {@code null}
     */
    default OfferResult offer(T message) {
        tell(message);
        return OfferResult.ENQUEUED;
    }

    /**
     * Request-response on top of {@link #tell}: creates a temporary reply-to ref, builds the
     * request with it, sends it, and completes the returned future with the first reply.
     *
     * <p>If no reply arrives within {@code timeout}, the future completes exceptionally with an
     * {@link AskTimeoutException} that names this target and the request's type. A reply that
     * arrives after the timeout is published to dead letters. The temporary ref is not registered
     * anywhere: nothing is left behind after the future completes.
     *
     * @param requestFactory builds the request from the reply-to ref; must not return {@code null}
     * @param timeout how long to wait for the reply; must be positive
     * @param <R> the reply type
     * @return a future completed with the reply or with an {@link AskTimeoutException}
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    <R> CompletableFuture<R> ask(Function<ActorRef<R>, ? extends T> requestFactory, Duration timeout);

    /**
     * The actor's path, e.g. {@code /user/orders/o-17}: unique among living actors of one system.
     *
     * @return the path, never {@code null}
     */
    String path();

    /**
     * The last segment of the {@link #path()}.
     *
     * @return the name, never {@code null}
     */
    String name();

    /**
     * Views this ref as accepting a narrower type; always safe, since every {@code U} is a {@code T}.
     *
     * @param <U> the narrower message type
     * @return this ref, typed more narrowly
     */
    @SuppressWarnings("unchecked")
    default <U extends T> ActorRef<U> narrow() {
        return (ActorRef<U>) this;
    }

    /**
     * Casts this ref to another message type without any check. Use only when the actor is known
     * to accept {@code U}, e.g. after {@link ActorSystem#lookup(String)}.
     *
     * @param <U> the message type to assume
     * @return this ref, cast
     */
    @SuppressWarnings("unchecked")
    default <U> ActorRef<U> unsafeCast() {
        return (ActorRef<U>) this;
    }
}
