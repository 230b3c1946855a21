package dev.cadre.cluster.sharding;

import dev.cadre.actor.ActorContext;
import dev.cadre.actor.ActorRef;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.DeadLetter;
import dev.cadre.actor.Terminated;
import dev.cadre.actor.spi.Remoting;
import dev.cadre.cluster.ClusterNode;
import dev.cadre.cluster.Member;
import dev.cadre.cluster.NodeId;
import dev.cadre.cluster.transport.GrpcTransport;
import dev.cadre.persistence.journal.Fence;
import dev.cadre.persistence.journal.Journal;
import dev.cadre.persistence.journal.JournalException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The region of one entity type on one node, at {@code /user/shard-<type>}: routes messages to
 * the entities it serves, forwards the others to the node that (the membership hints) serves
 * them, and takes partitions over with a handoff and an epoch fence.
 */
final class RegionActor {

    /*
     * Design overview. One actor per node and entity type: the single writer of `parts` (the
     * partitions this node holds or is taking over), `entities` and `buffer`. Everything else
     * reaches it as a message; the counters are atomics for stats() readers.
     *
     * Safety (never two writers for one entity): an entity runs only on a node that (a) sees a
     * majority of the configured cluster size, and (b) holds its partition's current epoch,
     * obtained by advancing the partition's fence in the journal; every event it writes carries
     * that fence, and the journal rejects a stale one. Hazelcast's partition table only says who
     * *should* take a partition (a hint): two nodes may both believe it, but only the later
     * fence advance can write; the other's next write fails (Fenced) and its entity stops.
     *
     * Taking over partition p (state HANDOFF_WAIT -> ACQUIRING -> OWNED): ask every other current
     * member's region to hand p off (a holder stops p's entities, drops p, and answers; others
     * answer at once); when all have answered, or have left, or 3 s have passed, advance the fence;
     * with the new epoch, serve. At most MAX_ACQUIRING at a time (rebalance is throttled). A
     * holder whose own hint still says the partition is its own defers its answer and looks
     * again at every tick (hints converge within a second or so; the asker would otherwise wait
     * the whole timeout, and a throttled re-home of ~90 partitions per region took 3 such rounds).
     * Messages for a partition not served here wait in the buffer (bounded; overflow and age are
     * counted as dropped), and are retried every tick.
     *
     * A node that loses its majority stops every entity and drops every partition at its next
     * tick (100 ms), and buffers until the majority returns.
     */

    private static final Logger LOG = LoggerFactory.getLogger(RegionActor.class);
    static final Duration TICK = Duration.ofMillis(100);
    private static final long HANDOFF_TIMEOUT_NANOS = Duration.ofSeconds(3).toNanos();
    private static final long BUFFER_TIMEOUT_NANOS = Duration.ofSeconds(60).toNanos();
    private static final int MAX_ACQUIRING = 32;
    private static final int MAX_HOPS = 3;

    sealed interface Msg {
    }

    /** From the local handle: deliver to an entity. Never crosses nodes. */
    record Deliver(String entityId, Object message) implements Msg {
    }

    /** Between regions: a message for an entity, in its codec's form. */
    record Forward(String entityId, int typeId, byte[] payload, int hops) implements Msg {
    }

    /** Between regions: please stop serving partition p. */
    record HandOff(int partition, ActorRef<Msg> from) implements Msg {
    }

    /** Between regions: p is not served here (any more). */
    record HandedOff(int partition, String node) implements Msg {
    }

    record Tick() implements Msg {
    }

    record Acquired(int partition, long attempt, Long epoch, Throwable failure) implements Msg {
    }

    private enum State { HANDOFF_WAIT, ACQUIRING, OWNED }

    private static final class Part {
        State state = State.HANDOFF_WAIT;
        final long attempt;
        final long since = System.nanoTime();
        final Set<String> awaiting = new HashSet<>();
        long epoch;

        Part(long attempt) {
            this.attempt = attempt;
        }
    }

    private static final class Entity {
        final ActorRef<Object> ref;
        final int partition;
        long lastUsed = System.nanoTime();
        boolean stopping;

        Entity(ActorRef<Object> ref, int partition) {
            this.ref = ref;
            this.partition = partition;
        }
    }

    private record Pending(String entityId, Object message, long since) {
    }

    /** Counters, written by the actor, read by stats(). */
    static final class Counters {
        final AtomicInteger owned = new AtomicInteger();
        final AtomicInteger active = new AtomicInteger();
        final AtomicInteger buffered = new AtomicInteger();
        final AtomicLong activations = new AtomicLong();
        final AtomicLong passivations = new AtomicLong();
        final AtomicLong delivered = new AtomicLong();
        final AtomicLong forwarded = new AtomicLong();
        final AtomicLong dropped = new AtomicLong();
        final AtomicLong acquisitions = new AtomicLong();
        final AtomicLong handoffs = new AtomicLong();
        final AtomicLong fenced = new AtomicLong();
        final AtomicLong minorityStops = new AtomicLong();
        final AtomicLong received = new AtomicLong();

        ShardingStats snapshot() {
            return new ShardingStats(owned.get(), active.get(), activations.get(), passivations.get(),
                    delivered.get(), forwarded.get(), buffered.get(), dropped.get(), acquisitions.get(),
                    handoffs.get(), fenced.get(), minorityStops.get(), received.get());
        }
    }

    /** What the region reports, for logs and measurements (re-home times). */
    sealed interface Event {
        /** Partition p is served here from now on, under this epoch. */
        record PartitionAcquired(int partition, long epoch, long atMillis) implements Event {
        }

        /** This node lost its majority and stopped its entities. */
        record MinorityStop(int entitiesStopped, long atMillis) implements Event {
        }
    }

    private RegionActor() {
    }

    static String path(EntityType<?> type) {
        return "/user/shard-" + type.name();
    }

    static <M> Behavior<Msg> behavior(ClusterNode node, Journal journal, EntityType<M> type, Counters counters,
                                      Consumer<Event> events) {
        return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> {
            timers.startTimerAtFixedRate("tick", new Tick(), TICK);
            return new Logic<>(node, journal, type, counters, events, ctx).behavior();
        }));
    }

    private static final class Logic<M> {
        private final ClusterNode node;
        private final GrpcTransport transport;
        private final Journal journal;
        private final EntityType<M> type;
        private final Counters counters;
        private final Consumer<Event> events;
        private final ActorContext<Msg> ctx;
        private final Map<Integer, Part> parts = new HashMap<>();
        private final Map<String, Entity> entities = new HashMap<>();
        private final ArrayDeque<Pending> buffer = new ArrayDeque<>();
        private final Map<String, Integer> bufferedPer = new HashMap<>(); // keeps an entity's messages in order
        private final Map<Integer, List<HandOff>> deferred = new HashMap<>(); // handoffs asked while we believed it ours
        private long attempts;
        private boolean hadMajority;

        Logic(ClusterNode node, Journal journal, EntityType<M> type, Counters counters, Consumer<Event> events,
              ActorContext<Msg> ctx) {
            this.node = node;
            this.transport = node.transport();
            this.journal = journal;
            this.type = type;
            this.counters = counters;
            this.events = events;
            this.ctx = ctx;
        }

        Behavior<Msg> behavior() {
            return Behaviors.<Msg>receive((c, msg) -> {
                switch (msg) {
                    case Deliver d -> {
                        counters.received.incrementAndGet();
                        route(d.entityId(), d.message(), 0, System.nanoTime());
                    }
                    case Forward f -> {
                        counters.received.incrementAndGet();
                        Object message;
                        try {
                            message = transport.decode(new GrpcTransport.Encoded(f.typeId(), f.payload()));
                        } catch (RuntimeException e) {
                            LOG.warn("region {}: cannot decode a message for {}: dropped", type.name(), f.entityId(), e);
                            dropped(f);
                            return Behaviors.same();
                        }
                        route(f.entityId(), message, f.hops(), System.nanoTime());
                    }
                    case HandOff h -> handOff(h);
                    case HandedOff h -> {
                        Part p = parts.get(h.partition());
                        if (p != null && p.state == State.HANDOFF_WAIT) {
                            p.awaiting.remove(h.node());
                            maybeAcquire(h.partition(), p);
                        }
                    }
                    case Acquired a -> acquired(a);
                    case Tick t -> tick();
                }
                return Behaviors.same();
            }).onSignal((c, signal) -> {
                if (signal instanceof Terminated t) {
                    entityTerminated(t);
                }
                return Behaviors.same();
            });
        }

        private int partitionOf(String entityId) {
            return node.membership().partitionOf(type.name() + "|" + entityId);
        }

        private String fenceKey(int partition) {
            return "shard:" + type.name() + ":" + partition;
        }

        /** @param since when the message first arrived here (it keeps that time while it waits) */
        private void route(String entityId, Object message, int hops, long since) {
            if (bufferedPer.containsKey(entityId)) {
                buffer(entityId, message, since); // behind its earlier messages
                return;
            }
            int p = partitionOf(entityId);
            Part part = parts.get(p);
            if (part != null && part.state == State.OWNED) {
                deliverLocal(entityId, message, p, part, since);
                return;
            }
            if (!node.hasMajority()) {
                buffer(entityId, message, since);
                return;
            }
            Optional<NodeId> owner = node.membership().partitionOwnerHint(p);
            if (owner.isEmpty() || owner.get().equals(node.self()) || hops >= MAX_HOPS) {
                if (owner.isPresent() && owner.get().equals(node.self()) && part == null) {
                    startAcquiring(p);
                }
                buffer(entityId, message, since);
                return;
            }
            Member target = member(owner.get());
            if (target == null) {
                buffer(entityId, message, since);
                return;
            }
            GrpcTransport.Encoded e = transport.encode(message);
            node.<Msg>ref(target, RegionActor.path(type)).tell(new Forward(entityId, e.typeId(), e.bytes(), hops + 1));
            counters.forwarded.incrementAndGet();
        }

        private Member member(NodeId id) {
            for (Member m : node.members()) {
                if (m.id().equals(id)) {
                    return m;
                }
            }
            return null;
        }

        private void deliverLocal(String entityId, Object message, int p, Part part, long since) {
            Entity e = entities.get(entityId);
            if (e != null && e.stopping) {
                buffer(entityId, message, since);
                return;
            }
            if (e == null) {
                @SuppressWarnings("unchecked")
                Behavior<Object> b = (Behavior<Object>) type.factory().create(entityId, new Fence(fenceKey(p), part.epoch));
                ActorRef<Object> ref = ctx.spawn(b, childName(entityId));
                ctx.watch(ref);
                e = new Entity(ref, p);
                entities.put(entityId, e);
                counters.activations.incrementAndGet();
                counters.active.set(entities.size());
            }
            e.lastUsed = System.nanoTime();
            e.ref.tell(message);
            counters.delivered.incrementAndGet();
        }

        private String childName(String entityId) {
            StringBuilder b = new StringBuilder("e-");
            for (char ch : entityId.toCharArray()) {
                b.append(Character.isLetterOrDigit(ch) || ch == '-' || ch == '_' ? ch : '_');
            }
            return b.append('-').append(Integer.toHexString(entityId.hashCode())).append('-')
                    .append(Long.toHexString(counters.activations.get())).toString();
        }

        /** A message this region gives up on: counted, and a dead letter of this node's system (UNDELIVERABLE). */
        private void dropped(Object message) {
            counters.dropped.incrementAndGet();
            Remoting.deadLetter(ctx.system(), message, ctx.self(), DeadLetter.Reason.UNDELIVERABLE);
        }

        private void buffer(String entityId, Object message, long since) {
            if (buffer.size() >= type.bufferCapacity()) {
                dropped(message);
                LOG.warn("region {}: buffer full ({}), a message for {} dropped", type.name(), buffer.size(), entityId);
                return;
            }
            buffer.add(new Pending(entityId, message, since));
            bufferedPer.merge(entityId, 1, Integer::sum);
            counters.buffered.set(buffer.size());
        }

        private void startAcquiring(int p) {
            long acquiring = parts.values().stream().filter(x -> x.state != State.OWNED).count();
            if (acquiring >= MAX_ACQUIRING) {
                return; // throttled: a later tick or message starts it
            }
            Part part = new Part(++attempts);
            parts.put(p, part);
            for (Member m : node.members()) {
                if (!m.id().equals(node.self())) {
                    part.awaiting.add(m.id().value());
                    node.<Msg>ref(m, RegionActor.path(type)).tell(new HandOff(p, ctx.self()));
                }
            }
            maybeAcquire(p, part);
        }

        private void maybeAcquire(int p, Part part) {
            if (part.state != State.HANDOFF_WAIT) {
                return;
            }
            if (!part.awaiting.isEmpty() && System.nanoTime() - part.since < HANDOFF_TIMEOUT_NANOS) {
                return;
            }
            part.state = State.ACQUIRING;
            long attempt = part.attempt;
            ctx.pipeToSelf(journal.advanceFence(fenceKey(p)), (epoch, failure) -> new Acquired(p, attempt, epoch, failure));
        }

        private void acquired(Acquired a) {
            Part part = parts.get(a.partition());
            if (part == null || part.attempt != a.attempt() || part.state != State.ACQUIRING) {
                return; // given up meanwhile (a handoff, a lost majority): the epoch is simply unused
            }
            if (a.failure() != null) {
                LOG.warn("region {}: cannot advance the fence of partition {}: {}", type.name(), a.partition(),
                        a.failure().toString());
                parts.remove(a.partition());
                return;
            }
            if (!node.hasMajority()) {
                parts.remove(a.partition());
                return;
            }
            part.epoch = a.epoch();
            part.state = State.OWNED;
            counters.acquisitions.incrementAndGet();
            counters.owned.set(ownedCount());
            events.accept(new Event.PartitionAcquired(a.partition(), a.epoch(), System.currentTimeMillis()));
            retryBuffered();
        }

        private int ownedCount() {
            int n = 0;
            for (Part p : parts.values()) {
                if (p.state == State.OWNED) {
                    n++;
                }
            }
            return n;
        }

        private void handOff(HandOff h) {
            Part part = parts.get(h.partition());
            Optional<NodeId> hint = node.membership().partitionOwnerHint(h.partition());
            if (part != null && hint.isPresent() && hint.get().equals(node.self())) {
                // we believe it is ours: answer once our hint moves (each tick looks again), or the
                // asker proceeds after its timeout and the fence decides
                deferred.computeIfAbsent(h.partition(), k -> new ArrayList<>()).add(h);
                return;
            }
            deferred.remove(h.partition());
            if (part != null) {
                parts.remove(h.partition());
                stopEntitiesOf(h.partition());
                counters.handoffs.incrementAndGet();
                counters.owned.set(ownedCount());
            }
            h.from().tell(new HandedOff(h.partition(), node.self().value()));
        }

        private void stopEntitiesOf(int p) {
            for (Entity e : entities.values()) {
                if (e.partition == p && !e.stopping) {
                    e.stopping = true;
                    ctx.stop(e.ref);
                }
            }
        }

        private void entityTerminated(Terminated t) {
            Iterator<Map.Entry<String, Entity>> it = entities.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, Entity> en = it.next();
                if (en.getValue().ref.equals(t.ref())) {
                    it.remove();
                    if (t.failed() && isFenced(t.failure())) {
                        counters.fenced.incrementAndGet();
                        Part part = parts.get(en.getValue().partition);
                        if (part != null && part.state == State.OWNED) {
                            LOG.warn("region {}: partition {} was fenced by a newer owner: dropping it", type.name(),
                                    en.getValue().partition);
                            parts.remove(en.getValue().partition);
                            stopEntitiesOf(en.getValue().partition);
                            counters.owned.set(ownedCount());
                        }
                    } else if (t.failed()) {
                        LOG.warn("region {}: entity {} failed: {}", type.name(), en.getKey(), t.failure().toString());
                    }
                    break;
                }
            }
            counters.active.set(entities.size());
        }

        private static boolean isFenced(Throwable t) {
            for (Throwable x = t; x != null; x = x.getCause()) {
                if (x instanceof JournalException.Fenced) {
                    return true;
                }
            }
            return false;
        }

        /** Handoffs we deferred: answer those whose partition our hint no longer gives us (or that we dropped). */
        private void reconsiderDeferred() {
            if (deferred.isEmpty()) {
                return;
            }
            for (Integer p : new ArrayList<>(deferred.keySet())) {
                Optional<NodeId> hint = node.membership().partitionOwnerHint(p);
                if (!parts.containsKey(p) || hint.isEmpty() || !hint.get().equals(node.self())) {
                    List<HandOff> asked = deferred.remove(p);
                    for (HandOff h : asked) {
                        handOff(h);
                    }
                }
            }
        }

        private void tick() {
            boolean majority = node.hasMajority();
            reconsiderDeferred();
            if (!majority) {
                if (hadMajority || !parts.isEmpty()) {
                    int n = 0;
                    for (Entity e : entities.values()) {
                        if (!e.stopping) {
                            e.stopping = true;
                            ctx.stop(e.ref);
                            n++;
                        }
                    }
                    parts.clear();
                    counters.owned.set(0);
                    counters.minorityStops.incrementAndGet();
                    events.accept(new Event.MinorityStop(n, System.currentTimeMillis()));
                    LOG.warn("region {}: no majority ({} of {} members seen): stopped {} entities", type.name(),
                            node.members().size(), node.settings().clusterSize(), n);
                }
                hadMajority = false;
                expireBuffered();
                return;
            }
            hadMajority = true;
            // the handoffs we wait for: members that left answer no more
            Set<String> alive = new HashSet<>();
            node.members().forEach(m -> alive.add(m.id().value()));
            for (Map.Entry<Integer, Part> en : new ArrayList<>(parts.entrySet())) {
                Part p = en.getValue();
                if (p.state == State.HANDOFF_WAIT) {
                    p.awaiting.retainAll(alive);
                    maybeAcquire(en.getKey(), p);
                }
            }
            // eager: take over every partition the membership hints at us (throttled)
            int count = node.membership().partitionCount();
            for (int p = 0; p < count; p++) {
                if (!parts.containsKey(p)) {
                    Optional<NodeId> hint = node.membership().partitionOwnerHint(p);
                    if (hint.isPresent() && hint.get().equals(node.self())) {
                        startAcquiring(p);
                    }
                }
            }
            passivate();
            retryBuffered();
            explainWaiting();
        }

        private long explainedAt;

        /** A message waiting longer than 5 s says why, at most every 5 s (what a stuck handoff looks like). */
        private void explainWaiting() {
            Pending oldest = buffer.peek();
            long now = System.nanoTime();
            if (oldest == null || now - oldest.since() < 5_000_000_000L || now - explainedAt < 5_000_000_000L) {
                return;
            }
            explainedAt = now;
            int p = partitionOf(oldest.entityId());
            Part part = parts.get(p);
            long notOwned = parts.values().stream().filter(x -> x.state != State.OWNED).count();
            LOG.warn("region {}: {} messages waiting; the oldest, for {} (partition {}), for {} ms: owner hint {},"
                            + " here {}{}, {} partitions being taken over, members {}", type.name(), buffer.size(),
                    oldest.entityId(), p, (now - oldest.since()) / 1_000_000, node.membership().partitionOwnerHint(p),
                    part == null ? "not held" : part.state, part == null ? "" : " awaiting " + part.awaiting, notOwned,
                    node.members().stream().map(m -> m.id().value().substring(0, 8)).toList());
        }

        private void passivate() {
            long idle = type.passivateAfter().toNanos();
            long now = System.nanoTime();
            for (Entity e : entities.values()) {
                if (!e.stopping && now - e.lastUsed > idle) {
                    e.stopping = true;
                    ctx.stop(e.ref);
                    counters.passivations.incrementAndGet();
                }
            }
        }

        /**
         * Routes every waiting message again, oldest first. The buffer is emptied first, so the
         * first waiting message of each entity is routed, and a later one follows it back into
         * the buffer only if it is still waiting (per-entity order; each keeps its arrival time).
         */
        private void retryBuffered() {
            if (buffer.isEmpty()) {
                return;
            }
            List<Pending> waiting = new ArrayList<>(buffer);
            buffer.clear();
            bufferedPer.clear();
            long now = System.nanoTime();
            for (Pending pending : waiting) {
                if (now - pending.since() > BUFFER_TIMEOUT_NANOS) {
                    dropped(pending.message());
                    LOG.warn("region {}: a message for {} waited {} s: dropped", type.name(), pending.entityId(),
                            BUFFER_TIMEOUT_NANOS / 1_000_000_000L);
                    continue;
                }
                route(pending.entityId(), pending.message(), 0, pending.since());
            }
            counters.buffered.set(buffer.size());
        }

        private void expireBuffered() {
            long now = System.nanoTime();
            buffer.removeIf(p -> {
                if (now - p.since() > BUFFER_TIMEOUT_NANOS) {
                    dropped(p.message());
                    bufferedPer.computeIfPresent(p.entityId(), (k, n) -> n == 1 ? null : n - 1);
                    return true;
                }
                return false;
            });
            counters.buffered.set(buffer.size());
        }
    }

    static List<Class<?>> wireTypes() {
        return List.of(Forward.class, HandOff.class, HandedOff.class);
    }
}
