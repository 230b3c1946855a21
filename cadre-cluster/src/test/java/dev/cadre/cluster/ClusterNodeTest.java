package dev.cadre.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.Behaviors;
import dev.cadre.cluster.hazelcast.HazelcastSettings;
import dev.cadre.cluster.transport.Codecs;
import dev.cadre.cluster.transport.TransportSecurity;
import dev.cadre.cluster.transport.TransportSettings;
import dev.cadre.testkit.ActorTestKit;
import dev.cadre.testkit.TestProbe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClusterNodeTest {

    record Stop() {
    }

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (RuntimeException ignored) {
                // a crashed node is already closed
            }
        }
    }

    record Running(ActorTestKit kit, ClusterNode node) {
    }

    /** Starts n nodes of a cluster configured for {@code size} members, waits until they see each other. */
    private List<Running> cluster(int n, int size) throws IOException {
        String name = "nodes-" + UUID.randomUUID();
        List<Integer> ports = LoopbackPorts.free(n);
        List<InetSocketAddress> seeds = ports.stream().map(p -> new InetSocketAddress("127.0.0.1", p)).toList();
        List<Running> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ActorTestKit kit = ActorTestKit.create();
            open.add(kit);
            var settings = new ClusterSettings(
                    HazelcastSettings.loopback().withClusterName(name).withPort(ports.get(i)).withSeeds(seeds),
                    TransportSettings.loopback(new TransportSecurity.SharedSecret(
                            "cluster-node-test-secret".getBytes(StandardCharsets.UTF_8))),
                    size);
            ClusterNode node = ClusterNode.start(kit.system(), settings, Codecs.builder().jackson(1, Stop.class));
            open.add(node);
            nodes.add(new Running(kit, node));
        }
        for (Running r : nodes) {
            await(() -> r.node().members().size() == n);
        }
        return nodes;
    }

    static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 60 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    @Test
    void watchingARemoteActorThatStopsDeliversItsExitReasonOnce() throws Exception {
        var nodes = cluster(2, 2);
        Running a = nodes.get(0);
        Running b = nodes.get(1);
        b.kit().system().spawn(Behaviors.<Stop>receive((ctx, m) -> Behaviors.stopped()), "worker");
        ActorRef<Stop> worker = a.node().ref(b.node().member(), "/user/worker");
        TestProbe<RemoteTerminated> probe = a.kit().createTestProbe();
        a.node().watch(worker, probe.ref()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        worker.tell(new Stop());
        RemoteTerminated t = probe.receiveMessage(Duration.ofSeconds(30));
        assertThat(t.reason()).isEqualTo(RemoteTerminated.Reason.NORMAL);
        assertThat(t.actor().path()).isEqualTo("/user/worker");
        probe.expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void watchingAnActorThatDoesNotExistSaysSo() throws Exception {
        var nodes = cluster(2, 2);
        TestProbe<RemoteTerminated> probe = nodes.get(0).kit().createTestProbe();
        nodes.get(0).node().watch(nodes.get(0).node().ref(nodes.get(1).node().member(), "/user/nobody"), probe.ref());
        assertThat(probe.receiveMessage(Duration.ofSeconds(30)).reason()).isEqualTo(RemoteTerminated.Reason.NO_SUCH_ACTOR);
    }

    @Test
    void aCrashedNodeEndsTheWatchesOfItsActorsWithNodeDownAndTheMajorityIsCounted() throws Exception {
        var nodes = cluster(3, 3);
        Running a = nodes.get(0);
        Running c = nodes.get(2);
        c.kit().system().spawn(Behaviors.<Stop>receive((ctx, m) -> Behaviors.stopped()), "worker");
        TestProbe<RemoteTerminated> probe = a.kit().createTestProbe();
        a.node().watch(a.node().ref(c.node().member(), "/user/worker"), probe.ref())
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(a.node().hasMajority()).isTrue();
        c.node().crash();
        RemoteTerminated t = probe.receiveMessage(Duration.ofSeconds(30));
        assertThat(t.reason()).isEqualTo(RemoteTerminated.Reason.NODE_DOWN);
        assertThat(a.node().hasMajority()).isTrue(); // 2 of 3
        nodes.get(1).node().crash();
        await(() -> !a.node().hasMajority()); // 1 of 3
    }

    /** A local actor that watches what it is told to, reports "ack" and every Terminated to {@code report}. */
    static dev.cadre.actor.Behavior<ActorRef<?>> watcher(ActorRef<Object> report) {
        return Behaviors.<ActorRef<?>>receive((ctx, target) -> {
            ctx.watch(target);
            report.tell("ack");
            return Behaviors.same();
        }).onSignal((ctx, signal) -> {
            if (signal instanceof dev.cadre.actor.Terminated t) {
                report.tell(t);
            }
            return Behaviors.same();
        });
    }

    @Test
    void ctxWatchOnARemoteRefDeliversAnOrdinaryTerminatedWithTheRemoteReason() throws Exception {
        var nodes = cluster(2, 2);
        Running a = nodes.get(0);
        Running b = nodes.get(1);
        b.kit().system().spawn(Behaviors.<Stop>receive((ctx, m) -> Behaviors.stopped()), "worker");
        ActorRef<Stop> worker = a.node().ref(b.node().member(), "/user/worker");
        // the node's watch of the worker is confirmed first, so the stop below cannot overtake it
        TestProbe<RemoteTerminated> established = a.kit().createTestProbe();
        a.node().watch(worker, established.ref()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        TestProbe<Object> probe = a.kit().createTestProbe();
        ActorRef<ActorRef<?>> w = a.kit().system().spawn(watcher(probe.ref()), "local-watcher");
        w.tell(worker);
        probe.expectMessage("ack"); // the watch request is queued at the node's watch actor
        worker.tell(new Stop());
        var t = (dev.cadre.actor.Terminated) probe.receiveMessage(Duration.ofSeconds(30));
        assertThat(t.ref()).isEqualTo(worker);
        assertThat(t.reason()).isEqualTo(dev.cadre.actor.ExitReason.NORMAL);
        probe.expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void ctxWatchOnARefOfACrashedNodeEndsWithNodeDown() throws Exception {
        var nodes = cluster(3, 3);
        Running a = nodes.get(0);
        Running c = nodes.get(2);
        c.kit().system().spawn(Behaviors.<Stop>receive((ctx, m) -> Behaviors.stopped()), "worker");
        TestProbe<Object> probe = a.kit().createTestProbe();
        ActorRef<ActorRef<?>> w = a.kit().system().spawn(watcher(probe.ref()), "local-watcher");
        ActorRef<Stop> worker = a.node().ref(c.node().member(), "/user/worker");
        w.tell(worker);
        probe.expectMessage("ack");
        c.node().crash(); // before or after the watch reaches c: NODE_DOWN either way
        var t = (dev.cadre.actor.Terminated) probe.receiveMessage(Duration.ofSeconds(30));
        assertThat(t.ref()).isEqualTo(worker);
        assertThat(t.reason()).isEqualTo(dev.cadre.actor.ExitReason.NODE_DOWN);
        // linking across nodes is refused, with the reason
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.kit().system().stop(worker))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another node");
    }
}
