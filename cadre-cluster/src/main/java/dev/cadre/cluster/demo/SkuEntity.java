package dev.cadre.cluster.demo;

import dev.cadre.actor.Behavior;
import dev.cadre.cluster.demo.Protocol.*;
import dev.cadre.persistence.Effect;
import dev.cadre.persistence.EventSourcedBehavior;
import dev.cadre.persistence.PersistenceId;
import dev.cadre.persistence.journal.Fence;
import dev.cadre.persistence.journal.Journal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The single writer of one SKU's stock. Reserve, release and commit are idempotent per order id. */
final class SkuEntity {

    private SkuEntity() {
    }

    record State(int initial, int onHand, Map<String, Integer> reserved, Map<String, Integer> shipped,
                 Set<String> closed, boolean neverNegative) {
        State apply(Object e) {
            Map<String, Integer> r = new HashMap<>(reserved);
            Map<String, Integer> s = new HashMap<>(shipped);
            Set<String> c = new HashSet<>(closed);
            int hand = onHand;
            switch (e) {
                case StockReserved x -> {
                    r.put(x.orderId(), x.qty());
                    hand -= x.qty();
                }
                case StockReleased x -> {
                    Integer q = r.remove(x.orderId());
                    if (q != null) {
                        hand += q;
                    }
                    c.add(x.orderId());
                }
                case StockShipped x -> {
                    Integer q = r.remove(x.orderId());
                    if (q != null) {
                        s.put(x.orderId(), q);
                    }
                }
                case StockRefused x -> c.add(x.orderId());
                default -> throw new IllegalArgumentException("not a stock event: " + e);
            }
            return new State(initial, hand, r, s, c, neverNegative && hand >= 0);
        }

        Stock stock(String sku) {
            return new Stock(sku, initial, onHand, reserved.values().stream().mapToInt(Integer::intValue).sum(),
                    shipped.values().stream().mapToInt(Integer::intValue).sum(), neverNegative);
        }
    }

    static Behavior<SkuMsg> behavior(String sku, int initialStock, Journal journal, Fence fence) {
        State empty = new State(initialStock, initialStock, Map.of(), Map.of(), Set.of(), true);
        return EventSourcedBehavior.<SkuMsg, Object, State>builder(PersistenceId.of("sku", sku), journal,
                        Protocol.EVENTS, empty)
                .fence(fence)
                .onCommand((st, cmd) -> switch (cmd) {
                    case Reserve r -> {
                        if (st.reserved().containsKey(r.orderId()) || st.shipped().containsKey(r.orderId())) {
                            yield Effect.<Object, State>none().thenRun(s -> r.replyTo().tell(new ReserveReply(r.orderId(), true, "")));
                        }
                        if (st.closed().contains(r.orderId())) {
                            yield Effect.<Object, State>none().thenRun(s -> r.replyTo().tell(new ReserveReply(r.orderId(), false, "closed")));
                        }
                        if (st.onHand() < r.qty()) {
                            yield Effect.<Object, State>persist(new StockRefused(r.orderId()))
                                    .thenRun(s -> r.replyTo().tell(new ReserveReply(r.orderId(), false, "out of stock")));
                        }
                        yield Effect.<Object, State>persist(new StockReserved(r.orderId(), r.qty()))
                                .thenRun(s -> r.replyTo().tell(new ReserveReply(r.orderId(), true, "")));
                    }
                    case Release r -> (st.closed().contains(r.orderId()) && !st.reserved().containsKey(r.orderId()))
                            ? Effect.<Object, State>none().thenRun(s -> r.replyTo().tell(new ReleaseReply(r.orderId())))
                            : Effect.<Object, State>persist(new StockReleased(r.orderId()))
                                    .thenRun(s -> r.replyTo().tell(new ReleaseReply(r.orderId())));
                    case Commit c -> st.reserved().containsKey(c.orderId())
                            ? Effect.<Object, State>persist(new StockShipped(c.orderId()))
                                    .thenRun(s -> c.replyTo().tell(new CommitReply(c.orderId())))
                            : Effect.<Object, State>none().thenRun(s -> c.replyTo().tell(new CommitReply(c.orderId())));
                    case GetStock g -> Effect.<Object, State>none().thenRun(s -> g.replyTo().tell(s.stock(sku)));
                })
                .onEvent(State::apply)
                .build();
    }
}
