package dev.cadre.cluster.transport;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.OfferResult;
import dev.cadre.actor.spi.Remoting;
import dev.cadre.cluster.Member;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A ref to an actor on another node: sends through the transport. The core sees it through its
 * SPI ({@link dev.cadre.actor.spi.RemoteActorRef}): {@code ctx.watch} on it goes to the node's
 * {@link WatchHooks}, and its end comes back as an ordinary {@code Terminated}.
 */
final class RemoteActorRef<T> implements dev.cadre.actor.spi.RemoteActorRef<T> {

    private final GrpcTransport transport;
    private final Member peer;
    private final String path;
    private final byte[] pathUtf8;
    // The peer's outbound, found once rather than hashed out of the transport's map on every send.
    // Any thread may find it null (then asks the transport) or dead (the peer went down, or the
    // transport closed: asks again, and gets whatever the transport now has for the peer).
    private volatile Outbound outbound;
    // The codec of the last message type sent through this ref: an immutable pair, so a racy read
    // sees a whole one or null.
    private volatile TypeCodec lastCodec;

    private record TypeCodec(Class<?> type, MessageCodec<?> codec) {
    }
    // the slot this ref has in the batch being filled (Outbound's cache, written and read under its lock)
    long slotBatch;
    int slot;

    RemoteActorRef(GrpcTransport transport, Member peer, String path) {
        this.transport = transport;
        this.peer = peer;
        this.path = path;
        this.pathUtf8 = path.getBytes(StandardCharsets.UTF_8);
    }

    byte[] pathUtf8() {
        return pathUtf8;
    }

    private OfferResult send(T message, boolean block) {
        Objects.requireNonNull(message, "message");
        MessageCodec<T> codec = codecFor(message.getClass());
        byte[] payload = codec.encode(message);
        Outbound out = outbound;
        if (out == null || out.dead()) {
            out = transport.outbound(peer);
            outbound = out;
        }
        return out.send(this, codec.typeId(), payload, message, block);
    }

    @SuppressWarnings("unchecked") // the codec was registered for exactly this type
    private MessageCodec<T> codecFor(Class<?> type) {
        TypeCodec last = lastCodec;
        if (last != null && last.type() == type) {
            return (MessageCodec<T>) last.codec();
        }
        MessageCodec<T> codec = (MessageCodec<T>) transport.codecs().forType(type);
        if (codec == null) {
            throw new IllegalArgumentException("no codec registered for " + type.getName()
                    + ": register it in the transport's Codecs to send it to another node");
        }
        lastCodec = new TypeCodec(type, codec);
        return codec;
    }

    /**
     * Queues the message for the peer; waits (up to the send timeout) while the peer's outbound
     * queue is full, then counts it {@code SEND_TIMEOUT}. Never throws because the peer is gone.
     */
    @Override
    public void tell(T message) {
        send(message, true);
    }

    @Override
    public OfferResult offer(T message) {
        return send(message, false);
    }

    /**
     * Request-response across nodes: the reply-to is a temporary ref of this node (registered
     * under {@code /temp/ask-N} until the first reply or the timeout) that travels as an address.
     * A reply after that is counted {@code NO_SUCH_ACTOR} by this node's transport.
     */
    @Override
    public <R> CompletableFuture<R> ask(Function<ActorRef<R>, ? extends T> requestFactory, Duration timeout) {
        Objects.requireNonNull(requestFactory, "requestFactory");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("ask timeout must be positive, was " + timeout);
        }
        Remoting.Reply<R> reply = transport.newAsk(this, timeout);
        try {
            tell(Objects.requireNonNull(requestFactory.apply(reply.ref()), "the request factory returned null"));
        } catch (RuntimeException e) {
            reply.future().completeExceptionally(e);
        }
        return reply.future();
    }

    @Override
    public String address() {
        return peer.id() + "@" + peer.transport().getHostString() + ":" + peer.transport().getPort();
    }

    /** Refused (with the reason) when no {@code ClusterNode} runs on this node: the transport alone does not watch. */
    @Override
    public void watch(ActorRef<?> watcher) {
        WatchHooks hooks = transport.watchHooks();
        if (hooks == null) {
            throw new UnsupportedOperationException("cannot watch " + this + ": watching across nodes needs a"
                    + " ClusterNode on this node (a bare transport only sends)");
        }
        hooks.watch(this, watcher);
    }

    @Override
    public void unwatch(ActorRef<?> watcher) {
        WatchHooks hooks = transport.watchHooks();
        if (hooks != null) {
            hooks.unwatch(this, watcher);
        }
    }

    Member peer() {
        return peer;
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
