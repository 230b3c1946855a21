package dev.cadre.bench.versus;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.MailboxSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The scenarios on Apache Pekko typed (Java API), default configuration. The only addition to
 * the default config is the definition of the bounded mailbox that {@code fanin-bounded} selects
 * with {@link MailboxSelector#fromConfig}: Pekko's classic blocking {@code BoundedMailbox},
 * capacity 1,000, push timeout 10 s. Top-level actors are spawned through {@link SpawnProtocol}
 * (the documented way to spawn from outside a typed system).
 */
public final class PekkoContestant implements Contestant {

    /** Created by {@link Child}, one per JVM; it keeps no state between runs. */
    PekkoContestant() {
    }

    /** Path of the bounded mailbox definition in the config. */
    static final String BOUNDED_MAILBOX = "bench-bounded-mailbox";

    /** Pekko's default configuration plus the bounded mailbox definition. */
    public static final Config CONFIG = ConfigFactory.parseString(BOUNDED_MAILBOX + " {\n"
            + "  mailbox-type = \"org.apache.pekko.dispatch.BoundedMailbox\"\n"
            + "  mailbox-capacity = " + Scenario.BOUNDED_CAPACITY + "\n"
            + "  mailbox-push-timeout-time = 10s\n"
            + "}\n").withFallback(ConfigFactory.load());

    record Ball(long left, ActorRef<Ball> from) {
    }

    enum Tick { TICK }

    record Ping(ActorRef<Pong> replyTo) {
    }

    enum Pong { PONG }

    @Override
    public Result pairs(Shape.Pairs s) throws Exception {
        try (PekkoSystem sys = new PekkoSystem()) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            AtomicInteger ballsLeft = new AtomicInteger(s.balls());
            Behavior<Ball> player = Behaviors.receive((ctx, b) -> {
                if (b.left() == 0) {
                    if (ballsLeft.decrementAndGet() == 0) {
                        done.complete(null);
                    }
                } else {
                    b.from().tell(new Ball(b.left() - 1, ctx.getSelf()));
                }
                return Behaviors.same();
            });
            List<ActorRef<Ball>> as = new ArrayList<>();
            List<ActorRef<Ball>> bs = new ArrayList<>();
            for (int i = 0; i < s.pairs(); i++) {
                as.add(sys.spawn(player, "a" + i));
                bs.add(sys.spawn(player, "b" + i));
            }
            Region region = Region.start();
            for (int i = 0; i < s.pairs(); i++) {
                for (int j = 0; j < s.inFlight(); j++) {
                    as.get(i).tell(new Ball(s.perBall() - 1, bs.get(i)));
                }
            }
            done.get(CadreContestant.TIMEOUT_MINUTES, TimeUnit.MINUTES);
            return Measured.report(Contestant.throughput(s.messages(), region.stop()));
        }
    }

    @Override
    public Result fanin(Shape.Fanin s, boolean bounded) throws Exception {
        Props props = bounded ? MailboxSelector.fromConfig(BOUNDED_MAILBOX) : Props.empty();
        try (PekkoSystem sys = new PekkoSystem()) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            long total = s.messages();
            ActorRef<Tick> sink = sys.spawn(Behaviors.setup(ctx -> {
                long[] count = {0};
                return Behaviors.receiveMessage(m -> {
                    if (++count[0] == total) {
                        done.complete(null);
                    }
                    return Behaviors.same();
                });
            }), "sink", props);
            Senders senders = new Senders(s, () -> sink.tell(Tick.TICK));
            Region region = Region.start();
            senders.release();
            done.get(CadreContestant.TIMEOUT_MINUTES, TimeUnit.MINUTES);
            Region.Stats stats = region.stop();
            senders.join();
            return Measured.report(Contestant.throughput(total, stats));
        }
    }

    @Override
    public Result spawn(int n) throws Exception {
        try (PekkoSystem sys = new PekkoSystem()) {
            CompletableFuture<Void> allStarted = new CompletableFuture<>();
            AtomicInteger started = new AtomicInteger();
            Behavior<Tick> idle = Behaviors.receiveMessage(m -> Behaviors.same());
            Behavior<Tick> child = Behaviors.setup(ctx -> {
                if (started.incrementAndGet() == n) {
                    allStarted.complete(null);
                }
                return idle;
            });
            ActorRef<Integer> parent = sys.spawn(Behaviors.<Integer>receive((c, count) -> {
                for (int i = 0; i < count; i++) {
                    c.spawnAnonymous(child);
                }
                return Behaviors.same();
            }), "parent");
            long before = Contestant.retainedHeap();
            Region region = Region.start();
            parent.tell(n);
            allStarted.get(CadreContestant.TIMEOUT_MINUTES, TimeUnit.MINUTES);
            Region.Stats stats = region.stop();
            long after = Contestant.retainedHeap();
            return Measured.report(Contestant.spawnResult(stats, before, after, n));
        }
    }

    @Override
    public Result skynet(long leaves) throws Exception {
        try (PekkoSystem sys = new PekkoSystem()) {
            CompletableFuture<Long> result = new CompletableFuture<>();
            ActorRef<Long> collector = sys.spawn(Behaviors.<Long>receiveMessage(sum -> {
                result.complete(sum);
                return Behaviors.same();
            }), "collector");
            Region region = Region.start();
            sys.system().tell(new SpawnProtocol.Spawn<>(skynet(0, leaves, collector), "root", Props.empty(),
                    sys.system().ignoreRef()));
            long sum = result.get(CadreContestant.TIMEOUT_MINUTES, TimeUnit.MINUTES);
            Region.Stats stats = region.stop();
            CheckFailed.equal("skynet sum", Contestant.skynetSum(leaves), sum);
            return Measured.report(Contestant.time(stats));
        }
    }

    private static Behavior<Long> skynet(long num, long size, ActorRef<Long> parent) {
        return Behaviors.setup(ctx -> {
            if (size == 1) {
                parent.tell(num);
                return Behaviors.stopped();
            }
            long childSize = size / Scenario.SKYNET_FANOUT;
            for (int i = 0; i < Scenario.SKYNET_FANOUT; i++) {
                ctx.spawnAnonymous(skynet(num + i * childSize, childSize, ctx.getSelf()));
            }
            long[] acc = {0, 0}; // sum, replies
            return Behaviors.receiveMessage(v -> {
                acc[0] += v;
                if (++acc[1] == Scenario.SKYNET_FANOUT) {
                    parent.tell(acc[0]);
                    return Behaviors.stopped();
                }
                return Behaviors.same();
            });
        });
    }

    @Override
    public Result savina(Scenario scenario, long size) throws Exception {
        return dev.cadre.bench.savina.PekkoSavina.run(scenario, size);
    }

    @Override
    public Result ask(int n) throws Exception {
        try (PekkoSystem sys = new PekkoSystem()) {
            ActorRef<Ping> responder = sys.spawn(Behaviors.<Ping>receiveMessage(p -> {
                p.replyTo().tell(Pong.PONG);
                return Behaviors.same();
            }), "responder");
            Duration timeout = Duration.ofSeconds(10);
            long[] lat = new long[n];
            Region region = Region.start();
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                Pong p = AskPattern.<Ping, Pong>ask(responder, Ping::new, timeout, sys.system().scheduler())
                        .toCompletableFuture().join();
                lat[i] = System.nanoTime() - t0;
                CheckFailed.that(p == Pong.PONG, "unexpected reply " + p);
            }
            return Measured.report(Contestant.latencies(lat, region.stop()));
        }
    }
}
