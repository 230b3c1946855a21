package dev.cadre.cluster;

import java.util.Objects;

/**
 * What a {@link ClusterProvider} reports. Events arrive in the order the provider observed them,
 * from one thread at a time per listener.
 */
public sealed interface MembershipEvent {

    /**
     * A member joined (or was already there when the listener was added).
     *
     * @param member the member
     */
    record MemberUp(Member member) implements MembershipEvent {
        /** @param member not {@code null} */
        public MemberUp {
            Objects.requireNonNull(member, "member");
        }
    }

    /**
     * A member left or was declared dead (crashed, frozen, cut off). A removed incarnation never
     * comes back; a restarted process joins as a new {@link NodeId}.
     *
     * @param member the member
     */
    record MemberRemoved(Member member) implements MembershipEvent {
        /** @param member not {@code null} */
        public MemberRemoved {
            Objects.requireNonNull(member, "member");
        }
    }

    /**
     * The provider's partition table changed (a migration finished). It is a hint only: read
     * {@link ClusterProvider#partitionOwnerHint(int)} again.
     */
    record PartitionsChanged() implements MembershipEvent {
    }
}
