package dev.cadre.cluster.transport;

import dev.cadre.cluster.NodeId;
import java.util.Objects;

/**
 * A message the transport could not deliver, with the reason: published to
 * {@link GrpcTransport#onUndeliverable} listeners, counted in {@link TransportStats}, and
 * published to the node's dead letters with the core's reason ({@code NODE_DOWN},
 * {@code UNCONFIRMED}, {@code RECIPIENT_TERMINATED} or {@code UNDELIVERABLE}; see the module README).
 *
 * @param message the message, or {@code null} when it was not decoded
 * @param peer the other node
 * @param recipient the recipient's path
 * @param reason why
 * @param count how many messages this record stands for (1)
 */
public record Undeliverable(Object message, NodeId peer, String recipient, Reason reason, long count) {

    /** Why a message was not delivered. */
    public enum Reason {
        /** Receiving side: no actor at the recipient's path. */
        NO_SUCH_ACTOR,
        /** Receiving side: no codec for the message's type id, or its bytes did not decode. */
        UNDECODABLE,
        /** Sending side: the peer was declared down (or is another incarnation now) with the message queued. */
        PEER_DOWN,
        /**
         * Sending side: the peer's outbound queue stayed full for the whole send timeout, or was
         * full when the transport's own network thread sent (it cannot wait for room it makes).
         */
        SEND_TIMEOUT,
        /** Sending side: the transport was closed with the message queued. */
        TRANSPORT_CLOSED,
        /**
         * Sending side: sent on a stream that broke before the peer acknowledged it: maybe
         * delivered, maybe not (at-most-once). Reported one by one: a written batch keeps its
         * messages until the peer acknowledges it.
         */
        UNCONFIRMED
    }

    /**
     * @param reason not {@code null}
     * @param peer not {@code null}
     * @param recipient not {@code null}
     */
    public Undeliverable {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(reason, "reason");
    }
}
