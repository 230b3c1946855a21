package dev.cadre.observe.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cadre.actor.ActorRef;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.Props;
import dev.cadre.actor.Supervisor;
import dev.cadre.observe.Observer;
import dev.cadre.observe.ObserverConfig;
import dev.cadre.testkit.ActorTestKit;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class DashboardTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObserverConfig MANUAL = ObserverConfig.defaults().withInterval(Duration.ofHours(1));
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(Dashboard d, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(d.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A supervisor with 30 workers (grouped: more than 25), each blocked so that their mailboxes fill. */
    private static void spawnPool(ActorTestKit kit, CountDownLatch gate) {
        var b = Supervisor.builder();
        for (int i = 1; i <= 30; i++) {
            b.child(Supervisor.ChildSpec.of("w-" + i, Behaviors.<Integer>receiveMessage(n -> {
                gate.await();
                return Behaviors.same();
            })).withProps(Props.virtualThreads()));
        }
        kit.spawn(b.build(), "pool");
        ActorTestKit.awaitAssert(Duration.ofSeconds(5),
                () -> assertThat(kit.system().lookup("/user/pool/w-30")).isPresent());
    }

    interface Gate extends AutoCloseable {
        @Override
        void close();
    }

    @Test
    void servesThePageFromTheJarAndTheTreeAsJsonWithBigFamiliesGrouped() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        try (var kit = ActorTestKit.create("shop"); Observer o = Observer.start(kit.system(), MANUAL);
                Dashboard d = Dashboard.start(o, DashboardConfig.loopback(0)); Gate g = gate::countDown) {
            assertThat(d.uri().toString()).startsWith("http://127.0.0.1:");
            HttpResponse<String> page = get(d, "/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(page.body()).contains("<script src=\"/app.js\"></script>").doesNotContain("http://", "https://");
            assertThat(get(d, "/app.js").body()).contains("new EventSource('/events')");
            assertThat(get(d, "/style.css").statusCode()).isEqualTo(200);

            spawnPool(kit, gate);
            ActorRef<Integer> w7 = kit.system().<Integer>lookup("/user/pool/w-7").orElseThrow();
            for (int i = 0; i < 41; i++) {
                w7.tell(i);
            }
            ActorTestKit.awaitAssert(Duration.ofSeconds(5), () -> assertThat(kit.system().metrics(w7).depth()).isEqualTo(40));
            o.sampleNow();
            JsonNode s = JSON.readTree(get(d, "/api/snapshot").body());
            assertThat(s.get("system").asText()).isEqualTo("shop");
            JsonNode pool = null;
            for (JsonNode k : s.get("tree").get("kids")) {
                if (k.get("path").asText().equals("/user/pool")) {
                    pool = k;
                }
            }
            assertThat(pool).isNotNull();
            assertThat(pool.get("strategy").asText()).isEqualTo("one-for-one, intensity 1 in 5s");
            assertThat(pool.get("children").asInt()).isEqualTo(30);
            assertThat(pool.get("kids")).isEmpty(); // all 30 are of one kind: one group
            JsonNode group = pool.get("groups").get(0);
            assertThat(group.get("kind").asText()).isEqualTo("w-*");
            assertThat(group.get("count").asInt()).isEqualTo(30);
            assertThat(group.get("depth").asLong()).isEqualTo(40);
            assertThat(group.get("maxDepth").asInt()).isEqualTo(40);
            assertThat(s.get("topDepth").get(0).get("path").asText()).isEqualTo("/user/pool/w-7");

            JsonNode kids = JSON.readTree(get(d, "/api/children?path=/user/pool&kind=w-*&limit=3").body());
            assertThat(kids.get("total").asInt()).isEqualTo(30);
            assertThat(kids.get("rows")).hasSize(3);
            assertThat(kids.get("rows").get(0).get("path").asText()).isEqualTo("/user/pool/w-7");
            assertThat(kids.get("rows").get(0).get("state").asText()).isEqualTo("RUNNING");
        }
    }

    @Test
    void unknownPathsAre404WritesAre405AndBadQueriesAre400WithTheReason() throws Exception {
        try (var kit = ActorTestKit.create(); Observer o = Observer.start(kit.system(), MANUAL);
                Dashboard d = Dashboard.start(o, DashboardConfig.loopback(0))) {
            assertThat(get(d, "/nope").statusCode()).isEqualTo(404);
            assertThat(get(d, "/../etc/passwd").statusCode()).isEqualTo(404);
            assertThat(get(d, "/metrics").statusCode()).isEqualTo(404);
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(d.uri().resolve("/api/snapshot"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
            HttpResponse<String> badLimit = get(d, "/api/children?path=/user&limit=lots");
            assertThat(badLimit.statusCode()).isEqualTo(400);
            assertThat(badLimit.body()).contains("'limit' must be a number in 1..1000, was 'lots'");
            HttpResponse<String> badPath = get(d, "/api/children?path=/etc");
            assertThat(badPath.statusCode()).isEqualTo(400);
            assertThat(badPath.body()).contains("'path' must be an actor path starting with /user");
        }
    }

    @Test
    void aPortInUseIsAClearError() {
        try (var kit = ActorTestKit.create(); Observer o = Observer.start(kit.system(), MANUAL);
                Dashboard first = Dashboard.start(o, DashboardConfig.loopback(0))) {
            assertThatThrownBy(() -> Dashboard.start(o, DashboardConfig.loopback(first.port())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + first.port())
                    .hasMessageContaining("already in use");
        }
    }

    @Test
    void theEventStreamPushesEverySampleWithoutAReload() throws Exception {
        try (var kit = ActorTestKit.create(); Observer o = Observer.start(kit.system(), MANUAL);
                Dashboard d = Dashboard.start(o, DashboardConfig.loopback(0))) {
            HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(d.uri().resolve("/events")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                List<Long> seqs = new ArrayList<>();
                seqs.add(nextSnapshot(r).get("seq").asLong()); // the current state, at once
                ActorTestKit.awaitAssert(Duration.ofSeconds(5), () -> assertThat(d.clients()).isEqualTo(1));
                for (int i = 0; i < 3; i++) {
                    o.sampleNow();
                    seqs.add(nextSnapshot(r).get("seq").asLong());
                }
                assertThat(seqs).isSorted().doesNotHaveDuplicates().hasSize(4);
            }
        }
    }

    private static JsonNode nextSnapshot(BufferedReader r) throws Exception {
        String line;
        boolean snapshot = false;
        while ((line = r.readLine()) != null) {
            if (line.equals("event: snapshot")) {
                snapshot = true;
            } else if (snapshot && line.startsWith("data: ")) {
                return JSON.readTree(line.substring(6));
            }
        }
        throw new AssertionError("the stream ended");
    }

    @Test
    void aPageThatStopsReadingLosesUpdatesButNeverHoldsTheObserverBack() throws Exception {
        // 3,000 ungrouped actors: each update is hundreds of kilobytes, so a client that never
        // reads fills the socket buffers within a few updates.
        ObserverConfig big = MANUAL.withGroupAbove(100_000);
        try (var kit = ActorTestKit.create(); Observer o = Observer.start(kit.system(), big);
                Dashboard d = Dashboard.start(o, DashboardConfig.loopback(0).withClients(4, 1))) {
            for (int i = 0; i < 3_000; i++) {
                kit.system().spawn(Behaviors.<String>ignore(), "idle-" + i);
            }
            try (Socket stuck = new Socket("127.0.0.1", d.port())) {
                stuck.getOutputStream().write("GET /events HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.UTF_8));
                stuck.getOutputStream().flush();
                ActorTestKit.awaitAssert(Duration.ofSeconds(5), () -> assertThat(d.clients()).isEqualTo(1));
                int samples = 0;
                while (d.droppedUpdates() == 0) {
                    o.sampleNow(); // returns: publishing to the stuck page never blocks
                    samples++;
                    assertThat(samples).as("samples taken before an update was dropped").isLessThan(500);
                }
                assertThat(d.droppedUpdates()).isPositive();
                // Other pages are still served.
                assertThat(get(d, "/api/snapshot").statusCode()).isEqualTo(200);
            }
        }
    }
}
