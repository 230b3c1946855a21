package dev.cadre.observe;

import dev.cadre.actor.ActorInfo;

/**
 * One actor in a {@link Snapshot}: what {@link dev.cadre.actor.Introspection} shows, plus the
 * rates since the previous sample.
 *
 * @param info the actor's state, supervision and counters
 * @param processedPerSecond messages it processed per second since the previous sample
 * @param growthPerSecond how fast its mailbox grew (negative: shrank), messages per second
 */
public record ActorStat(ActorInfo info, double processedPerSecond, double growthPerSecond) {

    /** {@return the actor's path} */
    public String path() {
        return info.path();
    }

    /** {@return its mailbox depth} */
    public int depth() {
        return info.metrics().depth();
    }
}
