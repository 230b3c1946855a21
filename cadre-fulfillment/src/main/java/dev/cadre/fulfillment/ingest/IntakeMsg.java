package dev.cadre.fulfillment.ingest;

import dev.cadre.actor.ActorRef;
import dev.cadre.fulfillment.Control;
import dev.cadre.fulfillment.OrderRequest;
import java.util.List;
import java.util.Map;

/** What the intake accepts. */
public sealed interface IntakeMsg {

    /**
     * From the source: one input line.
     *
     * @param item the parsed order or the malformed line
     */
    record Submit(OrderSource.Item item) implements IntakeMsg {
    }

    /**
     * From the source: no more lines.
     *
     * @param lines how many lines it produced
     */
    record SourceDone(long lines) implements IntakeMsg {
    }

    /**
     * Progress so far.
     *
     * @param replyTo gets the counts
     */
    record GetProgress(ActorRef<Progress> replyTo) implements IntakeMsg, Control {
    }

    /**
     * Counts so far.
     *
     * @param lines input lines seen
     * @param accepted orders accepted
     * @param rejected lines rejected
     * @param inFlight order actors alive
     */
    record Progress(long lines, long accepted, long rejected, long inFlight) {
    }

    /**
     * The intake's full record, for the end-of-run check.
     *
     * @param replyTo gets the report
     */
    record GetReport(ActorRef<Report> replyTo) implements IntakeMsg, Control {
    }

    /**
     * A rejected input line.
     *
     * @param line its number
     * @param reason why
     */
    record Rejection(long line, String reason) {
    }

    /**
     * What the intake saw.
     *
     * @param lines input lines
     * @param accepted the accepted orders by id
     * @param rejections rejected lines, in line order
     * @param ordersFailed order actors that stopped with a failure (each is a bug)
     */
    record Report(long lines, Map<String, OrderRequest> accepted, List<Rejection> rejections,
            List<String> ordersFailed) {
    }

    /**
     * Internal (durable runs): the intake's journal was read.
     *
     * @param recovery what the journal holds, or null on failure
     * @param failure why it could not be read, or null
     */
    record Recovered(dev.cadre.persistence.journal.Recovery recovery, Throwable failure) implements IntakeMsg, Control {
    }

    /**
     * Internal (durable runs): a group of intake records was committed, or failed.
     *
     * @param seqNr the journal sequence number of the group
     * @param failure why it failed, or null
     */
    record Written(long seqNr, Throwable failure) implements IntakeMsg, Control {
    }
}
