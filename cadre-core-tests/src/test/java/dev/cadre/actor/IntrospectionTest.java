package dev.cadre.actor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.actor.Supervisor.ChildSpec;
import dev.cadre.actor.Supervisor.Strategy;
import dev.cadre.testkit.ActorTestKit;
import dev.cadre.testkit.TestProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class IntrospectionTest {

    private static Map<String, ActorInfo> byPath(Introspection in, String prefix) {
        return in.snapshot().stream().filter(i -> i.path().startsWith(prefix))
                .collect(Collectors.toMap(ActorInfo::path, Function.identity()));
    }

    private static void awaitAlive(ActorTestKit kit, String path) {
        ActorTestKit.awaitAssert(Duration.ofSeconds(5), () -> assertThat(kit.system().lookup(path)).isPresent());
    }

    @Test
    void aWalkShowsTheSupervisionTreeParentsBeforeChildrenWithEachSupervisorsStrategy() {
        try (var kit = ActorTestKit.create()) {
            TestProbe<String> log = kit.createTestProbe();
            var pipeline = Supervisor.builder().strategy(Strategy.REST_FOR_ONE).intensity(3, Duration.ofSeconds(5))
                    .child(ChildSpec.of("reader", Worker.worker("reader", log.ref())))
                    .child(ChildSpec.of("writer", Worker.worker("writer", log.ref())))
                    .build();
            kit.spawn(pipeline, "pipeline");
            awaitAlive(kit, "/user/pipeline/writer");

            List<ActorInfo> walk = new ArrayList<>();
            Introspection.of(kit.system()).walk(i -> {
                walk.add(i);
                return true;
            });
            List<String> paths = walk.stream().map(ActorInfo::path).filter(p -> p.startsWith("/user/pipeline")).toList();
            assertThat(paths).containsExactlyInAnyOrder("/user/pipeline", "/user/pipeline/reader", "/user/pipeline/writer");
            assertThat(paths.getFirst()).isEqualTo("/user/pipeline");

            ActorInfo sup = walk.stream().filter(i -> i.path().equals("/user/pipeline")).findFirst().orElseThrow();
            assertThat(sup.strategy()).isEqualTo("rest-for-one, intensity 3 in 5s");
            assertThat(sup.children()).isEqualTo(2);
            assertThat(sup.parent()).isEqualTo("/user");
            assertThat(sup.state()).isEqualTo(ActorInfo.State.RUNNING);
            ActorInfo reader = walk.stream().filter(i -> i.path().equals("/user/pipeline/reader")).findFirst()
                    .orElseThrow();
            assertThat(reader.strategy()).isEmpty();
            assertThat(reader.supervisedByParent()).isTrue();
            assertThat(reader.parent()).isEqualTo("/user/pipeline");
            assertThat(reader.name()).isEqualTo("reader");
            assertThat(reader.metrics().path()).isEqualTo(reader.path());
        }
    }

    @Test
    void aVisitorThatReturnsFalseSkipsThatActorsChildren() {
        try (var kit = ActorTestKit.create()) {
            TestProbe<String> log = kit.createTestProbe();
            var b = Supervisor.builder();
            for (int i = 0; i < 5; i++) {
                b.child(ChildSpec.of("w" + i, Worker.worker("w" + i, log.ref())));
            }
            ActorRef<Supervisor.Command> sup = kit.spawn(b.build(), "many");
            awaitAlive(kit, "/user/many/w4");
            List<String> seen = new ArrayList<>();
            Introspection.of(kit.system()).walk(i -> {
                seen.add(i.path());
                return !i.path().equals("/user/many");
            });
            assertThat(seen).contains("/user/many").noneMatch(p -> p.startsWith("/user/many/"));

            List<String> sub = new ArrayList<>();
            Introspection.of(kit.system()).walk(sup, i -> sub.add(i.path()));
            assertThat(sub).hasSize(6).first().isEqualTo("/user/many");
        }
    }

    @Test
    void restartsLocalSupervisionAndTheCountersAreShown() {
        try (var kit = ActorTestKit.create()) {
            TestProbe<String> log = kit.createTestProbe();
            ActorRef<Worker> w = kit.spawn(Behaviors.supervise(Worker.worker("w", log.ref()))
                    .onFailure(IllegalStateException.class, Directive.restart())
                    .onFailure(Directive.resume()), "w");
            log.expectMessage("start:w");
            w.tell(new Worker.Inc());
            w.tell(new Worker.Crash("boom"));
            log.expectMessage("prerestart:w");
            log.expectMessage("start:w");
            Introspection in = Introspection.of(kit.system());
            ActorTestKit.awaitAssert(Duration.ofSeconds(5), () -> {
                ActorInfo i = in.info(w);
                assertThat(i.restarts()).isEqualTo(1);
                assertThat(i.metrics().processed()).isEqualTo(2);
                assertThat(i.metrics().failures()).isEqualTo(1);
                assertThat(i.state()).isEqualTo(ActorInfo.State.RUNNING);
            });
            assertThat(in.info(w).localSupervision()).isEqualTo("IllegalStateException: restart; Exception: resume");
            assertThat(in.info(w).supervisedByParent()).isFalse();
            assertThat(in.info("/user/w")).map(ActorInfo::ref).contains(w.unsafeCast());
            assertThat(in.info("/user/nobody")).isEmpty();
        }
    }

    @Test
    void anActorWaitingOutALocalBackoffIsBackingOffAndAStoppedOneIsStopped() {
        try (var kit = ActorTestKit.create()) {
            TestProbe<String> log = kit.createTestProbe();
            ActorRef<Worker> w = kit.spawn(Behaviors.supervise(Worker.worker("w", log.ref()))
                    .onFailure(Directive.restartWithBackoff(Duration.ofMinutes(5), Duration.ofMinutes(10),
                            0)), "slow-to-return");
            log.expectMessage("start:w");
            Introspection in = Introspection.of(kit.system());
            w.tell(new Worker.Crash("boom"));
            ActorTestKit.awaitAssert(Duration.ofSeconds(5),
                    () -> assertThat(in.info(w).state()).isEqualTo(ActorInfo.State.BACKING_OFF));
            assertThat(in.info(w).localSupervision()).isEqualTo("Exception: restart with backoff 5m..10m");
            kit.stop(w);
            assertThat(in.info(w).state()).isEqualTo(ActorInfo.State.STOPPED);
        }
    }

    @Test
    void aChildWaitingOutItsSupervisorsBackoffIsBackingOff() {
        try (var kit = ActorTestKit.create()) {
            TestProbe<String> log = kit.createTestProbe();
            var sup = Supervisor.builder().intensity(10, Duration.ofSeconds(10))
                    .child(ChildSpec.of("w", Worker.worker("w", log.ref())).withBackoff(
                            Backoff.of(Duration.ofMinutes(5), Duration.ofMinutes(5), 0)))
                    .build();
            kit.spawn(sup, "sup");
            log.expectMessage("start:w");
            ActorRef<Worker> w = kit.system().<Worker>lookup("/user/sup/w").orElseThrow();
            w.tell(new Worker.Crash("boom"));
            Introspection in = Introspection.of(kit.system());
            ActorTestKit.awaitAssert(Duration.ofSeconds(5),
                    () -> assertThat(in.info(w).state()).isEqualTo(ActorInfo.State.BACKING_OFF));
        }
    }

    @Test
    void terminationsReachListenersOncePerActorWithTheFailureIfAny() throws Exception {
        try (var kit = ActorTestKit.create()) {
            ConcurrentLinkedQueue<Terminated> stops = new ConcurrentLinkedQueue<>();
            Introspection in = Introspection.of(kit.system());
            in.terminations().addListener(stops::add);
            TestProbe<String> log = kit.createTestProbe();
            ActorRef<Worker> quiet = kit.spawn(Worker.worker("quiet", log.ref()), "quiet");
            ActorRef<Worker> crashing = kit.spawn(Worker.worker("crashing", log.ref()), "crashing");
            log.receiveMessages(2);
            quiet.tell(new Worker.Stop());
            crashing.tell(new Worker.Crash("bad input"));
            ActorTestKit.awaitAssert(Duration.ofSeconds(5), () -> assertThat(stops.stream().map(t -> t.ref().path()))
                    .contains("/user/quiet", "/user/crashing"));
            Terminated q = stops.stream().filter(t -> t.ref().equals(quiet)).findFirst().orElseThrow();
            Terminated c = stops.stream().filter(t -> t.ref().equals(crashing)).findFirst().orElseThrow();
            assertThat(q.failed()).isFalse();
            assertThat(c.failure()).isInstanceOf(IllegalStateException.class).hasMessage("bad input");
            assertThat(stops.stream().filter(t -> t.ref().equals(quiet))).hasSize(1);
        }
    }

    @Test
    void anotherSystemsActorIsRefused() {
        try (var a = ActorTestKit.create("a"); var b = ActorTestKit.create("b")) {
            TestProbe<String> log = b.createTestProbe();
            ActorRef<Worker> w = b.spawn(Worker.worker("w", log.ref()), "w");
            assertThatThrownBy(() -> Introspection.of(a.system()).info(w))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another actor system");
        }
    }
}
