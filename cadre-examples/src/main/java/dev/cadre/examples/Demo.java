package dev.cadre.examples;

import dev.cadre.actor.ActorContext;
import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.DeadLetter;
import dev.cadre.actor.Terminated;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A small actor graph that shows the core ideas at work: a kitchen actor spawns cook actors
 * (spawn), hands them orders (tell), watches them (watch), and answers a status request from the
 * outside world (ask). One cook burns an order and crashes; the kitchen learns of it through
 * {@link Terminated} and routes later orders to the cooks still alive. A message sent to the
 * crashed cook becomes a counted dead letter.
 *
 * <p>Run it as described in cadre-examples/README.md. It exits 0 when every check it prints holds.
 */
public final class Demo {

    private Demo() {
    }

    /** What the kitchen understands. */
    public sealed interface KitchenMsg {
        /**
         * An order from outside, handed to the next live cook in turn; with no cook left it is
         * unhandled (a dead letter).
         *
         * @param id the order's number, echoed in {@link Cooked}
         * @param dish what to cook; a dish whose name contains {@code burnt} sets the cook on fire
         *     (it throws, and crashes)
         */
        record Order(int id, String dish) implements KitchenMsg {
        }

        /**
         * A cook reports a cooked order.
         *
         * @param id the order's number
         * @param cook the cook's actor name, e.g. {@code cook-1}
         */
        record Cooked(int id, String cook) implements KitchenMsg {
        }

        /**
         * Request for the kitchen's status.
         *
         * @param replyTo receives the {@link KitchenStatus}
         */
        record Status(ActorRef<KitchenStatus> replyTo) implements KitchenMsg {
        }
    }

    /**
     * The kitchen's answer to {@link KitchenMsg.Status}.
     *
     * @param cooked orders cooked so far
     * @param cooksAlive the names of the cooks still alive, in the order they were spawned
     * @param cooksLost the names of the cooks that stopped (the kitchen saw their {@link Terminated}),
     *     in the order it learned of it; empty if none
     */
    public record KitchenStatus(int cooked, List<String> cooksAlive, List<String> cooksLost) {
    }

    /**
     * What a cook understands: one order to cook, and where to report it.
     *
     * @param id the order's number
     * @param dish what to cook (see {@link KitchenMsg.Order#dish()})
     * @param kitchen receives the {@link KitchenMsg.Cooked} report
     */
    public record Cook(int id, String dish, ActorRef<KitchenMsg> kitchen) {
    }

    static Behavior<Cook> cook() {
        return Behaviors.receive((ctx, order) -> {
            if (order.dish().contains("burnt")) {
                throw new IllegalStateException("order " + order.id() + " caught fire");
            }
            order.kitchen().tell(new KitchenMsg.Cooked(order.id(), ctx.self().name()));
            return Behaviors.same();
        });
    }

    static Behavior<KitchenMsg> kitchen(int cooks) {
        return Behaviors.setup(ctx -> {
            List<ActorRef<Cook>> alive = new ArrayList<>();
            List<String> lost = new ArrayList<>();
            for (int i = 1; i <= cooks; i++) {
                ActorRef<Cook> c = ctx.spawn(cook(), "cook-" + i);
                ctx.watch(c);
                alive.add(c);
            }
            int[] cooked = {0};
            int[] next = {0};
            return Behaviors.<KitchenMsg>receive((c, msg) -> {
                switch (msg) {
                    case KitchenMsg.Order o -> {
                        if (alive.isEmpty()) {
                            return Behaviors.unhandled();
                        }
                        alive.get(next[0]++ % alive.size()).tell(new Cook(o.id(), o.dish(), c.self()));
                    }
                    case KitchenMsg.Cooked k -> cooked[0]++;
                    case KitchenMsg.Status s -> s.replyTo().tell(new KitchenStatus(
                            cooked[0], alive.stream().map(ActorRef::name).toList(), List.copyOf(lost)));
                }
                return Behaviors.same();
            }).onSignal((c, signal) -> {
                if (signal instanceof Terminated t) {
                    alive.remove(t.ref());
                    lost.add(t.ref().name());
                    logLoss(c, t);
                }
                return Behaviors.same();
            });
        });
    }

    private static void logLoss(ActorContext<KitchenMsg> ctx, Terminated t) {
        ctx.log().info("lost {} ({})", t.ref().name(),
                t.cause().map(e -> "failed: " + e.getMessage()).orElse("stopped"));
    }

    /**
     * Runs the demo.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        PrintStream out = System.out;
        boolean ok;
        try (ActorSystem system = ActorSystem.create("demo")) {
            out.println("Cadre demo: a kitchen actor with 3 cook actors");
            ActorRef<KitchenMsg> kitchen = system.spawn(kitchen(3), "kitchen");
            out.println("  spawn  " + kitchen.path() + " and its cooks "
                    + system.lookup("/user/kitchen/cook-1").map(ActorRef::path).orElse("(starting)") + " ...");

            for (int i = 1; i <= 9; i++) {
                kitchen.tell(new KitchenMsg.Order(i, i == 5 ? "burnt toast" : "soup #" + i));
            }
            out.println("  tell   9 orders, round-robin over the cooks (order 5 will set cook-2 on fire)");

            KitchenStatus status = awaitStatus(kitchen, s -> s.cooked() == 7 && s.cooksLost().size() == 1);
            out.println("  ask    status -> cooked " + status.cooked() + ", cooks alive " + status.cooksAlive()
                    + ", lost " + status.cooksLost());
            long dead = system.deadLetters().count(DeadLetter.Reason.RECIPIENT_TERMINATED);
            out.println("  dead   order 8 was queued behind the fire in cook-2's mailbox: dead letters = " + dead);

            for (int i = 10; i <= 12; i++) {
                kitchen.tell(new KitchenMsg.Order(i, "pie #" + i));
            }
            KitchenStatus after = awaitStatus(kitchen, s -> s.cooked() == 10);
            out.println("  watch  the kitchen saw Terminated(cook-2) and routes to the survivors: cooked "
                    + after.cooked());
            boolean gone = system.lookup("/user/kitchen/cook-2").isEmpty();
            out.println("  lookup /user/kitchen/cook-2 -> " + (gone ? "gone" : "still there?"));

            ok = after.cooked() == 10 && after.cooksLost().equals(List.of("cook-2")) && dead == 1 && gone;
        }
        out.println("  close  every actor stopped, children first");
        out.println(ok ? "demo: OK" : "demo: FAILED");
        if (!ok) {
            System.exit(1);
        }
    }

    /** Asks for the status until it satisfies {@code done} (at most 10 s). */
    private static KitchenStatus awaitStatus(ActorRef<KitchenMsg> kitchen, Predicate<KitchenStatus> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        KitchenStatus s;
        do {
            s = kitchen.<KitchenStatus>ask(KitchenMsg.Status::new, Duration.ofSeconds(5)).join();
        } while (!done.test(s) && System.nanoTime() < deadline);
        return s;
    }
}
