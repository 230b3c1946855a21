package dev.cadre.actor;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A system's registry of services (OTP's registered names and {@code pg} groups, Pekko's
 * receptionist): actors are registered under a typed {@link ServiceKey}; anyone finds them, typed,
 * and can subscribe to the changes. An actor is deregistered when it stops, so a subscriber learns
 * of a replacement (a new actor registered under the key) without polling and without casts.
 *
 * <pre>{@code
 * // in the service's setup:
 * ctx.system().receptionist().register(PAYMENTS, ctx.self());
 * // from outside an actor: wait until one is there
 * ActorRef<PaymentMsg> payments = system.receptionist().await(PAYMENTS, Duration.ofSeconds(5)).join();
 * // from an actor: follow the changes
 * ctx.system().receptionist().subscribe(PAYMENTS, ctx.messageAdapter(Receptionist.Listing.class, Changed::new));
 * }</pre>
 *
 * <p>Supervised children can be registered by their supervisor: see
 * {@link Supervisor.ChildSpec#registeredAs}.
 *
 * <p>Thread-safe. Registrations and subscriptions are rare, lookups cheap (a snapshot copy).
 * Listings are delivered like runtime sends: never blocking, a full mailbox drops them (counted,
 * dead letters). Sealed: the runtime provides it ({@link ActorSystem#receptionist()}).
 */
public sealed interface Receptionist permits dev.cadre.internal.runtime.ReceptionistImpl {

    /**
     * Registers {@code ref} under {@code key}, until it stops or is deregistered. Registering twice
     * is the same as once. Subscribers get the new listing.
     *
     * @param key the service
     * @param ref an actor of this system
     * @param <T> the message type
     * @throws IllegalArgumentException if {@code ref} is not an actor of this system (an ask's
     *     reply-to or a message adapter has no lifecycle to follow)
     */
    <T> void register(ServiceKey<T> key, ActorRef<T> ref);

    /**
     * Removes {@code ref} from {@code key}; subscribers get the new listing.
     *
     * @param key the service
     * @param ref the registered actor
     * @param <T> the message type
     */
    <T> void deregister(ServiceKey<T> key, ActorRef<T> ref);

    /**
     * The actors registered under {@code key} now.
     *
     * @param key the service
     * @param <T> the message type
     * @return a snapshot, in registration order; empty if none
     */
    <T> Set<ActorRef<T>> find(ServiceKey<T> key);

    /**
     * The first actor registered under {@code key}: at once if there is one, otherwise when one
     * registers. For code outside actors; an actor uses {@link #subscribe} (or
     * {@link ActorContext#pipeToSelf} of this future).
     *
     * @param key the service
     * @param timeout how long to wait; positive
     * @param <T> the message type
     * @return completes with the ref, or with a {@link java.util.concurrent.TimeoutException}
     *     naming the key
     */
    <T> CompletableFuture<ActorRef<T>> await(ServiceKey<T> key, Duration timeout);

    /**
     * Sends {@code subscriber} the current {@link Listing} of {@code key} at once, and a new one
     * after every change, until it unsubscribes or stops. Subscribing again (an actor restarted in
     * place runs its setup again) sends the current listing again, and subscribes only once.
     *
     * @param key the service
     * @param subscriber an actor's ref, or one of its message adapters
     */
    void subscribe(ServiceKey<?> key, ActorRef<Listing> subscriber);

    /**
     * Stops sending listings of {@code key} to {@code subscriber}.
     *
     * @param key the service
     * @param subscriber the subscriber
     */
    void unsubscribe(ServiceKey<?> key, ActorRef<Listing> subscriber);

    /**
     * The actors registered under a key, as a subscriber receives them.
     *
     * @param key the service
     * @param refs the registered actors, in registration order (untyped: use {@link #refsOf})
     */
    record Listing(ServiceKey<?> key, Set<ActorRef<?>> refs) {
        /**
         * Validates the listing.
         *
         * @param key not null
         * @param refs not null; copied
         */
        public Listing {
            Objects.requireNonNull(key, "key");
            refs = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(Objects.requireNonNull(refs, "refs")));
        }

        /**
         * The registered actors, typed by their key.
         *
         * @param key this listing's key
         * @param <T> the message type
         * @return the refs
         * @throws IllegalArgumentException if {@code key} is not this listing's key
         */
        @SuppressWarnings("unchecked")
        public <T> Set<ActorRef<T>> refsOf(ServiceKey<T> key) {
            if (!this.key.equals(key)) {
                throw new IllegalArgumentException("this listing is of " + this.key + ", not of " + key);
            }
            return (Set<ActorRef<T>>) (Set<?>) refs;
        }
    }
}
