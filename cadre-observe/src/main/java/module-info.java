/**
 * Seeing a running Cadre system: the live dashboard, the long-mailbox monitor, Micrometer metrics
 * with a Prometheus endpoint, and JFR events. Built on the public API only
 * ({@code dev.cadre.actor.Introspection}).
 */
module dev.cadre.observe {
    requires transitive dev.cadre.core;
    requires transitive micrometer.core;
    requires micrometer.registry.prometheus;
    requires com.fasterxml.jackson.core;
    requires jdk.httpserver;
    requires jdk.jfr;

    exports dev.cadre.observe;
    exports dev.cadre.observe.jfr;
    exports dev.cadre.observe.metrics;
    exports dev.cadre.observe.web;
}
