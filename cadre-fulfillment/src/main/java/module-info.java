/**
 * The order-fulfilment application and its CLI ({@code ./cadre demo}): built on the public API of
 * Cadre only. {@code dev.cadre.internal} is not exported, so a file here that imported it would not
 * compile ({@code ModuleBoundaryTest} checks exactly that).
 */
module dev.cadre.fulfillment {
    requires transitive dev.cadre.core; // its types are in this module's API
    requires transitive dev.cadre.persistence; // the durable run's journal types
    requires dev.cadre.observe;
    requires info.picocli;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires jdk.jfr;
    requires java.management; // heap and load figures in the report

    exports dev.cadre.fulfillment;
    exports dev.cadre.fulfillment.cli;
    exports dev.cadre.fulfillment.durable;
    exports dev.cadre.fulfillment.ingest;
    exports dev.cadre.fulfillment.invariants;
    exports dev.cadre.fulfillment.inventory;
    exports dev.cadre.fulfillment.ledger;
    exports dev.cadre.fulfillment.notification;
    exports dev.cadre.fulfillment.order;
    exports dev.cadre.fulfillment.payment;
    exports dev.cadre.fulfillment.shipping;
    exports dev.cadre.fulfillment.warehouse;

    opens dev.cadre.fulfillment.cli to info.picocli; // picocli reads the options reflectively
    opens dev.cadre.fulfillment.durable to com.fasterxml.jackson.databind; // the journal's events
}
