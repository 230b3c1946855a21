package dev.cadre.bench.remote;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Props;

/**
 * Apache Pekko 1.7.0 with Artery remoting over TCP, its defaults otherwise; classic actors (the
 * transport is the same for typed ones), {@code byte[]} messages (Pekko's built-in byte-array
 * serializer), replies to the envelope's sender.
 */
final class PekkoContender implements Contender {

    private static Config config() {
        return ConfigFactory.parseString("""
                pekko.actor.provider = remote
                pekko.remote.artery.transport = tcp
                pekko.remote.artery.canonical.hostname = 127.0.0.1
                pekko.remote.artery.canonical.port = 0
                pekko.loglevel = WARNING
                pekko.stdout-loglevel = WARNING
                pekko.log-dead-letters = off
                pekko.remote.warn-about-direct-use = off
                pekko.remote.warn-unsafe-watch-outside-cluster = off
                pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
                """).withFallback(ConfigFactory.load());
    }

    static final class Echo extends AbstractActor {
        @Override
        public Receive createReceive() {
            return receiveBuilder().match(byte[].class, m -> getSender().tell(m, getSelf())).build();
        }
    }

    static final class Sink extends AbstractActor {
        private final Protocol.Sink sink = new Protocol.Sink(Protocol.PEKKO_ACK_EVERY);

        @Override
        public Receive createReceive() {
            return receiveBuilder().match(byte[].class, m -> {
                long n = sink.received(m);
                if (n >= 0) {
                    getSender().tell(Protocol.ack(Protocol.sender(m), n), getSelf());
                }
            }).build();
        }
    }

    @Override
    public void serve() throws Exception {
        ActorSystem system = ActorSystem.create("bench", config());
        system.actorOf(Props.create(Echo.class, Echo::new), "echo");
        system.actorOf(Props.create(Sink.class, Sink::new), "sink");
        int port = (Integer) ((ExtendedActorSystem) system).provider().getDefaultAddress().port().get();
        System.out.println("READY " + port);
        Contender.awaitStdinClosed();
        system.terminate();
    }

    private static ActorRef resolve(ActorSystem system, String[] address, String name) throws Exception {
        return system.actorSelection("pekko://bench@127.0.0.1:" + address[0] + "/user/" + name)
                .resolveOne(Duration.ofSeconds(30)).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    static final class Driver extends AbstractActor {
        private final ActorRef echo;
        private final long[] rtts;
        private final CompletableFuture<Protocol.PingPong> result;
        private int i;
        private long sentAt;
        private long start;

        Driver(ActorRef echo, int warmups, int roundTrips, CompletableFuture<Protocol.PingPong> result) {
            this.echo = echo;
            this.rtts = new long[roundTrips];
            this.result = result;
            this.i = -warmups;
        }

        @Override
        public Receive createReceive() {
            return receiveBuilder().match(byte[].class, m -> {
                long now = System.nanoTime();
                if (m.length > 0) {
                    if (i >= 0) {
                        rtts[i] = now - sentAt;
                    }
                    i++;
                }
                if (i == 0) {
                    start = System.nanoTime();
                }
                if (i >= rtts.length) {
                    result.complete(Protocol.PingPong.of(rtts, System.nanoTime() - start));
                    return;
                }
                sentAt = System.nanoTime();
                echo.tell(m.length > 0 ? m : Protocol.message(0, 0), getSelf());
            }).build();
        }
    }

    static final class Acks extends AbstractActor {
        private final Protocol.Window window;

        Acks(Protocol.Window window) {
            this.window = window;
        }

        @Override
        public Receive createReceive() {
            return receiveBuilder().match(byte[].class, m -> window.acked(Protocol.sender(m), Protocol.ackCount(m))).build();
        }
    }

    @Override
    public Protocol.PingPong pingPong(String[] address, int warmups, int roundTrips) throws Exception {
        ActorSystem system = ActorSystem.create("client", config());
        try {
            ActorRef echo = resolve(system, address, "echo");
            CompletableFuture<Protocol.PingPong> result = new CompletableFuture<>();
            ActorRef driver = system.actorOf(Props.create(Driver.class, () -> new Driver(echo, warmups, roundTrips, result)));
            driver.tell(new byte[0], ActorRef.noSender());
            return result.get(10, TimeUnit.MINUTES);
        } finally {
            system.terminate();
        }
    }

    @Override
    public double oneWay(String[] address, int senders, double warmupSeconds, double seconds) throws Exception {
        ActorSystem system = ActorSystem.create("client", config());
        try {
            ActorRef sink = resolve(system, address, "sink");
            Protocol.Window window = new Protocol.Window(Protocol.PEKKO_WINDOW_TOTAL / senders);
            ActorRef acks = system.actorOf(Props.create(Acks.class, () -> new Acks(window)));
            return Protocol.oneWay(senders, window, (sender, m) -> sink.tell(m, acks), warmupSeconds, seconds);
        } finally {
            system.terminate();
        }
    }
}
