package dev.cadre.cluster.hazelcast;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the embedded Hazelcast member joins and how fast it declares a member dead.
 *
 * @param clusterName members with another name never join this cluster (default {@code cadre})
 * @param bindHost the address Hazelcast binds and announces (default {@code 127.0.0.1}: loopback,
 *     since Hazelcast Community membership is unauthenticated; see the module README)
 * @param port this member's Hazelcast port ({@code 0}: a free port chosen at start)
 * @param seeds the members to contact when joining (TCP-IP join; multicast and auto-detection are
 *     off). May include this member's own address
 * @param heartbeat the heartbeat interval (default 1 s; Hazelcast's is 5 s). Whole seconds
 * @param failureTimeout a member silent this long is removed (default 2 s; Hazelcast's is 60 s).
 *     A killed process is usually seen sooner, when its TCP connections close. Whole seconds; the
 *     trade: shorter re-homes faster after a crash but a long GC pause is taken for a crash
 * @param mergeDelay how soon after a split heals the sides look for each other and merge (first
 *     and next runs; default 5 s; Hazelcast's is 300 s then 120 s)
 */
public record HazelcastSettings(
        String clusterName,
        String bindHost,
        int port,
        List<InetSocketAddress> seeds,
        Duration heartbeat,
        Duration failureTimeout,
        Duration mergeDelay) {

    /** Default heartbeat interval. */
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(1);
    /** Default failure timeout. */
    public static final Duration DEFAULT_FAILURE_TIMEOUT = Duration.ofSeconds(2);
    /** Default merge delay. */
    public static final Duration DEFAULT_MERGE_DELAY = Duration.ofSeconds(5);

    /**
     * Validates the settings.
     *
     * @param clusterName not blank
     * @param bindHost not blank
     * @param port 0..65535
     * @param seeds not {@code null} (copied)
     * @param heartbeat at least 1 s, whole seconds
     * @param failureTimeout greater than the heartbeat, whole seconds
     * @param mergeDelay at least 1 s, whole seconds
     */
    public HazelcastSettings {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(bindHost, "bindHost");
        if (clusterName.isBlank()) {
            throw new IllegalArgumentException("clusterName must not be blank");
        }
        if (bindHost.isBlank()) {
            throw new IllegalArgumentException("bindHost must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        seeds = List.copyOf(Objects.requireNonNull(seeds, "seeds"));
        requireWholeSeconds("heartbeat", heartbeat);
        requireWholeSeconds("failureTimeout", failureTimeout);
        requireWholeSeconds("mergeDelay", mergeDelay);
        if (failureTimeout.compareTo(heartbeat) <= 0) {
            throw new IllegalArgumentException("failureTimeout (" + failureTimeout
                    + ") must be longer than the heartbeat (" + heartbeat + ")");
        }
    }

    private static void requireWholeSeconds(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.toMillis() < 1000 || d.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException(name + " must be whole seconds and at least 1 s (Hazelcast counts"
                    + " these in seconds), was " + d);
        }
    }

    /**
     * Loopback defaults: cluster {@code cadre}, a free port, no seeds (a cluster of one until
     * others name it), 1 s heartbeats, 2 s failure timeout, 5 s merge delay.
     *
     * @return the defaults
     */
    public static HazelcastSettings loopback() {
        return new HazelcastSettings("cadre", "127.0.0.1", 0, List.of(),
                DEFAULT_HEARTBEAT, DEFAULT_FAILURE_TIMEOUT, DEFAULT_MERGE_DELAY);
    }

    /**
     * @param name the cluster name
     * @return a copy with that cluster name
     */
    public HazelcastSettings withClusterName(String name) {
        return new HazelcastSettings(name, bindHost, port, seeds, heartbeat, failureTimeout, mergeDelay);
    }

    /**
     * @param newPort this member's port
     * @return a copy with that port
     */
    public HazelcastSettings withPort(int newPort) {
        return new HazelcastSettings(clusterName, bindHost, newPort, seeds, heartbeat, failureTimeout, mergeDelay);
    }

    /**
     * @param newSeeds the members to contact when joining
     * @return a copy with those seeds
     */
    public HazelcastSettings withSeeds(List<InetSocketAddress> newSeeds) {
        return new HazelcastSettings(clusterName, bindHost, port, newSeeds, heartbeat, failureTimeout, mergeDelay);
    }

    /**
     * @param newHeartbeat the heartbeat interval
     * @param newFailureTimeout the failure timeout
     * @return a copy with those timings
     */
    public HazelcastSettings withFailureDetection(Duration newHeartbeat, Duration newFailureTimeout) {
        return new HazelcastSettings(clusterName, bindHost, port, seeds, newHeartbeat, newFailureTimeout, mergeDelay);
    }

    /**
     * @param newMergeDelay the merge delay
     * @return a copy with that merge delay
     */
    public HazelcastSettings withMergeDelay(Duration newMergeDelay) {
        return new HazelcastSettings(clusterName, bindHost, port, seeds, heartbeat, failureTimeout, newMergeDelay);
    }
}
