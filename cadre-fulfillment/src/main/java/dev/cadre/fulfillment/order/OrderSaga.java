package dev.cadre.fulfillment.order;

import dev.cadre.actor.AbstractBehavior;
import dev.cadre.actor.ActorContext;
import dev.cadre.actor.ActorRef;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.MailboxFullException;
import dev.cadre.actor.Directive;
import dev.cadre.actor.TimerScheduler;
import dev.cadre.fulfillment.Control;
import dev.cadre.fulfillment.FaultPlan;
import dev.cadre.fulfillment.InjectedCrash;
import dev.cadre.fulfillment.OrderRequest;
import dev.cadre.fulfillment.Traffic;
import dev.cadre.fulfillment.durable.Events;
import dev.cadre.fulfillment.inventory.InventoryMsg;
import dev.cadre.fulfillment.inventory.InventoryReply;
import dev.cadre.fulfillment.inventory.InventoryShard;
import dev.cadre.fulfillment.ledger.LedgerMsg;
import dev.cadre.fulfillment.notification.Notifier;
import dev.cadre.fulfillment.payment.PaymentMsg;
import dev.cadre.fulfillment.payment.PaymentReply;
import dev.cadre.fulfillment.shipping.ShippingMsg;
import dev.cadre.fulfillment.warehouse.WarehouseMsg;
import dev.cadre.persistence.Effect;
import dev.cadre.persistence.EventSourcedBehavior;
import dev.cadre.persistence.PersistenceId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import java.util.Objects;

/**
 * One order's saga, one actor per order:
 *
 * <pre>
 *  RESERVE ──▶ CAPTURE ──▶ WAREHOUSE ──▶ SHIP ──▶ COMMIT ──▶ notify ──▶ RECORD(completed) ──▶ stop
 *     │            │            │        (pivot: from here on, retry until done)
 *     └────────────┴────────────┴──▶ cancel(reason) ──▶ REFUND* ──▶ RELEASE ──▶ notify ──▶ RECORD(cancelled)
 *                                       * only if a capture was ever attempted
 * </pre>
 *
 * <p>Every request carries the order id, and every service treats it as an idempotency key, so
 * a step can be retried blindly: each step arms a timer, and when it fires before the answer the
 * step is sent again (with twice the timeout, at most 4 times the first). Reserve, capture and
 * warehouse give up after a few attempts and cancel the order; shipping is the pivot, after which
 * the order can only go forward, so shipping, commit, refund, release and record retry until
 * they succeed. Answers that arrive late, for a step already done, are ignored.
 *
 * <p>Compensation: the refund closes the order's key at the provider, so a capture still in
 * flight can no longer charge; the release closes it at the shards, so a reserve still in flight
 * can no longer reserve.
 *
 * <p>Supervision: an injected crash comes before any state change, so the order <b>resumes</b>
 * (keeps its saga state, skips the lost answer); the step's timer is still armed and retries.
 *
 * <p><b>Durable runs</b> (a journal in {@link Services#journal()}): the saga is event-sourced
 * (entity {@code order|<id>}). Entering a step is an event ({@link Events.StepBegun}, with the
 * outcome, reason, label and latency decided on the way), persisted before the step's requests go
 * out; the ledger's acknowledgement is {@link Events.SagaEnded}. After a crash of the process the
 * saga recovers its step and sends that step's requests again (every service is idempotent by
 * order id), so it continues where it was; an ended saga stops at once. Attempts, pending shards and
 * timers are not persisted: a resumed step starts its retries afresh.
 */
public final class OrderSaga extends AbstractBehavior<OrderSaga.Msg> {

    /** What an order actor receives: the services' answers (through message adapters) and its own timer. */
    public sealed interface Msg {
    }

    /**
     * An answer of a service, as the order's message adapters wrap it: one record per service, so
     * the saga's switch over its messages is exhaustive and typed. (A durable saga stashes answers
     * while it writes; those still stashed when it stops are dead letters in these wrappers, which
     * the audit unwraps with {@link #reply()}.)
     */
    public sealed interface Answer extends Msg {
        /** {@return the service's reply} */
        Object reply();
    }

    /**
     * An inventory shard answered.
     *
     * @param reply an inventory shard's answer
     */
    public record FromInventory(InventoryReply reply) implements Answer {
    }

    /**
     * A payment worker answered.
     *
     * @param reply a payment worker's answer
     */
    public record FromPayment(PaymentReply reply) implements Answer {
    }

    /**
     * The warehouse pipeline answered.
     *
     * @param reply the label printer's answer, at the end of the warehouse pipeline
     */
    public record FromWarehouse(WarehouseMsg.Labelled reply) implements Answer {
    }

    /**
     * The carrier answered.
     *
     * @param reply the carrier's answer (shipped, or refused as stale)
     */
    public record FromShipping(ShippingMsg.Reply reply) implements Answer {
    }

    /**
     * The ledger acknowledged.
     *
     * @param reply the ledger's acknowledgement
     */
    public record FromLedger(LedgerMsg.Recorded reply) implements Answer {
    }

    record Timeout(Step step, int attempt) implements Msg, Control {
    }

    /** The saga's steps. */
    public enum Step {
        /** Reserving stock at the shards. */
        RESERVE,
        /** Capturing the payment. */
        CAPTURE,
        /** Pick, pack, label. */
        WAREHOUSE,
        /** Handing the parcel to shipping (the pivot). */
        SHIP,
        /** Turning reserved stock into shipped stock. */
        COMMIT,
        /** Compensation: refunding (and closing the payment key). */
        REFUND,
        /** Compensation: releasing the stock. */
        RELEASE,
        /** Recording the terminal state. */
        RECORD
    }

    /** Why an order was cancelled. */
    public static final class Reasons {
        /** A SKU had too few units. */
        public static final String OUT_OF_STOCK = "out of stock";
        /** The shards did not answer within the attempts. */
        public static final String INVENTORY_UNAVAILABLE = "inventory unavailable";
        /** The payment could not be captured within the attempts. */
        public static final String PAYMENT_FAILED = "payment failed";
        /** The provider declined the capture. */
        public static final String PAYMENT_DECLINED = "payment declined";
        /** The warehouse did not produce a parcel within the attempts. */
        public static final String WAREHOUSE_FAILED = "warehouse failed";

        private Reasons() {
        }
    }

    private static final Object TIMER = "step";

    private final OrderRequest order;
    private final Services s;
    private final Traffic traffic;
    private final TimerScheduler<Msg> timers;
    private final FaultPlan.Site faults;
    private final long started = System.nanoTime();
    private final int[] shardIds; // distinct shards of this order
    private final List<List<OrderRequest.Line>> shardLines;
    private final ActorRef<InventoryReply> inventoryReplies;
    private final ActorRef<PaymentReply> paymentReplies;
    private final ActorRef<WarehouseMsg.Labelled> warehouseReplies;
    private final ActorRef<ShippingMsg.Reply> shippingReplies;
    private final ActorRef<LedgerMsg.Recorded> ledgerReplies;

    private @Nullable Step step;
    private int attempt;
    private long pending; // bit i: shardIds[i] has not answered this step
    private boolean captureAttempted;
    private @Nullable String label;
    private LedgerMsg.@Nullable Outcome outcome;
    private @Nullable String reason;
    private long latency;

    // Durable runs only: a transition decided by the current message, persisted before it is entered.
    private final boolean durable;
    private @Nullable Step nextStep;
    private boolean ended;
    private boolean endRequested;

    private OrderSaga(ActorContext<Msg> ctx, TimerScheduler<Msg> timers, OrderRequest order, Services s) {
        super(ctx);
        this.order = order;
        this.s = s;
        this.traffic = s.traffic();
        this.timers = timers;
        this.faults = s.faults().ownSite(order.id());
        int n = s.shards().size();
        List<Integer> ids = new ArrayList<>();
        List<List<OrderRequest.Line>> lines = new ArrayList<>();
        for (OrderRequest.Line l : order.items()) {
            int shard = InventoryShard.shardOf(l.sku(), n);
            int i = ids.indexOf(shard);
            if (i < 0) {
                ids.add(shard);
                lines.add(new ArrayList<>());
                i = ids.size() - 1;
            }
            lines.get(i).add(l);
        }
        this.shardIds = ids.stream().mapToInt(Integer::intValue).toArray();
        this.shardLines = lines.stream().map(List::copyOf).toList();
        this.inventoryReplies = ctx.messageAdapter(InventoryReply.class, FromInventory::new);
        this.paymentReplies = ctx.messageAdapter(PaymentReply.class, FromPayment::new);
        this.warehouseReplies = ctx.messageAdapter(WarehouseMsg.Labelled.class, FromWarehouse::new);
        this.shippingReplies = ctx.messageAdapter(ShippingMsg.Reply.class, FromShipping::new);
        this.ledgerReplies = ctx.messageAdapter(LedgerMsg.Recorded.class, FromLedger::new);
        this.durable = s.journal() != null;
        if (!durable) {
            begin(Step.RESERVE);
        }
    }

    /**
     * An order actor's behaviour: starts reserving at once.
     *
     * @param order the accepted order
     * @param services what it talks to
     * @return the behaviour, resuming after injected crashes
     */
    public static Behavior<Msg> create(OrderRequest order, Services services) {
        if (services.shards().size() > 64) {
            throw new IllegalArgumentException("at most 64 inventory shards");
        }
        if (services.journal() != null) {
            return Behaviors.supervise(Behaviors.<Msg>withTimers(timers -> Behaviors.setup(ctx -> {
                OrderSaga saga = new OrderSaga(ctx, timers, order, services);
                return EventSourcedBehavior.<Msg, Object, OrderSaga>builder(PersistenceId.of("order", order.id()),
                                Objects.requireNonNull(services.journal(), "a durable run"), Events.SERIALIZATION, saga)
                        .onCommand((st, msg) -> saga.decide(msg))
                        .onEvent((st, event) -> st.fold(event))
                        .onRecovered(OrderSaga::resumeAfterRecovery)
                        .build();
            }))).onFailure(InjectedCrash.class, Directive.resume());
        }
        return Behaviors.supervise(Behaviors.<Msg>withTimers(
                        timers -> Behaviors.setup(ctx -> new OrderSaga(ctx, timers, order, services))))
                .onFailure(InjectedCrash.class, Directive.resume());
    }

    /** Durable runs: handles a message like {@link #receive}, and turns a transition into an event. */
    private Effect<Object, OrderSaga> decide(Msg msg) {
        nextStep = null;
        endRequested = false;
        receive(msg);
        if (endRequested) {
            return Effect.<Object, OrderSaga>persist(new Events.SagaEnded(order.id())).thenStop();
        }
        if (nextStep != null) {
            Step n = nextStep;
            nextStep = null;
            return Effect.<Object, OrderSaga>persist(new Events.StepBegun(n, outcome, reason, label, latency))
                    .thenRun(x -> enter(n, true));
        }
        return Effect.none();
    }

    /** Durable runs: folds a committed (or recovered) event into the saga's persistent fields. */
    private OrderSaga fold(Object event) {
        switch (event) {
            case Events.StepBegun b -> {
                step = b.step();
                outcome = b.outcome();
                reason = b.reason();
                label = b.label();
                latency = b.latencyNanos();
                captureAttempted |= b.step() == Step.CAPTURE;
            }
            case Events.SagaEnded e -> ended = true;
            default -> throw new IllegalStateException("not an order event: " + event);
        }
        return this;
    }

    /** Durable runs: after recovery, start (a new order), continue (one in flight) or stop (one ended). */
    private Effect<Object, OrderSaga> resumeAfterRecovery() {
        if (ended) {
            return Effect.stop();
        }
        if (step == null) {
            return Effect.<Object, OrderSaga>persist(new Events.StepBegun(Step.RESERVE, null, null, null, 0))
                    .thenRun(x -> enter(Step.RESERVE, true));
        }
        Step resumed = step;
        return Effect.<Object, OrderSaga>none().thenRun(x -> enter(resumed, false));
    }

    @Override
    public Behavior<Msg> receive(Msg msg) {
        if (msg instanceof Answer a) {
            traffic.received(a.reply());
            faults.maybeCrash();
        }
        switch (msg) {
            case Timeout t -> {
                return onTimeout(t);
            }
            case FromInventory a -> onInventory(a.reply());
            case FromPayment a -> onPayment(a.reply());
            case FromWarehouse a -> {
                if (step == Step.WAREHOUSE) {
                    label = a.reply().label();
                    begin(Step.SHIP);
                }
            }
            case FromShipping a -> {
                switch (a.reply()) {
                    case ShippingMsg.Shipped r -> {
                        if (step == Step.SHIP) {
                            begin(Step.COMMIT);
                        }
                    }
                    case ShippingMsg.Refused r -> {
                        if (step == Step.SHIP) {
                            attempt++; // hand it over again now, rather than at the timeout
                            send();
                        }
                    }
                }
            }
            case FromLedger a -> {
                if (step == Step.RECORD) {
                    if (durable) {
                        endRequested = true;
                        return this;
                    }
                    return Behaviors.stopped();
                }
            }
        }
        return this;
    }

    private void onInventory(InventoryReply r) {
        int bit = bitOf(r.shard());
        switch (r) {
            case InventoryReply.Reserved x -> {
                if (step == Step.RESERVE && answered(bit)) {
                    begin(Step.CAPTURE);
                }
            }
            case InventoryReply.OutOfStock x -> {
                if (step == Step.RESERVE) {
                    cancel(Reasons.OUT_OF_STOCK);
                }
            }
            case InventoryReply.Closed x -> {
                if (step == Step.RESERVE) {
                    cancel(Reasons.INVENTORY_UNAVAILABLE);
                }
            }
            case InventoryReply.Committed x -> {
                if (step == Step.COMMIT && answered(bit)) {
                    finish(LedgerMsg.Outcome.COMPLETED, null);
                }
            }
            case InventoryReply.Released x -> {
                if (step == Step.RELEASE && answered(bit)) {
                    finish(LedgerMsg.Outcome.CANCELLED, reason);
                }
            }
        }
    }

    private void onPayment(PaymentReply r) {
        switch (r) {
            case PaymentReply.Captured x -> {
                if (step == Step.CAPTURE) {
                    begin(Step.WAREHOUSE);
                }
            }
            case PaymentReply.Declined x -> {
                if (step == Step.CAPTURE) {
                    cancel(Reasons.PAYMENT_DECLINED);
                }
            }
            case PaymentReply.Refunded x -> {
                if (step == Step.REFUND) {
                    begin(Step.RELEASE);
                }
            }
        }
    }

    /** Clears a shard's pending bit; true when none is left. */
    private boolean answered(int bit) {
        pending &= ~(1L << bit);
        return pending == 0;
    }

    private int bitOf(int shard) {
        for (int i = 0; i < shardIds.length; i++) {
            if (shardIds[i] == shard) {
                return i;
            }
        }
        return 63; // not ours: never pending
    }

    private Behavior<Msg> onTimeout(Timeout t) {
        if (t.step() != step || t.attempt() != attempt) {
            return this;
        }
        attempt++;
        switch (step) {
            case RESERVE -> {
                if (attempt >= s.timeouts().maxAttempts()) {
                    cancel(Reasons.INVENTORY_UNAVAILABLE);
                    return this;
                }
            }
            case CAPTURE -> {
                if (attempt >= s.timeouts().maxPaymentAttempts()) {
                    cancel(Reasons.PAYMENT_FAILED);
                    return this;
                }
            }
            case WAREHOUSE -> {
                if (attempt >= s.timeouts().maxAttempts()) {
                    cancel(Reasons.WAREHOUSE_FAILED);
                    return this;
                }
            }
            default -> { }
        }
        send();
        return this;
    }

    private void cancel(String why) {
        outcome = LedgerMsg.Outcome.CANCELLED;
        reason = why;
        begin(captureAttempted ? Step.REFUND : Step.RELEASE);
    }

    private void finish(LedgerMsg.Outcome how, @Nullable String why) {
        outcome = how;
        reason = why;
        latency = System.nanoTime() - started;
        begin(Step.RECORD);
    }

    /** Moves to the next step: at once in memory; in a durable run, once the step is persisted. */
    private void begin(Step next) {
        if (durable) {
            nextStep = next;
        } else {
            enter(next, true);
        }
    }

    /**
     * Enters a step: resets its attempts and pending shards and sends its requests.
     *
     * @param live false when a recovered saga re-enters its step (the notification, if any, went out before)
     */
    private void enter(Step next, boolean live) {
        if (live && next == Step.RECORD) {
            String text = outcome == LedgerMsg.Outcome.COMPLETED ? "shipped: " + label : "cancelled: " + reason;
            traffic.tell(s.notifier(), new Notifier.Notify(order.id(), order.customer(), text));
        }
        step = next;
        attempt = 0;
        pending = switch (next) {
            case RESERVE, COMMIT, RELEASE -> (1L << shardIds.length) - 1;
            default -> 0;
        };
        send();
    }

    /** Sends (or re-sends) the current step's requests and arms its timer. */
    private void send() {
        Step step = Objects.requireNonNull(this.step, "send() runs within a step");
        Duration timeout = switch (step) {
            case RESERVE, COMMIT, RELEASE -> s.timeouts().inventory();
            case CAPTURE, REFUND -> s.timeouts().payment();
            case WAREHOUSE -> s.timeouts().warehouse();
            case SHIP -> s.timeouts().shipping();
            case RECORD -> s.timeouts().ledger();
        };
        timers.startSingleTimer(TIMER, new Timeout(step, attempt), timeout.multipliedBy(1L << Math.min(attempt, 2)));
        switch (step) {
            case RESERVE -> forPendingShards(
                    i -> new InventoryMsg.Reserve(order.id(), shardLines.get(i), inventoryReplies));
            case COMMIT -> forPendingShards(i -> new InventoryMsg.Commit(order.id(), inventoryReplies));
            case RELEASE -> forPendingShards(i -> new InventoryMsg.Release(order.id(), inventoryReplies));
            case CAPTURE -> {
                captureAttempted = true;
                traffic.tell(worker(), new PaymentMsg.Capture(order.id(), order.amountCents(), paymentReplies));
            }
            case REFUND -> traffic.tell(worker(), new PaymentMsg.Refund(order.id(), paymentReplies));
            case WAREHOUSE -> traffic.tell(s.pick(),
                    new WarehouseMsg.PickOrder(order.id(), order.items(), warehouseReplies));
            case SHIP -> {
                long t0 = System.nanoTime();
                try {
                    traffic.tell(s.dock(), new ShippingMsg.Ship(order.id(), Objects.requireNonNull(label, "labelled before shipping"), shippingReplies)); // may block
                    s.shipping().handover(System.nanoTime() - t0);
                } catch (MailboxFullException e) {
                    // The dock stayed full for the whole block timeout: counted as refused; the timer retries.
                }
            }
            case RECORD -> traffic.tell(s.ledger(),
                    new LedgerMsg.Record(order.id(), Objects.requireNonNull(outcome, "decided before recording"), reason, latency,
                            ledgerReplies));
        }
    }

    private void forPendingShards(java.util.function.IntFunction<InventoryMsg> request) {
        for (int i = 0; i < shardIds.length; i++) {
            if ((pending & (1L << i)) != 0) {
                traffic.tell(s.shards().get(shardIds[i]), request.apply(i));
            }
        }
    }

    /** Spreads orders over the workers, and each retry to the next worker (one may be backing off). */
    private ActorRef<PaymentMsg> worker() {
        List<ActorRef<PaymentMsg>> w = s.workers();
        return w.get(Math.floorMod(order.id().hashCode() + attempt, w.size()));
    }
}
