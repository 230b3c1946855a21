/**
 * INTERNAL API: actors' user-message queues. Many producers, one consumer (the thread running the
 * actor); each queue keeps the mailbox counters (depth, high-water mark, drops) next to its own
 * state. Knows nothing of actors: what to do with a message a full queue refuses or evicts is the
 * runtime's business ({@code dev.cadre.internal.runtime.MailboxOverflow}).
 */
package dev.cadre.internal.mailbox;
