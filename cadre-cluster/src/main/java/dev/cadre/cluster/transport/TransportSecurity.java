package dev.cadre.cluster.transport;

import java.util.Arrays;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * How nodes prove to each other that they belong to the cluster. Hazelcast Community membership is
 * unauthenticated, so the transport is where an intruder is stopped: a peer that cannot
 * authenticate never gets a message delivered and never receives one.
 */
public sealed interface TransportSecurity {

    /**
     * Mutual TLS: each side presents a certificate from {@code keys} and accepts only peers whose
     * certificate chains to {@code trust}. Traffic is encrypted.
     *
     * @param keys this node's key and certificate
     * @param trust the certificates (or CA) of the cluster
     */
    record MutualTls(KeyManagerFactory keys, TrustManagerFactory trust) implements TransportSecurity {
        /**
         * @param keys not {@code null}
         * @param trust not {@code null}
         */
        public MutualTls {
            Objects.requireNonNull(keys, "keys");
            Objects.requireNonNull(trust, "trust");
        }
    }

    /**
     * A shared-secret handshake over plaintext: the connecting node sends, with each stream it
     * opens, its id, the time and an HMAC-SHA256 of both (and of the id it expects to reach) under
     * the secret; the receiving node checks it (constant time, at most 30 s clock difference).
     * Authenticates, does not encrypt: for loopback and trusted networks only.
     *
     * @param secret at least 16 bytes (copied)
     */
    record SharedSecret(byte[] secret) implements TransportSecurity {
        /**
         * @param secret not {@code null}, at least 16 bytes
         */
        public SharedSecret {
            Objects.requireNonNull(secret, "secret");
            if (secret.length < 16) {
                throw new IllegalArgumentException("a shared secret needs at least 16 bytes, was " + secret.length);
            }
            secret = secret.clone();
        }

        @Override
        public byte[] secret() {
            return secret.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SharedSecret s && Arrays.equals(secret, s.secret);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(secret);
        }

        @Override
        public String toString() {
            return "SharedSecret[" + secret.length + " bytes]";
        }
    }
}
