package dev.cadre.fulfillment.invariants;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.DeadLetter;
import dev.cadre.actor.SupervisionEvent;
import dev.cadre.fulfillment.Control;
import dev.cadre.fulfillment.InjectedCrash;
import dev.cadre.fulfillment.Traffic;
import dev.cadre.fulfillment.payment.ProviderException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Listens to the runtime's own records, independent of the application's counters: every dead
 * letter (by message type and reason, and drops by recipient) and every crash report and restart
 * (by supervisor). Failures other than injected crashes and provider errors are kept, with their
 * stack traces, as unexpected.
 */
public final class Audit {

    private Audit() {
    }

    /** What the audit actor receives. */
    public sealed interface Msg {
    }

    record Dead(DeadLetter letter) implements Msg {
    }

    record Event(SupervisionEvent event) implements Msg {
    }

    /**
     * Asks for the counts so far.
     *
     * @param replyTo gets the report
     */
    public record GetReport(ActorRef<Report> replyTo) implements Msg, Control {
    }

    /**
     * The audit's counts.
     *
     * @param deadLetters dead letters seen
     * @param deadByType per message type, per reason
     * @param droppedByRecipient overflow drops (dropped newest/oldest, rejected) per recipient path
     * @param failures crash reports seen
     * @param failuresByCause per exception class
     * @param restartsBySupervisor restarts per supervisor path (actors directly under the root,
     *     which restart themselves, under their own path)
     * @param unexpectedCount failures that were neither injected nor provider errors
     * @param unexpected the first few failures that were neither injected nor provider errors
     */
    public record Report(long deadLetters, Map<String, Map<String, Long>> deadByType,
            Map<String, Long> droppedByRecipient, long failures, Map<String, Long> failuresByCause,
            Map<String, Long> restartsBySupervisor, long unexpectedCount, List<String> unexpected) {

        /** {@return restarts of all supervisors} */
        public long restarts() {
            return restartsBySupervisor.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * The audit's behaviour: subscribes to dead letters and supervision events at start.
     *
     * @return the behaviour
     */
    public static Behavior<Msg> create() {
        return Behaviors.setup(ctx -> {
            ctx.system().deadLetters().subscribe(ctx.messageAdapter(DeadLetter.class, Dead::new));
            ctx.system().supervisionEvents().subscribe(ctx.messageAdapter(SupervisionEvent.class, Event::new));
            long[] counts = new long[3]; // dead letters, failures, unexpected
            Map<String, Map<String, Long>> deadByType = new TreeMap<>();
            Map<String, Long> dropped = new TreeMap<>();
            Map<String, Long> causes = new TreeMap<>();
            Map<String, Long> restarts = new TreeMap<>();
            List<String> unexpected = new ArrayList<>();
            return Behaviors.receiveMessage(msg -> {
                switch (msg) {
                    case Dead d -> {
                        counts[0]++;
                        DeadLetter l = d.letter();
                        Object m = l.message() instanceof dev.cadre.fulfillment.order.OrderSaga.Answer a ? a.reply()
                                : l.message();
                        deadByType.computeIfAbsent(Traffic.name(m.getClass()), k -> new TreeMap<>())
                                .merge(l.reason().name(), 1L, Long::sum);
                        if (l.reason() != DeadLetter.Reason.RECIPIENT_TERMINATED
                                && l.reason() != DeadLetter.Reason.UNHANDLED
                                && l.reason() != DeadLetter.Reason.ASK_ALREADY_COMPLETED) {
                            dropped.merge(l.recipient().path(), 1L, Long::sum);
                        }
                    }
                    case Event e -> {
                        switch (e.event()) {
                            case SupervisionEvent.Failed f -> {
                                counts[1]++;
                                causes.merge(f.cause().getClass().getSimpleName(), 1L, Long::sum);
                                if (!(f.cause() instanceof InjectedCrash) && !(f.cause() instanceof ProviderException)) {
                                    counts[2]++;
                                    if (unexpected.size() < 5) {
                                        StringWriter w = new StringWriter();
                                        f.cause().printStackTrace(new PrintWriter(w));
                                        unexpected.add(f.actor().path() + " on " + f.messageType() + ": " + w);
                                    }
                                }
                            }
                            case SupervisionEvent.Restarted r -> restarts.merge(parent(r.actor().path()), 1L, Long::sum);
                        }
                    }
                    case GetReport g -> g.replyTo().tell(new Report(counts[0], copy(deadByType), Map.copyOf(dropped),
                            counts[1], Map.copyOf(causes), Map.copyOf(restarts), counts[2], List.copyOf(unexpected)));
                }
                return Behaviors.same();
            });
        });
    }

    private static Map<String, Map<String, Long>> copy(Map<String, Map<String, Long>> m) {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, new TreeMap<>(v)));
        return out;
    }

    /** The supervisor an actor's restarts are counted under: its parent, or itself for the root's direct children. */
    private static String parent(String path) {
        int i = path.lastIndexOf('/');
        String p = i <= 0 ? path : path.substring(0, i);
        return p.chars().filter(c -> c == '/').count() <= 2 ? path : p;
    }
}
