package dev.cadre.fulfillment.cli;

import dev.cadre.actor.ActorSystem;
import dev.cadre.observe.Observer;
import dev.cadre.observe.ObserverConfig;
import dev.cadre.observe.jfr.FlightRecorderEvents;
import dev.cadre.observe.metrics.CadreMetrics;
import dev.cadre.observe.web.Dashboard;
import dev.cadre.observe.web.DashboardConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import jdk.jfr.Recording;
import org.jspecify.annotations.Nullable;

/**
 * What {@code --dashboard} and {@code --jfr} attach to a run: an {@link Observer}, the dashboard
 * with {@code /metrics}, and a flight recording with Cadre's events. Not thread-safe: used by
 * the command's thread and the run's listener callbacks, one at a time.
 */
final class Observation implements AutoCloseable {
    /** The demo's long-mailbox threshold: its bounded mailboxes hold 256, so a stalled one shows. */
    static final int LONG_MAILBOX = 200;

    private final @Nullable Integer port;
    private final String host;
    private final @Nullable Path jfrFile;
    private final PrintStream out;
    private @Nullable Recording recording;
    private @Nullable Observer observer;
    private @Nullable Dashboard dashboard;
    private @Nullable FlightRecorderEvents events;

    Observation(@Nullable Integer port, String host, @Nullable Path jfrFile, PrintStream out) {
        this.port = port;
        this.host = host;
        this.jfrFile = jfrFile;
        this.out = out;
    }

    boolean enabled() {
        return port != null || jfrFile != null;
    }

    boolean dashboard() {
        return port != null;
    }

    /** Before the run: starts the recording, so that it covers the whole run. */
    void begin() throws IOException, java.text.ParseException {
        if (jfrFile != null) {
            recording = FlightRecorderEvents.startRecording(jfrFile);
        }
    }

    /** The run's system exists: observe it, serve it, record it. */
    void attach(ActorSystem system) {
        observer = Observer.start(system, ObserverConfig.defaults().withLongMailbox(LONG_MAILBOX, LONG_MAILBOX / 4));
        if (recording != null) {
            events = FlightRecorderEvents.install(observer);
        }
        if (port != null) {
            var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            CadreMetrics.of(observer).withActors("/user/fulfilment/*", "/user/fulfilment/inventory/*",
                    "/user/fulfilment/payments/*", "/user/fulfilment/warehouse/*", "/user/fulfilment/shipping/*")
                    .bindTo(registry);
            dashboard = Dashboard.start(observer, DashboardConfig.loopback(port).withHost(host).withPrometheus(registry));
            out.println("dashboard: " + dashboard.uri() + "  (Prometheus metrics: " + dashboard.uri().resolve("/metrics")
                    + ")");
        }
    }

    void status(String status) {
        if (observer != null) {
            observer.setStatus(status);
        }
    }

    /** The run is over, its system still up: keep its last picture. */
    void freeze(String status) {
        if (observer != null) {
            observer.freeze(status);
        }
    }

    /** After the summary: write the recording, and keep serving the dashboard until interrupted. */
    void finish(String status) throws InterruptedException {
        status(status);
        if (recording != null) {
            if (events != null) {
                events.close();
            }
            recording.stop();
            recording.close();
            recording = null;
            long size = 0;
            try {
                size = Files.size(jfrFile);
            } catch (IOException e) {
                // reported as 0 bytes
            }
            out.printf("jfr: %s written (%,d bytes); open it in JDK Mission Control (events under 'Cadre'), or: "
                    + "jfr print --categories Cadre %s%n", jfrFile, size, jfrFile);
        }
        if (dashboard != null) {
            out.println("dashboard: still serving " + dashboard.uri() + " with the run's last picture; press Ctrl-C "
                    + "to stop");
            out.flush();
            new java.util.concurrent.CountDownLatch(1).await(); // until Ctrl-C (or interrupted, in tests)
        }
    }

    @Override
    public void close() {
        if (dashboard != null) {
            dashboard.close();
        }
        if (events != null) {
            events.close();
        }
        if (observer != null) {
            observer.close();
        }
        if (recording != null) {
            recording.close();
        }
    }
}
