package dev.cadre.fulfillment.ingest;

import dev.cadre.actor.AbstractBehavior;
import dev.cadre.actor.ActorContext;
import dev.cadre.actor.ActorRef;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.Terminated;
import dev.cadre.fulfillment.OrderRequest;
import dev.cadre.fulfillment.Traffic;
import dev.cadre.fulfillment.order.OrderSaga;
import dev.cadre.fulfillment.order.Services;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The entry of the graph: takes input lines from the source, rejects malformed ones and
 * re-submitted order ids (with the line number and the reason), and spawns one {@link OrderSaga}
 * actor per accepted order, as its child. It keeps at most {@code window} orders in flight,
 * asking the source for one more line each time an order actor stops.
 *
 * <p>Not crash-injected: it is the only record of what was accepted (a lost submission would be
 * an order nobody knows of), and it never talks to anything that fails.
 */
public final class Intake extends AbstractBehavior<IntakeMsg> {

    private final Traffic traffic;
    private final Services services;
    private final int window;
    private final CompletableFuture<Void> finished;
    private final HashMap<String, OrderRequest> accepted = new HashMap<>();
    private final HashMap<String, Long> firstLine = new HashMap<>();
    private final List<IntakeMsg.Rejection> rejections = new ArrayList<>();
    private final List<String> failed = new ArrayList<>();
    private ActorRef<Source.Demand> source;
    private long lines;
    private long inFlight;
    private long owed; // lines the source still owes us
    private boolean sourceDone;
    private long seq;

    private Intake(ActorContext<IntakeMsg> ctx, Services services, int window, CompletableFuture<Void> finished) {
        super(ctx);
        this.traffic = services.traffic();
        this.services = services;
        this.window = window;
        this.finished = finished;
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
        return Behaviors.setup(ctx -> {
            Intake intake = new Intake(ctx, services, window, finished);
            intake.source = ctx.spawn(sourceFactory.apply(ctx.self()), "source", Source.props());
            intake.demand(window);
            return intake;
        });
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
        }
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
            inFlight--;
            demand(1);
            checkFinished();
        }
        return Behaviors.same();
    }

    private void checkFinished() {
        if (sourceDone && inFlight == 0) {
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
                ActorRef<OrderSaga.Msg> order = getContext().spawn(OrderSaga.create(o, services), "order-" + (++seq));
                getContext().watch(order);
                inFlight++;
            }
        }
    }

    private void reject(long line, String reason) {
        rejections.add(new IntakeMsg.Rejection(line, reason));
        demand(1); // the line took no slot
    }

    /** Asks the source for {@code n} more lines, keeping what it owes within the free window. */
    private void demand(int n) {
        if (sourceDone) {
            return;
        }
        long room = window - inFlight - owed;
        int ask = (int) Math.min(n, room);
        if (ask > 0) {
            owed += ask;
            traffic.tell(source, new Source.Demand(ask));
        }
    }
}
