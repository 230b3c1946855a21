package dev.cadre.fulfillment.durable;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.fulfillment.Fulfilment;
import dev.cadre.fulfillment.OrderRequest;
import dev.cadre.fulfillment.RunConfig;
import dev.cadre.fulfillment.cli.DemoCommand;
import dev.cadre.fulfillment.ingest.IntakeMsg;
import dev.cadre.fulfillment.invariants.Invariants;
import dev.cadre.fulfillment.ledger.LedgerMsg;
import dev.cadre.fulfillment.order.OrderSaga;
import dev.cadre.persistence.testkit.EventSamples;
import dev.cadre.persistence.testkit.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Durable runs in process: a run, a resumed run, PostgreSQL, and the journal's bad inputs and faults. */
class DurableRunTest {

    @TempDir
    Path dir;

    private static final Fulfilment.Listener QUIET = new Fulfilment.Listener() { };

    private RunConfig durable(String journal, int orders) {
        return RunConfig.defaults().withOrders(orders).withProvider(0.2, 1, 3).withFaults(0.01, 0.0, 3)
                .withJournal(journal, dir.resolve("psp.db"));
    }

    @Test
    void aDurableRunHoldsTheInvariantsAndReRunningItRedoesNothing() throws Exception {
        String journal = dir.resolve("j.db").toString();
        Fulfilment.Report first = Fulfilment.run(durable(journal, 1_500), QUIET);
        assertThat(first.invariants()).allMatch(Invariants.Result::pass);
        assertThat(first.accepted()).isEqualTo(1_500);

        Fulfilment.Report again = Fulfilment.run(durable(journal, 1_500), QUIET);
        assertThat(again.invariants()).allMatch(Invariants.Result::pass);
        assertThat(again.accepted()).as("the whole history's orders").isEqualTo(1_500);
        assertThat(again.completed() + again.cancelledByReason().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(1_500);
        assertThat(again.providerCalls()).as("finished orders are not redone").isZero();
    }

    @Test
    void theDemoRunsOnPostgreSql() throws Exception {
        try (PostgresServer pg = PostgresServer.start()) {
            String url = pg.createDatabase();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = DemoCommand.run(new String[] {"--orders", "1000", "--journal", url, "--psp-books",
                dir.resolve("psp.db").toString(), "--quiet", "--seed", "4"},
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            String text = out.toString(StandardCharsets.UTF_8);
            assertThat(code).as(text + err).isZero();
            assertThat(text).contains("journal: jdbc:postgresql://", "invariants: PASS (4/4 hold)");
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
                    var rs = st.executeQuery("SELECT COUNT(DISTINCT persistence_id) FROM cadre_event"
                            + " WHERE persistence_id LIKE 'order|%'")) {
                rs.next();
                assertThat(rs.getLong(1)).as("one event-sourced saga per order").isEqualTo(1000);
            }
        }
    }

    @Test
    void aJournalThatGoesAwayMidRunEndsTheRunWithAnErrorInsteadOfGoingOnWithAGap() throws Exception {
        try (PostgresServer pg = PostgresServer.start()) {
            String url = pg.createDatabase();
            AtomicBoolean stopped = new AtomicBoolean();
            Fulfilment.Report r = Fulfilment.run(durable(url, 200_000), new Fulfilment.Listener() {
                @Override
                public java.time.Duration progressInterval() {
                    return java.time.Duration.ofMillis(100);
                }

                @Override
                public void progress(Fulfilment.Progress p) {
                    if (p.done() > 50 && stopped.compareAndSet(false, true)) {
                        pg.close(); // the database goes away
                    }
                }
            });
            assertThat(stopped).isTrue();
            assertThat(r.allHold()).isFalse();
            assertThat(r.aborted()).contains("journal failure").contains("PostgreSQL journal jdbc:postgresql://127.0.0.1:"
                    + pg.port());
        }
    }

    @Test
    void aFileThatIsNotAJournalIsRefusedWithExit1NamingIt() throws Exception {
        Path notAJournal = dir.resolve("orders.jsonl");
        Files.writeString(notAJournal, "{\"id\":\"o-1\"}\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DemoCommand.run(new String[] {"--orders", "10", "--journal", notAJournal.toString(), "--quiet"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("cadre demo: " + notAJournal.toAbsolutePath()
                + " is not a Cadre journal: it is not an SQLite database" + System.lineSeparator());
    }

    @Test
    void storedSamplesOfEveryFulfilmentEventStillDeserialize() throws Exception {
        Path samples = Path.of("src/test/resources/event-samples");
        OrderRequest o = new OrderRequest("o-7", "c-1", List.of(new OrderRequest.Line(42, 2)), 1998);
        EventSamples.record(Events.SERIALIZATION, samples,
                new Events.IntakeBatch(9, List.of(new Events.Accepted(7, o)),
                        List.of(new IntakeMsg.Rejection(8, "bad JSON")), List.of("o-3")),
                new Events.StepBegun(OrderSaga.Step.RECORD, LedgerMsg.Outcome.CANCELLED, "out of stock", null, 1234),
                new Events.SagaEnded("o-7"),
                new Events.StockReserved("o-7", o.items()),
                new Events.StockCommitted("o-7"),
                new Events.StockReleased("o-7"),
                new Events.TerminalRecorded("o-7", LedgerMsg.Outcome.COMPLETED, null, 5678));
        assertThat(EventSamples.verify(Events.SERIALIZATION, samples)).isEqualTo(7);
    }
}
