package dev.cadre.cluster;

import dev.cadre.cluster.hazelcast.HazelcastSettings;
import dev.cadre.cluster.transport.TransportSettings;
import java.util.Objects;

/**
 * A node's settings.
 *
 * @param membership how the Hazelcast member joins and detects failures
 * @param transport where the transport listens, how peers authenticate, its bounds
 * @param clusterSize the configured number of nodes: a node serves sharded entities only while it
 *     sees a majority of this many ({@code clusterSize / 2 + 1}), so two sides of a split can never
 *     both serve
 */
public record ClusterSettings(HazelcastSettings membership, TransportSettings transport, int clusterSize) {

    /**
     * @param membership not {@code null}
     * @param transport not {@code null}
     * @param clusterSize at least 1
     */
    public ClusterSettings {
        Objects.requireNonNull(membership, "membership");
        Objects.requireNonNull(transport, "transport");
        if (clusterSize < 1) {
            throw new IllegalArgumentException("clusterSize must be >= 1, was " + clusterSize);
        }
    }

    /**
     * How many members make a majority.
     *
     * @return {@code clusterSize / 2 + 1}
     */
    public int majority() {
        return clusterSize / 2 + 1;
    }
}
