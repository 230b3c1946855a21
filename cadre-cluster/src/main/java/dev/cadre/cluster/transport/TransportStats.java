package dev.cadre.cluster.transport;

import java.util.Map;

/**
 * A snapshot of a transport's counters since it started.
 *
 * <p>The sending side's books: every message handed to the transport (a {@code tell} or
 * {@code offer} on a remote ref) ends in exactly one of: refused at once (an {@code offer} that
 * found the peer's queue full: the caller got {@code FULL}), acknowledged by the peer (it
 * received the message: delivered it, or counted it {@code NO_SUCH_ACTOR}/{@code UNDECODABLE}
 * there), counted undeliverable on this side ({@code PEER_DOWN}, {@code SEND_TIMEOUT},
 * {@code TRANSPORT_CLOSED}, {@code UNCONFIRMED}), or still pending (queued, or written and not
 * acknowledged yet). {@link #unaccounted()} is the difference, zero when the books balance; read
 * it when the transport is quiet (the counters are read one after another).
 *
 * @param messagesSent messages written to streams
 * @param batchesSent gRPC messages (batches) written
 * @param messagesDelivered messages received and handed to a local actor
 * @param streamsFailed streams to peers that closed with an error (a refused handshake included)
 * @param maxQueued the most messages ever queued for one peer at once (never above the outbound
 *     capacity: the sender's memory bound)
 * @param undeliverable counts by reason
 * @param messagesAccepted messages handed to this transport to send
 * @param messagesRefused offers refused at once because the peer's queue was full
 * @param messagesAcknowledged messages the peers acknowledged having received
 * @param messagesPending messages queued or written and not acknowledged yet, now
 * @param messagesReceived messages received from peers (delivered, or counted with a reason)
 */
public record TransportStats(long messagesSent, long batchesSent, long messagesDelivered,
                             long streamsFailed, long maxQueued,
                             Map<Undeliverable.Reason, Long> undeliverable,
                             long messagesAccepted, long messagesRefused, long messagesAcknowledged,
                             long messagesPending, long messagesReceived) {

    /**
     * @param reason a reason
     * @return how many messages were undeliverable for it
     */
    public long undeliverable(Undeliverable.Reason reason) {
        return undeliverable.getOrDefault(reason, 0L);
    }

    /** @return messages counted undeliverable on the sending side (all but the receiving side's reasons) */
    public long undeliverableSending() {
        return undeliverable(Undeliverable.Reason.PEER_DOWN) + undeliverable(Undeliverable.Reason.SEND_TIMEOUT)
                + undeliverable(Undeliverable.Reason.TRANSPORT_CLOSED) + undeliverable(Undeliverable.Reason.UNCONFIRMED);
    }

    /**
     * @return messages handed to the transport that are in none of its books (refused,
     *     acknowledged, undeliverable with a reason, pending): zero when nothing is lost silently
     */
    public long unaccounted() {
        return messagesAccepted - messagesRefused - messagesAcknowledged - undeliverableSending() - messagesPending;
    }
}
