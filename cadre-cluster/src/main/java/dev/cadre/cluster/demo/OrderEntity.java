package dev.cadre.cluster.demo;

import dev.cadre.actor.ActorContext;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.TimerScheduler;
import dev.cadre.cluster.demo.Protocol.*;
import dev.cadre.cluster.sharding.ShardRegion;
import dev.cadre.persistence.Effect;
import dev.cadre.persistence.EventSourcedBehavior;
import dev.cadre.persistence.PersistenceId;
import dev.cadre.persistence.journal.Fence;
import dev.cadre.persistence.journal.Journal;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One order's saga, event-sourced and sharded:
 *
 * <pre>
 * RESERVING ──▶ CAPTURING ──▶ SHIPPING ──▶ COMPLETED
 *     │             │        (pivot: from here on, retry until done)
 *     │             └──▶ REFUNDING ──▶ RELEASING ──▶ CANCELLED
 *     └──────────────────────────────▶ RELEASING ──▶ CANCELLED
 * </pre>
 *
 * Each phase is persisted before its request is sent; the request is re-sent on a timer until
 * its answer comes (services are idempotent per order id), and again after a recovery on any
 * node. Reserving gives up after 10 unanswered tries, capturing after 8 failures.
 */
final class OrderEntity {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OrderEntity.class);

    private OrderEntity() {
    }

    record State(String phase, String sku, int qty, long amount, String reason) {
        static final State NONE = new State("NONE", "", 0, 0, "");

        State apply(Object e) {
            return switch (e) {
                case Placed p -> new State(phase, p.sku(), p.qty(), p.amount(), reason);
                case Moved m -> new State(m.phase(), sku, qty, amount, m.reason().isEmpty() ? reason : m.reason());
                case CaptureAttempted c -> this;
                default -> throw new IllegalArgumentException("not an order event: " + e);
            };
        }

        boolean terminal() {
            return phase.equals("COMPLETED") || phase.equals("CANCELLED");
        }

        OrderStatus status(String id) {
            return new OrderStatus(id, phase, reason, sku, qty, amount);
        }
    }

    static Behavior<OrderMsg> behavior(String orderId, Journal journal, Fence fence, ShardRegion<SkuMsg> skus,
                                       ShardRegion<PspMsg> psp, String node, AtomicLong finishedHere) {
        return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> {
            Saga saga = new Saga(orderId, ctx, timers, skus, psp);
            return EventSourcedBehavior.<OrderMsg, Object, State>builder(PersistenceId.of("order", orderId), journal,
                            Protocol.EVENTS, State.NONE)
                    .fence(fence)
                    .onCommand((st, cmd) -> saga.handle(st, cmd, node, finishedHere))
                    .onEvent(State::apply)
                    .onRecovered(st -> Effect.<Object, State>none().thenRun(saga::act))
                    .build();
        }));
    }

    private static final class Saga {
        private final String id;
        private final ActorContext<OrderMsg> ctx;
        private final TimerScheduler<OrderMsg> timers;
        private final ShardRegion<SkuMsg> skus;
        private final ShardRegion<PspMsg> psp;
        private long token;
        private int tries;
        private String triesPhase = "";

        Saga(String id, ActorContext<OrderMsg> ctx, TimerScheduler<OrderMsg> timers, ShardRegion<SkuMsg> skus,
             ShardRegion<PspMsg> psp) {
            this.id = id;
            this.ctx = ctx;
            this.timers = timers;
            this.skus = skus;
            this.psp = psp;
        }

        Effect<Object, State> move(String phase, String reason, String node, AtomicLong finishedHere) {
            return Effect.<Object, State>persist(new Moved(phase, reason)).thenRun(s -> {
                if (s.terminal()) {
                    finishedHere.incrementAndGet();
                }
                act(s);
            });
        }

        Effect<Object, State> handle(State st, OrderMsg cmd, String node, AtomicLong finishedHere) {
            return switch (cmd) {
                case Place p -> st.phase().equals("NONE")
                        ? Effect.<Object, State>persist(java.util.List.of(new Placed(p.sku(), p.qty(), p.amount()),
                                new Moved("RESERVING", ""))).thenRun(s -> {
                                    p.replyTo().tell(s.status(id));
                                    act(s);
                                })
                        : Effect.<Object, State>none().thenRun(s -> p.replyTo().tell(s.status(id)));
                case GetStatus g -> Effect.<Object, State>none().thenRun(s -> g.replyTo().tell(s.status(id)));
                case Where w -> Effect.<Object, State>none().thenRun(s -> w.replyTo().tell(node));
                case ReserveReply r -> !st.phase().equals("RESERVING") ? Effect.none()
                        : r.ok() ? move("CAPTURING", "", node, finishedHere)
                        : move("RELEASING", r.reason(), node, finishedHere);
                case CaptureReply c -> {
                    if (!st.phase().equals("CAPTURING")) {
                        yield Effect.none();
                    }
                    yield switch (c.outcome()) {
                        case "ok" -> move("SHIPPING", "", node, finishedHere);
                        case "declined" -> move("REFUNDING", "payment declined", node, finishedHere);
                        default -> {
                            if (tries >= 8) {
                                yield move("REFUNDING", "payment failed", node, finishedHere);
                            }
                            yield Effect.<Object, State>none().thenRun(this::send);
                        }
                    };
                }
                case CommitReply c -> st.phase().equals("SHIPPING") ? move("COMPLETED", "", node, finishedHere) : Effect.none();
                case RefundReply r -> st.phase().equals("REFUNDING") ? move("RELEASING", "", node, finishedHere) : Effect.none();
                case ReleaseReply r -> st.phase().equals("RELEASING") ? move("CANCELLED", "", node, finishedHere) : Effect.none();
                case Retry r -> {
                    if (r.attempt() != token || st.terminal() || st.phase().equals("NONE")) {
                        yield Effect.none();
                    }
                    if (st.phase().equals("RESERVING") && tries >= 10) {
                        yield move("RELEASING", "inventory unavailable", node, finishedHere);
                    }
                    if (st.phase().equals("CAPTURING") && tries >= 8) {
                        yield move("REFUNDING", "payment failed", node, finishedHere);
                    }
                    yield Effect.<Object, State>none().thenRun(this::send);
                }
            };
        }

        /** Enters a phase (or resumes it after a recovery): send its request and arm the timer. */
        void act(State s) {
            if (!s.phase().equals(triesPhase)) {
                triesPhase = s.phase();
                tries = 0;
            }
            if (s.terminal() || s.phase().equals("NONE")) {
                timers.cancel("retry");
                return;
            }
            send(s);
        }

        void send(State s) {
            tries++;
            if (tries % 10 == 0) {
                LOG.warn("order {}: {} try {} (no answer yet), from {}", id, s.phase(), tries, ctx.self().path());
            }
            switch (s.phase()) {
                case "RESERVING" -> skus.tell(s.sku(), new Reserve(s.sku(), id, s.qty(), ctx.self()));
                case "CAPTURING" -> psp.tell(id, new Capture(id, s.amount(), ctx.self()));
                case "SHIPPING" -> skus.tell(s.sku(), new Commit(s.sku(), id, ctx.self()));
                case "REFUNDING" -> psp.tell(id, new Refund(id, ctx.self()));
                case "RELEASING" -> skus.tell(s.sku(), new Release(s.sku(), id, ctx.self()));
                default -> {
                    return;
                }
            }
            token++;
            long delay = Math.min(4000, 500L << Math.min(tries - 1, 3));
            timers.startSingleTimer("retry", new Retry(token), Duration.ofMillis(delay));
        }
    }
}
