package dev.cadre.internal.runtime;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.DeadLetter;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * INTERNAL API. The temporary reply-to of one ask: the first message completes the future; any
 * later one (including one arriving after the timeout) is a dead letter. Registered nowhere, so
 * once the future completes and the target drops the ref, nothing of it remains.
 */
public final class PromiseRef<R> implements ActorRef<R> {
    private final ActorSystemImpl system;
    /** The asked actor's path, or (when {@link #named}) this ref's own path. */
    private final String targetPath;
    /** Made for an extension under a path of its choosing ({@code dev.cadre.actor.spi.Remoting#replyTo}). */
    private final boolean named;
    final CompletableFuture<R> future = new CompletableFuture<>();

    PromiseRef(ActorSystemImpl system, String targetPath) {
        this(system, targetPath, false);
    }

    PromiseRef(ActorSystemImpl system, String path, boolean named) {
        this.system = system;
        this.targetPath = path;
        this.named = named;
    }

    @Override
    public void tell(R message) {
        Objects.requireNonNull(message, "message");
        if (!future.complete(message)) {
            system.deadLetters.publish(message, this, DeadLetter.Reason.ASK_ALREADY_COMPLETED);
        }
    }

    /** The first reply completes the ask; a later one is a dead letter, reported as such. */
    @Override
    public dev.cadre.actor.OfferResult offer(R message) {
        Objects.requireNonNull(message, "message");
        if (future.complete(message)) {
            return dev.cadre.actor.OfferResult.ENQUEUED;
        }
        system.deadLetters.publish(message, this, DeadLetter.Reason.ASK_ALREADY_COMPLETED);
        return dev.cadre.actor.OfferResult.RECIPIENT_TERMINATED;
    }

    @Override
    public <Q> CompletableFuture<Q> ask(Function<ActorRef<Q>, ? extends R> requestFactory, Duration timeout) {
        return system.ask(this, requestFactory, timeout);
    }

    @Override
    public String path() {
        return named ? targetPath : targetPath + "/$ask";
    }

    @Override
    public String name() {
        return named ? targetPath.substring(targetPath.lastIndexOf('/') + 1) : "$ask";
    }

    @Override
    public String toString() {
        return "AskReplyTo[" + path() + "]";
    }
}
