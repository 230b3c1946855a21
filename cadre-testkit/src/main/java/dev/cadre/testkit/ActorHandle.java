package dev.cadre.testkit;

import dev.cadre.actor.ActorRef;
import dev.cadre.internal.runtime.ActorCell;
import org.jspecify.annotations.Nullable;

/**
 * An actor as a {@link SchedulingStrategy} sees it. Fields other than the ref and id are owned by
 * the scheduler (and the strategy it runs).
 */
public final class ActorHandle {
    final ActorCell<?> cell;
    final int id;
    /** When it last became ready (a step count): for FIFO strategies. */
    long readySince;
    /** For priority-based strategies (PCT); Long.MIN_VALUE until assigned. */
    long priority = Long.MIN_VALUE;
    /** A slow consumer is not run again before this instant (virtual nanoseconds). */
    long busyUntil;
    /** Position in the ready list, or -1. */
    int readyIndex = -1;
    private @Nullable String path;

    ActorHandle(ActorCell<?> cell, int id) {
        this.cell = cell;
        this.id = id;
    }

    /** {@return the actor's ref} */
    public ActorRef<?> ref() {
        return cell.self();
    }

    /** {@return the actor's path} */
    public String path() {
        String p = path;
        if (p == null) {
            p = path = cell.self().path();
        }
        return p;
    }

    /**
     * {@return the order in which the scheduler first saw this actor (0, 1, 2, ...): stable for a
     * seed}
     */
    public int id() {
        return id;
    }

    @Override
    public String toString() {
        return path();
    }
}
