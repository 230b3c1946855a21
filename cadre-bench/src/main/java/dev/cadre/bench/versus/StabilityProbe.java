package dev.cadre.bench.versus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A diagnostic, not a benchmark: runs the latency-sensitive scenarios (one ball in ping-pong, the
 * Savina thread ring, sequential asks) with instrumented actors and prints, per iteration, the
 * figure next to what might explain its swings: how often consecutive deliveries changed thread
 * (the ball crossing cores instead of staying on one worker's local queue), how many threads
 * handled it, the process's context switches, and the CPU that other processes took.
 *
 * <pre>
 * java -cp ... dev.cadre.bench.versus.StabilityProbe &lt;cadre|pekko&gt; &lt;pingpong|threadring|ask&gt; &lt;size&gt; &lt;iterations&gt;
 * </pre>
 *
 * {@code -Dprobe.parallelism=N} runs Cadre with N dispatcher threads instead of one per core (an
 * experiment: with 1 there is no other worker to steal the ball).
 *
 * The instrumentation (one {@code Thread.currentThread()} and a comparison per message) is not in
 * the harness's scenarios; the single ball makes the plain counters safe (each handler runs after
 * the previous one, with a happens-before edge through the mailbox).
 */
@SuppressWarnings("SameNameButDifferent") // Cadre's and Pekko's ActorRef side by side: the point of the probe
public final class StabilityProbe {

    private StabilityProbe() {
    }

    /** Thread placement of one iteration (touched by one handler at a time). */
    static final class Placement {
        long hops;
        long switches;
        @Nullable Thread last;
        final java.util.Set<Thread> threads = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

        void at(Thread t) {
            hops++;
            if (t != last) {
                switches++;
                last = t;
                threads.add(t);
            }
        }
    }

    /**
     * Runs the iterations and prints one line per iteration.
     *
     * @param args contender ({@code cadre} or {@code pekko}), scenario ({@code pingpong},
     *     {@code threadring} or {@code ask}), size, iterations
     * @throws Exception if a run fails or times out
     */
    public static void main(String[] args) throws Exception {
        String contender = args[0];
        String scenario = args[1];
        long size = Long.parseLong(args[2]);
        int iterations = Integer.parseInt(args[3]);
        for (int i = 1; i <= iterations; i++) {
            Placement p = new Placement();
            long cs0 = contextSwitches();
            Region region = Region.start();
            double value = switch (contender + "/" + scenario) {
                case "cadre/pingpong" -> CadreProbe.pingpong(size, p);
                case "pekko/pingpong" -> PekkoProbe.pingpong(size, p);
                case "cadre/threadring" -> CadreProbe.ring(size, p);
                case "pekko/threadring" -> PekkoProbe.ring(size, p);
                case "cadre/ask" -> CadreProbe.ask((int) size, p);
                case "pekko/ask" -> PekkoProbe.ask((int) size, p);
                default -> throw new IllegalArgumentException("unknown " + contender + "/" + scenario);
            };
            Region.Stats st = region.stop();
            long cs = contextSwitches() - cs0;
            System.out.printf(Locale.ROOT, "%s %s it %d: %s  cross-thread %.2f%%  threads %d  ctx-switches %d (%.2f per"
                            + " hop)  others %.0f%%  load %.1f%n", contender, scenario, i,
                    scenario.equals("ask") ? String.format(Locale.ROOT, "p50 %.1f us", value)
                            : String.format(Locale.ROOT, "%.2fM msgs/s", value / 1e6),
                    100.0 * p.switches / Math.max(1, p.hops), p.threads.size(), cs, (double) cs / Math.max(1, p.hops),
                    100 * st.foreignCpuSeconds() / (st.seconds() * st.cores()), st.load1());
            System.gc();
        }
        Runtime.getRuntime().halt(0);
    }

    /** Voluntary plus involuntary context switches of all threads of this process (Linux), or -1. */
    static long contextSwitches() {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.mapToLong(t -> {
                try {
                    long n = 0;
                    for (String line : Files.readAllLines(t.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches") || line.startsWith("nonvoluntary_ctxt_switches")) {
                            n += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                    return n;
                } catch (IOException | RuntimeException e) {
                    return 0; // the thread ended meanwhile
                }
            }).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    private static final class CadreProbe {
        static dev.cadre.actor.ActorSystem newSystem() {
            Integer p = Integer.getInteger("probe.parallelism");
            dev.cadre.actor.ActorSystemConfig cfg = dev.cadre.actor.ActorSystemConfig.defaults();
            return dev.cadre.actor.ActorSystem.create("probe", p == null ? cfg : cfg.withParallelism(p));
        }

        record Ball(long left, dev.cadre.actor.ActorRef<Ball> from) {
        }

        record Ping(dev.cadre.actor.ActorRef<Boolean> replyTo) {
        }

        static double pingpong(long n, Placement p) throws Exception {
            try (dev.cadre.actor.ActorSystem system = newSystem()) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                dev.cadre.actor.Behavior<Ball> player = dev.cadre.actor.Behaviors.receive((ctx, b) -> {
                    p.at(Thread.currentThread());
                    if (b.left() == 0) {
                        done.complete(null);
                    } else {
                        b.from().tell(new Ball(b.left() - 1, ctx.self()));
                    }
                    return dev.cadre.actor.Behaviors.same();
                });
                var a = system.spawn(player, "a");
                var b = system.spawn(player, "b");
                long t0 = System.nanoTime();
                a.tell(new Ball(n - 1, b));
                done.get(5, TimeUnit.MINUTES);
                return n * 1e9 / (System.nanoTime() - t0);
            }
        }

        static double ring(long hops, Placement p) throws Exception {
            try (dev.cadre.actor.ActorSystem system = newSystem()) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                int n = 100;
                @SuppressWarnings({"rawtypes", "unchecked"}) // no generic array creation in Java
                dev.cadre.actor.ActorRef<Long>[] ring = new dev.cadre.actor.ActorRef[n];
                for (int i = n - 1; i >= 0; i--) {
                    int next = (i + 1) % n;
                    ring[i] = system.spawn(dev.cadre.actor.Behaviors.receiveMessage(left -> {
                        p.at(Thread.currentThread());
                        if (left == 0) {
                            done.complete(null);
                        } else {
                            ring[next].tell(left - 1);
                        }
                        return dev.cadre.actor.Behaviors.same();
                    }), "r" + i);
                }
                long t0 = System.nanoTime();
                ring[0].tell(hops);
                done.get(5, TimeUnit.MINUTES);
                return hops * 1e9 / (System.nanoTime() - t0);
            }
        }

        static double ask(int n, Placement p) {
            try (dev.cadre.actor.ActorSystem system = newSystem()) {
                var responder = system.spawn(dev.cadre.actor.Behaviors.<Ping>receiveMessage(m -> {
                    p.at(Thread.currentThread());
                    m.replyTo().tell(Boolean.TRUE);
                    return dev.cadre.actor.Behaviors.same();
                }), "responder");
                long[] lat = new long[n];
                for (int i = 0; i < n; i++) {
                    long t0 = System.nanoTime();
                    responder.<Boolean>ask(Ping::new, Duration.ofSeconds(10)).join();
                    lat[i] = System.nanoTime() - t0;
                }
                return Summary.quantile(Summary.sorted(lat), 0.5) / 1e3;
            }
        }
    }

    private static final class PekkoProbe {
        record Ball(long left, org.apache.pekko.actor.typed.ActorRef<Ball> from) {
        }

        record Ping(org.apache.pekko.actor.typed.ActorRef<Boolean> replyTo) {
        }

        static double pingpong(long n, Placement p) throws Exception {
            try (PekkoSystem sys = new PekkoSystem()) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                org.apache.pekko.actor.typed.Behavior<Ball> player =
                        org.apache.pekko.actor.typed.javadsl.Behaviors.receive((ctx, b) -> {
                            p.at(Thread.currentThread());
                            if (b.left() == 0) {
                                done.complete(null);
                            } else {
                                b.from().tell(new Ball(b.left() - 1, ctx.getSelf()));
                            }
                            return org.apache.pekko.actor.typed.javadsl.Behaviors.same();
                        });
                var a = sys.spawn(player, "a");
                var b = sys.spawn(player, "b");
                long t0 = System.nanoTime();
                a.tell(new Ball(n - 1, b));
                done.get(5, TimeUnit.MINUTES);
                return n * 1e9 / (System.nanoTime() - t0);
            }
        }

        static double ring(long hops, Placement p) throws Exception {
            try (PekkoSystem sys = new PekkoSystem()) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                int n = 100;
                @SuppressWarnings({"rawtypes", "unchecked"}) // no generic array creation in Java
                org.apache.pekko.actor.typed.ActorRef<Long>[] ring = new org.apache.pekko.actor.typed.ActorRef[n];
                for (int i = n - 1; i >= 0; i--) {
                    int next = (i + 1) % n;
                    ring[i] = sys.spawn(org.apache.pekko.actor.typed.javadsl.Behaviors.<Long>receiveMessage(left -> {
                        p.at(Thread.currentThread());
                        if (left == 0) {
                            done.complete(null);
                        } else {
                            ring[next].tell(left - 1);
                        }
                        return org.apache.pekko.actor.typed.javadsl.Behaviors.same();
                    }), "r" + i);
                }
                long t0 = System.nanoTime();
                ring[0].tell(hops);
                done.get(5, TimeUnit.MINUTES);
                return hops * 1e9 / (System.nanoTime() - t0);
            }
        }

        static double ask(int n, Placement p) throws Exception {
            try (PekkoSystem sys = new PekkoSystem()) {
                var responder = sys.spawn(org.apache.pekko.actor.typed.javadsl.Behaviors.<Ping>receiveMessage(m -> {
                    p.at(Thread.currentThread());
                    m.replyTo().tell(Boolean.TRUE);
                    return org.apache.pekko.actor.typed.javadsl.Behaviors.same();
                }), "responder");
                long[] lat = new long[n];
                for (int i = 0; i < n; i++) {
                    long t0 = System.nanoTime();
                    org.apache.pekko.actor.typed.javadsl.AskPattern.<Ping, Boolean>ask(responder, Ping::new,
                            Duration.ofSeconds(10), sys.system().scheduler()).toCompletableFuture().join();
                    lat[i] = System.nanoTime() - t0;
                }
                return Summary.quantile(Summary.sorted(lat), 0.5) / 1e3;
            }
        }
    }
}
