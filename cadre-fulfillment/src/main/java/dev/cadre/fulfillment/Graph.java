package dev.cadre.fulfillment;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Backoff;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Receptionist;
import dev.cadre.actor.ServiceKey;
import dev.cadre.actor.Supervisor;
import dev.cadre.actor.Supervisor.ChildSpec;
import dev.cadre.fulfillment.ingest.IntakeMsg;
import dev.cadre.fulfillment.inventory.InventoryMsg;
import dev.cadre.fulfillment.inventory.InventoryShard;
import dev.cadre.fulfillment.ledger.Ledger;
import dev.cadre.fulfillment.ledger.LedgerMsg;
import dev.cadre.fulfillment.notification.Notifier;
import dev.cadre.fulfillment.payment.PaymentMsg;
import dev.cadre.fulfillment.payment.PaymentProvider;
import dev.cadre.fulfillment.payment.PaymentWorker;
import dev.cadre.fulfillment.shipping.Shipping;
import dev.cadre.fulfillment.shipping.ShippingMsg;
import dev.cadre.fulfillment.warehouse.Warehouse;
import dev.cadre.fulfillment.warehouse.WarehouseMsg;
import dev.cadre.persistence.journal.Journal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The wiring of the fulfilment graph: its supervision tree, and typed refs to its services once it
 * has started. Every service is a supervised child registered with the system's receptionist under
 * its {@link ServiceKey}, so the run finds it typed, without casts, paths or polling; the payment
 * workers and the intake are started on demand and come back typed from their supervisor.
 *
 * <pre>
 * /user/fulfilment            one-for-one   (the services are independent of each other)
 *   ledger                    resumes after a crash (single writer of terminal states)
 *   inventory                 one-for-one   shard-0..N-1 resume after a crash (single writers of stock)
 *   payments                  pool, one-for-one, backoff   worker-1..N (restart; provider 500s back off)
 *   warehouse                 rest-for-one  pick → pack → label (restart)
 *   shipping                  one-for-all   carrier, dock (bounded blocking mailbox)
 *   notifications             bounded drop-oldest mailbox, restarts after a crash
 *   intake                    temporary; its children: source, order-1..order-N (one per order, resume)
 * /user/audit                 dead letters and crash reports, for the checks
 * </pre>
 */
final class Graph {

    /** Restart intensity (per second) of the supervisors that see injected crashes: a loop detector only. */
    static final int INTENSITY = 10_000;
    static final String ROOT = "/user/fulfilment";
    /** The payment pool's supervisor: the run starts the workers through it. */
    static final ServiceKey<Supervisor.Command> PAYMENTS = ServiceKey.of(Supervisor.Command.class, "payments");

    private Graph() {
    }

    /**
     * The services of a started graph, typed.
     *
     * @param root the root supervisor (the intake is started under it)
     * @param ledger the ledger
     * @param shards the inventory shards, by number
     * @param workers the payment workers
     * @param pick the warehouse's first stage
     * @param dock the shipping dock
     * @param notifier the notifier
     */
    record Services(ActorRef<Supervisor.Command> root, ActorRef<LedgerMsg> ledger, List<ActorRef<InventoryMsg>> shards,
            List<ActorRef<PaymentMsg>> workers, ActorRef<WarehouseMsg> pick, ActorRef<ShippingMsg> dock,
            ActorRef<Notifier.Notify> notifier) {
    }

    /**
     * The graph before it runs.
     *
     * @param root the root supervisor's behaviour
     * @param paymentWorker the payment pool's template, to start the workers from
     */
    record Blueprint(Behavior<Supervisor.Command> root, ChildSpec<PaymentMsg> paymentWorker) {
    }

    /**
     * Spawns the graph under {@code /user/fulfilment} and waits until its services are registered
     * and its payment workers started.
     *
     * @param d how the run waits (real threads, or a deterministic test's scheduler)
     * @param system the run's system
     * @param cfg the configuration
     * @param graph what to spawn ({@link #blueprint})
     * @param timeout how long each service may take to appear
     * @return the services, typed
     */
    static Services start(Fulfilment.Driver d, ActorSystem system, RunConfig cfg, Blueprint graph,
            Duration timeout) {
        ActorRef<Supervisor.Command> rootRef = system.spawn(graph.root(), "fulfilment");
        Receptionist receptionist = system.receptionist();
        ActorRef<LedgerMsg> ledger = d.await(receptionist.await(Ledger.KEY, timeout));
        List<ActorRef<InventoryMsg>> shards = new ArrayList<>();
        for (int i = 0; i < cfg.shards(); i++) {
            shards.add(d.await(receptionist.await(InventoryShard.key(i), timeout)));
        }
        ActorRef<Supervisor.Command> payments = d.await(receptionist.await(PAYMENTS, timeout));
        List<ActorRef<PaymentMsg>> workers = new ArrayList<>();
        for (int i = 0; i < cfg.workers(); i++) {
            workers.add(startChild(d, payments, graph.paymentWorker(), timeout));
        }
        return new Services(rootRef, ledger, List.copyOf(shards), List.copyOf(workers),
                d.await(receptionist.await(Warehouse.PICK, timeout)), d.await(receptionist.await(Shipping.DOCK, timeout)),
                d.await(receptionist.await(Notifier.KEY, timeout)));
    }

    /**
     * The root supervisor and its static children (the intake is started once the services are known).
     *
     * @param cfg the configuration
     * @param traffic the message accounting
     * @param faults the fault plan
     * @param psp the payment provider
     * @param shippingStats the carrier's counters
     * @param journal the journal of a durable run, or null
     * @return the root supervisor's behaviour, and the payment pool's template
     */
    static Blueprint blueprint(RunConfig cfg, Traffic traffic, FaultPlan faults,
            PaymentProvider psp, Shipping.Stats shippingStats, @Nullable Journal journal) {
        Supervisor.Builder inventory = Supervisor.builder().strategy(Supervisor.Strategy.ONE_FOR_ONE);
        for (int i = 0; i < cfg.shards(); i++) {
            inventory.child(ChildSpec.of("shard-" + i, InventoryShard.create(i, cfg.shards(), cfg.skus(),
                    cfg.stock(), traffic, faults.site(ROOT + "/inventory/shard-" + i), journal))
                    .registeredAs(InventoryShard.key(i)));
        }
        ChildSpec<PaymentMsg> worker = ChildSpec.of("worker", PaymentWorker.create(psp, traffic, faults))
                .withBackoff(Backoff.of(Duration.ofMillis(1), Duration.ofMillis(10), 0.2)
                        .withResetAfter(Duration.ofMillis(50)));
        Behavior<Supervisor.Command> payments = Supervisor.pool(worker)
                .intensity(INTENSITY, Duration.ofSeconds(1))
                .build();
        return new Blueprint(Supervisor.builder()
                .strategy(Supervisor.Strategy.ONE_FOR_ONE)
                .child(ChildSpec.of("ledger", Ledger.create(traffic, faults.site(ROOT + "/ledger"), journal))
                        .registeredAs(Ledger.KEY))
                .child(ChildSpec.of("inventory", inventory.build()))
                .child(ChildSpec.of("payments", payments).registeredAs(PAYMENTS))
                .child(ChildSpec.of("warehouse", Warehouse.supervisor(traffic, faults, INTENSITY)))
                .child(ChildSpec.of("shipping", Shipping.supervisor(cfg.dockCapacity(),
                        Duration.ofSeconds(2), traffic, faults, shippingStats, INTENSITY)))
                .child(ChildSpec.of("notifications", Notifier.create(traffic, faults))
                        .withProps(Notifier.props(cfg.notifierCapacity())).registeredAs(Notifier.KEY))
                .build(), worker);
    }

    /**
     * Starts the intake under the root supervisor: temporary (it is not restarted).
     *
     * @param d how the run waits
     * @param root the root supervisor
     * @param intake the intake's behaviour
     * @param timeout how long its start may take
     * @return the intake
     */
    static ActorRef<IntakeMsg> startIntake(Fulfilment.Driver d, ActorRef<Supervisor.Command> root,
            Behavior<IntakeMsg> intake, Duration timeout) {
        return startChild(d, root, ChildSpec.of("intake", intake).withRestart(Supervisor.RestartType.TEMPORARY), timeout);
    }

    /** Starts a child under a supervisor and waits until it has; its ref comes back typed. */
    private static <T> ActorRef<T> startChild(Fulfilment.Driver d, ActorRef<Supervisor.Command> supervisor,
            ChildSpec<T> spec, Duration timeout) {
        Supervisor.StartResult<T> r = d.await(supervisor.<Supervisor.StartResult<T>>ask(
                reply -> new Supervisor.Command.StartChild<>(spec, reply), timeout));
        return switch (r) {
            case Supervisor.StartResult.Started<T> s -> s.ref();
            case Supervisor.StartResult.Failed<T> f -> throw new IllegalStateException(
                    "could not start " + f.id() + " under " + supervisor.path(), f.cause());
        };
    }
}
