package dev.cadre.bench.versus;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.Props;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The scenarios on Cadre's public API ({@code dev.cadre.actor}), default settings. */
public final class CadreContestant implements Contestant {

    /** Created by {@link Child}, one per JVM; it keeps no state between runs. */
    CadreContestant() {
    }

    /** Generous: a run that takes this long is broken, not slow. */
    public static final long TIMEOUT_MINUTES = 5;

    record Ball(long left, ActorRef<Ball> from) {
    }

    enum Tick { TICK }

    record Ping(ActorRef<Pong> replyTo) {
    }

    enum Pong { PONG }

    private static ActorSystem newSystem() {
        return Observed.attachIfAsked(ActorSystem.create("bench")); // -Dbench.observe=polling: with a dashboard
    }

    @Override
    public Result pairs(Shape.Pairs s) throws Exception {
        try (ActorSystem system = newSystem()) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            AtomicInteger ballsLeft = new AtomicInteger(s.balls());
            Behavior<Ball> player = Behaviors.receive((ctx, b) -> {
                if (b.left() == 0) {
                    if (ballsLeft.decrementAndGet() == 0) {
                        done.complete(null);
                    }
                } else {
                    b.from().tell(new Ball(b.left() - 1, ctx.self()));
                }
                return Behaviors.same();
            });
            List<ActorRef<Ball>> as = new ArrayList<>();
            List<ActorRef<Ball>> bs = new ArrayList<>();
            for (int i = 0; i < s.pairs(); i++) {
                as.add(system.spawn(player, "a" + i));
                bs.add(system.spawn(player, "b" + i));
            }
            Region region = Region.start();
            for (int i = 0; i < s.pairs(); i++) {
                for (int j = 0; j < s.inFlight(); j++) {
                    as.get(i).tell(new Ball(s.perBall() - 1, bs.get(i)));
                }
            }
            done.get(TIMEOUT_MINUTES, TimeUnit.MINUTES);
            return Measured.report(Contestant.throughput(s.messages(), region.stop()));
        }
    }

    @Override
    public Result fanin(Shape.Fanin s, boolean bounded) throws Exception {
        Props props = bounded ? CadreBoundedFanin.props() : Props.defaults();
        try (ActorSystem system = newSystem()) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            long total = s.messages();
            ActorRef<Tick> sink = system.spawn(Behaviors.setup(ctx -> {
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
            done.get(TIMEOUT_MINUTES, TimeUnit.MINUTES);
            Region.Stats stats = region.stop();
            senders.join();
            return Measured.report(Contestant.throughput(total, stats));
        }
    }

    @Override
    public Result spawn(int n) throws Exception {
        try (ActorSystem system = newSystem()) {
            CompletableFuture<Void> allStarted = new CompletableFuture<>();
            AtomicInteger started = new AtomicInteger();
            Behavior<Tick> idle = Behaviors.receiveMessage(m -> Behaviors.same());
            Behavior<Tick> child = Behaviors.setup(ctx -> {
                if (started.incrementAndGet() == n) {
                    allStarted.complete(null);
                }
                return idle;
            });
            CompletableFuture<Void> parentReady = new CompletableFuture<>();
            ActorRef<Integer> parent = system.spawn(Behaviors.setup(ctx -> {
                parentReady.complete(null);
                return Behaviors.receive((c, count) -> {
                    for (int i = 0; i < count; i++) {
                        c.spawnAnonymous(child);
                    }
                    return Behaviors.same();
                });
            }), "parent");
            parentReady.get(1, TimeUnit.MINUTES);
            long before = Contestant.retainedHeap();
            Region region = Region.start();
            parent.tell(n);
            allStarted.get(TIMEOUT_MINUTES, TimeUnit.MINUTES);
            Region.Stats stats = region.stop();
            long after = Contestant.retainedHeap();
            return Measured.report(Contestant.spawnResult(stats, before, after, n));
        }
    }

    @Override
    public Result skynet(long leaves) throws Exception {
        try (ActorSystem system = newSystem()) {
            CompletableFuture<Long> result = new CompletableFuture<>();
            ActorRef<Long> collector = system.spawn(Behaviors.receiveMessage(sum -> {
                result.complete(sum);
                return Behaviors.same();
            }), "collector");
            Region region = Region.start();
            system.spawn(skynet(0, leaves, collector), "root");
            long sum = result.get(TIMEOUT_MINUTES, TimeUnit.MINUTES);
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
                ctx.spawnAnonymous(skynet(num + i * childSize, childSize, ctx.self()));
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
        return dev.cadre.bench.savina.CadreSavina.run(scenario, size);
    }

    @Override
    public Result application(Scenario scenario, long size) throws Exception {
        return dev.cadre.bench.app.FulfilmentBench.run(scenario, size);
    }

    @Override
    public Result ask(int n) throws Exception {
        try (ActorSystem system = newSystem()) {
            ActorRef<Ping> responder = system.spawn(Behaviors.receiveMessage(p -> {
                p.replyTo().tell(Pong.PONG);
                return Behaviors.same();
            }), "responder");
            Duration timeout = Duration.ofSeconds(10);
            long[] lat = new long[n];
            Region region = Region.start();
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                Pong p = responder.<Pong>ask(Ping::new, timeout).join();
                lat[i] = System.nanoTime() - t0;
                CheckFailed.that(p == Pong.PONG, "unexpected reply " + p);
            }
            return Measured.report(Contestant.latencies(lat, region.stop()));
        }
    }
}
