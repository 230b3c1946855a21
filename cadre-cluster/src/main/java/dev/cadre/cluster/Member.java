package dev.cadre.cluster;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A cluster member as the membership provider sees it.
 *
 * @param id its incarnation id
 * @param transport where its Cadre transport listens (host and port)
 */
public record Member(NodeId id, InetSocketAddress transport) {

    /**
     * Validates the record.
     *
     * @param id not {@code null}
     * @param transport not {@code null}
     */
    public Member {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(transport, "transport");
    }

    @Override
    public String toString() {
        return id + "@" + transport.getHostString() + ":" + transport.getPort();
    }
}
