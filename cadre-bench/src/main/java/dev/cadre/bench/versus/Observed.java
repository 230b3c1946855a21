package dev.cadre.bench.versus;

import dev.cadre.actor.ActorSystem;
import dev.cadre.observe.Observer;
import dev.cadre.observe.metrics.CadreMetrics;
import dev.cadre.observe.web.Dashboard;
import dev.cadre.observe.web.DashboardConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * The observed variant of Cadre for the overhead comparison ({@code ./cadre bench
 * --observe-overhead}): with {@code -Dbench.observe=polling}, every benchmark system gets an
 * {@link Observer} (default 1 s interval), the {@link Dashboard} with {@code /metrics}
 * (system meters, and per-actor meters for {@code /user/*}, capped at 1,000), one live page
 * reading {@code /events}, and one poller fetching {@code /metrics} and {@code /api/snapshot}
 * every second: a person watching plus a Prometheus scraper. Without the property nothing is
 * attached ("detached").
 */
final class Observed {
    static final String MODE = System.getProperty("bench.observe", "detached");

    private Observed() {
    }

    static ActorSystem attachIfAsked(ActorSystem system) {
        if (!MODE.equals("polling")) {
            if (!MODE.equals("detached")) {
                throw new IllegalArgumentException("bench.observe must be 'detached' or 'polling', was '" + MODE + "'");
            }
            return system;
        }
        Observer observer = Observer.start(system);
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CadreMetrics.of(observer).withActors("/user/*").bindTo(registry);
        Dashboard dashboard = Dashboard.start(observer, DashboardConfig.loopback(0).withPrometheus(registry));
        URI base = dashboard.uri();
        Thread page = daemon("bench-page", () -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    drain(base.resolve("/events"), true);
                } catch (IOException e) {
                    sleep(100);
                }
            }
        });
        Thread scraper = daemon("bench-scraper", () -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    drain(base.resolve("/metrics"), false);
                    drain(base.resolve("/api/snapshot"), false);
                } catch (IOException e) {
                    // the server is closing
                }
                sleep(1000);
            }
        });
        system.whenTerminated().whenComplete((v, e) -> {
            page.interrupt();
            scraper.interrupt();
            dashboard.close();
            observer.close();
        });
        return system;
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void drain(URI uri, boolean stream) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        c.setReadTimeout(stream ? 0 : 30_000);
        try (InputStream in = c.getInputStream()) {
            byte[] buf = new byte[64 * 1024];
            while (in.read(buf) >= 0) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
            }
        } finally {
            c.disconnect();
        }
    }

    private static void sleep(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
