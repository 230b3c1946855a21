package dev.cadre.cluster.transport;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The message types a transport can carry: one {@link MessageCodec} per class, each under a stable
 * type id. Immutable once built; both ends of a connection must be built with the same ids.
 *
 * <pre>{@code
 * Codecs codecs = Codecs.builder()
 *         .jackson(1, OrderPlaced.class)          // records as JSON, by Jackson
 *         .add(MessageCodec.of(2, byte[].class, b -> b, b -> b))
 *         .build();
 * }</pre>
 */
public final class Codecs {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Map<Class<?>, MessageCodec<?>> byType;
    private final MessageCodec<?>[] byId;

    private Codecs(Map<Class<?>, MessageCodec<?>> byType) {
        this.byType = Map.copyOf(byType);
        int max = byType.values().stream().mapToInt(MessageCodec::typeId).max().orElse(0);
        this.byId = new MessageCodec<?>[max + 1];
        for (MessageCodec<?> c : byType.values()) {
            byId[c.typeId()] = c;
        }
    }

    /**
     * A new builder.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The codec for a message's class.
     *
     * @param type the class
     * @return its codec, or {@code null} if none is registered
     */
    MessageCodec<?> forType(Class<?> type) {
        return byType.get(type);
    }

    /**
     * The codec for a wire id.
     *
     * @param typeId the id
     * @return its codec, or {@code null} if none is registered
     */
    MessageCodec<?> forId(int typeId) {
        return typeId > 0 && typeId < byId.length ? byId[typeId] : null;
    }

    /** Builds a {@link Codecs}; each class and each id at most once. */
    public static final class Builder {
        private final Map<Class<?>, MessageCodec<?>> byType = new HashMap<>();
        private final Map<Integer, Class<?>> ids = new HashMap<>();

        private Builder() {
        }

        /**
         * Registers a codec.
         *
         * @param codec its id must be in 1..65535 and not taken; its class not registered yet
         * @return this builder
         */
        public Builder add(MessageCodec<?> codec) {
            Objects.requireNonNull(codec, "codec");
            int id = codec.typeId();
            if (id < 1 || id > 65_535) {
                throw new IllegalArgumentException("type id of " + codec.type().getName()
                        + " must be in 1..65535, was " + id);
            }
            Class<?> taken = ids.putIfAbsent(id, codec.type());
            if (taken != null) {
                throw new IllegalArgumentException("type id " + id + " is taken by " + taken.getName()
                        + "; cannot register " + codec.type().getName());
            }
            if (byType.putIfAbsent(codec.type(), codec) != null) {
                ids.remove(id);
                throw new IllegalArgumentException(codec.type().getName() + " is already registered");
            }
            return this;
        }

        /**
         * Registers a class (a record, typically) to travel as JSON, written and read by Jackson.
         *
         * @param typeId its wire id
         * @param type its class
         * @param <T> the type
         * @return this builder
         */
        public <T> Builder jackson(int typeId, Class<T> type) {
            Objects.requireNonNull(type, "type");
            var writer = JSON.writerFor(type);
            var reader = JSON.readerFor(type);
            return add(new MessageCodec<T>() {
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
                    try {
                        return writer.writeValueAsBytes(message);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot encode " + type.getName() + " as JSON", e);
                    }
                }

                @Override
                public T decode(byte[] buffer, int offset, int length) {
                    try {
                        return reader.readValue(buffer, offset, length);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot decode " + type.getName() + " from JSON", e);
                    }
                }
            });
        }

        /**
         * Builds the registry.
         *
         * @return the codecs
         */
        public Codecs build() {
            return new Codecs(byType);
        }
    }
}
