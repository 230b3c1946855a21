package dev.cadre.actor;

import java.util.Objects;

/**
 * What a tool can see of one living actor: its place in the tree, its lifecycle state, how it is
 * supervised and its counters. Taken by {@link Introspection} without stopping the actor, so for
 * a busy actor each field was true at some instant during the read, not all at the same one.
 *
 * @param path the actor's path, e.g. {@code /user/fulfilment/payments/worker-3}
 * @param parent the parent's path ({@code /user} for top-level actors)
 * @param ref the actor
 * @param state where it is in its lifecycle
 * @param restarts how many times it has been restarted in place
 * @param children how many children it has now
 * @param strategy how it supervises its children if it is a {@link Supervisor}, e.g.
 *     {@code "one-for-one, intensity 3 in 5s"}; empty otherwise
 * @param localSupervision its {@link Behaviors#supervise} rules, e.g.
 *     {@code "ProviderException: restart with backoff 1ms..4ms"}; empty if it has none
 * @param supervisedByParent whether its parent is a {@link Supervisor} that decides about its exits
 * @param metrics its mailbox and processing counters
 */
public record ActorInfo(String path, String parent, ActorRef<Void> ref, State state, int restarts, int children,
        String strategy, String localSupervision, boolean supervisedByParent, ActorMetrics metrics) {

    /** Where an actor is in its lifecycle. */
    public enum State {
        /** Spawned; its setup has not run yet. */
        STARTING,
        /** Processing messages (or idle, waiting for one). */
        RUNNING,
        /**
         * Not processing user messages (they wait in its mailbox): it failed and waits for its
         * supervisor's decision, or a sibling's failure suspended it before a group restart.
         */
        SUSPENDED,
        /** Failed, and waits out a backoff delay before it is restarted. */
        BACKING_OFF,
        /** Being restarted: its children are stopping, then its setup runs again. */
        RESTARTING,
        /** Stopping: its children stop first, then it receives {@link PostStop}. */
        STOPPING,
        /** Stopped (its counters are final). */
        STOPPED
    }

    /**
     * Validates the record.
     *
     * @param path not {@code null}
     * @param parent not {@code null}
     * @param ref not {@code null}
     * @param state not {@code null}
     * @param restarts at least 0
     * @param children at least 0
     * @param strategy not {@code null}
     * @param localSupervision not {@code null}
     * @param supervisedByParent any
     * @param metrics not {@code null}
     */
    public ActorInfo {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(localSupervision, "localSupervision");
        Objects.requireNonNull(metrics, "metrics");
        if (restarts < 0 || children < 0) {
            throw new IllegalArgumentException("restarts and children must be >= 0, were " + restarts + " and "
                    + children);
        }
    }

    /**
     * The last element of the path.
     *
     * @return the actor's name
     */
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
