package dev.cadre.cluster.transport;

import dev.cadre.actor.ActorRef;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** The reply-to of an ask across nodes: completes its future with the first reply. */
final class AskRef<R> implements ActorRef<R> {

    static final String PREFIX = "/temp/ask-";

    private final GrpcTransport transport;
    private final String path;
    private final CompletableFuture<R> future = new CompletableFuture<>();

    AskRef(GrpcTransport transport, String path) {
        this.transport = transport;
        this.path = path;
    }

    CompletableFuture<R> future() {
        return future;
    }

    @Override
    public void tell(R message) {
        if (future.complete(message)) {
            transport.askDone(this);
        }
    }

    @Override
    public <Q> CompletableFuture<Q> ask(Function<ActorRef<Q>, ? extends R> requestFactory, Duration timeout) {
        throw new UnsupportedOperationException("an ask's reply-to takes one reply, it cannot be asked");
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    @Override
    public String toString() {
        return "Actor[" + transport.self() + ":" + path + "]";
    }
}
