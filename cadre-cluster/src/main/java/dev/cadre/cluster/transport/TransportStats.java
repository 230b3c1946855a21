package dev.cadre.cluster.transport;

import java.util.Map;

/**
 * A snapshot of a transport's counters since it started.
 *
 * @param messagesSent messages written to streams
 * @param batchesSent gRPC messages (batches) written
 * @param messagesDelivered messages received and handed to a local actor
 * @param streamsFailed streams to peers that closed with an error (a refused handshake included)
 * @param maxQueued the most messages ever queued for one peer at once (never above the outbound
 *     capacity: the sender's memory bound)
 * @param undeliverable counts by reason
 */
public record TransportStats(long messagesSent, long batchesSent, long messagesDelivered,
                             long streamsFailed, long maxQueued,
                             Map<Undeliverable.Reason, Long> undeliverable) {

    /**
     * @param reason a reason
     * @return how many messages were undeliverable for it
     */
    public long undeliverable(Undeliverable.Reason reason) {
        return undeliverable.getOrDefault(reason, 0L);
    }
}
