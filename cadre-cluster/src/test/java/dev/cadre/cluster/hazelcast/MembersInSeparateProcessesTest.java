package dev.cadre.cluster.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.cluster.MembershipEvent;
import dev.cadre.cluster.NodeId;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Three members, two of them separate processes: a SIGKILLed member is removed and its partitions
 * reassigned to the survivors; a SIGSTOPped one is removed, sees itself alone when resumed (the
 * minority side of a split), then merges back. Prints detection and re-partition times
 * (min/median/max) to {@code target/membership-timings.txt}; asserts no timing (the machine is
 * shared). {@code -Dcadre.cluster.kills=N} and {@code -Dcadre.cluster.freezes=N} set the rounds.
 */
class MembersInSeparateProcessesTest {

    private static final int KILLS = Integer.getInteger("cadre.cluster.kills", 3);
    private static final int FREEZES = Integer.getInteger("cadre.cluster.freezes", 1);

    @Test
    void killedAndFrozenMembersAreRemovedAndTheirPartitionsReassigned() throws Exception {
        String cluster = "procs-" + UUID.randomUUID();
        List<Integer> ports = dev.cadre.cluster.LoopbackPorts.free(3);
        var settings = HazelcastSettings.loopback().withClusterName(cluster).withPort(ports.get(0))
                .withSeeds(ports.stream().map(p -> new InetSocketAddress("127.0.0.1", p)).toList());
        List<Double> detection = new ArrayList<>();
        List<Double> repartition = new ArrayList<>();
        List<Double> freezeDetection = new ArrayList<>();
        List<Double> minorityAware = new ArrayList<>();
        List<ChildMember> children = new ArrayList<>();
        try (var local = HazelcastClusterProvider.start(settings, new InetSocketAddress("127.0.0.1", 21_000))) {
            Events events = new Events();
            local.subscribe(events);
            children.add(ChildMember.start(cluster, ports.get(1), 21_001, ports));
            children.add(ChildMember.start(cluster, ports.get(2), 21_002, ports));
            for (ChildMember c : children) {
                c.await(l -> l.startsWith("UP "));
            }
            HazelcastClusterProviderTest.awaitMembers(local, 3);

            for (int round = 0; round < KILLS; round++) {
                int slot = 1 + round % 2;
                ChildMember victim = children.get(slot - 1);
                NodeId victimId = idOnPort(local, 21_000 + slot);
                long t0 = System.nanoTime();
                victim.kill();
                var removed = events.await(e -> e instanceof MembershipEvent.MemberRemoved r
                        && r.member().id().equals(victimId));
                detection.add((removed.nanos() - t0) / 1e6);
                Set<NodeId> survivors = ids(local);
                survivors.remove(victimId);
                Ports.awaitCompleteTable(local, survivors);
                repartition.add((System.nanoTime() - t0) / 1e6);
                ChildMember fresh = ChildMember.start(cluster, ports.get(slot), 21_000 + slot, ports);
                children.set(slot - 1, fresh);
                fresh.await(l -> l.startsWith("UP "));
                HazelcastClusterProviderTest.awaitMembers(local, 3);
            }

            for (int round = 0; round < FREEZES; round++) {
                ChildMember frozen = children.get(round % 2);
                NodeId frozenId = idOnPort(local, 21_001 + round % 2);
                long t0 = System.nanoTime();
                frozen.signal("STOP");
                var removed = events.await(e -> e instanceof MembershipEvent.MemberRemoved r
                        && r.member().id().equals(frozenId));
                freezeDetection.add((removed.nanos() - t0) / 1e6);
                Set<NodeId> survivors = ids(local);
                Ports.awaitCompleteTable(local, survivors);
                assertThat(survivors).doesNotContain(frozenId).hasSize(2);
                long resumed = System.nanoTime();
                frozen.signal("CONT");
                // the resumed member finds itself alone: the minority side of a split
                var alone = frozen.await(l -> l.startsWith("VIEW 1 "));
                minorityAware.add((alone.nanos() - resumed) / 1e6);
                // then the split-brain merge brings it back (as a new incarnation)
                HazelcastClusterProviderTest.awaitMembers(local, 3);
                assertThat(ids(local)).contains(survivors.toArray(NodeId[]::new));
            }
        } finally {
            for (ChildMember c : children) {
                c.close();
            }
        }
        String report = "membership on loopback (1 s heartbeat, 2 s failure timeout), load average "
                + Files.readString(Path.of("/proc/loadavg")).trim() + "\n"
                + "  SIGKILL -> removed (ms):          " + stats(detection) + "\n"
                + "  SIGKILL -> table complete (ms):   " + stats(repartition) + "\n"
                + "  SIGSTOP -> removed (ms):          " + stats(freezeDetection) + "\n"
                + "  SIGCONT -> sees itself alone (ms): " + stats(minorityAware) + "\n";
        System.out.print(report);
        Files.writeString(Path.of("target", "membership-timings.txt"), report);
        assertThat(detection).hasSize(KILLS);
    }

    private static NodeId idOnPort(HazelcastClusterProvider p, int transportPort) {
        return p.members().stream().filter(m -> m.transport().getPort() == transportPort)
                .findFirst().orElseThrow().id();
    }

    private static Set<NodeId> ids(HazelcastClusterProvider p) {
        Set<NodeId> ids = new HashSet<>();
        p.members().forEach(m -> ids.add(m.id()));
        return ids;
    }

    static String stats(List<Double> values) {
        if (values.isEmpty()) {
            return "n=0";
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return String.format("n=%d min %.0f median %.0f max %.0f", sorted.size(), sorted.getFirst(),
                sorted.get(sorted.size() / 2), sorted.getLast());
    }
}
