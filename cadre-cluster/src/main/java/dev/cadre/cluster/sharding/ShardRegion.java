package dev.cadre.cluster.sharding;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.OfferResult;
import dev.cadre.cluster.ClusterNode;
import dev.cadre.persistence.journal.Journal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Sharded entities of one type, on one node: start it on every node, then send to entities by id
 * from anywhere. An entity lives on at most one node at a time, is started by its first message,
 * stopped when idle, and moves when its node leaves or the cluster rebalances.
 *
 * <pre>{@code
 * EntityType<OrderCmd> orders = EntityType.of("order", OrderCmd.class,
 *         (id, fence) -> Order.behavior(id, journal, fence));      // an EventSourcedBehavior with .fence(fence)
 * ShardRegion<OrderCmd> region = ShardRegion.start(node, journal, orders, system);
 * region.tell("o-17", new OrderCmd.Place(...));
 * ActorRef<OrderCmd> order = region.entityRef("o-17");          // a local ref that routes (it does not travel in messages)
 * }</pre>
 *
 * <p><b>Guarantees.</b> Never two running instances that can both write: an entity runs only on a
 * node that sees a majority of the configured cluster and holds its partition's current epoch,
 * and every event it writes is fenced by that epoch in the journal (see {@link EntityType.EntityFactory}).
 * Messages to an entity whose partition is moving wait in a bounded buffer (counted when dropped).
 * Delivery is at most once: a message in flight to a node that crashes is lost (the sender's
 * protocol retries: commands should be idempotent). Messages from one sender to one entity keep
 * their order while its partition stays put.
 *
 * @param <M> the entities' message type
 */
public final class ShardRegion<M> {

    private final ClusterNode node;
    private final EntityType<M> type;
    private final ActorRef<RegionActor.Msg> region;
    private final RegionActor.Counters counters;
    private final List<Consumer<? super String>> listeners;

    private ShardRegion(ClusterNode node, EntityType<M> type, ActorRef<RegionActor.Msg> region,
                        RegionActor.Counters counters, List<Consumer<? super String>> listeners) {
        this.node = node;
        this.type = type;
        this.region = region;
        this.counters = counters;
        this.listeners = listeners;
    }

    /**
     * The message types regions exchange between nodes (registered by {@link ClusterNode}).
     *
     * @return their classes
     */
    public static List<Class<?>> wireTypes() {
        return RegionActor.wireTypes();
    }

    /**
     * Starts this node's region for an entity type, at {@code /user/shard-<name>}. Every node
     * that may host the type starts one, with the same type and the same journal database.
     *
     * @param node this node
     * @param journal where the entities write and where partitions' fences live
     * @param type the entity type
     * @param system the node's actor system
     * @param <M> the message type
     * @return the region
     */
    public static <M> ShardRegion<M> start(ClusterNode node, Journal journal, EntityType<M> type, ActorSystem system) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(type, "type");
        var counters = new RegionActor.Counters();
        List<Consumer<? super String>> listeners = new CopyOnWriteArrayList<>();
        Consumer<RegionActor.Event> events = e -> {
            String line = switch (e) {
                case RegionActor.Event.PartitionAcquired a -> "acquired " + a.partition() + " epoch " + a.epoch()
                        + " at " + a.atMillis();
                case RegionActor.Event.MinorityStop m -> "minority-stop " + m.entitiesStopped() + " at " + m.atMillis();
            };
            listeners.forEach(l -> l.accept(line));
        };
        ActorRef<RegionActor.Msg> region = system.spawn(RegionActor.behavior(node, journal, type, counters, events),
                "shard-" + type.name());
        return new ShardRegion<>(node, type, region, counters, listeners);
    }

    /**
     * Sends a message to an entity, wherever it lives (starting it if needed). Never blocks,
     * never throws because the entity or its node is gone.
     *
     * @param entityId the entity
     * @param message the message (its class must have a codec on every node)
     */
    public void tell(String entityId, M message) {
        region.tell(new RegionActor.Deliver(Objects.requireNonNull(entityId, "entityId"),
                Objects.requireNonNull(message, "message")));
    }

    /**
     * Request-response with an entity: {@code requestFactory} gets a reply-to that can travel to
     * whichever node hosts it.
     *
     * @param entityId the entity
     * @param requestFactory builds the request from the reply-to
     * @param timeout how long to wait
     * @param system this node's actor system (hosts the one-shot reply-to)
     * @param <R> the reply type
     * @return the reply, or a future failed with a {@link java.util.concurrent.TimeoutException}
     */
    public <R> CompletableFuture<R> ask(String entityId, Function<ActorRef<R>, ? extends M> requestFactory,
                                        Duration timeout, ActorSystem system) {
        CompletableFuture<R> reply = new CompletableFuture<>();
        ActorRef<R> replyTo = system.spawnAnonymous(Behaviors.<R>receive((ctx, r) -> {
            reply.complete(r);
            return Behaviors.stopped();
        }));
        reply.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).whenComplete((r, e) -> {
            if (e != null) {
                system.stop(replyTo);
            }
        });
        tell(entityId, requestFactory.apply(replyTo));
        return reply;
    }

    /**
     * A ref whose {@code tell} sends to the entity through this region (for handing to local code
     * that expects an {@code ActorRef}; it does not travel between nodes).
     *
     * @param entityId the entity
     * @return the ref
     */
    public ActorRef<M> entityRef(String entityId) {
        Objects.requireNonNull(entityId, "entityId");
        ShardRegion<M> self = this;
        // the core knows it as a ref it does not host (its SPI): it routes, it cannot be watched
        return new dev.cadre.actor.spi.RemoteActorRef<>() {
            @Override
            public void tell(M message) {
                self.tell(entityId, message);
            }

            @Override
            public String address() {
                return "sharded " + type.name();
            }

            @Override
            public void watch(ActorRef<?> watcher) {
                throw new UnsupportedOperationException("cannot watch " + this + ": a sharded entity moves between"
                        + " nodes and is passivated when idle, so it has no single end to report");
            }

            @Override
            public void unwatch(ActorRef<?> watcher) {
                // never watched
            }

            @Override
            public OfferResult offer(M message) {
                self.tell(entityId, message);
                return OfferResult.ENQUEUED;
            }

            @Override
            public <R> CompletableFuture<R> ask(Function<ActorRef<R>, ? extends M> requestFactory, Duration timeout) {
                throw new UnsupportedOperationException("use ShardRegion.ask(entityId, ...) to ask a sharded entity");
            }

            @Override
            public String path() {
                return RegionActor.path(type) + "/" + entityId;
            }

            @Override
            public String name() {
                return entityId;
            }

            @Override
            public String toString() {
                return "Entity[" + type.name() + ":" + entityId + "]";
            }
        };
    }

    /**
     * Subscribes to the region's events, as text lines ({@code acquired P epoch E at MILLIS},
     * {@code minority-stop N at MILLIS}): for logs and re-home measurements. Called on the
     * region's thread; must not block.
     *
     * @param listener the listener
     */
    public void onEvent(Consumer<? super String> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** @return the counters on this node */
    public ShardingStats stats() {
        return counters.snapshot();
    }

    /** @return the entity type */
    public EntityType<M> type() {
        return type;
    }

    /** @return this node */
    public ClusterNode node() {
        return node;
    }
}
