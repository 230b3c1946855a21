package dev.cadre.internal.runtime;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.OfferResult;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * INTERNAL API. The ref of a local actor. Exactly one exists per cell, so identity equality is
 * value equality (same actor incarnation).
 */
public final class LocalActorRef<T> implements ActorRef<T> {
    final ActorCell<T> cell;

    LocalActorRef(ActorCell<T> cell) {
        this.cell = cell;
    }

    @Override
    public void tell(T message) {
        cell.tell(Objects.requireNonNull(message, "message"));
    }

    @Override
    public OfferResult offer(T message) {
        return cell.offer(Objects.requireNonNull(message, "message"));
    }

    @Override
    public <R> CompletableFuture<R> ask(Function<ActorRef<R>, ? extends T> requestFactory, Duration timeout) {
        return cell.system.ask(this, requestFactory, timeout);
    }

    @Override
    public String path() {
        return cell.path();
    }

    @Override
    public String name() {
        return cell.name();
    }

    @Override
    public String toString() {
        return "Actor[" + cell.system.name() + ":" + cell.path() + "]";
    }
}
