/**
 * Seeing a running Cadre system: the live dashboard, the long-mailbox monitor, Micrometer metrics
 * with a Prometheus endpoint, and JFR events. Built on the public API only
 * ({@code dev.cadre.actor.Introspection}).
 */
// Micrometer ships no module descriptors (automatic modules), yet its types are part of this API
@SuppressWarnings("requires-transitive-automatic")
module dev.cadre.observe {
    requires transitive dev.cadre.core;
    requires transitive micrometer.core;
    requires transitive micrometer.registry.prometheus; // DashboardConfig takes its registry
    requires com.fasterxml.jackson.core;
    requires jdk.httpserver;
    requires transitive jdk.jfr; // FlightRecorderEvents hands out a Recording

    exports dev.cadre.observe;
    exports dev.cadre.observe.jfr;
    exports dev.cadre.observe.metrics;
    exports dev.cadre.observe.web;
}
