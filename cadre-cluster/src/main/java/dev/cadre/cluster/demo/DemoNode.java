package dev.cadre.cluster.demo;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Behaviors;
import dev.cadre.cluster.ClusterNode;
import dev.cadre.cluster.ClusterSettings;
import dev.cadre.cluster.MembershipEvent;
import dev.cadre.cluster.demo.Protocol.*;
import dev.cadre.cluster.hazelcast.HazelcastSettings;
import dev.cadre.cluster.sharding.EntityType;
import dev.cadre.cluster.sharding.ShardRegion;
import dev.cadre.cluster.transport.TransportSettings;
import dev.cadre.persistence.jdbc.JdbcJournal;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One node of the distributed demo, in its own process: a cluster member hosting the three
 * sharded entity types, and a gateway actor ({@code /user/gateway}) through which the coordinator
 * reaches them. Prints {@code UP <node id>}, then membership and region events with wall-clock
 * times (for the coordinator's measurements); exits when its standard input closes.
 */
public final class DemoNode {

    private DemoNode() {
    }

    /** Everything a node needs, as the coordinator passes it on the command line. */
    record Args(String cluster, int hazelcastPort, List<Integer> seeds, int transportPort, String database,
                long seed, int stockPerSku, double pspFailureRate, int clusterSize) {
        static Args parse(String[] a) {
            return new Args(a[0], Integer.parseInt(a[1]),
                    Arrays.stream(a[2].split(",")).map(Integer::parseInt).toList(), Integer.parseInt(a[3]), a[4],
                    Long.parseLong(a[5]), Integer.parseInt(a[6]), Double.parseDouble(a[7]), Integer.parseInt(a[8]));
        }

        List<String> toList() {
            return List.of(cluster, Integer.toString(hazelcastPort),
                    String.join(",", seeds.stream().map(String::valueOf).toList()), Integer.toString(transportPort),
                    database, Long.toString(seed), Integer.toString(stockPerSku), Double.toString(pspFailureRate),
                    Integer.toString(clusterSize));
        }
    }

    /**
     * @param args see {@link Args}
     * @throws Exception if the node cannot start
     */
    public static void main(String[] args) throws Exception {
        Args a = Args.parse(args);
        long started = System.currentTimeMillis();
        ActorSystem system = ActorSystem.create("demo-node");
        JdbcJournal journal = JdbcJournal.open(a.database());
        var settings = new ClusterSettings(
                HazelcastSettings.loopback().withClusterName(a.cluster()).withPort(a.hazelcastPort())
                        .withSeeds(a.seeds().stream().map(p -> new InetSocketAddress("127.0.0.1", p)).toList()),
                TransportSettings.loopback(ClusterDemo.SECURITY).withPort(a.transportPort()),
                a.clusterSize());
        ClusterNode node = ClusterNode.start(system, settings, Protocol.codecs());
        String self = node.self().value();
        node.subscribe(e -> {
            long now = System.currentTimeMillis();
            switch (e) {
                case MembershipEvent.MemberRemoved r -> out("REMOVED " + r.member().id() + " " + now);
                case MembershipEvent.MemberUp u -> out("JOINED " + u.member().id() + " " + now);
                default -> {
                }
            }
        });
        AtomicLong finishedHere = new AtomicLong();
        var skuType = EntityType.<SkuMsg>of("sku", SkuMsg.class,
                (id, fence) -> SkuEntity.behavior(id, a.stockPerSku(), journal, fence)).withPassivateAfter(Duration.ofMinutes(10));
        ShardRegion<SkuMsg> skus = ShardRegion.start(node, journal, skuType, system);
        var pspType = EntityType.<PspMsg>of("psp", PspMsg.class,
                (id, fence) -> PspEntity.behavior(id, a.pspFailureRate(), a.seed(), journal, fence));
        ShardRegion<PspMsg> psp = ShardRegion.start(node, journal, pspType, system);
        var orderType = EntityType.<OrderMsg>of("order", OrderMsg.class,
                (id, fence) -> OrderEntity.behavior(id, journal, fence, skus, psp, self, finishedHere));
        ShardRegion<OrderMsg> orders = ShardRegion.start(node, journal, orderType, system);
        for (ShardRegion<?> r : List.of(skus, psp, orders)) {
            r.onEvent(line -> out("REGION " + r.type().name() + " " + line));
        }
        system.spawn(Behaviors.<Object>receive((ctx, m) -> {
            switch (m) {
                case Place p -> orders.tell(p.orderId(), p);
                case GetStatus g -> orders.tell(g.orderId(), g);
                case Where w -> orders.tell(w.orderId(), w);
                case GetStock g -> skus.tell(g.sku(), g);
                case GetBooks g -> psp.tell(g.orderId(), g);
                case GetNodeStats g -> {
                    long activations = 0;
                    long forwarded = 0;
                    long dropped = 0;
                    long fenced = 0;
                    long received = 0;
                    long buffered = 0;
                    long regionUnaccounted = 0;
                    for (ShardRegion<?> r : List.of(skus, psp, orders)) {
                        var st = r.stats();
                        activations += st.activations();
                        forwarded += st.forwarded();
                        dropped += st.dropped();
                        fenced += st.fenced();
                        received += st.received();
                        buffered += st.buffered();
                        regionUnaccounted += st.unaccounted();
                    }
                    var ts = node.transport().stats();
                    long undeliverable = ts.undeliverable().values().stream().mapToLong(Long::longValue).sum();
                    Map<String, Long> byReason = new TreeMap<>();
                    ts.undeliverable().forEach((reason, n) -> {
                        if (n > 0) {
                            byReason.put(reason.name(), n);
                        }
                    });
                    ActorRef<NodeStats> replyTo = g.replyTo();
                    replyTo.tell(new NodeStats(self, finishedHere.get(), activations, forwarded, dropped, undeliverable,
                            fenced, System.currentTimeMillis() - started, byReason, ts.messagesAccepted(),
                            ts.messagesAcknowledged(), ts.messagesPending(), ts.unaccounted(), received, buffered,
                            regionUnaccounted, system.deadLetters().count()));
                }
                default -> {
                }
            }
            return Behaviors.same();
        }), "gateway");
        out("UP " + self + " " + node.transport().address().getPort());
        while (System.in.read() >= 0) {
            // the coordinator closes our stdin (or dies)
        }
        node.crash();
        Runtime.getRuntime().halt(0);
    }

    private static synchronized void out(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
