package dev.cadre.examples.learn;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.Props;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiFunction;

/**
 * Step 3: a message is an immutable fact. A message that holds the sender's mutable list is shared
 * state again; a record that copies it is not. Page: {@code docs/learn/03-messages-are-facts.md}.
 */
final class Step03MessagesAreFacts {

    private Step03MessagesAreFacts() {
    }

    /** What the warehouse understands. */
    public sealed interface WarehouseMsg permits PlaceOrderByReference, OrderPlaced, Busy, Seen {
    }

    // tag::by-reference[]
    /** Not a fact: it holds the sender's own list, which the sender goes on using. */
    public static final class PlaceOrderByReference implements WarehouseMsg {
        final String orderId;
        final List<String> skus;

        public PlaceOrderByReference(String orderId, List<String> skus) {
            this.orderId = orderId;
            this.skus = skus;   // the same list object the sender holds
        }
    }
    // end::by-reference[]

    // tag::fact[]
    /** A fact: an immutable record of what happened. The compact constructor takes a snapshot. */
    public record OrderPlaced(String orderId, List<String> skus) implements WarehouseMsg {
        public OrderPlaced {
            skus = List.copyOf(skus);   // the sender's later changes cannot reach this message
        }
    }
    // end::fact[]

    /** Keeps the warehouse busy (a slow job) until the latch opens. */
    public record Busy(CountDownLatch until) implements WarehouseMsg {
    }

    /** Asks what the warehouse saw, per order. */
    public record Seen(ActorRef<Map<String, List<String>>> replyTo) implements WarehouseMsg {
    }

    /** Records the SKUs of each order as it sees them when it processes the message. */
    static Behavior<WarehouseMsg> warehouse() {
        return Behaviors.setup(ctx -> {
            Map<String, List<String>> seen = new LinkedHashMap<>();
            return Behaviors.receiveMessage(msg -> {
                switch (msg) {
                    case Busy b -> b.until().await();
                    case PlaceOrderByReference p -> seen.put(p.orderId, List.copyOf(p.skus));
                    case OrderPlaced o -> seen.put(o.orderId(), o.skus());
                    case Seen s -> s.replyTo().tell(Map.copyOf(seen));
                }
                return Behaviors.same();
            });
        });
    }

    // tag::web-shop[]
    /**
     * A web handler places two orders and reuses its cart list between them, while the warehouse
     * is still busy with an earlier job.
     *
     * @param message builds the message from an order id and the cart
     * @return what the warehouse saw for each order
     */
    public static Map<String, List<String>> webShop(ActorSystem system,
            BiFunction<String, List<String>, WarehouseMsg> message) {
        ActorRef<WarehouseMsg> warehouse = system.spawnAnonymous(warehouse(), Props.virtualThreads());
        CountDownLatch slowJobDone = new CountDownLatch(1);
        warehouse.tell(new Busy(slowJobDone));

        List<String> cart = new ArrayList<>(List.of("book", "pen"));
        warehouse.tell(message.apply("o-1", cart));   // customer 1 ordered a book and a pen
        cart.clear();                                 // the handler reuses its list
        cart.add("lamp");
        warehouse.tell(message.apply("o-2", cart));   // customer 2 ordered a lamp

        slowJobDone.countDown();
        Map<String, List<String>> seen = warehouse.<Map<String, List<String>>>ask(Seen::new, Duration.ofSeconds(5))
                .join();
        system.stop(warehouse);
        return seen;
    }
    // end::web-shop[]

    /**
     * Narrates both runs.
     *
     * @param out where to narrate
     * @return whether the shared list corrupted order o-1 and the fact did not
     */
    public static boolean narrate(PrintStream out) {
        Map<String, List<String>> shared;
        Map<String, List<String>> facts;
        try (ActorSystem system = ActorSystem.create("step3")) {
            shared = webShop(system, PlaceOrderByReference::new);
            facts = webShop(system, OrderPlaced::new);
        }
        out.println("Customer 1 orders [book, pen]; the web handler then reuses its list for customer 2's [lamp].");
        out.println("The warehouse is busy with a slow job meanwhile, so it reads both orders afterwards.");
        out.println();
        out.println("Sent as a mutable object holding the sender's list:");
        out.println("  o-1 -> " + shared.get("o-1") + "   <- customer 1's order now holds customer 2's lamp");
        out.println("  o-2 -> " + shared.get("o-2"));
        out.println("Sent as a fact (a record that copied the list when it was made):");
        out.println("  o-1 -> " + facts.get("o-1"));
        out.println("  o-2 -> " + facts.get("o-2"));
        return List.of("lamp").equals(shared.get("o-1")) && List.of("book", "pen").equals(facts.get("o-1"))
                && List.of("lamp").equals(facts.get("o-2"));
    }
}
