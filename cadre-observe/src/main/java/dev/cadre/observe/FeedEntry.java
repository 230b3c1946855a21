package dev.cadre.observe;

import java.time.Instant;

/**
 * One line of the feed: a crash report, a restart or a dead letter, as a person reads it.
 * Messages are shown by type only (their contents may be large or private).
 *
 * @param seq increasing, from 1: tells a reader which entries it has already seen
 * @param at when it was published
 * @param kind {@code crash}, {@code restart} or {@code dead-letter}
 * @param path the actor concerned
 * @param detail e.g. {@code "IllegalStateException: boom (while handling Order.Reserve)"}
 */
public record FeedEntry(long seq, Instant at, String kind, String path, String detail) {
}
