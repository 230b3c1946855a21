package dev.cadre.observe.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cadre.observe.Observer;
import dev.cadre.observe.Snapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * The live dashboard: a small web server, served by the application itself, that shows what an
 * {@link Observer} sees and pushes every new sample to open pages (Server-Sent Events).
 *
 * <pre>{@code
 * try (Observer observer = Observer.start(system);
 *      Dashboard dashboard = Dashboard.start(observer, DashboardConfig.loopback(7070))) {
 *     System.out.println("dashboard: " + dashboard.uri());
 *     ...
 * }
 * }</pre>
 *
 * <p>Endpoints, all {@code GET} (anything else: 405; unknown paths: 404):
 * <ul>
 *   <li>{@code /} the page, with {@code /app.js} and {@code /style.css}: static files from the
 *       jar, no CDN, no build step;
 *   <li>{@code /events} the live stream ({@code text/event-stream}): one {@code snapshot} event per
 *       sample, the same JSON as {@code /api/snapshot};
 *   <li>{@code /api/snapshot} the latest sample: supervision tree (families of more than
 *       {@link dev.cadre.observe.ObserverConfig#groupAbove()} children folded into groups by kind),
 *       whole-system figures, top mailboxes by depth and by growth, the feed;
 *   <li>{@code /api/children?path=P[&kind=K][&limit=N]} the children of {@code P} (of kind
 *       {@code K}, e.g. {@code order-*}), deepest mailbox first, at most {@code N} (default 100,
 *       at most 1,000): how the page expands a group;
 *   <li>{@code /metrics} Prometheus' text format, if a registry was configured
 *       ({@link DashboardConfig#withPrometheus}).
 * </ul>
 *
 * <p><b>Read-only, and never in the actors' way.</b> No endpoint changes anything. The JSON of a
 * sample is rendered once (on the observer's thread while a page is open, else on demand), and offered to each open page's queue of
 * {@link DashboardConfig#clientBuffer()} updates; a page that reads slower than updates arrive
 * loses the oldest queued one, counted in {@link #droppedUpdates()} (and shown on the page). Each
 * page is written to by its own virtual thread, so a slow or vanished browser blocks only that
 * thread. At most {@link DashboardConfig#maxClients()} pages are served at once.
 *
 * <p>Binds to {@code 127.0.0.1} unless told otherwise; any other address is logged as a warning.
 */
public final class Dashboard implements AutoCloseable {

    /*
     * Threads: the observer's thread renders each sample and offers it to every client's queue
     * (never blocks: a full queue drops its oldest entry and counts it). Each /events request runs
     * on its own virtual thread (the server's executor), the only consumer of its client's queue
     * and the only writer to its socket. Other requests read Observer.latest() only.
     */

    private static final Logger LOG = LoggerFactory.getLogger("dev.cadre.observe");
    private static final String STATIC = "/dev/cadre/observe/web/";
    private static final Map<String, String> FILES = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/app.js", "app.js",
            "/style.css", "style.css");
    private static final int TOP_N = 8;

    private final Observer observer;
    private final DashboardConfig config;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final LongAdder dropped = new LongAdder();
    private final Map<String, byte[]> files = new HashMap<>();
    private final Consumer<Snapshot> onSample = this::publish;
    /** The latest snapshot's JSON, rendered at most once per snapshot (immutable pair, swapped whole). */
    private volatile @Nullable Rendered rendered;

    private record Rendered(Snapshot snapshot, String json) {
    }
    private volatile boolean closed;

    /** One open page: its queue of rendered updates. */
    private static final class Client {
        final ArrayBlockingQueue<String> queue;

        Client(int capacity) {
            queue = new ArrayBlockingQueue<>(capacity);
        }
    }

    private Dashboard(Observer observer, DashboardConfig config, HttpServer server, ExecutorService executor) {
        this.observer = observer;
        this.config = config;
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving.
     *
     * @param observer what to show
     * @param config where to serve
     * @return the running dashboard
     * @throws IllegalStateException if the port is already in use (the message names it), or the
     *     server cannot start
     */
    public static Dashboard start(Observer observer, DashboardConfig config) {
        Objects.requireNonNull(observer, "observer");
        Objects.requireNonNull(config, "config");
        InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("cannot resolve the dashboard's host '" + config.host() + "'");
        }
        HttpServer server;
        try {
            server = HttpServer.create(address, 64);
        } catch (BindException e) {
            throw new IllegalStateException("cannot serve the dashboard on " + config.host() + ":" + config.port()
                    + ": the port is already in use (or not allowed); choose another port", e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serve the dashboard on " + config.host() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
        InetAddress bound = server.getAddress().getAddress();
        if (!bound.isLoopbackAddress()) {
            LOG.warn("THE CADRE DASHBOARD IS SERVED ON {}:{}, NOT ON LOOPBACK: anyone who can reach this machine "
                    + "can see the actor system (it has no authentication)", config.host(), server.getAddress().getPort());
        }
        ExecutorService executor = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("cadre-dashboard-", 0).factory());
        server.setExecutor(executor);
        Dashboard d = new Dashboard(observer, config, server, executor);
        for (String f : Set.copyOf(FILES.values())) {
            d.files.put(f, d.resource(f));
        }
        server.createContext("/", d::handle);
        observer.addSampleListener(d.onSample);
        server.start();
        return d;
    }

    /** {@return the page's address, e.g. {@code http://127.0.0.1:7070/}} */
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + a.getPort() + "/");
    }

    /** {@return the port served} */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@return updates dropped because a page read too slowly, since the start} */
    public long droppedUpdates() {
        return dropped.sum();
    }

    /** {@return pages connected to {@code /events} now} */
    public int clients() {
        return clients.size();
    }

    /** Stops serving: closes every live stream and the server. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        observer.removeSampleListener(onSample);
        server.stop(0);
        executor.shutdownNow();
    }

    // --- publishing (observer's thread) ---

    private String render(Snapshot s) {
        return JsonView.snapshot(s, observer, observer.config().groupAbove(), dropped.sum(), TOP_N);
    }

    /** The JSON of {@code s}, rendered once (any thread; a race renders twice, harmlessly). */
    @SuppressWarnings("ReferenceEquality") // the cache holds the rendering of this very snapshot object
    private String json(Snapshot s) {
        Rendered r = rendered;
        if (r != null && r.snapshot() == s) {
            return r.json();
        }
        String json = render(s);
        rendered = new Rendered(s, json);
        return json;
    }

    /** Renders a sample only if a page is open; {@code /api/snapshot} renders on demand. */
    private void publish(Snapshot s) {
        if (clients.isEmpty()) {
            return;
        }
        String json = json(s);
        for (Client c : clients) {
            while (!c.queue.offer(json)) {
                if (c.queue.poll() != null) {
                    dropped.increment();
                }
            }
        }
    }

    // --- serving (virtual threads) ---

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                send(ex, 405, "text/plain", "405 method not allowed: the dashboard is read-only\n");
                return;
            }
            String path = ex.getRequestURI().getPath();
            String file = FILES.get(path);
            if (file != null) {
                String type = file.endsWith(".js") ? "text/javascript" : file.endsWith(".css") ? "text/css" : "text/html";
                send(ex, 200, type + "; charset=utf-8", Objects.requireNonNull(files.get(file), file)); // all loaded at start
                return;
            }
            switch (path) {
                case "/events" -> events(ex);
                case "/api/snapshot" -> send(ex, 200, "application/json", json(observer.latest()));
                case "/api/children" -> children(ex);
                case "/metrics" -> metrics(ex);
                default -> send(ex, 404, "text/plain", "404 not found: " + path + "\n");
            }
        } catch (IOException e) {
            LOG.debug("dashboard: a client went away: {}", e.toString());
        }
    }

    private void children(HttpExchange ex) throws IOException {
        Map<String, String> q = query(ex.getRequestURI());
        String parent = q.get("path");
        if (parent == null || !(parent.equals(JsonView.ROOT) || parent.startsWith(JsonView.ROOT + "/"))) {
            send(ex, 400, "text/plain", "400 bad request: 'path' must be an actor path starting with /user, was "
                    + (parent == null ? "missing" : "'" + parent + "'") + "\n");
            return;
        }
        int limit = 100;
        String l = q.get("limit");
        if (l != null) {
            try {
                limit = Integer.parseInt(l);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 1000) {
                send(ex, 400, "text/plain", "400 bad request: 'limit' must be a number in 1..1000, was '" + l + "'\n");
                return;
            }
        }
        send(ex, 200, "application/json", JsonView.children(observer.latest(), parent, q.get("kind"), limit));
    }

    private void metrics(HttpExchange ex) throws IOException {
        var registry = config.prometheus();
        if (registry.isEmpty()) {
            send(ex, 404, "text/plain", "404 not found: no metrics registry is attached to this dashboard\n");
            return;
        }
        send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.get().scrape());
    }

    private void events(HttpExchange ex) throws IOException {
        Client c = new Client(config.clientBuffer());
        if (clients.size() >= config.maxClients()) {
            send(ex, 503, "text/plain", "503 too many live pages (at most " + config.maxClients() + ")\n");
            return;
        }
        clients.add(c);
        try {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            // The current state at once, then one event per sample; a comment every 10 s keeps
            // proxies and the browser from timing the stream out.
            write(out, "retry: 2000\nevent: snapshot\ndata: " + json(observer.latest()) + "\n\n");
            long idleSince = System.nanoTime();
            while (!closed) {
                String json = c.queue.poll(1, TimeUnit.SECONDS);
                if (json != null) {
                    write(out, "event: snapshot\ndata: " + json + "\n\n");
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince > TimeUnit.SECONDS.toNanos(10)) {
                    write(out, ": keep-alive\n\n");
                    idleSince = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            clients.remove(c);
        }
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        send(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        var h = ex.getResponseHeaders();
        h.set("Content-Type", type.contains("charset") ? type : type + "; charset=utf-8");
        h.set("Cache-Control", "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Content-Security-Policy", "default-src 'self'");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            ex.getResponseBody().write(body);
        }
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> out = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String part : raw.split("&", -1)) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    private byte[] resource(String name) {
        try (InputStream in = Dashboard.class.getResourceAsStream(STATIC + name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the dashboard's " + name, e);
        }
    }
}
