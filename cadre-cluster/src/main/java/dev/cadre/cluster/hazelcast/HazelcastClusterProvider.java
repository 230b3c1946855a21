package dev.cadre.cluster.hazelcast;

import com.hazelcast.cluster.InitialMembershipEvent;
import com.hazelcast.cluster.InitialMembershipListener;
import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.Partition;
import com.hazelcast.partition.ReplicaMigrationEvent;
import dev.cadre.cluster.ClusterProvider;
import dev.cadre.cluster.Member;
import dev.cadre.cluster.MembershipEvent;
import dev.cadre.cluster.NodeId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ClusterProvider} on an embedded Hazelcast Community member, used only for its member
 * list and its partition table (271 partitions): nothing is stored in Hazelcast but this member's
 * transport address (a member attribute). TCP-IP join to the configured seeds; multicast,
 * auto-detection, phone-home, Jet and the shutdown hook are off; Java deserialization inside
 * Hazelcast is refused for every class (a whitelist that names none), so a peer cannot make this
 * member deserialize a gadget chain. The CP subsystem is not used (Community has none).
 *
 * <pre>{@code
 * try (var provider = HazelcastClusterProvider.start(
 *         HazelcastSettings.loopback().withPort(5701).withSeeds(seeds), transportAddress)) {
 *     provider.subscribe(event -> System.out.println(event));
 * }
 * }</pre>
 */
public final class HazelcastClusterProvider implements ClusterProvider {

    /*
     * Design overview. Hazelcast calls its listeners on its own event threads. Every membership
     * and migration callback is funnelled into one single-threaded executor (`events`), which owns
     * `view` (the members as last reported, oldest first) and the subscriber list's replay: a new
     * subscriber is added on that thread after replaying `view` to it, so it sees each member up
     * exactly once and no change is missed or reordered between the replay and the live events.
     * `members()` and the partition queries read Hazelcast directly (its own thread-safe view).
     */

    /** The member attribute holding the transport address, "host:port". */
    static final String TRANSPORT_ATTRIBUTE = "cadre.transport";
    /** The member attribute holding the Cadre node id. */
    static final String NODE_ATTRIBUTE = "cadre.node";

    private static final Logger LOG = LoggerFactory.getLogger(HazelcastClusterProvider.class);

    private final HazelcastInstance hz;
    private final ExecutorService events;
    private final Map<String, Member> view = new LinkedHashMap<>(); // events thread only
    private final List<Consumer<? super MembershipEvent>> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final int partitionCount;
    private final Partition[] partitions; // live views, by id

    private HazelcastClusterProvider(HazelcastInstance hz, ExecutorService events) {
        this.hz = hz;
        this.events = events;
        var all = hz.getPartitionService().getPartitions();
        this.partitionCount = all.size();
        this.partitions = new Partition[partitionCount];
        for (Partition p : all) {
            partitions[p.getPartitionId()] = p;
        }
    }

    /**
     * Starts an embedded Hazelcast member and joins the cluster its seeds belong to (or forms one).
     * Returns once the member is part of a cluster.
     *
     * @param settings how to join and detect failures
     * @param transport where this member's Cadre transport listens; announced to the others
     * @return the running provider
     */
    public static HazelcastClusterProvider start(HazelcastSettings settings, InetSocketAddress transport) {
        return start(settings, NodeId.random(), transport);
    }

    /**
     * Starts an embedded Hazelcast member under a given node id (announced as a member attribute;
     * a member that leaves and merges back after a split keeps it).
     *
     * @param settings how to join and detect failures
     * @param self this node's id
     * @param transport where this member's Cadre transport listens; announced to the others
     * @return the running provider
     */
    public static HazelcastClusterProvider start(HazelcastSettings settings, NodeId self, InetSocketAddress transport) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(transport, "transport");
        int port = settings.port() == 0 ? freePort(settings.bindHost()) : settings.port();
        Config config = config(settings, port, transport);
        config.getMemberAttributeConfig().setAttribute(NODE_ATTRIBUTE, self.value());
        ExecutorService events = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cadre-cluster-events-" + port);
            t.setDaemon(true);
            return t;
        });
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(config);
        HazelcastClusterProvider provider = new HazelcastClusterProvider(hz, events);
        provider.listen();
        return provider;
    }

    static Config config(HazelcastSettings settings, int port, InetSocketAddress transport) {
        Config config = new Config();
        config.setClusterName(settings.clusterName());
        config.setInstanceName("cadre-" + settings.clusterName() + "-" + port);
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(false);
        network.setPublicAddress(settings.bindHost() + ":" + port);
        network.getInterfaces().setEnabled(true).addInterface(settings.bindHost());
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2);
        for (InetSocketAddress seed : settings.seeds()) {
            join.getTcpIpConfig().addMember(seed.getHostString() + ":" + seed.getPort());
        }
        if (settings.seeds().isEmpty()) {
            join.getTcpIpConfig().addMember(settings.bindHost() + ":" + port);
        }
        config.getMemberAttributeConfig().setAttribute(TRANSPORT_ATTRIBUTE,
                transport.getHostString() + ":" + transport.getPort());
        config.getJetConfig().setEnabled(false);
        // No Java deserialization inside Hazelcast: a whitelist naming one class that does not exist.
        JavaSerializationFilterConfig filter = new JavaSerializationFilterConfig();
        filter.setDefaultsDisabled(false);
        filter.setWhitelist(new ClassFilter().addClasses("dev.cadre.cluster.hazelcast.NoJavaDeserialization"));
        config.getSerializationConfig().setJavaSerializationFilterConfig(filter);
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.heartbeat.interval.seconds", Long.toString(settings.heartbeat().toSeconds()));
        config.setProperty("hazelcast.max.no.heartbeat.seconds", Long.toString(settings.failureTimeout().toSeconds()));
        config.setProperty("hazelcast.merge.first.run.delay.seconds", Long.toString(settings.mergeDelay().toSeconds()));
        config.setProperty("hazelcast.merge.next.run.delay.seconds", Long.toString(settings.mergeDelay().toSeconds()));
        // join fast: Hazelcast waits 5 s (up to 20 s) for more members before it settles by default
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.max.wait.seconds.before.join", "1");
        // small thread pools: a node shares a 2-core machine with its application
        config.setProperty("hazelcast.partition.operation.thread.count", "2");
        config.setProperty("hazelcast.operation.generic.thread.count", "1");
        config.setProperty("hazelcast.event.thread.count", "1");
        config.setProperty("hazelcast.io.thread.count", "1");
        config.setProperty("hazelcast.diagnostics.enabled", "false");
        return config;
    }

    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + host, e);
        }
    }

    private void listen() {
        hz.getCluster().addMembershipListener(new InitialMembershipListener() {
            @Override
            public void init(InitialMembershipEvent event) {
                List<Member> initial = event.getMembers().stream().map(HazelcastClusterProvider::toMember).toList();
                events.execute(() -> initial.forEach(m -> up(m)));
            }

            @Override
            public void memberAdded(com.hazelcast.cluster.MembershipEvent event) {
                Member m = toMember(event.getMember());
                events.execute(() -> up(m));
            }

            @Override
            public void memberRemoved(com.hazelcast.cluster.MembershipEvent event) {
                Member m = toMember(event.getMember());
                events.execute(() -> removed(m));
            }
        });
        hz.getPartitionService().addMigrationListener(new MigrationListener() {
            @Override
            public void migrationStarted(MigrationState state) {
            }

            @Override
            public void migrationFinished(MigrationState state) {
                events.execute(() -> publish(new MembershipEvent.PartitionsChanged()));
            }

            @Override
            public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
            }

            @Override
            public void replicaMigrationFailed(ReplicaMigrationEvent event) {
            }
        });
    }

    private void up(Member m) {
        if (view.putIfAbsent(m.id().value(), m) == null) {
            publish(new MembershipEvent.MemberUp(m));
        }
    }

    private void removed(Member m) {
        if (view.remove(m.id().value()) != null) {
            publish(new MembershipEvent.MemberRemoved(m));
        }
    }

    private void publish(MembershipEvent event) {
        for (Consumer<? super MembershipEvent> s : subscribers) {
            try {
                s.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("a membership listener failed on {}", event, e);
            }
        }
    }

    static Member toMember(com.hazelcast.cluster.Member m) {
        String transport = m.getAttribute(TRANSPORT_ATTRIBUTE);
        if (transport == null) {
            throw new IllegalStateException("member " + m + " has no " + TRANSPORT_ATTRIBUTE
                    + " attribute: it is not a Cadre node (same cluster name?)");
        }
        int colon = transport.lastIndexOf(':');
        String node = m.getAttribute(NODE_ATTRIBUTE);
        return new Member(new NodeId(node != null ? node : m.getUuid().toString()),
                InetSocketAddress.createUnresolved(transport.substring(0, colon),
                        Integer.parseInt(transport.substring(colon + 1))));
    }

    @Override
    public Member self() {
        return toMember(hz.getCluster().getLocalMember());
    }

    @Override
    public List<Member> members() {
        List<Member> out = new ArrayList<>();
        for (com.hazelcast.cluster.Member m : hz.getCluster().getMembers()) {
            out.add(toMember(m));
        }
        return List.copyOf(out);
    }

    @Override
    public int partitionCount() {
        return partitionCount;
    }

    @Override
    public int partitionOf(String key) {
        Objects.requireNonNull(key, "key");
        return hz.getPartitionService().getPartition(key).getPartitionId();
    }

    @Override
    public Optional<NodeId> partitionOwnerHint(int partition) {
        if (partition < 0 || partition >= partitionCount) {
            throw new IllegalArgumentException("partition must be in [0, " + partitionCount + "), was " + partition);
        }
        com.hazelcast.cluster.Member owner = partitions[partition].getOwner();
        return owner == null ? Optional.empty() : Optional.of(toMember(owner).id());
    }

    /**
     * The whole partition table as this member sees it now (one entry per partition; an entry is
     * {@code null} while that partition has no owner).
     *
     * @return owners by partition id
     */
    public List<NodeId> partitionTable() {
        NodeId[] owners = new NodeId[partitionCount];
        for (Partition p : partitions) {
            com.hazelcast.cluster.Member owner = p.getOwner();
            owners[p.getPartitionId()] = owner == null ? null : toMember(owner).id();
        }
        return java.util.Arrays.asList(owners);
    }

    @Override
    public AutoCloseable subscribe(Consumer<? super MembershipEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        events.execute(() -> {
            for (Member m : view.values()) {
                listener.accept(new MembershipEvent.MemberUp(m));
            }
            subscribers.add(listener);
        });
        return () -> events.execute(() -> subscribers.remove(listener));
    }

    /**
     * Stops the embedded member without telling the others: they find out as they would after a
     * crash (for tests of failure detection inside one JVM).
     */
    public void terminateAbruptly() {
        if (closed.compareAndSet(false, true)) {
            hz.getLifecycleService().terminate();
            stopEvents();
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            hz.getLifecycleService().shutdown();
            stopEvents();
        }
    }

    private void stopEvents() {
        events.shutdown();
        try {
            events.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return the embedded Hazelcast instance, for tests in this package */
    HazelcastInstance hazelcast() {
        return hz;
    }
}
