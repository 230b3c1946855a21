package dev.cadre.examples.learn;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.Props;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Step 8: one actor per concept. One actor for all carts handles one checkout at a time; one
 * actor per cart lets checkouts of different carts run at once, and each costs a few hundred
 * bytes. Page: {@code docs/learn/08-one-actor-per-concept.md}.
 */
final class Step08OneActorPerConcept {

    private Step08OneActorPerConcept() {
    }

    // tag::cart-protocol[]
    /** What a cart understands. */
    public sealed interface CartMsg {
        record AddItem(String sku) implements CartMsg {
        }

        /** Checking out calls slow services; here it waits at {@code meet} for another checkout. */
        record Checkout(CyclicBarrier meet, Duration patience, AtomicInteger met) implements CartMsg {
        }

        record Items(ActorRef<List<String>> replyTo) implements CartMsg {
        }
    }

    /** The shop routes each message to the cart it is for. */
    public record ToCart(String cartId, CartMsg msg) {
    }

    /** Returns when two checkouts are in progress at the same moment, or when patience runs out. */
    static void checkout(CartMsg.Checkout c) throws InterruptedException {
        try {
            c.meet().await(c.patience().toMillis(), TimeUnit.MILLISECONDS);
            c.met().incrementAndGet();
        } catch (TimeoutException | BrokenBarrierException nobodyElseWasCheckingOut) {
            // this checkout ran alone
        }
    }
    // end::cart-protocol[]

    // tag::one-for-all-carts[]
    /** One actor for every cart: a map inside one mailbox. Correct, and strictly one at a time. */
    public static Behavior<ToCart> allCarts() {
        return Behaviors.setup(ctx -> {
            Map<String, List<String>> carts = new HashMap<>();
            return Behaviors.receiveMessage(m -> {
                switch (m.msg()) {
                    case CartMsg.AddItem a -> carts.computeIfAbsent(m.cartId(), id -> new ArrayList<>()).add(a.sku());
                    case CartMsg.Checkout c -> checkout(c);
                    case CartMsg.Items i -> i.replyTo().tell(List.copyOf(carts.getOrDefault(m.cartId(), List.of())));
                }
                return Behaviors.same();
            });
        });
    }
    // end::one-for-all-carts[]

    // tag::actor-per-cart[]
    /** One actor per cart, found by its name (the cart id) or spawned on first use. */
    public static Behavior<ToCart> shop() {
        return Behaviors.receive((ctx, m) -> {
            ActorRef<CartMsg> cart = ctx.<CartMsg>child(m.cartId())
                    .orElseGet(() -> ctx.spawn(cart(), m.cartId(), Props.virtualThreads()));
            cart.tell(m.msg());
            return Behaviors.same();
        });
    }

    /** A cart: its own state, its own mailbox, its own pace. */
    static Behavior<CartMsg> cart() {
        return Behaviors.setup(ctx -> {
            List<String> items = new ArrayList<>();
            return Behaviors.receiveMessage(msg -> {
                switch (msg) {
                    case CartMsg.AddItem a -> items.add(a.sku());
                    case CartMsg.Checkout c -> checkout(c);
                    case CartMsg.Items i -> i.replyTo().tell(List.copyOf(items));
                }
                return Behaviors.same();
            });
        });
    }
    // end::actor-per-cart[]

    // tag::two-checkouts[]
    /**
     * Two customers check out at the same moment, each with their own cart. Each checkout waits
     * (up to {@code patience}) for the other to be in progress too: it can only meet the other if
     * both really run at the same time.
     *
     * @return how many of the two checkouts met the other one (2: they overlapped; 0: one at a time)
     */
    public static int twoCheckouts(ActorSystem system, Behavior<ToCart> carts, Duration patience) {
        ActorRef<ToCart> shop = system.spawnAnonymous(carts, Props.virtualThreads());
        CyclicBarrier meet = new CyclicBarrier(2);
        AtomicInteger met = new AtomicInteger();
        shop.tell(new ToCart("alice", new CartMsg.Checkout(meet, patience, met)));
        shop.tell(new ToCart("bob", new CartMsg.Checkout(meet, patience, met)));
        // Both checkouts are done once the carts have answered a later message.
        for (String id : List.of("alice", "bob")) {
            shop.<List<String>>ask(r -> new ToCart(id, new CartMsg.Items(r)), patience.plusSeconds(10)).join();
        }
        system.stop(shop);
        return met.get();
    }
    // end::two-checkouts[]

    /**
     * What spawning many carts cost.
     *
     * @param carts carts spawned
     * @param bytesPerCart retained heap per cart actor (with its one-item state), from a full GC
     */
    public record Footprint(int carts, long bytesPerCart) {
    }

    // tag::many-carts[]
    /** Spawns {@code n} cart actors with one item each and measures the heap they retain. */
    public static Footprint manyCarts(ActorSystem system, int n) {
        long before = usedHeapAfterGc();
        ActorRef<ToCart> shop = system.spawnAnonymous(shop());
        for (int i = 0; i < n; i++) {
            shop.tell(new ToCart("cart-" + i, new CartMsg.AddItem("sku-" + (i % 100))));
        }
        // The shop handles messages in order, so once the last cart answers, all n exist.
        shop.<List<String>>ask(r -> new ToCart("cart-" + (n - 1), new CartMsg.Items(r)), Duration.ofSeconds(30))
                .join();
        long after = usedHeapAfterGc();
        system.stop(shop);
        return new Footprint(n, (after - before) / n);
    }
    // end::many-carts[]

    static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * Narrates the runs.
     *
     * @param out where to narrate
     * @return whether the single actor never overlapped two checkouts, the cart actors did, and a
     *     cart actor cost under 2 KiB
     */
    public static boolean narrate(PrintStream out) {
        int one;
        int perCart;
        Footprint f;
        try (ActorSystem system = ActorSystem.create("step8")) {
            one = twoCheckouts(system, allCarts(), Duration.ofMillis(300));
            perCart = twoCheckouts(system, shop(), Duration.ofSeconds(10));
            f = manyCarts(system, 100_000);
        }
        out.println("Alice and Bob check out at the same moment; each checkout waits for the other to be in progress.");
        out.println("  one actor for all carts: " + one + " of 2 checkouts overlapped"
                + " (the first waited 300 ms alone, then gave up: one mailbox, one at a time)");
        out.println("  one actor per cart:      " + perCart + " of 2 checkouts overlapped");
        out.println();
        out.printf("%,d carts, one actor each (one item in each cart): about %,d bytes of heap per cart actor%n",
                f.carts(), f.bytesPerCart());
        out.println("  (an idle actor holds no thread: the carts use the pool only while they have mail)");
        return one == 0 && perCart == 2 && f.bytesPerCart() < 2048;
    }
}
