package dev.cadre.persistence;

import dev.cadre.persistence.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The persistence contract on a real PostgreSQL server (binaries from Maven), a database per test. */
class PostgresJournalTest extends PersistenceContract {

    static PostgresServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    String freshTarget() throws SQLException {
        return server.createDatabase();
    }

    @Override
    Connection rawConnection(String target) throws SQLException {
        return DriverManager.getConnection(target);
    }

    @Override
    AutoCloseable blockWriters(String target) throws SQLException {
        Connection c = rawConnection(target);
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("LOCK TABLE cadre_event IN EXCLUSIVE MODE"); // INSERTs wait; SELECTs do not
        }
        return () -> {
            c.commit();
            c.close();
        };
    }
}
