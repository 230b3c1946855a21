package dev.cadre.fulfillment.shipping;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.Mailbox;
import dev.cadre.actor.Overflow;
import dev.cadre.actor.Props;
import dev.cadre.actor.ServiceKey;
import dev.cadre.actor.Supervisor;
import dev.cadre.fulfillment.FaultPlan;
import dev.cadre.fulfillment.Traffic;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Shipping: a {@code dock} that takes parcels from orders through a <b>bounded blocking
 * mailbox</b> (when the dock falls behind, orders wait to hand their parcel over: backpressure
 * reaches the orders), and a {@code carrier} link that takes them from the dock as numbered lines
 * of a manifest session.
 *
 * <p>The two share that session: the dock opens one when it starts and numbers lines 1, 2, 3...;
 * the carrier accepts only lines of the open session, in order. If either restarts alone, the
 * session is broken (a fresh carrier knows no session and refuses every line; a fresh dock would
 * number from 1 again). So they are supervised <b>one-for-all</b>: when one fails, both restart,
 * the carrier first, then the dock, which opens a new session. Parcels of the broken session are
 * refused as stale: the carrier tells their orders, which hand them over again.
 *
 * <p>The dock runs on virtual threads: with the slow-consumer fault it stalls (a slow carrier
 * API), which is what fills its mailbox.
 */
public final class Shipping {

    /** The dock: where orders hand their parcels over (a bounded, blocking mailbox). */
    public static final ServiceKey<ShippingMsg> DOCK = ServiceKey.of(ShippingMsg.class, "shipping-dock");
    /** The carrier link. */
    public static final ServiceKey<ShippingMsg> CARRIER = ServiceKey.of(ShippingMsg.class, "shipping-carrier");

    private static final AtomicLong SESSIONS = new AtomicLong();

    private Shipping() {
    }

    /** Counters of the carrier, kept outside its state so they survive restarts. */
    public static final class Stats {
        private final LongAdder stale = new LongAdder();
        private final LongAdder sessions = new LongAdder();

        /** Creates zeroed counters. */
        public Stats() {
        }
        private final LongAdder waits = new LongAdder();
        private final LongAdder waitedNanos = new LongAdder();
        private final java.util.concurrent.atomic.AtomicLong longestWait = new java.util.concurrent.atomic.AtomicLong();

        /**
         * An order's hand-over took {@code nanos} (a tell into the dock's blocking mailbox): counted
         * as a wait for room when it took over half a millisecond.
         *
         * @param nanos how long the tell took
         */
        public void handover(long nanos) {
            if (nanos > 500_000) {
                waits.increment();
                waitedNanos.add(nanos);
                longestWait.accumulateAndGet(nanos, Math::max);
            }
        }

        /**
         * {@return hand-overs that waited for room in the dock's full mailbox (backpressure felt by
         * orders)}
         */
        public long waits() {
            return waits.sum();
        }

        /** {@return the longest such wait, in nanoseconds} */
        public long longestWaitNanos() {
            return longestWait.get();
        }

        /** {@return lines refused because their session was no longer open} */
        public long staleLines() {
            return stale.sum();
        }

        /** {@return sessions opened} */
        public long sessions() {
            return sessions.sum();
        }
    }

    /**
     * The shipping supervisor; its children are {@code carrier} and {@code dock}, registered with
     * the receptionist under {@link #CARRIER} and {@link #DOCK}.
     *
     * @param capacity the dock's mailbox capacity
     * @param blockTimeout how long an order may wait for room before its hand-over fails
     * @param traffic the message accounting
     * @param faults the fault plan
     * @param stats the carrier's counters
     * @param maxRestarts the restart intensity per second
     * @return the supervisor's behaviour
     */
    public static Behavior<Supervisor.Command> supervisor(int capacity, Duration blockTimeout, Traffic traffic,
            FaultPlan faults, Stats stats, int maxRestarts) {
        return supervisor(capacity, blockTimeout, traffic, faults, stats, maxRestarts, Supervisor.Strategy.ONE_FOR_ALL);
    }

    /** The same with another strategy: for the test that shows why it must be one-for-all. */
    static Behavior<Supervisor.Command> supervisor(int capacity, Duration blockTimeout, Traffic traffic,
            FaultPlan faults, Stats stats, int maxRestarts, Supervisor.Strategy strategy) {
        Props dockProps = Props.virtualThreads().withMailbox(Mailbox.bounded(capacity, Overflow.block(blockTimeout)));
        return Supervisor.builder()
                .strategy(strategy)
                .intensity(maxRestarts, Duration.ofSeconds(1))
                .child(Supervisor.ChildSpec.of("carrier", carrier(traffic, faults, stats)).registeredAs(CARRIER))
                .child(Supervisor.ChildSpec.of("dock", dock(traffic, faults, stats)).withProps(dockProps)
                        .registeredAs(DOCK))
                .build();
    }

    static Behavior<ShippingMsg> dock(Traffic traffic, FaultPlan faults, Stats stats) {
        return Behaviors.setup(ctx -> {
            FaultPlan.Site site = faults.site(ctx.self().path());
            // The carrier started (and was registered) before the dock, and restarts with it (one-for-all).
            ActorRef<ShippingMsg> carrier = ctx.system().receptionist().find(CARRIER).stream().findFirst()
                    .orElseThrow(() -> new IllegalStateException("no carrier registered under " + CARRIER));
            long session = SESSIONS.incrementAndGet();
            stats.sessions.increment();
            traffic.tell(carrier, new ShippingMsg.SessionOpen(session));
            long[] line = {0};
            return Behaviors.receiveMessage(msg -> {
                traffic.received(msg);
                site.maybeCrash();
                site.maybeStall();
                if (!(msg instanceof ShippingMsg.Ship s)) {
                    return Behaviors.unhandled();
                }
                traffic.tell(carrier, new ShippingMsg.Handover(session, ++line[0], s.orderId(), s.replyTo()));
                return Behaviors.same();
            });
        });
    }

    static Behavior<ShippingMsg> carrier(Traffic traffic, FaultPlan faults, Stats stats) {
        return Behaviors.setup(ctx -> {
            FaultPlan.Site site = faults.site(ctx.self().path());
            long[] session = {0, 0}; // open session, last line
            return Behaviors.receiveMessage(msg -> {
                traffic.received(msg);
                site.maybeCrash();
                switch (msg) {
                    case ShippingMsg.SessionOpen o -> {
                        session[0] = o.session();
                        session[1] = 0;
                    }
                    case ShippingMsg.Handover h -> {
                        if (h.session() != session[0]) {
                            stats.stale.increment(); // a line of a broken session: the order hands it over again
                            traffic.tell(h.replyTo(), new ShippingMsg.Refused(h.orderId()));
                        } else if (h.line() != session[1] + 1) {
                            throw new IllegalStateException("manifest gap in session " + h.session() + ": line "
                                    + h.line() + " after " + session[1]);
                        } else {
                            session[1] = h.line();
                            traffic.tell(h.replyTo(), new ShippingMsg.Shipped(h.orderId(),
                                    "TRK-" + h.session() + "-" + h.line()));
                        }
                    }
                    case ShippingMsg.Ship s -> {
                        return Behaviors.unhandled();
                    }
                }
                return Behaviors.same();
            });
        });
    }
}
