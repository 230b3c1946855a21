package dev.cadre.examples.learn;

import dev.cadre.actor.ActorContext;
import dev.cadre.actor.ActorMetrics;
import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.Mailbox;
import dev.cadre.actor.Overflow;
import dev.cadre.actor.Props;
import dev.cadre.actor.Supervisor;
import dev.cadre.actor.Supervisor.ChildSpec;
import dev.cadre.actor.Directive;
import dev.cadre.actor.Terminated;
import dev.cadre.actor.TimerScheduler;
import dev.cadre.examples.SupervisionExamples;
import dev.cadre.examples.SupervisionExamples.Capture;
import dev.cadre.examples.SupervisionExamples.PaymentProvider;
import dev.cadre.examples.SupervisionExamples.ProviderException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * Step 14: the order-fulfilment workflow as a running actor graph, small enough to read in one
 * sitting: one saga actor per order, the inventory as single writer of stock, a pool of payment
 * workers that crash on a flaky provider's 500s and are restarted, a shipping dock with a bounded
 * blocking mailbox, a ledger; the run ends by checking its invariants. The full application is
 * {@code cadre-fulfillment} ({@code ./cadre demo}). Page: {@code docs/learn/14-fulfilment.md}.
 */
final class Step14Fulfilment {

    private Step14Fulfilment() {
    }

    // tag::protocols[]
    /** An order: one line, to keep the saga short. */
    public record OrderLine(String orderId, String sku, int qty) {
    }

    /** What an order actor hears: the services' answers, and its own retry timer. */
    public sealed interface OrderEvent {
        record Reserved() implements OrderEvent {
        }

        record OutOfStock() implements OrderEvent {
        }

        record Captured() implements OrderEvent {
        }

        record Shipped() implements OrderEvent {
        }

        record RetryCapture() implements OrderEvent {
        }
    }

    /** The inventory: the single writer of stock. Every request carries the order id. */
    public sealed interface InventoryMsg {
        record Reserve(String orderId, String sku, int qty, ActorRef<OrderEvent> replyTo) implements InventoryMsg {
        }

        /** The order shipped: its reserved units become shipped units. */
        record Commit(String orderId) implements InventoryMsg {
        }

        record Report(ActorRef<Map<String, Stock>> replyTo) implements InventoryMsg {
        }
    }

    /** One SKU's units; their sum never changes. */
    public record Stock(int onHand, int reserved, int shipped) {
    }

    /** A parcel for the dock. */
    public record Ship(String orderId, ActorRef<OrderEvent> replyTo) {
    }

    /** The ledger: the record of how each order ended. */
    public sealed interface LedgerMsg {
        record Completed(String orderId) implements LedgerMsg {
        }

        record Cancelled(String orderId, String reason) implements LedgerMsg {
        }

        record Report(ActorRef<LedgerReport> replyTo) implements LedgerMsg {
        }
    }

    /**
     * The ledger's book.
     *
     * @param outcomes order id to "completed" or "cancelled: reason"
     * @param conflicts second outcomes recorded for an order that already had one
     */
    public record LedgerReport(Map<String, String> outcomes, int conflicts) {
    }
    // end::protocols[]

    // tag::inventory[]
    /** The single writer of stock: nobody else holds a copy, so nothing needs a lock. */
    static Behavior<InventoryMsg> inventory(Map<String, Integer> initial) {
        return Behaviors.setup(ctx -> {
            Map<String, Stock> stock = new TreeMap<>();
            initial.forEach((sku, units) -> stock.put(sku, new Stock(units, 0, 0)));
            Map<String, InventoryMsg.Reserve> reserved = new HashMap<>();
            return Behaviors.receiveMessage(msg -> {
                switch (msg) {
                    case InventoryMsg.Reserve r when reserved.containsKey(r.orderId()) ->
                            r.replyTo().tell(new OrderEvent.Reserved());   // a repeat: answer, do not reserve again
                    case InventoryMsg.Reserve r -> {
                        Stock s = stock.get(r.sku());   // null: a SKU we do not carry
                        if (s == null || s.onHand() < r.qty()) {
                            r.replyTo().tell(new OrderEvent.OutOfStock());
                        } else {
                            stock.put(r.sku(), new Stock(s.onHand() - r.qty(), s.reserved() + r.qty(), s.shipped()));
                            reserved.put(r.orderId(), r);
                            r.replyTo().tell(new OrderEvent.Reserved());
                        }
                    }
                    case InventoryMsg.Commit c -> {
                        InventoryMsg.Reserve r = reserved.remove(c.orderId());
                        if (r != null) {
                            stock.computeIfPresent(r.sku(),
                                    (sku, s) -> new Stock(s.onHand(), s.reserved() - r.qty(), s.shipped() + r.qty()));
                        }
                    }
                    case InventoryMsg.Report r -> r.replyTo().tell(Map.copyOf(stock));
                }
                return Behaviors.same();
            });
        });
    }
    // end::inventory[]

    // tag::dock-and-ledger[]
    /** The shipping dock: slow (a virtual thread that parks), behind a bounded, blocking mailbox. */
    static Behavior<Ship> dock() {
        return Behaviors.receiveMessage(parcel -> {
            LockSupport.parkNanos(200_000);   // loading the truck
            parcel.replyTo().tell(new OrderEvent.Shipped());
            return Behaviors.same();
        });
    }

    static final Props DOCK = Props.virtualThreads()
            .withMailbox(Mailbox.bounded(16, Overflow.block(Duration.ofSeconds(5))));

    /** The ledger keeps the first outcome of each order and counts any second one as a conflict. */
    static Behavior<LedgerMsg> ledger() {
        return Behaviors.setup(ctx -> {
            Map<String, String> outcomes = new HashMap<>();
            int[] conflicts = {0};
            return Behaviors.receiveMessage(msg -> {
                switch (msg) {
                    case LedgerMsg.Completed c -> conflicts[0] += outcomes.putIfAbsent(c.orderId(), "completed") == null ? 0 : 1;
                    case LedgerMsg.Cancelled c ->
                            conflicts[0] += outcomes.putIfAbsent(c.orderId(), "cancelled: " + c.reason()) == null ? 0 : 1;
                    case LedgerMsg.Report r -> r.replyTo().tell(new LedgerReport(Map.copyOf(outcomes), conflicts[0]));
                }
                return Behaviors.same();
            });
        });
    }
    // end::dock-and-ledger[]

    /** The services an order talks to. */
    record Services(ActorRef<InventoryMsg> inventory, List<ActorRef<Capture>> payments, ActorRef<Ship> dock,
            ActorRef<LedgerMsg> ledger) {
    }

    // tag::order-saga[]
    /**
     * One order's saga, one actor per order: reserve, capture, ship, then record. Each state is a
     * behaviour; a message a state does not expect (a late or repeated answer) is ignored.
     */
    static Behavior<OrderEvent> order(OrderLine line, Services s) {
        return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> {
            s.inventory().tell(new InventoryMsg.Reserve(line.orderId(), line.sku(), line.qty(), ctx.self()));
            return reserving(ctx, timers, line, s);
        }));
    }

    static Behavior<OrderEvent> reserving(ActorContext<OrderEvent> ctx, TimerScheduler<OrderEvent> timers,
            OrderLine line, Services s) {
        return Behaviors.receiveMessage(e -> switch (e) {
            case OrderEvent.Reserved r -> {
                capture(ctx, timers, line, s);
                yield capturing(ctx, timers, line, s);
            }
            case OrderEvent.OutOfStock o -> {
                s.ledger().tell(new LedgerMsg.Cancelled(line.orderId(), "out of stock"));
                yield Behaviors.stopped();
            }
            default -> Behaviors.same();
        });
    }

    static Behavior<OrderEvent> capturing(ActorContext<OrderEvent> ctx, TimerScheduler<OrderEvent> timers,
            OrderLine line, Services s) {
        return Behaviors.receiveMessage(e -> switch (e) {
            case OrderEvent.RetryCapture r -> {
                capture(ctx, timers, line, s);   // the worker crashed on it, or is backing off: again
                yield Behaviors.same();
            }
            case OrderEvent.Captured c -> {
                timers.cancel("retry");
                s.dock().tell(new Ship(line.orderId(), ctx.self()));   // may wait: the dock's mailbox is bounded
                yield shipping(line, s);
            }
            default -> Behaviors.same();
        });
    }

    static Behavior<OrderEvent> shipping(OrderLine line, Services s) {
        return Behaviors.receiveMessage(e -> switch (e) {
            case OrderEvent.Shipped sh -> {
                s.inventory().tell(new InventoryMsg.Commit(line.orderId()));
                s.ledger().tell(new LedgerMsg.Completed(line.orderId()));
                yield Behaviors.stopped();
            }
            default -> Behaviors.same();
        });
    }

    /** Capture through the order's payment worker; the order id is the idempotency key. */
    static void capture(ActorContext<OrderEvent> ctx, TimerScheduler<OrderEvent> timers, OrderLine line, Services s) {
        ActorRef<String> captured = ctx.messageAdapter(String.class, id -> new OrderEvent.Captured());
        ActorRef<Capture> worker = s.payments().get(Math.floorMod(line.orderId().hashCode(), s.payments().size()));
        worker.tell(new Capture(line.orderId(), captured));
        timers.startSingleTimer("retry", new OrderEvent.RetryCapture(), Duration.ofMillis(50));
    }
    // end::order-saga[]

    // tag::graph[]
    /** The services under one supervisor; each payment worker restarts itself with backoff on a 500. */
    static Behavior<Supervisor.Command> shop(Map<String, Integer> stock, PaymentProvider provider, int workers) {
        Supervisor.Builder payments = Supervisor.builder().strategy(Supervisor.Strategy.ONE_FOR_ONE)
                .intensity(100, Duration.ofSeconds(1));
        for (int i = 0; i < workers; i++) {
            payments.child(ChildSpec.of("worker-" + i, Behaviors.supervise(SupervisionExamples.paymentWorker(provider))
                    .onFailure(ProviderException.class,
                            Directive.restartWithBackoff(Duration.ofMillis(1), Duration.ofMillis(10), 0.2))));
        }
        return Supervisor.builder().strategy(Supervisor.Strategy.ONE_FOR_ONE)   // independent services
                .child(ChildSpec.of("inventory", inventory(stock)))
                .child(ChildSpec.of("payments", payments.build()))
                .child(ChildSpec.of("dock", dock()).withProps(DOCK))
                .child(ChildSpec.of("ledger", ledger()))
                .build();
    }

    /** The intake: one order actor per order, each watched, so the intake knows when all have ended. */
    static Behavior<Void> intake(List<OrderLine> orders, Services s, CompletableFuture<Integer> allEnded) {
        return Behaviors.setup(ctx -> {
            for (OrderLine line : orders) {
                ctx.watch(ctx.spawn(order(line, s), line.orderId()));
            }
            int[] ended = {0};
            int[] died = {0};
            return Behaviors.receiveSignal((c, signal) -> {
                if (signal instanceof Terminated t) {
                    died[0] += t.failed() ? 1 : 0;
                    if (++ended[0] == orders.size()) {
                        allEnded.complete(died[0]);
                    }
                }
                return Behaviors.same();
            });
        });
    }
    // end::graph[]

    /**
     * An invariant and whether it held.
     *
     * @param name what it says
     * @param holds whether it held
     * @param detail the evidence
     */
    public record Check(String name, boolean holds, String detail) {
    }

    /**
     * What a run did.
     *
     * @param tree the live service tree when the run started
     * @param orders orders taken
     * @param completed orders completed
     * @param cancelled orders cancelled
     * @param providerCalls calls to the payment provider
     * @param workerCrashes payment-worker crashes (each restarted)
     * @param dockPeak the most parcels ever waiting at the dock
     * @param checks the invariants
     */
    public record Run(List<String> tree, int orders, long completed, long cancelled, int providerCalls,
            long workerCrashes, int dockPeak, List<Check> checks) {
        /**
         * Whether every invariant held.
         *
         * @return true if all did
         */
        public boolean allHold() {
            return checks.stream().allMatch(Check::holds);
        }
    }

    // tag::run[]
    /** Builds the graph, runs {@code n} seeded orders through it, and checks the invariants. */
    public static Run run(ActorSystem system, int n, double failureRate, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Integer> initial = new TreeMap<>();
        for (int i = 0; i < 10; i++) {
            initial.put("sku-" + i, 40);
        }
        List<OrderLine> orders = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            orders.add(new OrderLine("o-" + i, "sku-" + random.nextInt(10), 1 + random.nextInt(3)));
        }
        PaymentProvider provider = new PaymentProvider(failureRate, seed);
        int workers = 4;
        system.spawn(shop(initial, provider, workers), "shop");
        List<ActorRef<Capture>> payments = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            payments.add(find(system, "/user/shop/payments/worker-" + i));
        }
        Services s = new Services(find(system, "/user/shop/inventory"), payments, find(system, "/user/shop/dock"),
                find(system, "/user/shop/ledger"));
        List<String> tree = tree(system);

        CompletableFuture<Integer> allEnded = new CompletableFuture<>();
        system.spawn(intake(orders, s, allEnded), "intake");
        int died = allEnded.join();

        LedgerReport ledger = s.ledger().<LedgerReport>ask(LedgerMsg.Report::new, Duration.ofSeconds(5)).join();
        Map<String, Stock> stock = s.inventory().<Map<String, Stock>>ask(InventoryMsg.Report::new,
                Duration.ofSeconds(5)).join();
        long crashes = payments.stream().mapToLong(w -> system.metrics(w).failures()).sum();
        int dockPeak = system.metrics(s.dock()).highWaterMark();
        return new Run(tree, n, count(ledger, "completed"), n - count(ledger, "completed"), provider.calls(), crashes,
                dockPeak, check(orders, initial, ledger, stock, provider.chargesByKey(), died, dockPeak));
    }
    // end::run[]

    // tag::invariants[]
    static List<Check> check(List<OrderLine> orders, Map<String, Integer> initial, LedgerReport ledger,
            Map<String, Stock> stock, Map<String, Integer> charges, int died, int dockPeak) {
        Set<String> completed = new HashSet<>();
        Map<String, Integer> shippedBySku = new TreeMap<>();
        for (OrderLine o : orders) {
            if ("completed".equals(ledger.outcomes().get(o.orderId()))) {
                completed.add(o.orderId());
                shippedBySku.merge(o.sku(), o.qty(), Integer::sum);
            }
        }
        boolean conserved = initial.entrySet().stream().allMatch(e -> {
            Stock st = stock.get(e.getKey());
            return st != null && st.onHand() >= 0 && st.reserved() == 0
                    && st.onHand() + st.reserved() + st.shipped() == e.getValue()
                    && st.shipped() == shippedBySku.getOrDefault(e.getKey(), 0);
        });
        return List.of(
                new Check("every order ends in exactly one terminal state",
                        ledger.outcomes().size() == orders.size() && ledger.conflicts() == 0 && died == 0,
                        ledger.outcomes().size() + " of " + orders.size() + " recorded, " + ledger.conflicts()
                                + " conflicting, " + died + " order actors died"),
                new Check("stock is conserved per SKU, never negative, and shipped = completed orders' units",
                        conserved, "per SKU: on hand + reserved + shipped = initial; nothing left reserved"),
                new Check("every completed order was charged exactly once, no cancelled order at all",
                        charges.keySet().equals(completed) && charges.values().stream().allMatch(c -> c == 1),
                        charges.size() + " orders charged, " + completed.size() + " completed"),
                new Check("backpressure held: never more than 16 parcels waiting at the dock", dockPeak <= 16,
                        "dock mailbox peak " + dockPeak));
    }
    // end::invariants[]

    private static long count(LedgerReport ledger, String outcome) {
        return ledger.outcomes().values().stream().filter(outcome::equals).count();
    }

    private static <T> ActorRef<T> find(ActorSystem system, String path) {
        Await.until(path + " to start", () -> system.lookup(path).isPresent());
        return system.<T>lookup(path).orElseThrow();
    }

    /** The live tree under /user/shop, from the runtime's own metrics (paths, mailbox capacities). */
    private static List<String> tree(ActorSystem system) {
        List<String> lines = new ArrayList<>();
        List<ActorMetrics> snapshot = new ArrayList<>(system.metricsSnapshot());
        snapshot.sort(java.util.Comparator.comparing(ActorMetrics::path));   // a parent sorts before its children
        for (ActorMetrics m : snapshot) {
            if (!m.path().startsWith("/user/shop")) {
                continue;
            }
            int depth = (int) m.path().chars().filter(ch -> ch == '/').count() - 2;
            String name = m.path().substring(m.path().lastIndexOf('/') + 1);
            lines.add("  ".repeat(depth) + name + (m.capacity() < 0 ? "" : "  [bounded mailbox: " + m.capacity() + "]"));
        }
        return lines;
    }

    /**
     * Narrates a run.
     *
     * @param out where to narrate
     * @return whether every invariant held
     */
    public static boolean narrate(PrintStream out) {
        Run run;
        try (ActorSystem system = ActorSystem.create("step14")) {
            run = run(system, 300, 0.3, 42);
        }
        out.println("The services, as the runtime sees them (system.metricsSnapshot()):");
        run.tree().forEach(l -> out.println("  " + l));
        out.println("  + intake, and one order actor per order while it is in flight");
        out.println();
        out.printf("%d orders of 1-3 units over 10 SKUs with 40 units each; the provider fails 30%% of calls:%n",
                run.orders());
        out.printf("  completed %d, cancelled %d (out of stock)%n", run.completed(), run.cancelled());
        out.printf("  provider calls %d, payment-worker crashes %d (each restarted with backoff; the order retried)%n",
                run.providerCalls(), run.workerCrashes());
        out.printf("  most parcels waiting at the dock: %d (its mailbox holds 16; orders waited for room)%n",
                run.dockPeak());
        out.println();
        for (Check c : run.checks()) {
            out.printf("  %s  %s%n        %s%n", c.holds() ? "PASS" : "FAIL", c.name(), c.detail());
        }
        out.println();
        out.println("The real one: ./cadre demo --orders 20000 --tree  (cadre-fulfillment/README.md)");
        return run.allHold();
    }
}
