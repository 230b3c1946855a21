package dev.cadre.cluster.hazelcast;

import dev.cadre.cluster.NodeId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Test helper: waiting for a complete partition table. */
final class Ports {

    private Ports() {
    }

    /**
     * Polls (every millisecond, at most 60 s: a failure, not a timing) until every partition has an
     * owner among {@code owners}; returns that table.
     */
    static List<NodeId> awaitCompleteTable(HazelcastClusterProvider p, Set<NodeId> owners) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            List<NodeId> table = p.partitionTable();
            if (table.stream().allMatch(owner -> owner != null && owners.contains(owner))) {
                return table;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("partition table not complete within 60 s: " + table);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
