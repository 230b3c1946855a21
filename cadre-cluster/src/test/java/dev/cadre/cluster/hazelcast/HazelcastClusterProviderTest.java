package dev.cadre.cluster.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.cluster.Member;
import dev.cadre.cluster.MembershipEvent;
import dev.cadre.cluster.NodeId;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HazelcastClusterProviderTest {

    private final List<HazelcastClusterProvider> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(HazelcastClusterProvider::terminateAbruptly);
    }

    /** Starts n members in this JVM that name each other as seeds. */
    private List<HazelcastClusterProvider> cluster(int n) {
        String name = "test-" + UUID.randomUUID();
        List<Integer> ports = dev.cadre.cluster.LoopbackPorts.free(n);
        List<InetSocketAddress> seeds = ports.stream().map(p -> new InetSocketAddress("127.0.0.1", p)).toList();
        List<HazelcastClusterProvider> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            var settings = HazelcastSettings.loopback().withClusterName(name).withPort(ports.get(i)).withSeeds(seeds);
            var p = HazelcastClusterProvider.start(settings, new InetSocketAddress("127.0.0.1", 20_000 + i));
            started.add(p);
            members.add(p);
        }
        return members;
    }

    static void awaitMembers(HazelcastClusterProvider p, int n) throws InterruptedException {
        Events events = new Events();
        try (AutoCloseable ignored = p.subscribe(events)) {
            Set<NodeId> up = new HashSet<>();
            while (p.members().size() != n) {
                var e = events.await(ev -> true).event();
                if (e instanceof MembershipEvent.MemberUp u) {
                    up.add(u.member().id());
                }
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void membersSeeEachOtherWithTheirTransportAddresses() throws Exception {
        var members = cluster(3);
        for (var p : members) {
            awaitMembers(p, 3);
        }
        Set<Integer> transportPorts = new HashSet<>();
        for (Member m : members.getFirst().members()) {
            transportPorts.add(m.transport().getPort());
            assertThat(m.transport().getHostString()).isEqualTo("127.0.0.1");
        }
        assertThat(transportPorts).containsExactlyInAnyOrder(20_000, 20_001, 20_002);
        assertThat(members.get(1).members()).isEqualTo(members.getFirst().members());
    }

    @Test
    void aSubscriberFirstSeesEveryCurrentMemberThenChanges() throws Exception {
        var members = cluster(2);
        awaitMembers(members.getFirst(), 2);
        Events events = new Events();
        members.getFirst().subscribe(events);
        Set<NodeId> up = new HashSet<>();
        up.add(((MembershipEvent.MemberUp) events.await(e -> e instanceof MembershipEvent.MemberUp).event()).member().id());
        up.add(((MembershipEvent.MemberUp) events.await(e -> e instanceof MembershipEvent.MemberUp).event()).member().id());
        assertThat(up).containsExactlyInAnyOrder(members.get(0).self().id(), members.get(1).self().id());

        NodeId leaving = members.get(1).self().id();
        members.get(1).close();
        var removed = (MembershipEvent.MemberRemoved) events.await(e -> e instanceof MembershipEvent.MemberRemoved).event();
        assertThat(removed.member().id()).isEqualTo(leaving);
    }

    @Test
    void everyMemberHashesAKeyToTheSamePartitionAndTheTableNamesOnlyMembers() throws Exception {
        var members = cluster(3);
        for (var p : members) {
            awaitMembers(p, 3);
        }
        assertThat(members.getFirst().partitionCount()).isEqualTo(271);
        for (int i = 0; i < 200; i++) {
            String key = "order/" + i;
            int partition = members.getFirst().partitionOf(key);
            assertThat(partition).isBetween(0, 270);
            assertThat(members.get(1).partitionOf(key)).isEqualTo(partition);
            assertThat(members.get(2).partitionOf(key)).isEqualTo(partition);
        }
        Set<NodeId> ids = new HashSet<>();
        members.forEach(m -> ids.add(m.self().id()));
        List<NodeId> table = Ports.awaitCompleteTable(members.getFirst(), ids);
        assertThat(new HashSet<>(table)).isSubsetOf(ids);
    }

    @Test
    void anAbruptlyStoppedMemberIsRemovedAndItsPartitionsReassigned() throws Exception {
        var members = cluster(3);
        for (var p : members) {
            awaitMembers(p, 3);
        }
        Events events = new Events();
        members.getFirst().subscribe(events);
        NodeId victim = members.get(2).self().id();
        members.get(2).terminateAbruptly();
        var removed = (MembershipEvent.MemberRemoved) events.await(e -> e instanceof MembershipEvent.MemberRemoved).event();
        assertThat(removed.member().id()).isEqualTo(victim);
        Set<NodeId> survivors = Set.of(members.get(0).self().id(), members.get(1).self().id());
        assertThat(new HashSet<>(Ports.awaitCompleteTable(members.getFirst(), survivors))).isSubsetOf(survivors);
    }

    record Gadget(String payload) implements Serializable {
    }

    @Test
    void hazelcastRefusesToDeserializeJavaObjects() throws Exception {
        var member = cluster(1).getFirst();
        var map = member.hazelcast().<String, Object>getMap("probe");
        map.put("k", new Gadget("boom"));
        assertThatThrownBy(() -> map.get("k")).hasRootCauseInstanceOf(SecurityException.class);
    }
}
