package dev.cadre.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.actor.ActorInfo;
import dev.cadre.actor.ActorRef;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.Props;
import dev.cadre.testkit.ActorTestKit;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ObserverTest {

    /** Samples only when asked: the tests decide when a sample is taken. */
    private static final ObserverConfig MANUAL = ObserverConfig.defaults().withInterval(Duration.ofHours(1));

    /**
     * An actor that blocks on its first message until the latch opens, so its mailbox fills. On a
     * virtual thread: blocking it holds no dispatcher thread.
     */
    private static ActorRef<Integer> blocked(ActorTestKit kit, String name, CountDownLatch gate) {
        return kit.system().spawn(Behaviors.receiveMessage(n -> {
            gate.await();
            return Behaviors.same();
        }), name, Props.virtualThreads());
    }

    /** Opens a latch when the try block ends, before the system is closed (resources close in reverse). */
    interface Gate extends AutoCloseable {
        @Override
        void close();
    }

    private static void send(ActorRef<Integer> to, int n) {
        for (int i = 0; i < n; i++) {
            to.tell(i);
        }
    }

    @Test
    void aMailboxCrossingTheThresholdRaisesOneAlertAndOneMoreWhenItRecovers() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        try (var kit = ActorTestKit.create();
                Observer observer = Observer.start(kit.system(), MANUAL.withLongMailbox(100, 10));
                Gate opened = gate::countDown) {
            LinkedBlockingQueue<MailboxAlert> alerts = new LinkedBlockingQueue<>();
            observer.addMailboxListener(alerts::add);
            ActorRef<Integer> slow = blocked(kit, "slow", gate);
            send(slow, 200); // 1 in the handler, 199 waiting
            // the actor has taken its first message into its blocked handler (sampling before it did
            // saw 200 waiting: a race that failed CI)
            ActorTestKit.awaitAssert(Duration.ofSeconds(5),
                    () -> assertThat(kit.system().metrics(slow).depth()).isEqualTo(199));
            observer.sampleNow();
            MailboxAlert alert = alerts.poll(5, TimeUnit.SECONDS);
            assertThat(alert).isNotNull();
            assertThat(alert.kind()).isEqualTo(MailboxAlert.Kind.LONG);
            assertThat(alert.path()).isEqualTo("/user/slow");
            assertThat(alert.depth()).isEqualTo(199);
            assertThat(alert.threshold()).isEqualTo(100);
            for (int i = 0; i < 3; i++) {
                observer.sampleNow(); // still long: no repeated alert
            }
            assertThat(alerts).isEmpty();
            assertThat(observer.latest().system().longMailboxes()).isEqualTo(1);
            assertThat(observer.latest().feed()).anyMatch(e -> e.kind().equals("long-mailbox")
                    && e.path().equals("/user/slow"));

            gate.countDown();
            ActorTestKit.awaitAssert(Duration.ofSeconds(5),
                    () -> assertThat(kit.system().metrics(slow).depth()).isZero());
            observer.sampleNow();
            MailboxAlert recovered = alerts.poll(5, TimeUnit.SECONDS);
            assertThat(recovered).isNotNull();
            assertThat(recovered.kind()).isEqualTo(MailboxAlert.Kind.RECOVERED);
            assertThat(recovered.depth()).isZero();
            assertThat(observer.latest().system().longMailboxes()).isZero();
        }
    }

    @Test
    void aLongMailboxWhoseActorStopsIsReportedRecovered() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        try (var kit = ActorTestKit.create();
                Observer observer = Observer.start(kit.system(), MANUAL.withLongMailbox(10, 0));
                Gate opened = gate::countDown) {
            LinkedBlockingQueue<MailboxAlert> alerts = new LinkedBlockingQueue<>();
            observer.addMailboxListener(alerts::add);
            ActorRef<Integer> slow = blocked(kit, "doomed", gate);
            send(slow, 50);
            observer.sampleNow();
            assertThat(alerts.poll(5, TimeUnit.SECONDS)).extracting(MailboxAlert::kind).isEqualTo(MailboxAlert.Kind.LONG);
            kit.system().stop(slow);
            gate.countDown();
            // stopped, and its mailbox drained (the drain follows the stop: a sample between would see it long)
            ActorTestKit.awaitAssert(Duration.ofSeconds(5), () -> assertThat(kit.system().metrics(slow))
                    .matches(m -> m.terminated() && m.depth() == 0, "terminated and drained"));
            observer.sampleNow();
            MailboxAlert r = alerts.poll(5, TimeUnit.SECONDS);
            assertThat(r).isNotNull();
            assertThat(r.kind()).isEqualTo(MailboxAlert.Kind.RECOVERED);
            assertThat(r.path()).isEqualTo("/user/doomed");
        }
    }

    @Test
    void topNRanksMailboxesByDepthAndByGrowth() {
        CountDownLatch gate = new CountDownLatch(1);
        try (var kit = ActorTestKit.create(); Observer observer = Observer.start(kit.system(), MANUAL);
                Gate opened = gate::countDown) {
            ActorRef<Integer> a = blocked(kit, "a", gate);
            ActorRef<Integer> b = blocked(kit, "b", gate);
            ActorRef<Integer> c = blocked(kit, "c", gate);
            send(a, 11);
            send(b, 51);
            send(c, 31);
            // each has taken its first message into its blocked handler (a, b and c alike: waiting
            // for c alone left a race, a sometimes still at 11)
            ActorTestKit.awaitAssert(Duration.ofSeconds(5), () -> assertThat(List.of(a, b, c))
                    .extracting(r -> kit.system().metrics(r).depth()).containsExactly(10, 50, 30));
            observer.sampleNow();
            assertThat(observer.topByDepth(2)).extracting(ActorStat::path).containsExactly("/user/b", "/user/c");
            assertThat(observer.topByDepth(10)).extracting(ActorStat::depth).containsExactly(50, 30, 10);

            // Between two samples: a grows by 300, c by 100, b not at all.
            send(a, 300);
            send(c, 100);
            observer.sampleNow();
            List<ActorStat> growing = observer.topByGrowth(5);
            assertThat(growing).extracting(ActorStat::path).containsExactly("/user/a", "/user/c");
            assertThat(growing.get(0).growthPerSecond()).isGreaterThan(growing.get(1).growthPerSecond());
            assertThat(observer.topByDepth(1)).extracting(ActorStat::path).containsExactly("/user/a");
            assertThatThrownBy(() -> observer.topByDepth(-1)).isInstanceOf(IllegalArgumentException.class);
            gate.countDown();
        }
    }

    @Test
    void processedCountsAndRatesFollowTheWork() {
        try (var kit = ActorTestKit.create(); Observer observer = Observer.start(kit.system(), MANUAL)) {
            CountDownLatch done = new CountDownLatch(1000);
            ActorRef<Integer> counter = kit.spawn(Behaviors.receiveMessage(n -> {
                done.countDown();
                return Behaviors.same();
            }), "counter");
            send(counter, 1000);
            ActorTestKit.awaitAssert(Duration.ofSeconds(5), () -> assertThat(done.getCount()).isZero());
            // the count is taken after the handler returns: wait for it, not only for the handler
            ActorTestKit.awaitAssert(Duration.ofSeconds(5),
                    () -> assertThat(kit.system().metrics(counter).processed()).isEqualTo(1000));
            Snapshot s = observer.sampleNow();
            ActorStat stat = s.actors().stream().filter(x -> x.path().equals("/user/counter")).findFirst().orElseThrow();
            assertThat(stat.info().metrics().processed()).isEqualTo(1000);
            assertThat(stat.processedPerSecond()).isPositive();
            assertThat(stat.info().state()).isEqualTo(ActorInfo.State.RUNNING);
            assertThat(s.system().processed()).isGreaterThanOrEqualTo(1000);
            assertThat(s.system().processedPerSecond()).isPositive();
            Snapshot quiet = observer.sampleNow();
            assertThat(quiet.seq()).isEqualTo(s.seq() + 1);
            assertThat(quiet.actors().stream().filter(x -> x.path().equals("/user/counter")).findFirst().orElseThrow()
                    .processedPerSecond()).isZero();
        }
    }

    @Test
    void crashesRestartsAndDeadLettersReachTheFeedAndTheCounters() {
        try (var kit = ActorTestKit.create(); Observer observer = Observer.start(kit.system(), MANUAL)) {
            ActorRef<String> fragile = kit.spawn(Behaviors.supervise(Behaviors.<String>receiveMessage(s -> {
                throw new IllegalStateException("cannot handle " + s);
            })).onFailure(dev.cadre.actor.Directive.restart()), "fragile");
            fragile.tell("x");
            ActorRef<String> gone = kit.spawn(Behaviors.<String>ignore(), "gone");
            kit.stop(gone);
            gone.tell("lost");
            ActorTestKit.awaitAssert(Duration.ofSeconds(5), () -> {
                Snapshot s = observer.sampleNow();
                assertThat(s.feed()).anySatisfy(e -> {
                    assertThat(e.kind()).isEqualTo("crash");
                    assertThat(e.path()).isEqualTo("/user/fragile");
                    assertThat(e.detail()).isEqualTo("IllegalStateException: cannot handle x (while handling String)");
                });
                assertThat(s.feed()).anyMatch(e -> e.kind().equals("restart") && e.path().equals("/user/fragile"));
                assertThat(s.feed()).anyMatch(e -> e.kind().equals("dead-letter") && e.path().equals("/user/gone")
                        && e.detail().equals("RECIPIENT_TERMINATED: String"));
                assertThat(s.system().failures()).isEqualTo(1);
                assertThat(s.system().restarts()).isEqualTo(1);
                assertThat(s.system().deadLetters()).isEqualTo(1);
            });
        }
    }

    @Test
    void theFeedIsRateLimitedAndEverythingLeftOutIsCounted() {
        try (var kit = ActorTestKit.create();
                Observer observer = Observer.start(kit.system(), MANUAL.withFeed(5, 1000))) {
            ActorRef<String> gone = kit.spawn(Behaviors.<String>ignore(), "gone");
            kit.stop(gone);
            for (int i = 0; i < 100; i++) {
                gone.tell("lost " + i);
            }
            Snapshot s = observer.sampleNow();
            long shown = s.feed().stream().filter(e -> e.kind().equals("dead-letter")).count();
            assertThat(shown).isBetween(5L, 10L); // 5 per second; the burst may straddle two seconds
            assertThat(shown + s.system().feedSuppressed()).isEqualTo(100);
            assertThat(s.system().deadLetters()).isEqualTo(100);
        }
    }

    @Test
    void observingAddsNoActorAndFreezingKeepsTheLastSample() {
        try (var kit = ActorTestKit.create()) {
            kit.spawn(Behaviors.<String>ignore(), "one");
            int before = kit.system().metricsSnapshot().size();
            try (Observer observer = Observer.start(kit.system(), MANUAL)) {
                assertThat(kit.system().metricsSnapshot()).hasSize(before);
                assertThat(observer.latest().system().actors()).isEqualTo(before);
                observer.freeze("run finished");
                Snapshot frozen = observer.latest();
                assertThat(frozen.status()).isEqualTo("run finished");
                kit.spawn(Behaviors.<String>ignore(), "two");
                assertThat(observer.sampleNow()).isSameAs(frozen);
            }
        }
    }

    @Test
    void samplesArriveByThemselvesAtTheInterval() {
        try (var kit = ActorTestKit.create();
                Observer observer = Observer.start(kit.system(), ObserverConfig.defaults().withInterval(Duration.ofMillis(50)))) {
            long first = observer.latest().seq();
            ActorTestKit.awaitAssert(Duration.ofSeconds(10),
                    () -> assertThat(observer.latest().seq()).isGreaterThanOrEqualTo(first + 3));
            assertThat(observer.lastSampleDuration()).isPositive();
        }
    }

    @Test
    void badConfigIsRefusedWithTheFieldNamed() {
        assertThatThrownBy(() -> ObserverConfig.defaults().withLongMailbox(100, 100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("recoverBelow");
        assertThatThrownBy(() -> ObserverConfig.defaults().withInterval(Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval");
        assertThatThrownBy(() -> ObserverConfig.defaults().withFeed(0, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("feedRatePerSecond");
    }
}
