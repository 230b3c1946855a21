package dev.cadre.bench.remote;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.cluster.Member;
import dev.cadre.cluster.NodeId;
import dev.cadre.cluster.transport.Codecs;
import dev.cadre.cluster.transport.GrpcTransport;
import dev.cadre.cluster.transport.MessageCodec;
import dev.cadre.cluster.transport.TransportSecurity;
import dev.cadre.cluster.transport.TransportSettings;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import dev.cadre.actor.Mailbox;
import dev.cadre.actor.Overflow;
import dev.cadre.actor.Props;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Cadre: actors on two nodes, cadre-cluster's gRPC transport with its defaults (shared-secret
 * handshake, plaintext on loopback, batches of whatever is queued). Messages are {@code byte[]}
 * under one type id. Refs do not travel inside messages yet, so the client introduces itself with
 * a {@code Hello} and the server's actors send to the client's by path.
 */
final class CadreContender implements Contender {

    record Hello(String node, String host, int port) {
    }

    private static final Codecs CODECS = Codecs.builder()
            .add(MessageCodec.of(1, byte[].class, b -> b, b -> b))
            .jackson(2, Hello.class)
            .build();
    private static final TransportSecurity SECURITY = new TransportSecurity.SharedSecret(
            "cadre-bench-shared-secret".getBytes(StandardCharsets.UTF_8));

    private static volatile @Nullable Member client;   // null until the client's Hello
    private static volatile @Nullable GrpcTransport transport;   // null until serve() started it

    private static ActorRef<byte[]> toClient(String path) {
        GrpcTransport t = transport;
        Member c = client;
        if (t == null || c == null) {
            throw new IllegalStateException("no client to send to yet: " + path + " before the client's Hello");
        }
        return t.remoteRef(c, path);
    }

    @Override
    public void serve() throws Exception {
        try (ActorSystem system = ActorSystem.create("bench-server")) {
            NodeId self = NodeId.random();
            GrpcTransport server = GrpcTransport.start(TransportSettings.loopback(SECURITY), self, system, CODECS);
            transport = server;
            system.spawn(Behaviors.<Hello>receive((ctx, h) -> {
                client = new Member(new NodeId(h.node()), InetSocketAddress.createUnresolved(h.host(), h.port()));
                toClient("/user/welcome").tell(new byte[0]);
                return Behaviors.same();
            }), "registrar");
            system.spawn(Behaviors.<byte[]>setup(ctx -> {
                @SuppressWarnings({"rawtypes", "unchecked"}) // a one-slot holder the handler fills
                ActorRef<byte[]>[] pong = new ActorRef[1];
                return Behaviors.<byte[]>receive((c, m) -> {
                    if (pong[0] == null) {
                        pong[0] = toClient("/user/pong");
                    }
                    pong[0].tell(m);
                    return Behaviors.same();
                });
            }), "echo");
            system.spawn(Behaviors.<byte[]>setup(ctx -> {
                Protocol.Sink sink = new Protocol.Sink(Protocol.ACK_EVERY);
                @SuppressWarnings({"rawtypes", "unchecked"}) // a one-slot holder the handler fills
                ActorRef<byte[]>[] acks = new ActorRef[1];
                return Behaviors.<byte[]>receive((c, m) -> {
                    long n = sink.received(m);
                    if (n >= 0) {
                        if (acks[0] == null) {
                            acks[0] = toClient("/user/acks");
                        }
                        acks[0].tell(Protocol.ack(Protocol.sender(m), n));
                    }
                    return Behaviors.same();
                });
            }), "sink");
            system.spawn(Behaviors.<byte[]>setup(ctx -> {
                Protocol.Sink sink = new Protocol.Sink(Protocol.ACK_EVERY);
                @SuppressWarnings({"rawtypes", "unchecked"}) // a one-slot holder the handler fills
                ActorRef<byte[]>[] acks = new ActorRef[1];
                return Behaviors.<byte[]>receive((c, m) -> {
                    long until = System.nanoTime() + Protocol.SLOW_NANOS_PER_MESSAGE;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait(); // a consumer with work to do per message
                    }
                    long n = sink.received(m);
                    if (n >= 0) {
                        if (acks[0] == null) {
                            acks[0] = toClient("/user/acks");
                        }
                        acks[0].tell(Protocol.ack(Protocol.sender(m), n));
                    }
                    return Behaviors.same();
                });
            }), "slow", Props.defaults().withMailbox(Mailbox.bounded(1_024, Overflow.block(Duration.ofSeconds(60)))));
            System.out.println("READY " + server.address().getPort() + " " + self);
            Contender.awaitStdinClosed();
            debug("server", server);
            server.close();
        }
    }

    /** With -Dbench.debug=true: the transport's counters on stderr (batch sizes, acks). */
    private static void debug(String side, GrpcTransport t) {
        if (Boolean.getBoolean("bench.debug")) {
            var s = t.stats();
            System.err.printf("%s: sent %d in %d batches (%.1f per batch), received %d, acknowledged %d, max queued %d%n",
                    side, s.messagesSent(), s.batchesSent(), (double) s.messagesSent() / Math.max(1.0, (double) s.batchesSent()),
                    s.messagesReceived(), s.messagesAcknowledged(), s.maxQueued());
        }
    }

    private record Client(ActorSystem system, GrpcTransport transport, Member server) implements AutoCloseable {
        @Override
        public void close() {
            transport.close();
            system.close();
        }
    }

    private static Client connect(String[] address, Behavior<byte[]> pong, Behavior<byte[]> acks) throws Exception {
        ActorSystem system = ActorSystem.create("bench-client");
        NodeId self = NodeId.random();
        GrpcTransport t = GrpcTransport.start(TransportSettings.loopback(SECURITY), self, system, CODECS);
        Member server = new Member(new NodeId(address[1]),
                InetSocketAddress.createUnresolved("127.0.0.1", Integer.parseInt(address[0])));
        CompletableFuture<Void> welcomed = new CompletableFuture<>();
        system.spawn(Behaviors.<byte[]>receive((ctx, m) -> {
            welcomed.complete(null);
            return Behaviors.same();
        }), "welcome");
        system.spawn(pong, "pong");
        system.spawn(acks, "acks");
        t.<Hello>remoteRef(server, "/user/registrar").tell(new Hello(self.value(), "127.0.0.1", t.address().getPort()));
        welcomed.get(30, TimeUnit.SECONDS);
        return new Client(system, t, server);
    }

    @Override
    public Protocol.PingPong pingPong(String[] address, int warmups, int roundTrips) throws Exception {
        CompletableFuture<Protocol.PingPong> result = new CompletableFuture<>();
        @SuppressWarnings({"rawtypes", "unchecked"}) // a one-slot holder the handler fills
        ActorRef<byte[]>[] echo = new ActorRef[1];
        Behavior<byte[]> driver = Behaviors.<byte[]>setup(ctx -> {
            long[] rtts = new long[roundTrips];
            long[] state = new long[3]; // i (from -warmups), sentAt, start
            state[0] = -warmups;
            return Behaviors.<byte[]>receive((c, m) -> {
                long now = System.nanoTime();
                int i = (int) state[0];
                if (i >= 0 && m.length > 0) {
                    rtts[i] = now - state[1];
                }
                if (m.length > 0) {
                    i++;
                }
                if (i == 0) {
                    state[2] = System.nanoTime();
                }
                state[0] = i;
                if (i >= roundTrips) {
                    result.complete(Protocol.PingPong.of(rtts, System.nanoTime() - state[2]));
                    return Behaviors.same();
                }
                state[1] = System.nanoTime();
                echo[0].tell(m.length > 0 ? m : Protocol.message(0, 0));
                return Behaviors.same();
            });
        });
        try (Client c = connect(address, driver, Behaviors.ignore())) {
            echo[0] = c.transport().remoteRef(c.server(), "/user/echo");
            c.system().<byte[]>lookup("/user/pong").orElseThrow().tell(new byte[0]); // start
            return result.get(10, TimeUnit.MINUTES);
        }
    }

    @Override
    public double oneWay(String[] address, int senders, double warmupSeconds, double seconds) throws Exception {
        Protocol.Window window = new Protocol.Window(Protocol.WINDOW);
        Behavior<byte[]> acks = Behaviors.receive((ctx, m) -> {
            window.acked(Protocol.sender(m), Protocol.ackCount(m));
            return Behaviors.same();
        });
        try (Client c = connect(address, Behaviors.ignore(), acks)) {
            ActorRef<byte[]> sink = c.transport().remoteRef(c.server(), "/user/sink");
            double rate = Protocol.oneWay(senders, window, (sender, m) -> sink.tell(m), warmupSeconds, seconds);
            debug("client", c.transport());
            return rate;
        }
    }

    @Override
    public Protocol.Backpressure backpressure(String[] address, double seconds) throws Exception {
        AtomicLong acked = new AtomicLong();
        Behavior<byte[]> acks = Behaviors.receive((ctx, m) -> {
            acked.set(Protocol.ackCount(m));
            return Behaviors.same();
        });
        try (Client c = connect(address, Behaviors.ignore(), acks)) {
            ActorRef<byte[]> slow = c.transport().remoteRef(c.server(), "/user/slow");
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong sent = new AtomicLong();
            Thread.ofPlatform().daemon().name("sender").start(() -> {
                long seq = 0;
                while (!stop.get()) {
                    slow.tell(Protocol.message(0, seq++)); // no window: only the transport holds it back
                    sent.lazySet(seq);
                }
            });
            var memory = ManagementFactory.getMemoryMXBean();
            double first = -1;
            double max = 0;
            long t0 = System.nanoTime();
            long a0 = acked.get();
            int samples = Math.max(2, (int) (seconds * 2));
            for (int i = 0; i < samples; i++) {
                Thread.sleep(500);
                System.gc();
                double mb = memory.getHeapMemoryUsage().getUsed() / 1e6;
                first = first < 0 ? mb : first;
                max = Math.max(max, mb);
            }
            long a1 = acked.get();
            long t1 = System.nanoTime();
            stop.set(true);
            var stats = c.transport().stats();
            return new Protocol.Backpressure(sent.get(), a1, (a1 - a0) / ((t1 - t0) / 1e9), first, max, stats.maxQueued(),
                    dev.cadre.cluster.transport.TransportSettings.loopback(SECURITY).outboundCapacity());
        }
    }
}
