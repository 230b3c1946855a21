package dev.cadre.persistence;

import dev.cadre.persistence.journal.Journal;
import dev.cadre.persistence.journal.Recovery;
import dev.cadre.persistence.journal.Serialized;
import dev.cadre.persistence.journal.StoredSnapshot;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A real journal whose recoveries and appends wait for a gate the test opens: a way to hold an
 * actor in recovery, or a write in flight, for exactly as long as a test needs.
 */
final class GatedJournal implements Journal {
    private final Journal delegate;
    volatile CompletableFuture<Void> recoverGate = CompletableFuture.completedFuture(null);
    volatile CompletableFuture<Void> appendGate = CompletableFuture.completedFuture(null);

    GatedJournal(Journal delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletionStage<Void> append(String persistenceId, long firstSeqNr, List<Serialized> events) {
        return appendGate.thenCompose(x -> delegate.append(persistenceId, firstSeqNr, events));
    }

    @Override
    public CompletionStage<Recovery> recover(String persistenceId) {
        return recoverGate.thenCompose(x -> delegate.recover(persistenceId));
    }

    @Override
    public CompletionStage<Void> saveSnapshot(StoredSnapshot snapshot, boolean deleteCoveredEvents) {
        return delegate.saveSnapshot(snapshot, deleteCoveredEvents);
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
