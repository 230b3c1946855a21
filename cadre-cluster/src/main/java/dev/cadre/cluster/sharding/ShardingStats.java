package dev.cadre.cluster.sharding;

/**
 * A region's counters on one node.
 *
 * @param ownedPartitions partitions this node serves now
 * @param activeEntities entities running on this node now
 * @param activations entities started
 * @param passivations entities stopped for being idle
 * @param delivered messages handed to a local entity
 * @param forwarded messages sent on to another node's region
 * @param buffered messages waiting now (partition moving, or no majority)
 * @param dropped messages dropped: the buffer was full, or a message waited longer than the
 *     buffer timeout (counted, never silent)
 * @param acquisitions partitions this node took over (fence advanced)
 * @param handoffs partitions this node handed to another
 * @param fenced entities that failed because a newer owner fenced their partition
 * @param minorityStops times this node stopped all its entities for lack of a majority
 * @param received messages this region was given (by the local handle, or forwarded by another
 *     node's region): each ends delivered, forwarded, dropped, or is buffered now
 */
public record ShardingStats(int ownedPartitions, int activeEntities, long activations, long passivations,
                            long delivered, long forwarded, int buffered, long dropped, long acquisitions,
                            long handoffs, long fenced, long minorityStops, long received) {

    /**
     * @return messages received that are in none of the region's books (delivered, forwarded,
     *     dropped, buffered): zero when nothing is lost silently (read it when the region is quiet)
     */
    public long unaccounted() {
        return received - delivered - forwarded - dropped - buffered;
    }
}
