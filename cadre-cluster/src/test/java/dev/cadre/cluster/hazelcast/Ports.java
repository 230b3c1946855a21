package dev.cadre.cluster.hazelcast;

import dev.cadre.cluster.NodeId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Test helpers: free loopback ports, waiting for a complete partition table. */
final class Ports {

    private Ports() {
    }

    static List<Integer> free(int n) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
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
