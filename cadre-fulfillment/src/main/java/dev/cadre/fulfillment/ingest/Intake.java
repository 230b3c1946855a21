package dev.cadre.fulfillment.ingest;

import dev.cadre.actor.AbstractBehavior;
import dev.cadre.actor.ActorContext;
import dev.cadre.actor.ActorRef;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.Terminated;
import dev.cadre.fulfillment.OrderRequest;
import dev.cadre.fulfillment.Traffic;
import dev.cadre.fulfillment.durable.Events;
import dev.cadre.fulfillment.order.OrderSaga;
import dev.cadre.fulfillment.order.Services;
import dev.cadre.persistence.journal.Journal;
import dev.cadre.persistence.journal.JournalException;
import dev.cadre.persistence.journal.StoredEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import java.util.Objects;

/**
 * The entry of the graph: takes input lines from the source, rejects malformed ones and
 * re-submitted order ids (with the line number and the reason), and spawns one {@link OrderSaga}
 * actor per accepted order, as its child. It keeps at most {@code window} orders in flight,
 * asking the source for one more line each time an order actor stops.
 *
 * <p><b>Durable runs</b> (a journal in {@link Services#journal()}): the intake records what it
 * handles in its own journal entity ({@value #PERSISTENCE_ID}) before it acknowledges it: accepted
 * orders, rejected lines and ended sagas go into one {@link Events.IntakeBatch} per write (while a
 * write is in flight the next batch collects, so the intake never has more than one write in flight
 * and never leaves a gap), and an accepted order's saga is spawned only once its batch is
 * committed. On start it replays its journal: it knows every order ever accepted (for duplicates
 * and for the report), respawns the sagas of orders not ended (each recovers its own journal), and
 * tells the source to skip the items already handled. A failed write fails the intake, and the run.
 *
 * <p>Not crash-injected: it is the only record of what was accepted (a lost submission would be
 * an order nobody knows of), and it never talks to anything that fails.
 */
public final class Intake extends AbstractBehavior<IntakeMsg> {

    /** The intake's entity in the journal. */
    public static final String PERSISTENCE_ID = "intake|main";

    private final Traffic traffic;
    private final Services services;
    private final int window;
    private final CompletableFuture<Void> finished;
    private final HashMap<String, OrderRequest> accepted = new HashMap<>();
    private final HashMap<String, Long> firstLine = new HashMap<>();
    private final List<IntakeMsg.Rejection> rejections = new ArrayList<>();
    private final List<String> failed = new ArrayList<>();
    private @Nullable ActorRef<Source.Demand> source;
    private long lines;
    private long inFlight;
    private long owed; // lines the source still owes us
    private boolean sourceDone;
    private long seq;

    // Durable runs only.
    private final @Nullable Journal journal;
    private final HashMap<ActorRef<?>, String> orderOf = new HashMap<>();
    private List<Events.Accepted> pendingAccepted = new ArrayList<>();
    private List<IntakeMsg.Rejection> pendingRejected = new ArrayList<>();
    private List<String> pendingEnded = new ArrayList<>();
    private @Nullable List<OrderRequest> writing; // orders of the batch in flight, spawned when it commits; null if none
    private long journalSeq;
    private boolean recovered;

    private Intake(ActorContext<IntakeMsg> ctx, Services services, int window, CompletableFuture<Void> finished) {
        super(ctx);
        this.traffic = services.traffic();
        this.services = services;
        this.window = window;
        this.finished = finished;
        this.journal = services.journal();
        this.recovered = journal == null;
    }

    /**
     * The intake's behaviour.
     *
     * @param services what orders talk to
     * @param sourceFactory the source's behaviour, given the intake's ref (spawned as the
     *     intake's child {@code source}, at start)
     * @param window the most orders in flight
     * @param finished completed when the source is exhausted and every order actor has stopped
     * @return the behaviour
     */
    public static Behavior<IntakeMsg> create(Services services,
            Function<ActorRef<IntakeMsg>, Behavior<Source.Demand>> sourceFactory, int window,
            CompletableFuture<Void> finished) {
        return create(services, (ref, skip) -> sourceFactory.apply(ref), window, finished);
    }

    /**
     * The intake's behaviour; in a durable run it resumes from its journal first.
     *
     * @param services what orders talk to (with the journal, in a durable run)
     * @param sourceFactory the source's behaviour, given the intake's ref and how many input items
     *     to skip (those a resumed run already handled)
     * @param window the most orders in flight
     * @param finished completed when the source is exhausted and every order actor has stopped
     * @return the behaviour
     */
    public static Behavior<IntakeMsg> create(Services services,
            BiFunction<ActorRef<IntakeMsg>, Long, Behavior<Source.Demand>> sourceFactory, int window,
            CompletableFuture<Void> finished) {
        return Behaviors.setup(ctx -> {
            Intake intake = new Intake(ctx, services, window, finished);
            intake.sourceFactory = sourceFactory;
            if (intake.journal == null) {
                intake.startSource(0);
            } else {
                ctx.pipeToSelf(intake.journal.recover(PERSISTENCE_ID), IntakeMsg.Recovered::new);
            }
            return intake;
        });
    }

    private @Nullable BiFunction<ActorRef<IntakeMsg>, Long, Behavior<Source.Demand>> sourceFactory;

    private void startSource(long skip) {
        var factory = Objects.requireNonNull(sourceFactory, "the source factory is set before the source starts");
        source = context().spawn(factory.apply(context().self(), skip), "source", Source.props());
        demand(window);
    }

    @Override
    public Behavior<IntakeMsg> receive(IntakeMsg msg) {
        traffic.received(msg);
        switch (msg) {
            case IntakeMsg.Submit s -> {
                owed--;
                lines++;
                submit(s.item());
            }
            case IntakeMsg.SourceDone d -> {
                owed = 0;
                sourceDone = true;
            }
            case IntakeMsg.GetProgress p -> p.replyTo().tell(
                    new IntakeMsg.Progress(lines, accepted.size(), rejections.size(), inFlight));
            case IntakeMsg.GetReport r -> r.replyTo().tell(new IntakeMsg.Report(lines, Map.copyOf(accepted),
                    List.copyOf(rejections), List.copyOf(failed)));
            case IntakeMsg.Recovered r -> resume(r);
            case IntakeMsg.Written w -> written(w);
        }
        flush();
        checkFinished();
        return this;
    }

    /** An order actor stopped: normally after its terminal record, or with a failure (a bug). */
    @Override
    public Behavior<IntakeMsg> receiveSignal(dev.cadre.actor.Signal signal) {
        if (signal instanceof Terminated t) {
            if (t.failed()) {
                failed.add(t.ref().path() + ": " + t.failure());
            }
            String id = orderOf.remove(t.ref());
            if (journal != null && id != null && !t.failed()) {
                pendingEnded.add(id);
            }
            inFlight--;
            demand(1);
            flush();
            checkFinished();
        }
        return Behaviors.same();
    }

    private void checkFinished() {
        if (recovered && sourceDone && inFlight == 0 && writing == null && pendingAccepted.isEmpty()
                && pendingRejected.isEmpty() && pendingEnded.isEmpty()) {
            finished.complete(null);
        }
    }

    private void submit(OrderSource.Item item) {
        switch (item) {
            case OrderSource.Bad b -> reject(b.line(), b.reason());
            case OrderSource.Good g -> {
                OrderRequest o = g.order();
                Long first = firstLine.putIfAbsent(o.id(), g.line());
                if (first != null) {
                    reject(g.line(), "duplicate order id '" + o.id() + "' (first on line " + first + ")");
                    return;
                }
                accepted.put(o.id(), o);
                if (journal == null) {
                    spawn(o);
                } else {
                    pendingAccepted.add(new Events.Accepted(g.line(), o)); // spawned once it is durable
                }
            }
        }
    }

    private void spawn(OrderRequest o) {
        seq++;
        ActorRef<OrderSaga.Msg> order = context().spawn(OrderSaga.create(o, services), "order-" + seq);
        context().watch(order);
        orderOf.put(order, o.id());
        inFlight++;
    }

    private void reject(long line, String reason) {
        IntakeMsg.Rejection r = new IntakeMsg.Rejection(line, reason);
        rejections.add(r);
        if (journal != null) {
            pendingRejected.add(r);
        }
        demand(1); // the line took no slot
    }

    /** Asks the source for {@code n} more lines, keeping what it owes within the free window. */
    private void demand(int n) {
        if (sourceDone || source == null) {
            return;
        }
        long awaiting = (long) pendingAccepted.size() + (writing == null ? 0 : writing.size());
        long room = window - inFlight - owed - awaiting;
        int ask = (int) Math.min(n, room);
        if (ask > 0) {
            owed += ask;
            traffic.tell(source, new Source.Demand(ask));
        }
    }

    // ------------------------------------------------------------------ durable runs

    /** Writes what collected since the last write, unless a write is in flight. */
    private void flush() {
        if (journal == null || !recovered || writing != null
                || (pendingAccepted.isEmpty() && pendingRejected.isEmpty() && pendingEnded.isEmpty())) {
            return;
        }
        Events.IntakeBatch batch = new Events.IntakeBatch(lines, pendingAccepted, pendingRejected, pendingEnded);
        writing = pendingAccepted.stream().map(Events.Accepted::order).toList();
        pendingAccepted = new ArrayList<>();
        pendingRejected = new ArrayList<>();
        pendingEnded = new ArrayList<>();
        long s = ++journalSeq;
        context().pipeToSelf(durableJournal().append(PERSISTENCE_ID, s, List.of(Events.SERIALIZATION.serialize(batch))),
                (ok, e) -> new IntakeMsg.Written(s, e));
    }

    /** {@return the journal of a durable run (the write and resume paths run only in one)} */
    private Journal durableJournal() {
        return Objects.requireNonNull(journal, "a durable run");
    }

    private void written(IntakeMsg.Written w) {
        if (w.failure() != null) {
            Throwable cause = w.failure() instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                    ? c.getCause() : w.failure();
            throw new JournalException("the intake's write " + w.seqNr() + " to " + durableJournal().describe()
                    + " failed; its orders were not acknowledged: " + cause.getMessage(), cause);
        }
        List<OrderRequest> orders = Objects.requireNonNull(writing, "a batch was being written");
        writing = null;
        for (OrderRequest o : orders) {
            spawn(o);
        }
    }

    private void resume(IntakeMsg.Recovered r) {
        if (r.failure() != null) {
            throw new JournalException("cannot resume the intake from " + durableJournal().describe() + ": "
                    + r.failure().getMessage(), r.failure());
        }
        Set<String> ended = new HashSet<>();
        List<OrderRequest> order = new ArrayList<>();
        for (StoredEvent e : r.recovery().events()) {
            Events.IntakeBatch b;
            try {
                b = (Events.IntakeBatch) Events.SERIALIZATION.deserialize(e.event());
            } catch (RuntimeException ex) {
                throw new JournalException("cannot resume the intake from " + durableJournal().describe() + ": event "
                        + e.seqNr() + ": " + ex.getMessage(), ex);
            }
            for (Events.Accepted a : b.accepted()) {
                accepted.put(a.order().id(), a.order());
                firstLine.putIfAbsent(a.order().id(), a.line());
                order.add(a.order());
            }
            rejections.addAll(b.rejected());
            ended.addAll(b.ended());
            lines = Math.max(lines, b.items());
        }
        journalSeq = r.recovery().highestSeqNr();
        rejections.sort(java.util.Comparator.comparingLong(IntakeMsg.Rejection::line));
        recovered = true;
        for (OrderRequest o : order) {
            if (!ended.contains(o.id())) {
                spawn(o); // its saga resumes from its own journal
            }
        }
        startSource(lines);
    }
}
