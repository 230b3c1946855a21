package dev.cadre.actor;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How to run an actor, chosen at spawn time: which threads run it and which mailbox it gets.
 * Immutable; start from {@link #defaults()} and refine with {@code withX}.
 *
 * <pre>{@code
 * Props.defaults().withMailbox(Mailbox.bounded(1_000, Overflow.block(Duration.ofSeconds(10))))
 * Props.virtualThreads()   // handlers may block
 * }</pre>
 */
public final class Props {

    /** Which threads run an actor's handlers. */
    public enum Dispatch {
        /**
         * The system's shared pool of platform threads (one per core). Handlers must not block:
         * a blocked handler holds a core. The default.
         */
        SHARED_POOL,
        /**
         * A virtual thread per activation: a handler may block (JDBC, HTTP, {@code sleep}) without
         * stalling other actors. Costs a little more per activation; use it for actors that block.
         */
        VIRTUAL_THREAD
    }

    private static final Props DEFAULTS = new Props(Dispatch.SHARED_POOL, null);

    private final Dispatch dispatch;
    private final @Nullable Mailbox mailbox;

    private Props(Dispatch dispatch, @Nullable Mailbox mailbox) {
        this.dispatch = Objects.requireNonNull(dispatch, "dispatch");
        this.mailbox = mailbox;
    }

    /**
     * The defaults: the shared pool and the system's default mailbox.
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
     * Which threads run the actor.
     *
     * @return the dispatch
     */
    public Dispatch dispatch() {
        return dispatch;
    }

    /**
     * The mailbox, if these props choose one (otherwise the system's default applies).
     *
     * @return the mailbox spec, or empty for the system default
     */
    public Optional<Mailbox> mailbox() {
        return Optional.ofNullable(mailbox);
    }

    /**
     * A copy with another dispatch.
     *
     * @param dispatch the dispatch
     * @return the new props
     */
    public Props withDispatch(Dispatch dispatch) {
        return new Props(dispatch, mailbox);
    }

    /**
     * A copy with a mailbox of its own.
     *
     * @param mailbox the mailbox spec
     * @return the new props
     */
    public Props withMailbox(Mailbox mailbox) {
        return new Props(dispatch, Objects.requireNonNull(mailbox, "mailbox"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Props p && p.dispatch == dispatch && Objects.equals(p.mailbox, mailbox);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dispatch, mailbox);
    }

    @Override
    public String toString() {
        return "Props[dispatch=" + dispatch + ", mailbox=" + (mailbox == null ? "system default" : mailbox) + "]";
    }
}
