package dev.cadre.cluster.transport;

import java.util.Objects;

/**
 * Turns one message type into bytes and back, under a stable type id that is what travels on the
 * wire (never a class name, never Java serialization). Register one per message type in
 * {@link Codecs}; both sides must agree on the ids.
 *
 * <p><b>Threading contract.</b> {@code encode} runs on the sending thread and {@code decode} on
 * the transport's inbound thread, possibly several at once: a codec must be stateless or
 * thread-safe.
 *
 * @param <T> the message type
 */
public interface MessageCodec<T> {

    /**
     * The id written on the wire: positive, unique within a {@link Codecs}, stable across versions.
     *
     * @return the type id
     */
    int typeId();

    /**
     * The class this codec handles (exactly: subclasses need their own codec).
     *
     * @return the message class
     */
    Class<T> type();

    /**
     * Encodes a message.
     *
     * @param message not {@code null}
     * @return its bytes (the caller does not modify them)
     */
    byte[] encode(T message);

    /**
     * Decodes a message from {@code length} bytes of {@code buffer} at {@code offset}.
     *
     * @param buffer the bytes (must not be kept: the transport reuses nothing, but may hand a
     *     larger frame)
     * @param offset where the message starts
     * @param length how long it is
     * @return the message, not {@code null}
     * @throws RuntimeException if the bytes are not a valid message (the transport counts it as
     *     undeliverable, with the reason)
     */
    T decode(byte[] buffer, int offset, int length);

    /**
     * A codec from two functions.
     *
     * @param typeId the wire id
     * @param type the class
     * @param encoder message to bytes
     * @param decoder bytes (a copy of exactly the message's bytes) to message
     * @param <T> the message type
     * @return the codec
     */
    static <T> MessageCodec<T> of(int typeId, Class<T> type, java.util.function.Function<T, byte[]> encoder,
                                  java.util.function.Function<byte[], T> decoder) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(decoder, "decoder");
        return new MessageCodec<>() {
            @Override
            public int typeId() {
                return typeId;
            }

            @Override
            public Class<T> type() {
                return type;
            }

            @Override
            public byte[] encode(T message) {
                return encoder.apply(message);
            }

            @Override
            public T decode(byte[] buffer, int offset, int length) {
                return decoder.apply(java.util.Arrays.copyOfRange(buffer, offset, offset + length));
            }
        };
    }
}
