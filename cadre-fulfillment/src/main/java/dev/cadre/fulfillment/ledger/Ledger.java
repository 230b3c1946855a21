package dev.cadre.fulfillment.ledger;

import dev.cadre.actor.AbstractBehavior;
import dev.cadre.actor.ActorContext;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.ServiceKey;
import dev.cadre.actor.Directive;
import dev.cadre.fulfillment.FaultPlan;
import dev.cadre.fulfillment.InjectedCrash;
import dev.cadre.fulfillment.Traffic;
import dev.cadre.fulfillment.durable.Events;
import dev.cadre.persistence.Effect;
import dev.cadre.persistence.EventSourcedBehavior;
import dev.cadre.persistence.PersistenceId;
import dev.cadre.persistence.journal.Journal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import java.util.Objects;

/**
 * The single writer of orders' terminal states: each order's first record stands; a repeat is
 * acknowledged again; a contradicting record is kept aside as a conflict. Orders retry until they
 * get {@link LedgerMsg.Recorded}, so a record lost to a crash is sent again.
 *
 * <p>Supervision: like the inventory shards it owns state that exists nowhere else, and an
 * injected crash happens before any change, so it <b>resumes</b>.
 *
 * <p><b>Durable runs</b>: event-sourced (entity {@code ledger|main}): a first record, or a
 * conflicting one, is an {@link Events.TerminalRecorded} event, acknowledged once committed; a
 * repeat is acknowledged at once (it changes nothing; the repeat count is per process).
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
    private boolean durable;
    private @Nullable Object pendingEvent; // durable runs: the record the current message decided
    private @Nullable Runnable pendingReply;

    /** Where the ledger is registered with the receptionist. */
    public static final ServiceKey<LedgerMsg> KEY = ServiceKey.of(LedgerMsg.class, "ledger");

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
        return create(traffic, faults, null);
    }

    /**
     * The ledger's behaviour; event-sourced when {@code journal} is not null.
     *
     * @param traffic the message accounting
     * @param faults its fault points
     * @param journal where its events live, or null (in memory)
     * @return the behaviour
     */
    public static Behavior<LedgerMsg> create(Traffic traffic, FaultPlan.Site faults, @Nullable Journal journal) {
        if (journal == null) {
            return Behaviors.supervise(Behaviors.<LedgerMsg>setup(ctx -> new Ledger(ctx, traffic, faults)))
                    .onFailure(InjectedCrash.class, Directive.resume());
        }
        return Behaviors.supervise(Behaviors.<LedgerMsg>setup(ctx -> {
            Ledger ledger = new Ledger(ctx, traffic, faults);
            ledger.durable = true;
            return EventSourcedBehavior.<LedgerMsg, Object, Ledger>builder(PersistenceId.of("ledger", "main"), journal,
                            Events.SERIALIZATION, ledger)
                    .onCommand((st, msg) -> {
                        st.pendingEvent = null;
                        st.receive(msg);
                        if (st.pendingEvent == null) {
                            return Effect.none();
                        }
                        Runnable reply = Objects.requireNonNull(st.pendingReply, "decided with the event");
                        Object event = st.pendingEvent;
                        st.pendingEvent = null;
                        return Effect.<Object, Ledger>persist(event).thenRun(x -> reply.run());
                    })
                    .onEvent((st, e) -> {
                        st.apply((Events.TerminalRecorded) e);
                        return st;
                    })
                    .build();
        })).onFailure(InjectedCrash.class, Directive.resume());
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
        LedgerReport.Entry first = entries.get(r.orderId());
        Runnable reply = () -> traffic.tell(r.replyTo(), new LedgerMsg.Recorded(r.orderId()));
        if (first != null && first.equals(e)) {
            repeats++;
            reply.run();
            return;
        }
        Events.TerminalRecorded event = new Events.TerminalRecorded(r.orderId(), r.outcome(), r.reason(), r.latencyNanos());
        if (durable) {
            pendingEvent = event;
            pendingReply = reply;
        } else {
            apply(event);
            reply.run();
        }
    }

    /** Folds a record: the first for its order stands; a contradicting one is kept aside as a conflict. */
    private void apply(Events.TerminalRecorded r) {
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
        } else if (!first.equals(e)) {
            conflicts.add(r.orderId() + ": " + first + " then " + e);
        }
    }
}
