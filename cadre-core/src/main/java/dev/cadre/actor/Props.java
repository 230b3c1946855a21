package dev.cadre.actor;

import java.util.Objects;

/**
 * How to run an actor, chosen at spawn time. Immutable; start from {@link #defaults()}.
 *
 * @param dispatch which threads run the actor's handlers
 */
public record Props(Dispatch dispatch) {

    /** Which threads run an actor's handlers. */
    public enum Dispatch {
        /**
         * The system's shared pool of platform threads (one per core). Handlers must not block:
         * a blocked handler holds a core. The default.
         */
        SHARED_POOL,
        /**
         * A virtual thread per activation: a handler may block (JDBC, HTTP, {@code sleep}) without
         * stalling other actors. Costs a little more per message; use it for actors that block.
         */
        VIRTUAL_THREAD
    }

    private static final Props DEFAULTS = new Props(Dispatch.SHARED_POOL);

    /**
     * Validates the props.
     *
     * @param dispatch not {@code null}
     */
    public Props {
        Objects.requireNonNull(dispatch, "dispatch");
    }

    /**
     * The defaults: the shared pool.
     *
     * @return the default props
     */
    public static Props defaults() {
        return DEFAULTS;
    }

    /**
     * Props that run the actor on virtual threads, so its handlers may block.
     *
     * @return the props
     */
    public static Props virtualThreads() {
        return DEFAULTS.withDispatch(Dispatch.VIRTUAL_THREAD);
    }

    /**
     * A copy with another dispatch.
     *
     * @param dispatch the dispatch
     * @return the new props
     */
    public Props withDispatch(Dispatch dispatch) {
        return new Props(dispatch);
    }
}
