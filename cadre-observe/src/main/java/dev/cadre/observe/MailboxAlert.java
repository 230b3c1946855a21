package dev.cadre.observe;

import java.time.Instant;

/**
 * A mailbox became long, or recovered: the counterpart of Erlang's {@code long_message_queue}
 * system monitor. An {@link Observer} sends one when an actor's depth reaches
 * {@link ObserverConfig#longMailboxThreshold()}, and one more when it is back at
 * {@link ObserverConfig#recoverBelow()} or below (or the actor stopped), and writes a log line for
 * each (logger {@code dev.cadre.observe}: WARN when long, INFO when recovered).
 *
 * @param kind long or recovered
 * @param path the actor
 * @param depth its depth when sampled (0 if it stopped)
 * @param threshold the threshold it crossed
 * @param at when the sample was taken
 */
public record MailboxAlert(Kind kind, String path, int depth, int threshold, Instant at) {

    /** What happened. */
    public enum Kind {
        /** The depth reached the threshold. */
        LONG,
        /** The depth fell back to the recovery level, or the actor stopped. */
        RECOVERED
    }
}
