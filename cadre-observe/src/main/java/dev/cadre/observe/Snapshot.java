package dev.cadre.observe;

import java.time.Instant;
import java.util.List;

/**
 * One sample of a system, taken by an {@link Observer}: every living actor with its rates, the
 * whole-system figures, and the recent feed. Immutable.
 *
 * @param seq the sample's number, from 1
 * @param at when it was taken
 * @param systemName the actor system's name
 * @param status what the application says it is doing ({@link Observer#setStatus}), or empty
 * @param terminated whether the system has terminated (the observer then keeps its last sample)
 * @param system whole-system figures
 * @param actors every living actor, parents before children
 * @param feed recent crash reports, restarts and dead letters, oldest first
 */
public record Snapshot(long seq, Instant at, String systemName, String status, boolean terminated, SystemStats system,
        List<ActorStat> actors, List<FeedEntry> feed) {
}
