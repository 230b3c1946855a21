package dev.cadre.fulfillment;

import dev.cadre.persistence.jdbc.JdbcJournal;
import dev.cadre.persistence.journal.Journal;
import dev.cadre.persistence.journal.JournalException;
import dev.cadre.persistence.journal.Recovery;
import dev.cadre.persistence.journal.Serialized;
import dev.cadre.persistence.journal.StoredSnapshot;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The run's journal, which ends the run at its first failure: a durable run must stop rather
 * than go on with a gap (the failed write itself fails its actor, and acknowledges nothing).
 */
final class FailFastJournal implements Journal {
    private final JdbcJournal delegate;
    private final CompletableFuture<Void> finished;

    FailFastJournal(JdbcJournal delegate, CompletableFuture<Void> finished) {
        this.delegate = delegate;
        this.finished = finished;
    }

    private <T> java.util.concurrent.CompletionStage<T> watch(java.util.concurrent.CompletionStage<T> stage) {
        return stage.whenComplete((ok, e) -> {
            if (e != null) {
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                        ? e.getCause() : e;
                finished.completeExceptionally(cause instanceof JournalException j ? j
                        : new JournalException(delegate.describe() + ": " + cause, cause));
            }
        });
    }

    @Override
    public java.util.concurrent.CompletionStage<Void> append(String persistenceId, long firstSeqNr,
            List<Serialized> events) {
        return watch(delegate.append(persistenceId, firstSeqNr, events));
    }

    @Override
    public java.util.concurrent.CompletionStage<Recovery> recover(String persistenceId) {
        return watch(delegate.recover(persistenceId));
    }

    @Override
    public java.util.concurrent.CompletionStage<Void> saveSnapshot(StoredSnapshot snapshot, boolean delete) {
        return watch(delegate.saveSnapshot(snapshot, delete));
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
