package dev.cadre.cluster.sharding;

import dev.cadre.actor.Behavior;
import dev.cadre.persistence.journal.Fence;
import java.time.Duration;
import java.util.Objects;

/**
 * A kind of sharded entity: its name, its message type and how to make one.
 *
 * @param name the type's name (letters, digits, '-', '_'; at most 40): part of every entity's key
 *     and of its partitions' fence keys, so it must not change between releases
 * @param messageType the class of the messages an entity accepts (its codec must be registered)
 * @param factory makes an entity for an id, writing under the given fence
 * @param passivateAfter an entity idle this long is stopped (its state is in the journal); it is
 *     started again by its next message
 * @param bufferCapacity messages held, per node, for entities whose partition is moving (or while
 *     this node has no majority); one more is dropped and counted
 * @param <M> the message type
 */
public record EntityType<M>(String name, Class<M> messageType, EntityFactory<M> factory, Duration passivateAfter,
                            int bufferCapacity) {

    /** Default idle time before passivation. */
    public static final Duration DEFAULT_PASSIVATE_AFTER = Duration.ofSeconds(30);
    /** Default buffer capacity. */
    public static final int DEFAULT_BUFFER_CAPACITY = 10_000;

    /**
     * Makes the behaviour of one entity.
     *
     * @param <M> the message type
     */
    @FunctionalInterface
    public interface EntityFactory<M> {
        /**
         * @param entityId the entity's id
         * @param fence the epoch its partition is held under on this node: pass it to
         *     {@code EventSourcedBehavior.Builder.fence}, so a stale owner can never write
         * @return its behaviour
         */
        Behavior<M> create(String entityId, Fence fence);
    }

    /**
     * Validates the record.
     *
     * @param name see the record comment
     * @param messageType not {@code null}
     * @param factory not {@code null}
     * @param passivateAfter positive
     * @param bufferCapacity at least 1
     */
    public EntityType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(messageType, "messageType");
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(passivateAfter, "passivateAfter");
        if (!name.matches("[A-Za-z0-9_-]{1,40}")) {
            throw new IllegalArgumentException("an entity type name is 1-40 letters, digits, '-' or '_', was '" + name + "'");
        }
        if (passivateAfter.isZero() || passivateAfter.isNegative()) {
            throw new IllegalArgumentException("passivateAfter must be positive, was " + passivateAfter);
        }
        if (bufferCapacity < 1) {
            throw new IllegalArgumentException("bufferCapacity must be >= 1, was " + bufferCapacity);
        }
    }

    /**
     * An entity type with the defaults (passivate after 30 s idle, buffer 10,000 messages).
     *
     * @param name the type's name
     * @param messageType the message class
     * @param factory makes an entity
     * @param <M> the message type
     * @return the type
     */
    public static <M> EntityType<M> of(String name, Class<M> messageType, EntityFactory<M> factory) {
        return new EntityType<>(name, messageType, factory, DEFAULT_PASSIVATE_AFTER, DEFAULT_BUFFER_CAPACITY);
    }

    /**
     * @param idle the idle time before passivation
     * @return a copy with it
     */
    public EntityType<M> withPassivateAfter(Duration idle) {
        return new EntityType<>(name, messageType, factory, idle, bufferCapacity);
    }

    /**
     * @param capacity the buffer capacity
     * @return a copy with it
     */
    public EntityType<M> withBufferCapacity(int capacity) {
        return new EntityType<>(name, messageType, factory, passivateAfter, capacity);
    }
}
