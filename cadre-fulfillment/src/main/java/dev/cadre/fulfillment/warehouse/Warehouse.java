package dev.cadre.fulfillment.warehouse;

import dev.cadre.actor.ActorContext;
import dev.cadre.actor.ActorRef;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.Receptionist;
import dev.cadre.actor.ServiceKey;
import dev.cadre.actor.Supervisor;
import dev.cadre.fulfillment.FaultPlan;
import dev.cadre.fulfillment.OrderRequest.Line;
import dev.cadre.fulfillment.Traffic;
import java.time.Duration;
import java.util.HashMap;
import org.jspecify.annotations.Nullable;

/**
 * The warehouse pipeline, pick → pack → label, under a <b>rest-for-one</b> supervisor.
 *
 * <p>Each stage consumes what the stage before it produces, and the packer holds state derived
 * from the picker's work: the lines picked so far of each order, waiting for the rest. If the
 * picker restarts, lines it was about to pick never come, so the packer's partial parcels are
 * garbage and it must restart too (and so must the label printer after it); if the packer
 * restarts, the picker's work is unaffected. That is rest-for-one: restart the failed stage and
 * the stages started after it. Orders whose parcel was lost time out and send the order again;
 * the packer collects lines by index, so a repeat fills the gaps and adds no duplicates.
 */
public final class Warehouse {

    /** The picker: where orders send their lines. */
    public static final ServiceKey<WarehouseMsg> PICK = ServiceKey.of(WarehouseMsg.class, "warehouse-pick");
    /** The packer. */
    public static final ServiceKey<WarehouseMsg> PACK = ServiceKey.of(WarehouseMsg.class, "warehouse-pack");
    /** The label printer, at the end of the pipeline. */
    public static final ServiceKey<WarehouseMsg> LABEL = ServiceKey.of(WarehouseMsg.class, "warehouse-label");

    private Warehouse() {
    }

    /**
     * The pipeline's supervisor; its children are {@code pick}, {@code pack} and {@code label},
     * registered with the receptionist under {@link #PICK}, {@link #PACK} and {@link #LABEL}.
     *
     * @param traffic the message accounting
     * @param faults the fault plan
     * @param maxRestarts the restart intensity per second (sized for the injected crash rate)
     * @return the supervisor's behaviour
     */
    public static Behavior<Supervisor.Command> supervisor(Traffic traffic, FaultPlan faults, int maxRestarts) {
        return Supervisor.builder()
                .strategy(Supervisor.Strategy.REST_FOR_ONE)
                .intensity(maxRestarts, Duration.ofSeconds(1))
                .child(Supervisor.ChildSpec.of("pick", picker(traffic, faults)).registeredAs(PICK))
                .child(Supervisor.ChildSpec.of("pack", packer(traffic, faults)).registeredAs(PACK))
                .child(Supervisor.ChildSpec.of("label", labeller(traffic, faults)).registeredAs(LABEL))
                .build();
    }

    /**
     * The stage after this one, as the receptionist lists it: it starts after this stage (so it
     * is not known at setup), and under rest-for-one it may be started anew while this stage runs
     * on, so the stage follows the listing rather than remembering one ref. Messages that were
     * already queued when this stage (re)started come before its first listing: for them the
     * stage asks the receptionist directly.
     */
    private static final class Next {
        private final ServiceKey<WarehouseMsg> key;
        private final Receptionist receptionist;
        private @Nullable ActorRef<WarehouseMsg> ref;

        Next(ActorContext<WarehouseMsg> ctx, ServiceKey<WarehouseMsg> key) {
            this.key = key;
            this.receptionist = ctx.system().receptionist();
            receptionist.subscribe(key, ctx.messageAdapter(Receptionist.Listing.class,
                    l -> new WarehouseMsg.NextStage(l.refsOf(key).stream().findFirst())));
        }

        void update(WarehouseMsg.NextStage n) {
            ref = n.next().orElse(null);
        }

        ActorRef<WarehouseMsg> get() {
            if (ref == null) {
                ref = receptionist.find(key).stream().findFirst().orElse(null);
            }
            if (ref == null) {
                throw new IllegalStateException("no stage registered under " + key + " yet");
            }
            return ref;
        }
    }

    static Behavior<WarehouseMsg> picker(Traffic traffic, FaultPlan faults) {
        return Behaviors.setup(ctx -> {
            FaultPlan.Site site = faults.site(ctx.self().path());
            Next pack = new Next(ctx, PACK);
            return Behaviors.receiveMessage(msg -> {
                if (msg instanceof WarehouseMsg.NextStage n) {
                    pack.update(n);
                    return Behaviors.same();
                }
                traffic.received(msg);
                site.maybeCrash();
                if (!(msg instanceof WarehouseMsg.PickOrder p)) {
                    return Behaviors.unhandled();
                }
                int n = p.lines().size();
                for (int i = 0; i < n; i++) {
                    Line l = p.lines().get(i);
                    traffic.tell(pack.get(), new WarehouseMsg.Picked(p.orderId(), i, n, l.qty(), p.replyTo()));
                }
                return Behaviors.same();
            });
        });
    }

    static Behavior<WarehouseMsg> packer(Traffic traffic, FaultPlan faults) {
        return Behaviors.setup(ctx -> {
            FaultPlan.Site site = faults.site(ctx.self().path());
            Next label = new Next(ctx, LABEL);
            HashMap<String, boolean[]> partial = new HashMap<>(); // lines picked so far, per order
            return Behaviors.receiveMessage(msg -> {
                if (msg instanceof WarehouseMsg.NextStage n) {
                    label.update(n);
                    return Behaviors.same();
                }
                traffic.received(msg);
                site.maybeCrash();
                if (!(msg instanceof WarehouseMsg.Picked p)) {
                    return Behaviors.unhandled();
                }
                boolean[] got = partial.computeIfAbsent(p.orderId(), k -> new boolean[p.lines()]);
                got[p.line()] = true;
                for (boolean b : got) {
                    if (!b) {
                        return Behaviors.same();
                    }
                }
                partial.remove(p.orderId());
                traffic.tell(label.get(), new WarehouseMsg.Packed(p.orderId(), p.units(), p.replyTo()));
                return Behaviors.same();
            });
        });
    }

    static Behavior<WarehouseMsg> labeller(Traffic traffic, FaultPlan faults) {
        return Behaviors.setup(ctx -> {
            FaultPlan.Site site = faults.site(ctx.self().path());
            return Behaviors.receiveMessage(msg -> {
                traffic.received(msg);
                site.maybeCrash();
                if (!(msg instanceof WarehouseMsg.Packed p)) {
                    return Behaviors.unhandled();
                }
                traffic.tell(p.replyTo(), new WarehouseMsg.Labelled(p.orderId(), "LBL-" + p.orderId()));
                return Behaviors.same();
            });
        });
    }
}
