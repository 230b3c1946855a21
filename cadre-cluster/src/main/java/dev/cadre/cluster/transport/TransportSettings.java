package dev.cadre.cluster.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * The transport's settings. Every one has a default ({@link #loopback(TransportSecurity)}).
 *
 * @param bindHost where the server listens (default {@code 127.0.0.1}: loopback)
 * @param port its port ({@code 0}: any free one; see {@link GrpcTransport#address()})
 * @param security how peers authenticate (no default: the caller chooses)
 * @param outboundCapacity messages queued per peer before a sender waits (default 65,536): the
 *     bound on a sender's memory when the peer is slow. Larger absorbs longer bursts; smaller
 *     pushes back sooner
 * @param sendTimeout how long a sender waits for room in a full outbound queue before the message
 *     is counted undeliverable (default 10 s, like a blocking mailbox)
 * @param maxBatchMessages at most this many messages per gRPC message (default 1,024): a batch is
 *     whatever is queued when the stream is ready, up to this
 * @param maxBatchBytes at most about this many bytes per gRPC message (default 64 KiB)
 * @param flowControlWindow the HTTP/2 window per stream (default 1 MiB): bytes in flight to a peer
 *     that has not yet asked for more; with the outbound capacity, the sender's whole buffer
 */
public record TransportSettings(
        String bindHost,
        int port,
        TransportSecurity security,
        int outboundCapacity,
        Duration sendTimeout,
        int maxBatchMessages,
        int maxBatchBytes,
        int flowControlWindow) {

    /**
     * Validates the settings.
     *
     * @param bindHost not blank
     * @param port 0..65535
     * @param security not {@code null}
     * @param outboundCapacity at least 1
     * @param sendTimeout positive
     * @param maxBatchMessages at least 1
     * @param maxBatchBytes at least 1,024
     * @param flowControlWindow at least 65,535 (HTTP/2's minimum default)
     */
    public TransportSettings {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(sendTimeout, "sendTimeout");
        if (bindHost.isBlank()) {
            throw new IllegalArgumentException("bindHost must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (outboundCapacity < 1) {
            throw new IllegalArgumentException("outboundCapacity must be >= 1, was " + outboundCapacity);
        }
        if (sendTimeout.isZero() || sendTimeout.isNegative()) {
            throw new IllegalArgumentException("sendTimeout must be positive, was " + sendTimeout);
        }
        if (maxBatchMessages < 1) {
            throw new IllegalArgumentException("maxBatchMessages must be >= 1, was " + maxBatchMessages);
        }
        if (maxBatchBytes < 1024) {
            throw new IllegalArgumentException("maxBatchBytes must be >= 1024, was " + maxBatchBytes);
        }
        if (flowControlWindow < 65_535) {
            throw new IllegalArgumentException("flowControlWindow must be >= 65535, was " + flowControlWindow);
        }
    }

    /**
     * Defaults on loopback, any free port.
     *
     * @param security how peers authenticate
     * @return the defaults
     */
    public static TransportSettings loopback(TransportSecurity security) {
        return new TransportSettings("127.0.0.1", 0, security, 65_536, Duration.ofSeconds(10), 1024, 64 * 1024,
                1 << 20);
    }

    /**
     * @param newPort the port
     * @return a copy with that port
     */
    public TransportSettings withPort(int newPort) {
        return new TransportSettings(bindHost, newPort, security, outboundCapacity, sendTimeout, maxBatchMessages,
                maxBatchBytes, flowControlWindow);
    }

    /**
     * @param capacity messages queued per peer
     * @param timeout how long a sender waits for room
     * @return a copy with that outbound bound
     */
    public TransportSettings withOutbound(int capacity, Duration timeout) {
        return new TransportSettings(bindHost, port, security, capacity, timeout, maxBatchMessages,
                maxBatchBytes, flowControlWindow);
    }

    /**
     * @param messages at most this many messages per gRPC message
     * @param bytes at most about this many bytes per gRPC message
     * @return a copy with those batch bounds
     */
    public TransportSettings withBatch(int messages, int bytes) {
        return new TransportSettings(bindHost, port, security, outboundCapacity, sendTimeout, messages, bytes,
                flowControlWindow);
    }

    /**
     * @param window the HTTP/2 flow-control window per stream, in bytes
     * @return a copy with that window
     */
    public TransportSettings withFlowControlWindow(int window) {
        return new TransportSettings(bindHost, port, security, outboundCapacity, sendTimeout, maxBatchMessages,
                maxBatchBytes, window);
    }
}
