package dev.cadre.cluster.transport;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.cadre.actor.ActorRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The message types a transport can carry: one {@link MessageCodec} per class, each under a stable
 * type id. Immutable once built; both ends of a connection must be built with the same ids. One
 * {@code Codecs} serves one transport (each node builds its own): its JSON codecs write an
 * {@link ActorRef} inside a message as the address of the actor (node id, transport address,
 * path) and read it back as a ref that sends there, so a reply-to travels.
 *
 * <pre>{@code
 * Codecs codecs = Codecs.builder()
 *         .jackson(1, OrderPlaced.class)          // records as JSON, by Jackson; ActorRef fields as addresses
 *         .add(MessageCodec.of(2, byte[].class, b -> b, b -> b))
 *         .build();
 * }</pre>
 */
public final class Codecs {

    private final Map<Class<?>, MessageCodec<?>> byType;
    private final MessageCodec<?>[] byId;
    private volatile GrpcTransport transport; // set once by the transport that uses these codecs

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

    MessageCodec<?> forType(Class<?> type) {
        return byType.get(type);
    }

    MessageCodec<?> forId(int typeId) {
        return typeId > 0 && typeId < byId.length ? byId[typeId] : null;
    }

    synchronized void bind(GrpcTransport t) {
        if (transport != null && transport != t) {
            throw new IllegalStateException("these Codecs already serve another transport: build one per node");
        }
        transport = t;
    }

    private GrpcTransport transport() {
        GrpcTransport t = transport;
        if (t == null) {
            throw new IllegalStateException("an ActorRef can travel only through a transport: these Codecs serve none yet");
        }
        return t;
    }

    /** Builds a {@link Codecs}; each class and each id at most once. */
    public static final class Builder {
        private final Map<Class<?>, MessageCodec<?>> byType = new HashMap<>();
        private final Map<Integer, Class<?>> ids = new HashMap<>();
        private final List<Class<?>> jsonTypes = new ArrayList<>();
        private final List<Integer> jsonIds = new ArrayList<>();

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
            claim(codec.typeId(), codec.type());
            byType.put(codec.type(), codec);
            return this;
        }

        private void claim(int id, Class<?> type) {
            if (id < 1 || id > 65_535) {
                throw new IllegalArgumentException("type id of " + type.getName() + " must be in 1..65535, was " + id);
            }
            Class<?> taken = ids.get(id);
            if (taken != null) {
                throw new IllegalArgumentException("type id " + id + " is taken by " + taken.getName()
                        + "; cannot register " + type.getName());
            }
            if (byType.containsKey(type) || jsonTypes.contains(type)) {
                throw new IllegalArgumentException(type.getName() + " is already registered");
            }
            ids.put(id, type);
        }

        /**
         * Registers a class (a record, typically) to travel as JSON, written and read by Jackson;
         * its {@link ActorRef} fields travel as addresses.
         *
         * @param typeId its wire id
         * @param type its class
         * @return this builder
         */
        public Builder jackson(int typeId, Class<?> type) {
            Objects.requireNonNull(type, "type");
            claim(typeId, type);
            jsonTypes.add(type);
            jsonIds.add(typeId);
            return this;
        }

        /**
         * Builds the registry.
         *
         * @return the codecs
         */
        public Codecs build() {
            Map<Class<?>, MessageCodec<?>> all = new HashMap<>(byType);
            Codecs[] self = new Codecs[1];
            ObjectMapper json = new ObjectMapper()
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                    .registerModule(refModule(self));
            for (int i = 0; i < jsonTypes.size(); i++) {
                all.put(jsonTypes.get(i), jsonCodec(json, jsonIds.get(i), jsonTypes.get(i)));
            }
            self[0] = new Codecs(all);
            return self[0];
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static SimpleModule refModule(Codecs[] codecs) {
        SimpleModule module = new SimpleModule("cadre-actor-refs");
        module.addSerializer(ActorRef.class, new JsonSerializer<ActorRef>() {
            @Override
            public void serialize(ActorRef ref, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                GrpcTransport.Address a = codecs[0].transport().addressOf(ref);
                gen.writeStartObject();
                gen.writeStringField("node", a.node());
                gen.writeStringField("host", a.host());
                gen.writeNumberField("port", a.port());
                gen.writeStringField("path", a.path());
                gen.writeEndObject();
            }
        });
        module.addDeserializer(ActorRef.class, new JsonDeserializer<ActorRef>() {
            @Override
            public ActorRef deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                JsonNode n = p.readValueAsTree();
                if (!n.hasNonNull("node") || !n.hasNonNull("path") || !n.hasNonNull("host") || !n.hasNonNull("port")) {
                    throw ctxt.weirdStringException(String.valueOf(n), ActorRef.class,
                            "an actor ref needs node, host, port and path");
                }
                return codecs[0].transport().refAt(new GrpcTransport.Address(n.get("node").asText(),
                        n.get("host").asText(), n.get("port").asInt(), n.get("path").asText()));
            }
        });
        return module;
    }

    private static <T> MessageCodec<T> jsonCodec(ObjectMapper json, int typeId, Class<T> type) {
        var writer = json.writerFor(type);
        var reader = json.readerFor(type);
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
        };
    }
}
