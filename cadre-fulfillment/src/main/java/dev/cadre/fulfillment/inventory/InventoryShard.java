package dev.cadre.fulfillment.inventory;

import dev.cadre.actor.AbstractBehavior;
import dev.cadre.actor.ActorContext;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.ServiceKey;
import dev.cadre.actor.Directive;
import dev.cadre.fulfillment.FaultPlan;
import dev.cadre.fulfillment.InjectedCrash;
import dev.cadre.fulfillment.OrderRequest.Line;
import dev.cadre.fulfillment.Traffic;
import dev.cadre.fulfillment.durable.Events;
import dev.cadre.persistence.Effect;
import dev.cadre.persistence.EventSourcedBehavior;
import dev.cadre.persistence.PersistenceId;
import dev.cadre.persistence.journal.Journal;
import java.util.HashMap;
import java.util.List;
import org.jspecify.annotations.Nullable;
import java.util.Objects;

/**
 * The single writer of the stock of the SKUs {@code sku % shards == shard}: nobody else touches
 * these counters; orders send messages. Requests are idempotent per order id (a retried Reserve
 * gets the same answer and reserves nothing more).
 *
 * <p>Supervision: an injected crash happens before any mutation, so the shard <b>resumes</b> (keeps
 * its state, skips the message); a restart would wipe the stock, which lives only here.
 *
 * <p><b>Durable runs</b>: the shard is event-sourced (entity {@code stock|shard-N}): every change of
 * stock is an event ({@link Events.StockReserved}, {@link Events.StockCommitted},
 * {@link Events.StockReleased}) folded by {@link #apply}, the same code the in-memory run uses;
 * the reply goes out once the event is committed. A restart (or a new process) recovers the stock.
 */
public final class InventoryShard extends AbstractBehavior<InventoryMsg> {

    private static final byte RESERVED = 1;
    private static final byte COMMITTED = 2;
    private static final byte RELEASED = 3;

    /** One order's reservation here. */
    private static final class Reservation {
        final List<Line> lines;
        byte state;

        Reservation(List<Line> lines, byte state) {
            this.lines = lines;
            this.state = state;
        }
    }

    private final int shard;
    private final int shards;
    private final Traffic traffic;
    private final FaultPlan.Site faults;
    private final int[] skus;
    private final long[] onHand;
    private final long[] reserved;
    private final long[] shipped;
    private final long[] minOnHand;
    private final long[] minReserved;
    private final HashMap<String, Reservation> orders = new HashMap<>();
    private int open;
    private long anomalies;
    private final boolean durable;
    private @Nullable Object pendingEvent; // durable runs: the change the current message decided
    private @Nullable Runnable pendingReply;

    private InventoryShard(ActorContext<InventoryMsg> ctx, int shard, int shards, int skuCount, int initialStock,
            Traffic traffic, FaultPlan.Site faults, @Nullable Journal journal) {
        super(ctx);
        this.shard = shard;
        this.shards = shards;
        this.traffic = traffic;
        this.faults = faults;
        int owned = shard < skuCount ? (skuCount - 1 - shard) / shards + 1 : 0;
        skus = new int[owned];
        for (int i = 0; i < owned; i++) {
            skus[i] = shard + i * shards;
        }
        onHand = new long[owned];
        java.util.Arrays.fill(onHand, initialStock);
        reserved = new long[owned];
        shipped = new long[owned];
        minOnHand = onHand.clone();
        minReserved = new long[owned];
        durable = journal != null;
    }


    /**
     * Where shard {@code shard} is registered with the receptionist.
     *
     * @param shard the shard's number
     * @return its key
     */
    public static ServiceKey<InventoryMsg> key(int shard) {
        return ServiceKey.of(InventoryMsg.class, "inventory-shard-" + shard);
    }

    /**
     * The shard's behaviour, resuming after injected crashes.
     *
     * @param shard this shard's number
     * @param shards how many shards
     * @param skuCount SKUs in the catalogue
     * @param initialStock units of each SKU at the start
     * @param traffic the message accounting
     * @param faults this shard's fault points
     * @return the behaviour
     */
    public static Behavior<InventoryMsg> create(int shard, int shards, int skuCount, int initialStock, Traffic traffic,
            FaultPlan.Site faults) {
        return create(shard, shards, skuCount, initialStock, traffic, faults, null);
    }

    /**
     * The shard's behaviour; event-sourced when {@code journal} is not null.
     *
     * @param shard this shard's number
     * @param shards how many shards
     * @param skuCount SKUs in the catalogue
     * @param initialStock units of each SKU at the start
     * @param traffic the message accounting
     * @param faults this shard's fault points
     * @param journal where its events live, or null (in memory)
     * @return the behaviour
     */
    public static Behavior<InventoryMsg> create(int shard, int shards, int skuCount, int initialStock, Traffic traffic,
            FaultPlan.Site faults, @Nullable Journal journal) {
        if (journal == null) {
            return Behaviors.supervise(Behaviors.<InventoryMsg>setup(
                            ctx -> new InventoryShard(ctx, shard, shards, skuCount, initialStock, traffic, faults, null)))
                    .onFailure(InjectedCrash.class, Directive.resume());
        }
        return Behaviors.supervise(Behaviors.<InventoryMsg>setup(ctx -> {
            InventoryShard s = new InventoryShard(ctx, shard, shards, skuCount, initialStock, traffic, faults, journal);
            return EventSourcedBehavior.<InventoryMsg, Object, InventoryShard>builder(
                            PersistenceId.of("stock", "shard-" + shard), journal, Events.SERIALIZATION, s)
                    .onCommand((st, msg) -> st.decide(msg))
                    .onEvent((st, e) -> {
                        st.apply(e);
                        return st;
                    })
                    .build();
        })).onFailure(InjectedCrash.class, Directive.resume());
    }

    /** Durable runs: handles a message; a change of stock becomes an event, its reply waits for the commit. */
    private Effect<Object, InventoryShard> decide(InventoryMsg msg) {
        pendingEvent = null;
        receive(msg);
        if (pendingEvent == null) {
            return Effect.none();
        }
        Runnable reply = Objects.requireNonNull(pendingReply, "decided with the event");
        Object event = pendingEvent;
        pendingEvent = null;
        return Effect.<Object, InventoryShard>persist(event).thenRun(x -> reply.run());
    }

    /** Applies a change (in memory at once; in a durable run once committed, and again on recovery). */
    private void emit(Object event, Runnable reply) {
        if (durable) {
            pendingEvent = event;
            pendingReply = reply;
        } else {
            apply(event);
            reply.run();
        }
    }

    /** Folds one change of stock into the counters: the only code that changes them. */
    void apply(Object event) {
        switch (event) {
            case Events.StockReserved r -> {
                for (Line l : r.lines()) {
                    int i = local(l.sku());
                    onHand[i] -= l.qty();
                    reserved[i] += l.qty();
                    minOnHand[i] = Math.min(minOnHand[i], onHand[i]);
                }
                orders.put(r.orderId(), new Reservation(r.lines(), RESERVED));
                open++;
            }
            case Events.StockCommitted c -> {
                Reservation res = Objects.requireNonNull(orders.get(c.orderId()), "a committed order was reserved");
                for (Line l : res.lines) {
                    int i = local(l.sku());
                    reserved[i] -= l.qty();
                    shipped[i] += l.qty();
                    minReserved[i] = Math.min(minReserved[i], reserved[i]);
                }
                res.state = COMMITTED;
                open--;
            }
            case Events.StockReleased r -> {
                Reservation res = orders.get(r.orderId());
                if (res == null) {
                    orders.put(r.orderId(), new Reservation(List.of(), RELEASED)); // closed: a late Reserve is refused
                } else {
                    for (Line l : res.lines) {
                        int i = local(l.sku());
                        reserved[i] -= l.qty();
                        onHand[i] += l.qty();
                        minReserved[i] = Math.min(minReserved[i], reserved[i]);
                    }
                    res.state = RELEASED;
                    open--;
                }
            }
            default -> throw new IllegalStateException("not a stock event: " + event);
        }
    }

    /**
     * Which shard owns a SKU.
     *
     * @param sku the SKU index
     * @param shards how many shards
     * @return the shard number
     */
    public static int shardOf(int sku, int shards) {
        return sku % shards;
    }

    @Override
    public Behavior<InventoryMsg> receive(InventoryMsg msg) {
        traffic.received(msg);
        if (msg instanceof InventoryMsg.GetReport r) {
            r.replyTo().tell(new StockReport(shard, skus.clone(), onHand.clone(), reserved.clone(), shipped.clone(),
                    minOnHand.clone(), minReserved.clone(), open, anomalies));
            return this;
        }
        faults.maybeCrash();
        switch (msg) {
            case InventoryMsg.Reserve r -> reserve(r);
            case InventoryMsg.Commit c -> commit(c);
            case InventoryMsg.Release r -> release(r);
            case InventoryMsg.GetReport r -> throw new AssertionError("handled above");
        }
        return this;
    }

    private void reserve(InventoryMsg.Reserve r) {
        Reservation existing = orders.get(r.orderId());
        if (existing != null) {
            InventoryReply reply = existing.state == RELEASED
                    ? new InventoryReply.Closed(shard, r.orderId())
                    : new InventoryReply.Reserved(shard, r.orderId());
            traffic.tell(r.replyTo(), reply);
            return;
        }
        for (Line l : r.lines()) {
            if (shardOf(l.sku(), shards) != shard) {
                anomalies++;
                throw new IllegalArgumentException("SKU " + l.sku() + " is not owned by shard " + shard);
            }
        }
        // The same SKU may appear on two lines: check the sum per SKU.
        HashMap<Integer, Integer> wanted = new HashMap<>();
        for (Line l : r.lines()) {
            wanted.merge(l.sku(), l.qty(), Integer::sum);
        }
        for (var e : wanted.entrySet()) {
            if (onHand[local(e.getKey())] < e.getValue()) {
                traffic.tell(r.replyTo(), new InventoryReply.OutOfStock(shard, r.orderId(), e.getKey()));
                return;
            }
        }
        emit(new Events.StockReserved(r.orderId(), r.lines()),
                () -> traffic.tell(r.replyTo(), new InventoryReply.Reserved(shard, r.orderId())));
    }

    private void commit(InventoryMsg.Commit c) {
        Reservation res = orders.get(c.orderId());
        if (res == null || res.state == RELEASED) {
            anomalies++; // an order commits only after this shard reserved for it
            return;
        }
        Runnable reply = () -> traffic.tell(c.replyTo(), new InventoryReply.Committed(shard, c.orderId()));
        if (res.state == RESERVED) {
            emit(new Events.StockCommitted(c.orderId()), reply);
        } else {
            reply.run(); // committed before: acknowledge again
        }
    }

    private void release(InventoryMsg.Release r) {
        Reservation res = orders.get(r.orderId());
        Runnable reply = () -> traffic.tell(r.replyTo(), new InventoryReply.Released(shard, r.orderId()));
        if (res == null || res.state == RESERVED) {
            emit(new Events.StockReleased(r.orderId()), reply); // unknown order: closed, a late Reserve is refused
        } else if (res.state == COMMITTED) {
            anomalies++; // shipped goods cannot be released
        } else {
            reply.run(); // released before: acknowledge again
        }
    }

    private int local(int sku) {
        return sku / shards;
    }
}
