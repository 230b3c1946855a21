package dev.cadre.fulfillment.ingest;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.Props;
import dev.cadre.fulfillment.Traffic;

/**
 * Reads the input on demand: the intake asks for {@code n} more lines when it has room for them
 * (pull, so the number of orders in flight stays bounded without anyone blocking). Runs on a
 * virtual thread, since reading a file blocks.
 */
public final class Source {

    /**
     * A request for more lines.
     *
     * @param n how many
     */
    public record Demand(int n) {
    }

    private Source() {
    }

    /** {@return virtual-thread props (the source blocks on file reads)} */
    public static Props props() {
        return Props.virtualThreads();
    }

    /**
     * The source's behaviour.
     *
     * @param source the input
     * @param intake where lines go
     * @param traffic the message accounting
     * @return the behaviour
     */
    public static Behavior<Demand> create(OrderSource source, ActorRef<IntakeMsg> intake, Traffic traffic) {
        return create(source, intake, traffic, 0);
    }

    /**
     * The source's behaviour, after skipping the items a resumed run already handled.
     *
     * @param source the input (the same input as the run being resumed)
     * @param intake where lines go
     * @param traffic the message accounting
     * @param skip items to read and drop first
     * @return the behaviour
     */
    public static Behavior<Demand> create(OrderSource source, ActorRef<IntakeMsg> intake, Traffic traffic, long skip) {
        return Behaviors.setup(ctx -> {
            long[] lines = {0};
            boolean[] done = {false};
            for (long i = 0; i < skip && !done[0]; i++) { // on the source's own (virtual) thread: reads block
                if (source.next() == null) {
                    done[0] = true; // the input is shorter than what was handled: nothing more to read
                    source.close();
                    traffic.tell(intake, new IntakeMsg.SourceDone(lines[0]));
                } else {
                    lines[0]++;
                }
            }
            return Behaviors.<Demand>receiveMessage(d -> {
                traffic.received(d);
                for (int i = 0; i < d.n() && !done[0]; i++) {
                    OrderSource.Item item = source.next();
                    if (item == null) {
                        done[0] = true;
                        source.close();
                        traffic.tell(intake, new IntakeMsg.SourceDone(lines[0]));
                    } else {
                        lines[0]++;
                        traffic.tell(intake, new IntakeMsg.Submit(item));
                    }
                }
                return Behaviors.same();
            });
        });
    }
}
