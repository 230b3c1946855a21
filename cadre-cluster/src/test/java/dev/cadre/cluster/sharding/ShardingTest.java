package dev.cadre.cluster.sharding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.DeadLetter;
import dev.cadre.cluster.LoopbackPorts;
import dev.cadre.cluster.ClusterNode;
import dev.cadre.cluster.ClusterSettings;
import dev.cadre.cluster.hazelcast.HazelcastSettings;
import dev.cadre.cluster.transport.Codecs;
import dev.cadre.cluster.transport.TransportSecurity;
import dev.cadre.cluster.transport.TransportSettings;
import dev.cadre.persistence.Effect;
import dev.cadre.persistence.EventSerialization;
import dev.cadre.persistence.EventSourcedBehavior;
import dev.cadre.persistence.PersistenceId;
import dev.cadre.persistence.jdbc.JdbcJournal;
import dev.cadre.persistence.journal.Fence;
import dev.cadre.persistence.journal.Journal;
import dev.cadre.persistence.testkit.PostgresServer;
import dev.cadre.testkit.ActorTestKit;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sharded, event-sourced counters on three nodes in one JVM, journal on a real PostgreSQL. */
class ShardingTest {

    sealed interface Cmd {
        /** {@code requestId}: a retry carries the same one, and is applied once (the helper below retries). */
        record Add(int n, String requestId, ActorRef<Integer> replyTo) implements Cmd {
        }
    }

    record Added(int n, String requestId) {
    }

    /** A counter's state: its total and the requests already applied (so a retried add counts once). */
    record Tally(int total, java.util.Set<String> applied) {
        Tally add(Added e) {
            var ids = new java.util.HashSet<>(applied);
            ids.add(e.requestId());
            return new Tally(total + e.n(), java.util.Set.copyOf(ids));
        }
    }

    static Cmd.Add add(int n, ActorRef<Integer> replyTo) {
        return new Cmd.Add(n, UUID.randomUUID().toString(), replyTo);
    }

    static final EventSerialization EVENTS = EventSerialization.builder().register(Added.class, "counter.added").build();

    static Behavior<Cmd> counter(String id, Journal journal, Fence fence) {
        return EventSourcedBehavior.<Cmd, Added, Tally>builder(PersistenceId.of("counter", id), journal, EVENTS,
                        new Tally(0, java.util.Set.of()))
                .fence(fence)
                .onCommand((tally, cmd) -> switch (cmd) {
                    case Cmd.Add a when tally.applied().contains(a.requestId()) ->
                            Effect.<Added, Tally>none().thenReply(a.replyTo(), Tally::total);
                    case Cmd.Add a -> Effect.<Added, Tally>persist(new Added(a.n(), a.requestId()))
                            .thenReply(a.replyTo(), Tally::total);
                })
                .onEvent(Tally::add)
                .build();
    }

    static PostgresServer postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    record Node(ActorTestKit kit, ClusterNode node, JdbcJournal journal, ShardRegion<Cmd> region) {
    }

    private final List<AutoCloseable> open = new ArrayList<>();
    private String database;

    @AfterEach
    void close() {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception ignored) {
                // crashed nodes are closed already
            }
        }
    }

    private String name;
    private List<InetSocketAddress> seeds;

    /** A database and ports for up to {@code n} nodes; none started. */
    private void prepare(int n) throws Exception {
        database = postgres.createDatabase();
        JdbcJournal.open(database).close(); // create the schema once, before the nodes race to
        name = "shards-" + UUID.randomUUID();
        List<Integer> ports = LoopbackPorts.free(n);
        seeds = ports.stream().map(p -> new InetSocketAddress("127.0.0.1", p)).toList();
    }

    /** Starts node {@code i} of the prepared ones, in a cluster configured for {@code clusterSize}. */
    private Node startNode(int i, int clusterSize) {
        return startNode(i, clusterSize, 10_000);
    }

    private Node startNode(int i, int clusterSize, int bufferCapacity) {
        ActorTestKit kit = ActorTestKit.create();
        open.add(kit);
        JdbcJournal journal = JdbcJournal.open(database);
        open.add(journal);
        var settings = new ClusterSettings(
                HazelcastSettings.loopback().withClusterName(name).withPort(seeds.get(i).getPort()).withSeeds(seeds),
                TransportSettings.loopback(new TransportSecurity.SharedSecret(
                        "sharding-test-secret-16".getBytes(StandardCharsets.UTF_8))), clusterSize);
        ClusterNode node = ClusterNode.start(kit.system(), settings,
                Codecs.builder().jackson(1, Cmd.Add.class).jackson(2, Integer.class));
        open.add(node);
        var type = EntityType.<Cmd>of("counter", Cmd.class, (id, fence) -> counter(id, journal, fence))
                .withBufferCapacity(bufferCapacity);
        return new Node(kit, node, journal, ShardRegion.start(node, journal, type, kit.system()));
    }

    private List<Node> cluster(int n) throws Exception {
        prepare(n);
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nodes.add(startNode(i, n));
        }
        for (Node x : nodes) {
            await(() -> x.node().members().size() == n);
        }
        // every partition served before the test sends: add() retries after a timeout, and a retry
        // of a command that was applied after all would count twice (at most once, plus a retry)
        await(() -> nodes.stream().mapToInt(x -> x.region().stats().ownedPartitions()).sum() == 271);
        return nodes;
    }

    static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 60 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    /**
     * Asks until answered (a message in flight to a node that dies is lost: at most once), with one
     * request id for all tries, so a try that was applied after all is not applied again.
     */
    static int add(Node via, String id, int n) {
        String requestId = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return via.region().<Integer>ask(id, r -> new Cmd.Add(n, requestId, r), Duration.ofSeconds(2), via.kit().system()).join();
            } catch (CompletionException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    @Test
    void everyEntityRunsOnOneNodeAndAnswersFromAnyNode() throws Exception {
        List<Node> nodes = cluster(3); // the partitions settled first: a handoff stops an entity until its next message
        int entities = 30;
        for (int round = 1; round <= 3; round++) {
            for (int e = 0; e < entities; e++) {
                int amount = e + 1;
                int total = nodes.get((e + round) % 3).region().<Integer>ask("c-" + e, r -> add(amount, r),
                        Duration.ofSeconds(30), nodes.get((e + round) % 3).kit().system()).join();
                assertThat(total).as("counter c-%d after round %d", e, round).isEqualTo(round * (e + 1));
            }
        }
        assertThat(nodes.stream().mapToInt(n -> n.region().stats().activeEntities()).sum()).isEqualTo(entities);
        assertThat(nodes.stream().mapToInt(n -> n.region().stats().ownedPartitions()).sum()).isEqualTo(271);
        assertThat(nodes.stream().mapToLong(n -> n.region().stats().dropped()).sum()).isZero();
    }

    @Test
    void aCrashedNodesEntitiesComeBackOnTheSurvivorsWithTheirStateAndNewerEpochs() throws Exception {
        List<Node> nodes = cluster(3);
        int entities = 30;
        for (int e = 0; e < entities; e++) {
            assertThat(add(nodes.get(0), "c-" + e, 10)).isEqualTo(10);
        }
        nodes.get(2).node().crash();
        for (int e = 0; e < entities; e++) {
            assertThat(add(nodes.get(e % 2), "c-" + e, 1)).as("c-%d", e).isEqualTo(11);
        }
        await(() -> nodes.get(0).region().stats().ownedPartitions() + nodes.get(1).region().stats().ownedPartitions() == 271);
        assertThat(entitiesWrittenUnderTwoEpochsAtOnce()).isZero();
    }

    @Test
    void aNodeThatLosesItsMajorityStopsItsEntities() throws Exception {
        List<Node> nodes = cluster(3);
        for (int e = 0; e < 30; e++) {
            add(nodes.get(0), "c-" + e, 1);
        }
        await(() -> nodes.get(0).region().stats().activeEntities() > 0);
        nodes.get(1).node().crash();
        nodes.get(2).node().crash();
        await(() -> nodes.get(0).region().stats().minorityStops() == 1);
        await(() -> nodes.get(0).region().stats().activeEntities() == 0);
        assertThat(nodes.get(0).region().stats().ownedPartitions()).isZero();
        nodes.get(0).region().tell("c-1", add(1, nodes.get(0).kit().createTestProbe(Integer.class).ref()));
        await(() -> nodes.get(0).region().stats().buffered() == 1);
    }

    @Test
    void messagesWaitingForAnEntityAreAllDeliveredInOrderOnceItIsServed() throws Exception {
        prepare(2);
        Node a = startNode(0, 3); // alone: no majority of 3, so everything waits
        var probe = a.kit().createTestProbe(Integer.class);
        for (int i = 1; i <= 5; i++) {
            a.region().tell("c-1", add(i, probe.ref()));
        }
        await(() -> a.region().stats().buffered() == 5);
        startNode(1, 3); // a majority: the entity is served, wherever its partition lands
        for (int total : new int[] {1, 3, 6, 10, 15}) {
            probe.expectMessage(total, Duration.ofSeconds(30)); // all five, in the order sent
        }
        assertThat(a.region().stats().buffered()).isZero();
        assertThat(a.region().stats().dropped()).isZero();
        assertThat(a.region().stats().unaccounted()).isZero();
    }

    @Test
    void aMessageARegionDropsIsADeadLetterOfItsSystem() throws Exception {
        prepare(1);
        Node a = startNode(0, 3, 2); // alone: no majority of 3, so everything waits, in a buffer of 2
        var probe = a.kit().createTestProbe(Integer.class);
        Cmd.Add third = add(3, probe.ref());
        a.region().tell("c-1", add(1, probe.ref()));
        a.region().tell("c-1", add(2, probe.ref()));
        a.region().tell("c-1", third);
        await(() -> a.kit().system().deadLetters().count(DeadLetter.Reason.UNDELIVERABLE) == 1);
        assertThat(a.region().stats().dropped()).isEqualTo(1);
        assertThat(a.region().stats().buffered()).isEqualTo(2);
        assertThat(a.region().stats().unaccounted()).isZero();
    }

    /** Entities with an event of a lower epoch after one of a higher epoch: writes from two owners interleaved. */
    int entitiesWrittenUnderTwoEpochsAtOnce() throws Exception {
        try (Connection c = DriverManager.getConnection(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(DISTINCT a.persistence_id) FROM cadre_event a"
                     + " JOIN cadre_event b ON a.persistence_id = b.persistence_id"
                     + " WHERE a.seq_nr < b.seq_nr AND a.epoch > b.epoch")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
