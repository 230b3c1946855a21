package dev.cadre.cluster.transport;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.DeadLetter;
import dev.cadre.actor.spi.Remoting;
import dev.cadre.cluster.Member;
import dev.cadre.cluster.NodeId;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoop;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node-to-node messaging over gRPC-java: one bidirectional stream per node pair and direction (the
 * sending node opens it), per-pair FIFO, batches of whatever is queued when the stream is ready,
 * gRPC flow control meeting Cadre's bounded mailboxes so that a slow consumer slows its remote
 * senders, and authenticated peers (mutual TLS or a shared-secret handshake). Messages travel
 * under a stable type id with the {@link MessageCodec} registered for their class; Java
 * serialization is used nowhere.
 *
 * <pre>{@code
 * try (var transport = GrpcTransport.start(TransportSettings.loopback(security), self, system, codecs)) {
 *     ActorRef<Ping> remote = transport.remoteRef(peer, "/user/pong");
 *     remote.tell(new Ping(1));
 * }
 * }</pre>
 *
 * <p><b>Guarantees.</b> Messages from one sender to one recipient arrive in the order sent, at
 * most once. What cannot be delivered is counted with its reason ({@link Undeliverable}); messages
 * in flight on a stream that breaks are counted as {@code UNCONFIRMED} (the receiver acknowledges
 * every 256). A stream is opened to one incarnation of a peer: another incarnation at the same
 * address refuses it, and messages for the old one are counted {@code PEER_DOWN}.
 */
public final class GrpcTransport implements AutoCloseable {

    static final String ASK_PREFIX = "/temp/ask-";

    private static final Logger LOG = LoggerFactory.getLogger(GrpcTransport.class);
    private static final long MAX_CLOCK_SKEW_MILLIS = 30_000;

    private final TransportSettings settings;
    private final NodeId self;
    private final ActorSystem system;
    private final Codecs codecs;
    private final Server server;
    private final ExecutorService executor;
    private final ScheduledExecutorService scheduler;
    /**
     * The transport's one network thread: the server's accepts and reads (inbound batches are
     * decoded and offered on it), every outbound stream's drain and writes, and their callbacks.
     * One thread, not one for each direction: a ping-pong's reply then finds the thread that just
     * read the request still awake instead of waking another (see the cluster README's threads).
     */
    private final EventLoopGroup loop;
    private final Map<NodeId, Outbound> outbound = new ConcurrentHashMap<>();
    private final Set<NodeId> down = ConcurrentHashMap.newKeySet();
    private final List<Consumer<? super Undeliverable>> listeners = new CopyOnWriteArrayList<>();
    private final EnumMap<Undeliverable.Reason, LongAdder> undeliverable = new EnumMap<>(Undeliverable.Reason.class);
    private final LongAdder sent = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder streamsFailed = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final Set<Outbound> everyOutbound = ConcurrentHashMap.newKeySet(); // one per peer incarnation: its books
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Map<String, ActorRef<?>> asks = new ConcurrentHashMap<>(); // pending asks' reply-tos by path
    private volatile WatchHooks watchHooks;
    private final java.util.concurrent.atomic.AtomicLong askIds = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Where an actor lives, as it travels inside messages.
     *
     * @param node the node id
     * @param host the node's transport host
     * @param port the node's transport port
     * @param path the actor's path there
     */
    record Address(String node, String host, int port, String path) {
    }

    private GrpcTransport(TransportSettings settings, NodeId self, ActorSystem system, Codecs codecs) throws IOException {
        this.settings = settings;
        this.self = self;
        this.system = system;
        this.codecs = codecs;
        for (Undeliverable.Reason r : Undeliverable.Reason.values()) {
            undeliverable.put(r, new LongAdder());
        }
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "cadre-transport-" + self);
            t.setDaemon(true);
            return t;
        });
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cadre-transport-retry-" + self);
            t.setDaemon(true);
            return t;
        });
        this.loop = new MultiThreadIoEventLoopGroup(1, r -> {
            Thread t = new Thread(r, "cadre-transport-" + self);
            t.setDaemon(true);
            return t;
        }, Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        NettyServerBuilder builder = NettyServerBuilder
                .forAddress(new InetSocketAddress(settings.bindHost(), settings.port()))
                .directExecutor() // Inbound never blocks the network thread: see its design overview
                .bossEventLoopGroup(loop)
                .workerEventLoopGroup(loop)
                .channelType(Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .flowControlWindow(settings.flowControlWindow())
                .maxInboundMessageSize(Math.max(4 << 20, settings.maxBatchBytes() * 4))
                .addService(ServerServiceDefinition.builder(Wire.SERVICE)
                        .addMethod(Wire.STREAM, handler())
                        .build());
        if (settings.security() instanceof TransportSecurity.MutualTls tls) {
            builder.sslContext(GrpcSslContexts.configure(SslContextBuilder.forServer(tls.keys()))
                    .trustManager(tls.trust())
                    .clientAuth(ClientAuth.REQUIRE)
                    .build());
        }
        this.server = builder.build().start();
        codecs.bind(this);
    }

    /**
     * Starts the transport: its server listens at once.
     *
     * @param settings where to listen, how to authenticate, the bounds
     * @param self this node's id (what peers put in their streams' {@code cadre-to})
     * @param system where received messages are delivered (recipients looked up by path)
     * @param codecs the message types that can travel
     * @return the running transport
     * @throws UncheckedIOException if the port cannot be bound or TLS cannot be set up
     */
    public static GrpcTransport start(TransportSettings settings, NodeId self, ActorSystem system, Codecs codecs) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(codecs, "codecs");
        try {
            return new GrpcTransport(settings, self, system, codecs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the transport on " + settings.bindHost() + ":"
                    + settings.port(), e);
        }
    }

    /**
     * Where this transport listens (the port is the real one when settings said 0).
     *
     * @return the address
     */
    public InetSocketAddress address() {
        return new InetSocketAddress(settings.bindHost(), server.getPort());
    }

    /**
     * This node's id.
     *
     * @return the id
     */
    public NodeId self() {
        return self;
    }

    /**
     * A ref to an actor on another node: {@code tell} and {@code offer} send through this
     * transport. The message's class must have a codec in this transport's {@link Codecs}.
     *
     * @param peer the node
     * @param path the actor's path there, e.g. {@code /user/pong}
     * @param <T> the message type
     * @return the ref
     */
    public <T> ActorRef<T> remoteRef(Member peer, String path) {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("an actor path starts with '/', was '" + path + "'");
        }
        return new RemoteActorRef<>(this, peer, path);
    }

    /**
     * The node an actor lives on: this one for a local ref, the peer for a ref from
     * {@link #remoteRef} or from inside a message.
     *
     * @param ref a ref
     * @return its node
     */
    public NodeId nodeOf(ActorRef<?> ref) {
        return ref instanceof RemoteActorRef<?> r ? r.peer().id() : self;
    }

    /**
     * A message as its codec writes it, for carrying one message inside another (a sharded
     * entity's message inside a forward).
     *
     * @param message a message whose class has a codec
     * @return its type id and bytes
     * @throws IllegalArgumentException if its class has no codec
     */
    @SuppressWarnings("unchecked")
    public Encoded encode(Object message) {
        MessageCodec<Object> codec = (MessageCodec<Object>) codecs.forType(message.getClass());
        if (codec == null) {
            throw new IllegalArgumentException("no codec registered for " + message.getClass().getName());
        }
        return new Encoded(codec.typeId(), codec.encode(message));
    }

    /**
     * Reads back what {@link #encode} wrote.
     *
     * @param encoded a type id and bytes
     * @return the message
     * @throws IllegalArgumentException if no codec has that id, or the bytes do not decode
     */
    public Object decode(Encoded encoded) {
        MessageCodec<?> codec = codecs.forId(encoded.typeId());
        if (codec == null) {
            throw new IllegalArgumentException("no codec for type id " + encoded.typeId());
        }
        return codec.decode(encoded.bytes(), 0, encoded.bytes().length);
    }

    /**
     * A message in its wire form.
     *
     * @param typeId its codec's id
     * @param bytes its bytes
     */
    public record Encoded(int typeId, byte[] bytes) {
    }

    /**
     * Whether a ref is to an actor of this node's system (not one that sends through a transport).
     *
     * @param ref a ref
     * @return true for a local ref
     */
    public boolean isLocal(ActorRef<?> ref) {
        return !(ref instanceof RemoteActorRef<?>);
    }

    /**
     * A ref to the actor at {@code path} on the node where {@code ref} lives (this node's system
     * for a local ref).
     *
     * @param ref a ref, local or remote
     * @param path a path on its node
     * @param <T> the message type
     * @return the ref
     */
    @SuppressWarnings("unchecked")
    public <T> ActorRef<T> sibling(ActorRef<?> ref, String path) {
        if (ref instanceof RemoteActorRef<?> r) {
            return remoteRef(r.peer(), path);
        }
        ActorRef<Object> local = resolve(path);
        return local != null ? (ActorRef<T>) local : remoteRef(new Member(self, address()), path);
    }

    /**
     * Undoes {@link #peerDown}: the peer is a member again (a split healed). Messages counted
     * {@code PEER_DOWN} meanwhile stay lost; new ones are sent on a new stream.
     *
     * @param peer the node
     */
    public void peerUp(NodeId peer) {
        down.remove(peer);
        // an outbound made while it was down is dead: the next send makes a live one (computeIfPresent
        // is atomic with outbound()'s computeIfAbsent, so none made dead before this line survives it)
        outbound.computeIfPresent(peer, (id, out) -> {
            if (!out.dead()) {
                return out;
            }
            scheduler.schedule(out::shutdown, 1, TimeUnit.SECONDS);
            return null;
        });
    }

    /**
     * Declares a peer down (its membership was removed): what is queued for it, and whatever is
     * sent to it from now on, is counted {@link Undeliverable.Reason#PEER_DOWN}, until
     * {@link #peerUp}. A restarted process is a new node id.
     *
     * @param peer the node
     */
    public void peerDown(NodeId peer) {
        down.add(peer);
        Outbound out = outbound.remove(peer);
        if (out != null) {
            out.forget(Undeliverable.Reason.PEER_DOWN);
            scheduler.schedule(out::shutdown, 1, TimeUnit.SECONDS);
        }
    }

    /**
     * Calls {@code listener} (on the thread that found out; it must not block) for each message
     * that could not be delivered.
     *
     * @param listener the listener
     */
    public void onUndeliverable(Consumer<? super Undeliverable> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * The counters so far.
     *
     * @return a snapshot
     */
    public TransportStats stats() {
        Map<Undeliverable.Reason, Long> counts = new EnumMap<>(Undeliverable.Reason.class);
        undeliverable.forEach((r, n) -> counts.put(r, n.sum()));
        int max = outbound.values().stream().mapToInt(Outbound::maxQueued).max().orElse(0);
        long acknowledged = 0;
        long pending = 0;
        long accepted = 0;
        long refused = 0;
        for (Outbound o : everyOutbound) {
            accepted += o.accepted();
            refused += o.refused();
            acknowledged += o.acknowledged();
            pending += o.pending();
        }
        return new TransportStats(sent.sum(), batches.sum(), delivered.sum(), streamsFailed.sum(), max, Map.copyOf(counts),
                accepted, refused, acknowledged, pending, received.sum());
    }

    /**
     * Stops sending (queued messages are counted {@code TRANSPORT_CLOSED}) and receiving; waits up
     * to 5 s for the server to stop. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        outbound.values().forEach(Outbound::shutdown);
        outbound.clear();
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler.shutdownNow();
        executor.shutdownNow();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    // ---- used by RemoteActorRef, Outbound and Inbound ----

    Outbound outbound(Member peer) {
        Outbound out = outbound.get(peer.id());
        if (out != null) {
            return out;
        }
        return outbound.computeIfAbsent(peer.id(), id -> {
            Outbound o = new Outbound(this, id, peer.transport(), channel(peer.transport()), settings);
            everyOutbound.add(o);
            if (down.contains(id) || closed.get()) {
                o.forget(closed.get() ? Undeliverable.Reason.TRANSPORT_CLOSED : Undeliverable.Reason.PEER_DOWN);
            }
            return o;
        });
    }

    private ManagedChannel channel(InetSocketAddress address) {
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(address.getHostString(), address.getPort())
                .eventLoopGroup(loop)
                .channelType(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
                .directExecutor() // our callbacks never block: they set a volatile and drain
                .flowControlWindow(settings.flowControlWindow())
                .maxInboundMessageSize(1 << 20)
                .disableRetry();
        if (settings.security() instanceof TransportSecurity.MutualTls tls) {
            try {
                builder.sslContext(GrpcSslContexts.configure(SslContextBuilder.forClient()
                        .keyManager(tls.keys())
                        .trustManager(tls.trust())).build());
            } catch (SSLException e) {
                throw new IllegalStateException("cannot set up TLS to " + address, e);
            }
        } else {
            builder.usePlaintext();
        }
        return builder.build();
    }

    Metadata headersFor(NodeId peer) {
        Metadata headers = new Metadata();
        headers.put(Wire.FROM, self.value());
        headers.put(Wire.TO, peer.value());
        if (settings.security() instanceof TransportSecurity.SharedSecret secret) {
            String time = Long.toString(System.currentTimeMillis());
            headers.put(Wire.TIME, time);
            headers.put(Wire.AUTH, hmac(secret, self.value(), peer.value(), time));
        }
        return headers;
    }

    private static String hmac(TransportSecurity.SharedSecret secret, String from, String to, String time) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.secret(), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((from + "|" + to + "|" + time).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private ServerCallHandler<byte[], byte[]> handler() {
        return new ServerCallHandler<>() {
            @Override
            public ServerCall.Listener<byte[]> startCall(ServerCall<byte[], byte[]> call, Metadata headers) {
                String from = headers.get(Wire.FROM);
                String to = headers.get(Wire.TO);
                String refusal = refusal(from, to, headers);
                if (refusal != null) {
                    LOG.warn("refused a stream from {}: {}", call.getAttributes(), refusal);
                    Status status = refusal.startsWith("this is node")
                            ? Status.FAILED_PRECONDITION.withDescription(refusal)
                            : Status.UNAUTHENTICATED.withDescription(refusal);
                    call.close(status, new Metadata());
                    return new ServerCall.Listener<>() {
                    };
                }
                call.sendHeaders(new Metadata());
                call.request(1);
                return new Inbound(GrpcTransport.this, call, new NodeId(from));
            }
        };
    }

    private String refusal(String from, String to, Metadata headers) {
        if (from == null || to == null) {
            return "no cadre-from/cadre-to headers";
        }
        if (settings.security() instanceof TransportSecurity.SharedSecret secret) {
            String time = headers.get(Wire.TIME);
            String auth = headers.get(Wire.AUTH);
            if (time == null || auth == null) {
                return "no shared-secret handshake";
            }
            long millis;
            try {
                millis = Long.parseLong(time);
            } catch (NumberFormatException e) {
                return "bad cadre-time";
            }
            if (Math.abs(System.currentTimeMillis() - millis) > MAX_CLOCK_SKEW_MILLIS) {
                return "handshake too old or from the future";
            }
            byte[] expected = hmac(secret, from, to, time).getBytes(StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(expected, auth.getBytes(StandardCharsets.US_ASCII))) {
                return "wrong shared secret";
            }
        }
        if (!to.equals(self.value())) {
            return "this is node " + self + ", not " + to;
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    ActorRef<Object> resolve(String path) {
        if (path.startsWith(ASK_PREFIX)) {
            return (ActorRef<Object>) asks.get(path);
        }
        return (ActorRef<Object>) system.lookup(path).orElse(null);
    }

    Address addressOf(ActorRef<?> ref) {
        if (ref instanceof RemoteActorRef<?> r) {
            return new Address(r.peer().id().value(), r.peer().transport().getHostString(),
                    r.peer().transport().getPort(), r.path());
        }
        InetSocketAddress here = address();
        return new Address(self.value(), here.getHostString(), here.getPort(), ref.path());
    }

    ActorRef<?> refAt(Address a) {
        if (a.node().equals(self.value())) {
            ActorRef<Object> local = resolve(a.path());
            return local != null ? local : new RemoteActorRef<>(this, new Member(self, address()), a.path());
        }
        return new RemoteActorRef<>(this, new Member(new NodeId(a.node()),
                InetSocketAddress.createUnresolved(a.host(), a.port())), a.path());
    }

    /**
     * A reply-to for an ask across nodes: the core's (its first message completes the future, a
     * later one is a dead letter), registered under {@code /temp/ask-N} until the future completes,
     * so it travels as an address and is found again when the reply arrives; after that a reply is
     * counted {@code NO_SUCH_ACTOR}.
     */
    <R> dev.cadre.actor.spi.Remoting.Reply<R> newAsk(ActorRef<?> target, Duration timeout) {
        String path = ASK_PREFIX + askIds.incrementAndGet();
        dev.cadre.actor.spi.Remoting.Reply<R> reply = dev.cadre.actor.spi.Remoting.replyTo(system, path);
        asks.put(path, reply.ref());
        reply.future().whenComplete((r, e) -> asks.remove(path));
        scheduler.schedule(() -> reply.future().completeExceptionally(new dev.cadre.actor.AskTimeoutException(
                "ask to " + target + " got no reply within " + timeout)), timeout.toNanos(), TimeUnit.NANOSECONDS);
        return reply;
    }

    /**
     * Installs how remote refs forward {@code ctx.watch} requests (done once by {@code ClusterNode}).
     *
     * @param hooks the node's watch machinery
     */
    public void watchHooks(WatchHooks hooks) {
        this.watchHooks = java.util.Objects.requireNonNull(hooks, "hooks");
    }

    /**
     * @param node a node
     * @return whether it was declared down (and not up again since)
     */
    public boolean isDown(NodeId node) {
        return down.contains(node);
    }

        WatchHooks watchHooks() {
        return watchHooks;
    }

    /**
     * Counts a message that was not delivered, tells the listeners, and publishes it to this
     * node's dead letters (so that every undelivered message, local or remote, is one count: the
     * system's dead letters), with the core's reason for it.
     */
    void undeliverable(Undeliverable u, ActorRef<?> recipient) {
        undeliverable.get(u.reason()).add(u.count());
        for (Consumer<? super Undeliverable> l : listeners) {
            try {
                l.accept(u);
            } catch (RuntimeException e) {
                LOG.warn("an undeliverable listener failed", e);
            }
        }
        DeadLetter.Reason reason = switch (u.reason()) {
            case PEER_DOWN -> DeadLetter.Reason.NODE_DOWN;
            case UNCONFIRMED -> DeadLetter.Reason.UNCONFIRMED;
            case NO_SUCH_ACTOR -> DeadLetter.Reason.RECIPIENT_TERMINATED;
            case UNDECODABLE, SEND_TIMEOUT, TRANSPORT_CLOSED -> DeadLetter.Reason.UNDELIVERABLE;
        };
        Object message = u.message() != null ? u.message() : new Undecoded(u.peer(), u.recipient(), u.reason());
        for (long i = 0; i < u.count(); i++) {
            try {
                Remoting.deadLetter(system, message, recipient, reason);
            } catch (RuntimeException e) {
                LOG.debug("cannot publish a dead letter for {}", u, e);
            }
        }
    }

    /** The receiving side's own ref for a path (a dead letter's recipient when no actor is there). */
    ActorRef<?> localPath(String path) {
        return new RemoteActorRef<>(this, new Member(self, address()), path);
    }

    /**
     * What a dead letter carries for a message the transport could not decode (or does not hold
     * one by one).
     *
     * @param peer the other node
     * @param recipient the recipient's path
     * @param reason the transport's reason
     */
    public record Undecoded(NodeId peer, String recipient, Undeliverable.Reason reason) {
    }

    void sent(int n) {
        sent.add(n);
        batches.increment();
    }

    void received(int n) {
        received.add(n);
    }

    void streamFailed() {
        streamsFailed.increment();
    }

    void delivered(int n) {
        delivered.add(n);
    }

    Codecs codecs() {
        return codecs;
    }

    ExecutorService executor() {
        return executor;
    }

    EventLoop loop() {
        return loop.next();
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    Logger log() {
        return LOG;
    }
}
