package dev.cadre.observe.web;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how a {@link Dashboard} serves. Immutable; start from {@link #loopback(int)}.
 *
 * @param host the address to bind: {@code 127.0.0.1} unless told otherwise (any other address
 *     makes the dashboard reachable from other machines, and the dashboard logs a warning saying so)
 * @param port the TCP port, 0 for any free one
 * @param maxClients live pages served at once (more get 503); default 16
 * @param clientBuffer updates queued per live page; when a page reads slower than that, the oldest
 *     queued update is dropped and counted ({@link Dashboard#droppedUpdates()}); default 4
 * @param prometheus the registry {@code /metrics} scrapes; empty: no {@code /metrics} (the default)
 */
public record DashboardConfig(String host, int port, int maxClients, int clientBuffer,
        Optional<PrometheusMeterRegistry> prometheus) {

    /** The default port of {@code ./cadre demo --dashboard}. */
    public static final int DEFAULT_PORT = 7070;

    /**
     * Validates the config.
     *
     * @param host not blank
     * @param port 0..65535
     * @param maxClients at least 1
     * @param clientBuffer at least 1
     * @param prometheus present or empty, not null
     */
    public DashboardConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(prometheus, "prometheus (Optional.empty() for no /metrics)");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
        if (maxClients < 1 || clientBuffer < 1) {
            throw new IllegalArgumentException("maxClients and clientBuffer must be >= 1, were " + maxClients + " and "
                    + clientBuffer);
        }
    }

    /**
     * Serves on {@code 127.0.0.1:port}, without {@code /metrics}.
     *
     * @param port the port, 0 for any free one
     * @return the config
     */
    public static DashboardConfig loopback(int port) {
        return new DashboardConfig("127.0.0.1", port, 16, 4, Optional.empty());
    }

    /**
     * {@return a copy with it}
     *
     * @param host the address to bind (see the record)
     */
    public DashboardConfig withHost(String host) {
        return new DashboardConfig(host, port, maxClients, clientBuffer, prometheus);
    }

    /**
     * {@return a copy with it}
     *
     * @param registry what {@code /metrics} scrapes
     */
    public DashboardConfig withPrometheus(PrometheusMeterRegistry registry) {
        return new DashboardConfig(host, port, maxClients, clientBuffer, Optional.of(Objects.requireNonNull(registry, "registry")));
    }

    /**
     * {@return a copy with them}
     *
     * @param maxClients live pages at once
     * @param clientBuffer updates queued per page
     */
    public DashboardConfig withClients(int maxClients, int clientBuffer) {
        return new DashboardConfig(host, port, maxClients, clientBuffer, prometheus);
    }
}
