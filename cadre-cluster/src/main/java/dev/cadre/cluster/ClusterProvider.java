package dev.cadre.cluster;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The membership SPI: who is in the cluster and, as a hint, which member a partition belongs to.
 * Cadre stands on an existing membership engine (Hazelcast Community is the first provider; a
 * JGroups or etcd one can follow) and never writes its own protocol.
 *
 * <p><b>What a provider promises, and what it does not.</b> Its member list is its current view:
 * after a crash it converges, but two members may see different views for a while, and a member
 * cut off (frozen, partitioned) may see itself as a cluster of its own that owns everything. So
 * nothing here is safety: the partition owner is a hint, and Cadre's own rules (a majority of the
 * configured cluster size, epochs, fenced journal writes) decide who may run an entity.
 *
 * <p><b>Threading contract.</b> Every method may be called from any thread. Listeners are called
 * on the provider's event thread, one event at a time, in the order observed; they must not block.
 */
public interface ClusterProvider extends AutoCloseable {

    /**
     * This member.
     *
     * @return the local member
     */
    Member self();

    /**
     * The members this provider currently sees, this one included, in a stable order (by join
     * order for Hazelcast; the oldest first).
     *
     * @return an immutable snapshot
     */
    List<Member> members();

    /**
     * How many partitions keys are hashed into (271 for Hazelcast). Fixed for the cluster's life.
     *
     * @return the partition count
     */
    int partitionCount();

    /**
     * Which partition a key belongs to: the same on every member, for the cluster's life.
     *
     * @param key a key, e.g. an entity type and id
     * @return a partition in {@code [0, partitionCount())}
     */
    int partitionOf(String key);

    /**
     * The member the provider currently assigns a partition to: a hint, see the class comment.
     *
     * @param partition a partition in {@code [0, partitionCount())}
     * @return its owner, or empty while it has none (during a migration or a start)
     */
    Optional<NodeId> partitionOwnerHint(int partition);

    /**
     * Subscribes to membership events. The listener first receives a {@link MembershipEvent.MemberUp}
     * for each current member, then every change.
     *
     * @param listener called on the provider's event thread; must not block
     * @return a handle; closing it unsubscribes
     */
    AutoCloseable subscribe(Consumer<? super MembershipEvent> listener);

    /**
     * Leaves the cluster (gracefully: the others see this member removed at once) and releases the
     * provider's threads and sockets. Idempotent.
     */
    @Override
    void close();
}
