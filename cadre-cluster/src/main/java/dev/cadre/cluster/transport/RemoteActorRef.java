package dev.cadre.cluster.transport;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.OfferResult;
import dev.cadre.cluster.Member;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** A ref to an actor on another node: sends through the transport. */
final class RemoteActorRef<T> implements ActorRef<T> {

    private final GrpcTransport transport;
    private final Member peer;
    private final String path;

    RemoteActorRef(GrpcTransport transport, Member peer, String path) {
        this.transport = transport;
        this.peer = peer;
        this.path = path;
    }

    private Outbound.Pending encode(T message) {
        Objects.requireNonNull(message, "message");
        @SuppressWarnings("unchecked")
        MessageCodec<T> codec = (MessageCodec<T>) transport.codecs().forType(message.getClass());
        if (codec == null) {
            throw new IllegalArgumentException("no codec registered for " + message.getClass().getName()
                    + ": register it in the transport's Codecs to send it to another node");
        }
        return new Outbound.Pending(path, codec.typeId(), codec.encode(message), message);
    }

    /**
     * Queues the message for the peer; waits (up to the send timeout) while the peer's outbound
     * queue is full, then counts it {@code SEND_TIMEOUT}. Never throws because the peer is gone.
     */
    @Override
    public void tell(T message) {
        transport.outbound(peer).send(encode(message), true);
    }

    @Override
    public OfferResult offer(T message) {
        return transport.outbound(peer).send(encode(message), false);
    }

    /**
     * Not yet: a reply-to ref would have to travel as an address (issue 17, stage 4).
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public <R> CompletableFuture<R> ask(Function<ActorRef<R>, ? extends T> requestFactory, Duration timeout) {
        throw new UnsupportedOperationException("ask across nodes needs reply-to refs that travel as addresses,"
                + " which cadre-cluster does not have yet; send a request that names a remote ref instead");
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
    public boolean equals(Object o) {
        return o instanceof RemoteActorRef<?> r && r.peer.id().equals(peer.id()) && r.path.equals(path);
    }

    @Override
    public int hashCode() {
        return peer.id().hashCode() * 31 + path.hashCode();
    }

    @Override
    public String toString() {
        return "Actor[" + peer.id() + ":" + path + "]";
    }
}
