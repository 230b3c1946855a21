package dev.cadre.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.Terminated;
import dev.cadre.persistence.jdbc.JdbcJournal;
import dev.cadre.persistence.journal.JournalException;
import dev.cadre.persistence.journal.Recovery;
import dev.cadre.persistence.journal.Serialized;
import dev.cadre.testkit.ActorTestKit;
import dev.cadre.testkit.TestProbe;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour of event-sourced actors and of the JDBC journal, run against each database
 * (subclasses: SQLite, PostgreSQL). Every test gets a fresh, empty journal.
 */
abstract class PersistenceContract {

    /** @return a target for {@link JdbcJournal#open(String, JdbcJournal.Options)} naming a fresh, empty database */
    abstract String freshTarget() throws Exception;

    /** @return a plain JDBC connection (auto-commit) to the target, for raw SQL */
    abstract Connection rawConnection(String target) throws SQLException;

    /**
     * Takes the database's write lock on another connection, so the journal's writer waits;
     * closing it releases the lock.
     */
    abstract AutoCloseable blockWriters(String target) throws Exception;

    ActorTestKit kit;
    String target;
    JdbcJournal journal;

    @BeforeEach
    void start() throws Exception {
        kit = ActorTestKit.create();
        target = freshTarget();
        journal = JdbcJournal.open(target);
    }

    @AfterEach
    void stop() {
        kit.close();
        journal.close();
    }

    private static final Duration WAIT = Duration.ofSeconds(20);

    long deposit(ActorRef<Account.Cmd> a, long amount) {
        return a.<Long>ask(r -> new Account.Deposit(amount, r), WAIT).join();
    }

    Account.State get(ActorRef<Account.Cmd> a) {
        return a.<Account.State>ask(Account.Get::new, WAIT).join();
    }

    /** Crashes an actor (the handler throws; nothing supervises it) and waits until it is gone. */
    void crash(ActorRef<Account.Cmd> a) {
        TestProbe<Object> probe = kit.createTestProbe();
        probe.watch(a);
        a.tell(new Account.Crash());
        assertThat(probe.expectTerminated(a, WAIT).failed()).isTrue();
    }

    // ------------------------------------------------------------------ recovery

    @Test
    void recoveryEqualsTheStateBeforeTheCrashOverRandomCommandSequences() {
        for (int seed = 1; seed <= 25; seed++) {
            Random rnd = new Random(seed);
            int snapshotEvery = rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextInt(6);
            boolean delete = rnd.nextBoolean();
            String id = "prop-" + seed;
            Account.State model = Account.State.EMPTY;
            int incarnation = 0;
            ActorRef<Account.Cmd> a = kit.spawn(behavior(id, snapshotEvery, delete), id + "-" + incarnation);
            int commands = 10 + rnd.nextInt(30);
            for (int i = 0; i < commands; i++) {
                int dice = rnd.nextInt(10);
                String where = "seed " + seed + " (snapshotEvery " + snapshotEvery + ", delete " + delete + "), command " + i;
                if (dice < 5) {
                    long amount = 1 + rnd.nextInt(100);
                    model = model.apply(new Account.Deposited(amount));
                    assertThat(deposit(a, amount)).as(where).isEqualTo(model.balance());
                } else if (dice < 8) {
                    long amount = 1 + rnd.nextInt(150);
                    long reply = a.<Long>ask(r -> new Account.Withdraw(amount, r), WAIT).join();
                    if (model.balance() >= amount) {
                        model = model.apply(new Account.Withdrawn(amount));
                        assertThat(reply).as(where).isEqualTo(model.balance());
                    } else {
                        assertThat(reply).as(where).isEqualTo(-1L);
                    }
                } else {
                    Account.State before = get(a);
                    assertThat(before).as(where).isEqualTo(model);
                    crash(a);
                    incarnation++;
                    a = kit.spawn(behavior(id, snapshotEvery, delete), id + "-" + incarnation);
                    assertThat(get(a)).as(where + ": recovered after a crash").isEqualTo(before);
                }
            }
            crash(a);
            a = kit.spawn(behavior(id, snapshotEvery, delete), id + "-final");
            assertThat(get(a)).as("seed " + seed + ": final recovery").isEqualTo(model);
        }
    }

    private dev.cadre.actor.Behavior<Account.Cmd> behavior(String id, int snapshotEvery, boolean delete) {
        var b = Account.builder(id, journal);
        if (snapshotEvery > 0) {
            b.snapshotEvery(snapshotEvery, delete);
        }
        return b.build();
    }

    @Test
    void aSnapshotPlusTheLaterEventsRecoverTheState() {
        ActorRef<Account.Cmd> a = kit.spawn(Account.builder("snap", journal).snapshotEvery(10, false).build(), "snap-1");
        for (int i = 1; i <= 25; i++) {
            deposit(a, i);
        }
        Account.State before = get(a);
        crash(a);
        Recovery stored = journal.recover("account|snap").toCompletableFuture().join();
        assertThat(stored.snapshot()).hasValueSatisfying(s -> assertThat(s.seqNr()).isEqualTo(20));
        assertThat(stored.events()).extracting(e -> e.seqNr()).containsExactly(21L, 22L, 23L, 24L, 25L);
        assertThat(stored.highestSeqNr()).isEqualTo(25);
        a = kit.spawn(Account.builder("snap", journal).snapshotEvery(10, false).build(), "snap-2");
        assertThat(get(a)).isEqualTo(before);
        assertThat(before.balance()).isEqualTo(25 * 26 / 2);
    }

    @Test
    void aSnapshotCanDeleteTheEventsItCovers() throws Exception {
        ActorRef<Account.Cmd> a = kit.spawn(Account.builder("del", journal).snapshotEvery(10, true).build(), "del-1");
        for (int i = 1; i <= 23; i++) {
            deposit(a, i);
        }
        Account.State before = get(a);
        crash(a);
        try (Connection c = rawConnection(target); Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT MIN(seq_nr), COUNT(*) FROM cadre_event WHERE persistence_id = 'account|del'")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(21);
            assertThat(rs.getLong(2)).isEqualTo(3);
        }
        a = kit.spawn(Account.builder("del", journal).snapshotEvery(10, true).build(), "del-2");
        assertThat(get(a)).isEqualTo(before);
        deposit(a, 1000); // the sequence continues after the deleted events: event 24
        assertThat(journal.recover("account|del").toCompletableFuture().join().highestSeqNr()).isEqualTo(24);
    }

    // ------------------------------------------------------------------ stash

    @Test
    void commandsThatArriveDuringRecoveryAreStashedAndHandledInOrder() {
        ActorRef<Account.Cmd> first = kit.spawn(Account.create("stash-rec", journal), "stash-rec-1");
        deposit(first, 5);
        crash(first);

        GatedJournal gated = new GatedJournal(journal);
        gated.recoverGate = new CompletableFuture<>();
        ActorRef<Account.Cmd> a = kit.spawn(Account.create("stash-rec", gated), "stash-rec-2");
        TestProbe<Long> replies = kit.createTestProbe();
        for (int i = 1; i <= 50; i++) {
            a.tell(new Account.Deposit(i, replies.ref()));
        }
        // every command taken from the mailbox (into the stash), and still recovering: nothing handled
        ActorTestKit.awaitAssert(WAIT, () -> assertThat(kit.system().metrics(a).processed()).isEqualTo(50));
        replies.expectNoMessageSoFar();
        gated.recoverGate.complete(null);
        long expected = 5;
        for (int i = 1; i <= 50; i++) {
            expected += i;
            assertThat(replies.receiveMessage(WAIT)).as("reply %d", i).isEqualTo(expected);
        }
    }

    @Test
    void commandsThatArriveWhileAWriteIsInFlightAreStashedUntilItIsCommitted() {
        GatedJournal gated = new GatedJournal(journal);
        ActorRef<Account.Cmd> a = kit.spawn(Account.create("stash-write", gated), "stash-write");
        get(a); // recovered
        gated.appendGate = new CompletableFuture<>();
        TestProbe<Long> deposits = kit.createTestProbe();
        TestProbe<Account.State> gets = kit.createTestProbe();
        long before = kit.system().metrics(a).processed();
        a.tell(new Account.Deposit(7, deposits.ref()));
        a.tell(new Account.Get(gets.ref()));
        a.tell(new Account.Deposit(3, deposits.ref()));
        // all three taken from the mailbox; the Get and the second Deposit wait behind the write in flight
        ActorTestKit.awaitAssert(WAIT, () -> assertThat(kit.system().metrics(a).processed()).isEqualTo(before + 3));
        gets.expectNoMessageSoFar();
        deposits.expectNoMessageSoFar();
        gated.appendGate.complete(null);
        assertThat(deposits.receiveMessage(WAIT)).isEqualTo(7);
        assertThat(gets.receiveMessage(WAIT).balance()).isEqualTo(7);
        assertThat(deposits.receiveMessage(WAIT)).isEqualTo(10);
    }

    // ------------------------------------------------------------------ failures

    @Test
    void aSecondWriterForOneEntityFailsLoudlyAndTheActorStopsWithoutAcknowledging() {
        ActorRef<Account.Cmd> a = kit.spawn(Account.create("dup", journal), "dup");
        assertThat(deposit(a, 1)).isEqualTo(1);
        // Another writer (say, a second process) appends event 2 behind the actor's back.
        journal.append("account|dup", 2, List.of(Account.SERIALIZATION.serialize(new Account.Deposited(100))))
                .toCompletableFuture().join();
        TestProbe<Long> reply = kit.createTestProbe();
        TestProbe<Object> watcher = kit.createTestProbe();
        watcher.watch(a);
        a.tell(new Account.Deposit(2, reply.ref()));
        Terminated t = watcher.expectTerminated(a, WAIT);
        assertThat(t.failure()).isInstanceOf(JournalException.class)
                .hasMessageContaining("account|dup").hasMessageContaining(journal.describe())
                .hasMessageContaining("nothing acknowledged")
                .hasCauseInstanceOf(JournalException.ConcurrentWrite.class);
        reply.expectNoMessageSoFar(); // the actor is gone: whatever it sent has arrived
        // The journal holds the other writer's event 2, not a fork.
        ActorRef<Account.Cmd> b = kit.spawn(Account.create("dup", journal), "dup-2");
        assertThat(get(b).balance()).isEqualTo(101);
    }

    @Test
    void aDuplicateInABatchFailsOnlyThatWrite() throws Exception {
        Serialized e = Account.SERIALIZATION.serialize(new Account.Deposited(1));
        journal.append("account|x", 1, List.of(e)).toCompletableFuture().join();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        try (AutoCloseable lock = blockWriters(target)) {
            writes.add(journal.append("account|y", 1, List.of(e)).toCompletableFuture());
            awaitQueued(0); // the writer holds it, waiting for the lock
            writes.add(journal.append("account|a", 1, List.of(e, e)).toCompletableFuture());
            writes.add(journal.append("account|x", 1, List.of(e)).toCompletableFuture()); // a second writer of x
            writes.add(journal.append("account|b", 1, List.of(e)).toCompletableFuture());
            awaitQueued(3);
        }
        writes.get(0).join();
        writes.get(1).join();
        assertThatThrownBy(() -> writes.get(2).join()).hasCauseInstanceOf(JournalException.ConcurrentWrite.class)
                .hasMessageContaining("account|x").hasMessageContaining("event 1 already written");
        writes.get(3).join();
        assertThat(journal.recover("account|a").toCompletableFuture().join().highestSeqNr()).isEqualTo(2);
        assertThat(journal.recover("account|x").toCompletableFuture().join().events()).hasSize(1);
    }

    @Test
    void groupCommitBatchesWritesQueuedMeanwhileAndAcknowledgesEachCallerInOrder() throws Exception {
        Serialized e = Account.SERIALIZATION.serialize(new Account.Deposited(1));
        long batchesBefore = journal.stats().batches();
        List<Long> acked = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        try (AutoCloseable lock = blockWriters(target)) {
            all.add(journal.append("account|g", 1, List.of(e)).toCompletableFuture().thenRun(() -> acked.add(1L)));
            awaitQueued(0);
            for (long seq = 2; seq <= 1000; seq++) {
                long s = seq;
                all.add(journal.append("account|g", seq, List.of(e)).toCompletableFuture().thenRun(() -> acked.add(s)));
            }
            awaitQueued(999);
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        // The write that waited for the lock, and the 999 queued behind it: at most two transactions
        // (one, if the 999 were queued before the writer drained the queue behind the first).
        assertThat(journal.stats().batches() - batchesBefore).isBetween(1L, 2L);
        List<Long> expected = new ArrayList<>();
        for (long s = 1; s <= 1000; s++) {
            expected.add(s);
        }
        assertThat(acked).isEqualTo(expected);
        assertThat(journal.recover("account|g").toCompletableFuture().join().highestSeqNr()).isEqualTo(1000);
    }

    @Test
    void aFullWriteQueueBlocksTheCallerThenFailsTheWriteAsOverloaded() throws Exception {
        try (JdbcJournal small = JdbcJournal.open(target, JdbcJournal.Options.defaults().withQueueCapacity(10)
                .withEnqueueTimeout(Duration.ofMillis(300)))) {
            Serialized e = Account.SERIALIZATION.serialize(new Account.Deposited(1));
            List<CompletableFuture<Void>> accepted = new ArrayList<>();
            CompletableFuture<Void> refused;
            try (AutoCloseable lock = blockWriters(target)) {
                accepted.add(small.append("account|o-0", 1, List.of(e)).toCompletableFuture());
                awaitQueued(small, 0);
                for (int i = 1; i <= 10; i++) {
                    accepted.add(small.append("account|o-" + i, 1, List.of(e)).toCompletableFuture());
                }
                long t0 = System.nanoTime();
                refused = small.append("account|o-11", 1, List.of(e)).toCompletableFuture();
                assertThat(System.nanoTime() - t0).as("the caller waited for room").isGreaterThanOrEqualTo(
                        Duration.ofMillis(300).toNanos());
                assertThat(refused).isCompletedExceptionally();
            }
            assertThatThrownBy(refused::join).hasCauseInstanceOf(JournalException.Overloaded.class)
                    .hasMessageContaining("stayed full (10 writes)");
            CompletableFuture.allOf(accepted.toArray(CompletableFuture[]::new)).join();
            assertThat(small.stats().overloaded()).isEqualTo(1);
            assertThat(small.recover("account|o-11").toCompletableFuture().join().events()).isEmpty();
        }
    }

    @Test
    void aWriteToAClosedJournalStopsTheActorWithoutAcknowledging() {
        ActorRef<Account.Cmd> a = kit.spawn(Account.create("closed", journal), "closed");
        deposit(a, 1);
        journal.close();
        TestProbe<Long> reply = kit.createTestProbe();
        TestProbe<Object> watcher = kit.createTestProbe();
        watcher.watch(a);
        a.tell(new Account.Deposit(2, reply.ref()));
        assertThat(watcher.expectTerminated(a, WAIT).failure()).isInstanceOf(JournalException.class)
                .hasCauseInstanceOf(JournalException.Closed.class);
        reply.expectNoMessageSoFar(); // the actor is gone: whatever it sent has arrived
    }

    @Test
    void aCorruptEventFailsRecoveryNamingTheEntityTheEventAndTheJournal() throws Exception {
        insertRaw("account|bad", 1, "account.deposited", 2, "{\"amount\":".getBytes(StandardCharsets.UTF_8));
        Terminated t = failedRecovery("bad");
        assertThat(t.failure()).isInstanceOf(JournalException.class).hasMessageContaining("account|bad")
                .hasMessageContaining("event 1").hasMessageContaining(journal.describe())
                .hasMessageContaining("account.deposited");
    }

    @Test
    void anUnknownEventTypeFailsRecoveryNamingIt() throws Exception {
        insertRaw("account|unknown", 1, "account.renamed", 1, "{}".getBytes(StandardCharsets.UTF_8));
        Terminated t = failedRecovery("unknown");
        assertThat(t.failure()).hasMessageContaining("account|unknown").hasMessageContaining("unknown type name 'account.renamed'")
                .hasMessageContaining(journal.describe());
    }

    @Test
    void anEventFromANewerVersionOfTheApplicationFailsRecovery() throws Exception {
        insertRaw("account|future", 1, "account.deposited", 3, "{\"amount\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(failedRecovery("future").failure()).hasMessageContaining("v3 is newer than this build knows (v2)");
    }

    @Test
    void eventsStoredAtAnOlderVersionAreUpcastOnRecovery() throws Exception {
        insertRaw("account|old", 1, "account.deposited", 1, "{\"cents\":250}".getBytes(StandardCharsets.UTF_8));
        insertRaw("account|old", 2, "account.deposited", 2, "{\"amount\":50}".getBytes(StandardCharsets.UTF_8));
        ActorRef<Account.Cmd> a = kit.spawn(Account.create("old", journal), "old");
        assertThat(get(a).balance()).isEqualTo(300);
        assertThat(deposit(a, 1)).isEqualTo(301);
    }

    @Test
    void aJournalWithANewerSchemaVersionIsRefused() throws Exception {
        journal.close();
        try (Connection c = rawConnection(target); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE cadre_schema_version SET version = 99");
        }
        assertThatThrownBy(() -> JdbcJournal.open(target)).isInstanceOf(JournalException.class)
                .hasMessageContaining("schema version 99, newer than this build supports (1)");
    }

    @Test
    void reopeningAJournalKeepsItsEventsAndSchema() {
        journal.append("account|keep", 1, List.of(Account.SERIALIZATION.serialize(new Account.Deposited(4))))
                .toCompletableFuture().join();
        journal.close();
        journal = JdbcJournal.open(target);
        assertThat(journal.recover("account|keep").toCompletableFuture().join().highestSeqNr()).isEqualTo(1);
    }

    @Test
    void manyEntitiesRecoverAtOnceThroughTheBoundedReaderPool() {
        int n = 300;
        List<ActorRef<Account.Cmd>> refs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            refs.add(kit.spawn(Account.create("many-" + i, journal), "many-" + i));
        }
        List<CompletableFuture<Long>> replies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long amount = i;
            replies.add(refs.get(i).<Long>ask(r -> new Account.Deposit(amount, r), WAIT).toCompletableFuture());
        }
        for (int i = 0; i < n; i++) {
            assertThat(replies.get(i).join()).isEqualTo(i);
        }
        for (ActorRef<Account.Cmd> r : refs) {
            kit.stop(r);
        }
        long total = 0;
        List<CompletableFuture<Account.State>> states = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            states.add(kit.spawn(Account.create("many-" + i, journal), "many-again-" + i)
                    .<Account.State>ask(Account.Get::new, WAIT).toCompletableFuture());
            total += i;
        }
        assertThat(states.stream().mapToLong(s -> s.join().balance()).sum()).isEqualTo(total);
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Spawns the account under a parent that watches it as it spawns it: recovery may fail before
     * an outside watcher is in place (which would then only learn "no such actor"), but a parent
     * always learns its child's real exit reason.
     */
    private Terminated failedRecovery(String id) {
        TestProbe<Terminated> probe = kit.createTestProbe();
        kit.spawn(Behaviors.<Object>setup(ctx -> {
            ActorRef<Account.Cmd> a = ctx.spawn(Account.create(id, journal), id);
            ctx.watch(a);
            return Behaviors.receiveSignal((c, s) -> {
                if (s instanceof Terminated t) {
                    probe.ref().tell(t);
                }
                return Behaviors.same();
            });
        }), "parent-of-" + id);
        return probe.receiveMessage(WAIT);
    }

    void insertRaw(String pid, long seq, String type, int version, byte[] payload) throws SQLException {
        try (Connection c = rawConnection(target); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO cadre_event (persistence_id, seq_nr, event_type, event_version, payload, written_at)"
                        + " VALUES (?, ?, ?, ?, ?, 0)")) {
            ps.setString(1, pid);
            ps.setLong(2, seq);
            ps.setString(3, type);
            ps.setInt(4, version);
            ps.setBytes(5, payload);
            ps.executeUpdate();
        }
    }

    private void awaitQueued(int n) {
        awaitQueued(journal, n);
    }

    private static void awaitQueued(JdbcJournal j, int n) {
        ActorTestKit.awaitAssert(WAIT, () -> assertThat(j.stats().queued()).isEqualTo(n));
    }
}
