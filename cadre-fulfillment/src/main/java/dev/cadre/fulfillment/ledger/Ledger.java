package dev.cadre.fulfillment.ledger;

import dev.cadre.actor.AbstractBehavior;
import dev.cadre.actor.ActorContext;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.SupervisorStrategy;
import dev.cadre.fulfillment.FaultPlan;
import dev.cadre.fulfillment.InjectedCrash;
import dev.cadre.fulfillment.Traffic;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The single writer of orders' terminal states: each order's first record stands; a repeat is
 * acknowledged again; a contradicting record is kept aside as a conflict. Orders retry until they
 * get {@link LedgerMsg.Recorded}, so a record lost to a crash is sent again.
 *
 * <p>Supervision: like the inventory shards it owns state that exists nowhere else, and an
 * injected crash happens before any change, so it <b>resumes</b>.
 */
public final class Ledger extends AbstractBehavior<LedgerMsg> {

    private final Traffic traffic;
    private final FaultPlan.Site faults;
    private final HashMap<String, LedgerReport.Entry> entries = new HashMap<>();
    private final List<String> conflicts = new ArrayList<>();
    private long repeats;
    private long completed;
    private long cancelled;
    private long[] latencies = new long[1024];

    private Ledger(ActorContext<LedgerMsg> ctx, Traffic traffic, FaultPlan.Site faults) {
        super(ctx);
        this.traffic = traffic;
        this.faults = faults;
    }

    /**
     * The ledger's behaviour, resuming after injected crashes.
     *
     * @param traffic the message accounting
     * @param faults its fault points
     * @return the behaviour
     */
    public static Behavior<LedgerMsg> create(Traffic traffic, FaultPlan.Site faults) {
        return Behaviors.supervise(Behaviors.<LedgerMsg>setup(ctx -> new Ledger(ctx, traffic, faults)))
                .onFailure(InjectedCrash.class, SupervisorStrategy.resume());
    }

    @Override
    public Behavior<LedgerMsg> receive(LedgerMsg msg) {
        traffic.received(msg);
        switch (msg) {
            case LedgerMsg.GetProgress p -> p.replyTo().tell(new LedgerMsg.Progress(completed, cancelled));
            case LedgerMsg.GetReport r -> r.replyTo().tell(new LedgerReport(Map.copyOf(entries), repeats,
                    List.copyOf(conflicts), Arrays.copyOf(latencies, (int) (completed + cancelled))));
            case LedgerMsg.Record r -> {
                faults.maybeCrash();
                record(r);
            }
        }
        return this;
    }

    private void record(LedgerMsg.Record r) {
        LedgerReport.Entry e = new LedgerReport.Entry(r.outcome(), r.reason());
        LedgerReport.Entry first = entries.putIfAbsent(r.orderId(), e);
        if (first == null) {
            int n = (int) (completed + cancelled);
            if (n == latencies.length) {
                latencies = Arrays.copyOf(latencies, n * 2);
            }
            latencies[n] = r.latencyNanos();
            if (r.outcome() == LedgerMsg.Outcome.COMPLETED) {
                completed++;
            } else {
                cancelled++;
            }
        } else if (first.equals(e)) {
            repeats++;
        } else {
            conflicts.add(r.orderId() + ": " + first + " then " + e);
        }
        traffic.tell(r.replyTo(), new LedgerMsg.Recorded(r.orderId()));
    }
}
