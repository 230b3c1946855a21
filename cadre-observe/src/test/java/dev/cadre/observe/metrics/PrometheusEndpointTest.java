package dev.cadre.observe.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cadre.actor.ActorRef;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.Mailbox;
import dev.cadre.actor.Overflow;
import dev.cadre.actor.Props;
import dev.cadre.actor.Supervisor;
import dev.cadre.observe.Observer;
import dev.cadre.observe.ObserverConfig;
import dev.cadre.observe.web.Dashboard;
import dev.cadre.observe.web.DashboardConfig;
import dev.cadre.testkit.ActorTestKit;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} as Prometheus reads it: the scrape is parsed by the Prometheus project's own
 * text-format parser (Python, Debian's python3-prometheus-client, installed by
 * {@code .ci/install-test-tools}), and the parsed values are checked against the system.
 */
class PrometheusEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PYTHON = "/usr/bin/python3";
    private static Path parser;

    @BeforeAll
    static void findParser() throws Exception {
        Process p = new ProcessBuilder(PYTHON, "-c", "import prometheus_client.parser").redirectErrorStream(true)
                .start();
        boolean ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        assumeTrue(ok, "the Prometheus text-format parser is missing: run .ci/install-test-tools "
                + "(installs Debian's python3-prometheus-client)");
        parser = Files.createTempFile("parse_prometheus", ".py");
        try (InputStream in = PrometheusEndpointTest.class.getResourceAsStream("/parse_prometheus.py")) {
            Files.write(parser, in.readAllBytes());
        }
    }

    /** Parses an exposition with Prometheus' parser: its families as JSON. */
    static JsonNode parse(String exposition) throws Exception {
        Process p = new ProcessBuilder(PYTHON, parser.toString()).start();
        p.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        if (p.exitValue() != 0) {
            throw new IllegalArgumentException(err.trim());
        }
        return JSON.readTree(out);
    }

    /** The samples named {@code sample} whose labels include {@code labels}. */
    static List<JsonNode> samples(JsonNode families, String sample, Map<String, String> labels) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode f : families) {
            for (JsonNode s : f.get("samples")) {
                if (s.get("name").asText().equals(sample)
                        && labels.entrySet().stream().allMatch(e -> e.getValue().equals(s.get("labels").path(e.getKey()).asText(null)))) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    static double value(JsonNode families, String sample, Map<String, String> labels) {
        List<JsonNode> s = samples(families, sample, labels);
        assertThat(s).as(sample + labels).hasSize(1);
        return s.getFirst().get("value").asDouble();
    }

    static String type(JsonNode families, String family) {
        for (JsonNode f : families) {
            if (f.get("name").asText().equals(family)) {
                return f.get("type").asText();
            }
        }
        throw new AssertionError("no family " + family);
    }

    @Test
    void theParserRefusesAMalformedExposition() {
        assertThatThrownBy(() -> parse("cadre_actors{system=\"x\" 1\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unparseable");
    }

    @Test
    void metricsParseAsPrometheusTextAndMatchTheSystemWithPerActorSeriesOnlyWhereOptedIn() throws Exception {
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ObserverConfig manual = ObserverConfig.defaults().withInterval(Duration.ofHours(1));
        HttpClient http = HttpClient.newHttpClient();
        try (var kit = ActorTestKit.create("shop"); Observer o = Observer.start(kit.system(), manual);
                Dashboard d = Dashboard.start(o, DashboardConfig.loopback(0).withPrometheus(registry))) {
            CadreMetrics.of(o).withActors("/user/svc/*").bindTo(registry);
            var sup = Supervisor.builder()
                    .child(Supervisor.ChildSpec.of("a", Behaviors.<String>ignore())
                            .withProps(Props.defaults().withMailbox(Mailbox.bounded(64, Overflow.dropNewest()))))
                    .child(Supervisor.ChildSpec.of("b", Behaviors.<String>ignore()))
                    .build();
            kit.spawn(sup, "svc");
            ActorRef<String> other = kit.spawn(Behaviors.<String>ignore(), "other");
            ActorTestKit.awaitAssert(Duration.ofSeconds(5), () -> assertThat(kit.system().lookup("/user/svc/b")).isPresent());
            ActorRef<String> a = kit.system().<String>lookup("/user/svc/a").orElseThrow();
            for (int i = 0; i < 7; i++) {
                a.tell("m" + i);
            }
            kit.stop(other);
            for (int i = 0; i < 3; i++) {
                other.tell("lost");
            }
            ActorTestKit.awaitAssert(Duration.ofSeconds(5), () -> assertThat(kit.system().metrics(a).processed()).isEqualTo(7));
            o.sampleNow(); // registers the per-actor meters
            o.sampleNow(); // and gives them this sample's values

            HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(d.uri().resolve("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
            JsonNode families = parse(scrape.body());

            Map<String, String> shop = Map.of("system", "shop");
            assertThat(type(families, "cadre_actors")).isEqualTo("gauge");
            assertThat(value(families, "cadre_actors", shop)).isEqualTo(o.latest().system().actors());
            assertThat(type(families, "cadre_dead_letters")).isEqualTo("counter");
            assertThat(value(families, "cadre_dead_letters_total", Map.of("system", "shop", "reason",
                    "RECIPIENT_TERMINATED"))).isEqualTo(3);
            assertThat(value(families, "cadre_dead_letters_total", Map.of("system", "shop", "reason",
                    "DROPPED_NEWEST"))).isZero();
            assertThat(value(families, "cadre_messages_processed_total", shop)).isGreaterThanOrEqualTo(7);

            Map<String, String> aLabels = Map.of("system", "shop", "actor", "/user/svc/a");
            assertThat(value(families, "cadre_actor_messages_processed_total", aLabels)).isEqualTo(7);
            assertThat(value(families, "cadre_actor_mailbox_capacity", aLabels)).isEqualTo(64);
            assertThat(value(families, "cadre_actor_mailbox_depth", aLabels)).isZero();
            assertThat(samples(families, "cadre_actor_mailbox_depth", Map.of("actor", "/user/svc/b"))).hasSize(1);
            assertThat(samples(families, "cadre_actor_mailbox_capacity", Map.of("actor", "/user/svc/b"))).isEmpty();
            assertThat(samples(families, "cadre_actor_mailbox_depth", Map.of())).extracting(
                    s -> s.get("labels").get("actor").asText()).containsExactlyInAnyOrder("/user/svc/a", "/user/svc/b");

            // A stopped actor's series go away.
            kit.system().lookup("/user/svc").ifPresent(kit::stop);
            o.sampleNow();
            JsonNode after = parse(registry.scrape());
            assertThat(samples(after, "cadre_actor_mailbox_depth", Map.of())).isEmpty();
            assertThat(value(after, "cadre_actors", shop)).isEqualTo(o.latest().system().actors());
        }
    }

    @Test
    void perActorMetersAreCappedAndPatternsMustBeActorPaths() throws Exception {
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (var kit = ActorTestKit.create(); Observer o = Observer.start(kit.system(),
                ObserverConfig.defaults().withInterval(Duration.ofHours(1)))) {
            CadreMetrics.of(o).withActors("/user/**").withMaxTaggedActors(5).bindTo(registry);
            for (int i = 0; i < 20; i++) {
                kit.system().spawn(Behaviors.<String>ignore(), "n" + i);
            }
            o.sampleNow();
            JsonNode families = parse(registry.scrape());
            assertThat(samples(families, "cadre_actor_mailbox_depth", Map.of())).hasSize(5);
        }
        assertThatThrownBy(() -> CadreMetrics.of(null)).isInstanceOf(NullPointerException.class);
        assertThat(CadreMetrics.glob("/user/a/*").matcher("/user/a/b").matches()).isTrue();
        assertThat(CadreMetrics.glob("/user/a/*").matcher("/user/a/b/c").matches()).isFalse();
        assertThat(CadreMetrics.glob("/user/a/**").matcher("/user/a/b/c").matches()).isTrue();
    }
}
