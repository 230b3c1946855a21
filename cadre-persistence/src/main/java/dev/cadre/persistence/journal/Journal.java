package dev.cadre.persistence.journal;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Where event-sourced actors keep their events and snapshots: the service-provider interface
 * behind {@link dev.cadre.persistence.EventSourcedBehavior}. {@link dev.cadre.persistence.jdbc.JdbcJournal}
 * implements it on SQLite and PostgreSQL.
 *
 * <p><b>Contract.</b> For each entity (persistence id), sequence numbers start at 1 and have no gaps.
 * {@link #append} writes all of its events or none; the returned stage completes normally only
 * after they are durable (committed), and exceptionally otherwise. Appending a sequence number
 * that is already written fails with {@link JournalException.ConcurrentWrite} and writes nothing:
 * two writers for one entity fail loudly instead of forking its history. Writes of one caller
 * complete in the order they were issued.
 *
 * <p><b>Threading contract.</b> Every method may be called from any thread, concurrently, and
 * never blocks for I/O; an implementation may block the caller only to apply backpressure (a
 * full bounded write queue), and then says so. Stages complete on the journal's own threads:
 * callers must not block in their callbacks (an actor uses {@code ActorContext.pipeToSelf}).
 */
public interface Journal extends AutoCloseable {

    /**
     * Appends events to an entity, atomically.
     *
     * @param persistenceId the entity
     * @param firstSeqNr the sequence number of the first event: one more than the highest written
     * @param events the events, at least one
     * @return completes when the events are durable; fails with a {@link JournalException}
     */
    CompletionStage<Void> append(String persistenceId, long firstSeqNr, List<Serialized> events);

    /**
     * Appends events under an epoch fence: committed only if {@code fence} is still the current
     * epoch of its key (atomically with the write), otherwise fails with
     * {@link JournalException.Fenced} and writes nothing. Each event records the epoch it was
     * written under. With {@code fence == null} this is {@link #append(String, long, List)}.
     *
     * <p>The default refuses fenced appends: a journal supports fencing only if it overrides this
     * and {@link #advanceFence}.
     *
     * @param persistenceId the entity
     * @param firstSeqNr the first event's sequence number
     * @param events the events, at least one
     * @param fence the writer's epoch, or {@code null}
     * @return completes when committed
     */
    default CompletionStage<Void> append(String persistenceId, long firstSeqNr, List<Serialized> events,
            @Nullable Fence fence) {
        if (fence == null) {
            return append(persistenceId, firstSeqNr, events);
        }
        return java.util.concurrent.CompletableFuture.failedFuture(
                new JournalException(describe() + " does not support epoch fencing"));
    }

    /**
     * Advances a fence: atomically makes a new epoch for {@code key}, greater than every epoch
     * handed out before (1 for a new key). From the moment it commits, appends fenced with an
     * older epoch of the key fail; appends that committed before stay. A new owner advances the
     * fence first, then recovers: it sees every event the old owner managed to write.
     *
     * @param key the fenced resource
     * @return the new epoch
     */
    default CompletionStage<Long> advanceFence(String key) {
        return java.util.concurrent.CompletableFuture.failedFuture(
                new JournalException(describe() + " does not support epoch fencing"));
    }

    /**
     * Reads what an entity needs to recover: its newest snapshot and the events after it.
     * Implementations bound how many recoveries run at once, so a restart of many entities does
     * not stampede the database.
     *
     * @param persistenceId the entity
     * @return the entity's snapshot, events and highest sequence number
     */
    CompletionStage<Recovery> recover(String persistenceId);

    /**
     * Stores a snapshot of an entity's state (replacing an older one), and optionally deletes the
     * events it covers, in one transaction.
     *
     * @param snapshot the state after {@code snapshot.seqNr()}
     * @param deleteCoveredEvents whether to delete the events up to and including that sequence number
     * @return completes when durable
     */
    CompletionStage<Void> saveSnapshot(StoredSnapshot snapshot, boolean deleteCoveredEvents);

    /**
     * Names this journal in messages: a file path or a URL without credentials.
     *
     * @return the description
     */
    String describe();

    /**
     * Stops accepting requests, finishes the writes already queued, and releases the database.
     * Requests made after (or not carried out before) the close fail with {@link JournalException.Closed}.
     */
    @Override
    void close();
}
