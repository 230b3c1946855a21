package dev.cadre.internal.runtime;

import dev.cadre.actor.ActorRef;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * INTERNAL API. A ref that accepts {@code U} and enqueues it, wrapped, into its owner's mailbox;
 * the owner applies the adapter on its own thread. Lives as long as the owner.
 */
public final class AdapterRef<U, T> implements ActorRef<U> {
    private final ActorCell<T> owner;
    private final Class<U> type;
    private volatile Function<? super U, ? extends T> adapter;

    AdapterRef(ActorCell<T> owner, Class<U> type, Function<? super U, ? extends T> adapter) {
        this.owner = owner;
        this.type = type;
        this.adapter = adapter;
    }

    /** @return the actor that owns this adapter */
    ActorCell<T> owner() {
        return owner;
    }

    void setAdapter(Function<? super U, ? extends T> adapter) {
        this.adapter = adapter;
    }

    @Override
    public void tell(U message) {
        Objects.requireNonNull(message, "message");
        owner.tell(new Envelope.Adapted(adapter, message));
    }

    @Override
    public dev.cadre.actor.OfferResult offer(U message) {
        Objects.requireNonNull(message, "message");
        return owner.offer(new Envelope.Adapted(adapter, message));
    }

    @Override
    public <R> CompletableFuture<R> ask(Function<ActorRef<R>, ? extends U> requestFactory, Duration timeout) {
        return owner.system.ask(this, requestFactory, timeout);
    }

    @Override
    public String path() {
        return owner.path() + "/$adapter-" + type.getSimpleName();
    }

    @Override
    public String name() {
        return "$adapter-" + type.getSimpleName();
    }

    @Override
    public String toString() {
        return "Adapter[" + path() + "]";
    }
}
