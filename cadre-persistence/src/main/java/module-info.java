/**
 * Durable actors: event-sourced behaviours, the journal SPI, the JDBC journal (SQLite embedded,
 * PostgreSQL), Jackson serialization with stable type names. Built on the public API only.
 *
 * <p>Events are (de)serialized by Jackson: a named application module must open the packages of
 * its event records to {@code com.fasterxml.jackson.databind}.
 */
module dev.cadre.persistence {
    requires transitive dev.cadre.core;
    requires transitive java.sql;
    requires transitive com.fasterxml.jackson.databind;
    requires static embedded.postgres; // the PostgreSQL test server (testkit package); optional at run time

    exports dev.cadre.persistence;
    exports dev.cadre.persistence.jdbc;
    exports dev.cadre.persistence.journal;
    exports dev.cadre.persistence.testkit;
}
