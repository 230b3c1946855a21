package dev.cadre.persistence;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.persistence.journal.Serialized;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns events and states into JSON and back, with Jackson, under <b>stable type names</b> and
 * <b>versions</b> (never Java class names, never Java serialization):
 *
 * <pre>{@code
 * EventSerialization serialization = EventSerialization.builder()
 *         .register(Added.class, "counter.added", 2)          // today's version is 2
 *         .upcaster("counter.added", 1, json -> json.put("by", json.remove("n").asInt()))
 *         .register(CounterState.class, "counter.state")     // version 1
 *         .build();
 * }</pre>
 *
 * <p>A stored event of an older version goes through the upcasters from its version to today's
 * before Jackson binds it; so a class may be renamed or moved freely (its type name stays), and a
 * field change needs one upcaster. Reading is strict: an unknown type name, a version newer than
 * this build's, a property the class does not have, or bad JSON fail with a
 * {@link SerializationException} naming the type and version. {@code EventSamples} (in the
 * testkit package) proves that stored samples of every past version still deserialize.
 *
 * <p>Immutable and thread-safe once built.
 */
public final class EventSerialization {

    private record Registration(Class<?> type, String name, int version) {
    }

    private final ObjectMapper mapper;
    private final Map<Class<?>, Registration> byClass;
    private final Map<String, Registration> byName;
    private final Map<String, Map<Integer, Upcaster>> upcasters;

    private EventSerialization(Builder b) {
        this.mapper = b.mapper;
        this.byClass = Map.copyOf(b.byClass);
        this.byName = Map.copyOf(b.byName);
        Map<String, Map<Integer, Upcaster>> up = new HashMap<>();
        b.upcasters.forEach((k, v) -> up.put(k, Map.copyOf(v)));
        this.upcasters = Map.copyOf(up);
    }

    /** {@return a builder with a strict default {@link ObjectMapper}} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Serializes a value of a registered class under its type name and current version.
     *
     * @param value the event or state
     * @return the stored form
     * @throws SerializationException if its class is not registered or Jackson cannot write it
     */
    public Serialized serialize(Object value) {
        Objects.requireNonNull(value, "value");
        Registration r = byClass.get(value.getClass());
        if (r == null) {
            throw new SerializationException("class " + value.getClass().getName()
                    + " is not registered with EventSerialization (register it with a stable type name)", null);
        }
        try {
            return new Serialized(r.name, r.version, mapper.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new SerializationException("cannot serialize " + r.name + " v" + r.version + " ("
                    + value.getClass().getName() + "): " + e.getMessage(), e);
        }
    }

    /**
     * Deserializes a stored value into today's class for its type name, upcasting it first if
     * it was written with an older version.
     *
     * @param stored the stored form
     * @return the value
     * @throws SerializationException if the type is unknown, the version is newer than this
     *     build's, or the JSON does not fit the class
     */
    public Object deserialize(Serialized stored) {
        Registration r = byName.get(stored.type());
        if (r == null) {
            throw new SerializationException("unknown type name '" + stored.type() + "' (v" + stored.version()
                    + "): not registered in this build (known: " + new java.util.TreeSet<>(byName.keySet()) + ")", null);
        }
        if (stored.version() > r.version) {
            throw new SerializationException("'" + stored.type() + "' v" + stored.version()
                    + " is newer than this build knows (v" + r.version + "): written by a newer version of the application", null);
        }
        try {
            JsonNode tree = mapper.readTree(stored.bytes());
            if (!(tree instanceof ObjectNode json)) {
                throw new SerializationException("'" + stored.type() + "' v" + stored.version()
                        + " is not a JSON object: " + abbreviate(stored.bytes()), null);
            }
            for (int v = stored.version(); v < r.version; v++) {
                // registration checked that every version below the current one has an upcaster
                json = Objects.requireNonNull(Objects.requireNonNull(upcasters.get(r.name)).get(v)).upcast(json);
            }
            return mapper.treeToValue(json, r.type);
        } catch (IOException e) {
            throw new SerializationException("cannot deserialize '" + stored.type() + "' v" + stored.version()
                     + " into " + r.type.getName() + ": " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                    ? j.getOriginalMessage() : e.getMessage()) + " in " + abbreviate(stored.bytes()), e);
        }
    }

    /** {@return every registered type name with its current version} */
    public Map<String, Integer> currentVersions() {
        Map<String, Integer> m = new java.util.TreeMap<>();
        byName.forEach((k, v) -> m.put(k, v.version));
        return m;
    }

    /**
     * {@return the class it deserializes into}
     *
     * @param typeName a registered type name
     * @throws IllegalArgumentException if not registered
     */
    public Class<?> classOf(String typeName) {
        Registration r = byName.get(typeName);
        if (r == null) {
            throw new IllegalArgumentException("type name '" + typeName + "' is not registered");
        }
        return r.type;
    }

    /** {@return the mapper (for tests and tools that write sample JSON)} */
    public ObjectMapper mapper() {
        return mapper;
    }

    private static String abbreviate(byte[] bytes) {
        String s = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    /** Collects registrations; {@link #build} checks them. Not thread-safe. */
    public static final class Builder {
        private ObjectMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        private final Map<Class<?>, Registration> byClass = new LinkedHashMap<>();
        private final Map<String, Registration> byName = new LinkedHashMap<>();
        private final Map<String, Map<Integer, Upcaster>> upcasters = new HashMap<>();

        private Builder() {
        }

        /**
         * Uses another mapper (for custom modules); it must not use Java serialization.
         *
         * @param mapper the mapper
         * @return this builder
         */
        public Builder mapper(ObjectMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /**
         * Registers a class at version 1.
         *
         * @param type the class (typically a record)
         * @param name its stable type name
         * @return this builder
         */
        public Builder register(Class<?> type, String name) {
            return register(type, name, 1);
        }

        /**
         * Registers a class under a stable type name at its current schema version.
         *
         * @param type the class (typically a record)
         * @param name its stable type name: never change it once events are stored
         * @param version today's version, at least 1; versions below need upcasters
         * @return this builder
         * @throws IllegalArgumentException if the class or the name is already registered
         */
        public Builder register(Class<?> type, String name, int version) {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("type name of " + type.getName() + " must not be blank");
            }
            if (version < 1) {
                throw new IllegalArgumentException("version of '" + name + "' must be >= 1, was " + version);
            }
            if (byClass.containsKey(type)) {
                throw new IllegalArgumentException(type.getName() + " is already registered as '"
                        + byClass.get(type).name + "'");
            }
            if (byName.containsKey(name)) {
                throw new IllegalArgumentException("type name '" + name + "' is already used by "
                        + byName.get(name).type.getName());
            }
            Registration r = new Registration(type, name, version);
            byClass.put(type, r);
            byName.put(name, r);
            return this;
        }

        /**
         * Registers the upcaster from {@code fromVersion} to {@code fromVersion + 1} of a type.
         *
         * @param name the type name
         * @param fromVersion the version it reads, at least 1
         * @param upcaster the transformation
         * @return this builder
         */
        public Builder upcaster(String name, int fromVersion, Upcaster upcaster) {
            Objects.requireNonNull(upcaster, "upcaster");
            if (fromVersion < 1) {
                throw new IllegalArgumentException("fromVersion must be >= 1, was " + fromVersion);
            }
            if (upcasters.computeIfAbsent(name, k -> new HashMap<>()).putIfAbsent(fromVersion, upcaster) != null) {
                throw new IllegalArgumentException("two upcasters for '" + name + "' v" + fromVersion);
            }
            return this;
        }

        /**
         * {@return the serialization}
         *
         * @throws IllegalStateException if a type's versions below its current one lack an
         *     upcaster, or an upcaster names an unknown type or a version not below the current one
         */
        public EventSerialization build() {
            for (var e : upcasters.entrySet()) {
                Registration r = byName.get(e.getKey());
                if (r == null) {
                    throw new IllegalStateException("upcaster for unknown type name '" + e.getKey() + "'");
                }
                for (int from : e.getValue().keySet()) {
                    if (from >= r.version) {
                        throw new IllegalStateException("upcaster for '" + r.name + "' v" + from
                                + " but its current version is " + r.version);
                    }
                }
            }
            for (Registration r : byName.values()) {
                Set<Integer> have = upcasters.getOrDefault(r.name, Map.of()).keySet();
                for (int v = 1; v < r.version; v++) {
                    if (!have.contains(v)) {
                        throw new IllegalStateException("'" + r.name + "' is at v" + r.version + " but has no upcaster from v"
                                + v + " (stored v" + v + " events could not be read)");
                    }
                }
            }
            return new EventSerialization(this);
        }
    }
}
