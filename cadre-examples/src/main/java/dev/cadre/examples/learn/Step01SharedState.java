package dev.cadre.examples.learn;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;

/**
 * Step 1: threads that share a map lose updates; the same updates sent as messages to one actor
 * lose none. Page: {@code docs/learn/01-shared-state.md}.
 */
final class Step01SharedState {

    private Step01SharedState() {
    }

    // tag::shared-map[]
    /**
     * Counts hits of one page the way most code starts: threads sharing a map. The map is a
     * {@link ConcurrentHashMap}, so it never corrupts itself, but "read, add one, write back" is
     * three steps, and another thread can write between the read and the write.
     *
     * @return the final count (it should be threads * hitsEach)
     */
    public static long sharedMap(int threads, int hitsEach) throws InterruptedException {
        Map<String, Integer> hits = new ConcurrentHashMap<>();
        hits.put("/home", 0);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < hitsEach; i++) {
                    int seen = hits.get("/home");   // read
                    hits.put("/home", seen + 1);    // write: another thread may have written since the read
                }
            }));
        }
        for (Thread w : workers) {
            w.join();
        }
        return hits.get("/home");
    }
    // end::shared-map[]

    // tag::lockstep[]
    /**
     * The same read-then-write, with the two threads held in the one interleaving that loses: in
     * every round both read, then both write. No timing is involved, so this loses exactly one
     * update per round, every time. The scheduler picks this interleaving by itself only some of
     * the time; here we pick it on purpose.
     *
     * @return the final count after {@code rounds} rounds of two increments each
     */
    public static long lockstep(int rounds) throws InterruptedException {
        Map<String, Integer> hits = new ConcurrentHashMap<>();
        hits.put("/home", 0);
        CyclicBarrier bothHaveRead = new CyclicBarrier(2);
        CyclicBarrier bothHaveWritten = new CyclicBarrier(2);
        Runnable worker = () -> {
            try {
                for (int r = 0; r < rounds; r++) {
                    int seen = hits.get("/home");
                    bothHaveRead.await();
                    hits.put("/home", seen + 1);
                    bothHaveWritten.await();
                }
            } catch (InterruptedException | BrokenBarrierException e) {
                throw new IllegalStateException(e);
            }
        };
        Thread a = Thread.ofPlatform().start(worker);
        Thread b = Thread.ofPlatform().start(worker);
        a.join();
        b.join();
        return hits.get("/home");
    }
    // end::lockstep[]

    // tag::hits-actor[]
    /** What the hit counter understands. */
    public sealed interface HitsMsg {
        /** One hit of a page. */
        record Hit(String page) implements HitsMsg {
        }

        /** Asks for a page's count. */
        record Get(String page, ActorRef<Integer> replyTo) implements HitsMsg {
        }
    }

    /** The counts live inside one actor, in a plain {@link HashMap}: only this actor touches it. */
    public static Behavior<HitsMsg> hitCounter() {
        return Behaviors.setup(ctx -> {
            Map<String, Integer> hits = new HashMap<>();
            return Behaviors.receiveMessage(msg -> switch (msg) {
                case HitsMsg.Hit h -> {
                    hits.merge(h.page(), 1, Integer::sum);   // read and write, with nobody in between
                    yield Behaviors.same();
                }
                case HitsMsg.Get g -> {
                    g.replyTo().tell(hits.getOrDefault(g.page(), 0));
                    yield Behaviors.same();
                }
            });
        });
    }

    /**
     * The same threads, the same hits, sent as messages.
     *
     * @return the final count
     */
    public static long actor(ActorSystem system, int threads, int hitsEach) throws InterruptedException {
        ActorRef<HitsMsg> counter = system.spawnAnonymous(hitCounter());
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < hitsEach; i++) {
                    counter.tell(new HitsMsg.Hit("/home"));
                }
            }));
        }
        for (Thread w : workers) {
            w.join();
        }
        // Every tell above has returned, so every Hit is in the mailbox before this Get.
        int count = counter.<Integer>ask(r -> new HitsMsg.Get("/home", r), Duration.ofSeconds(30)).join();
        system.stop(counter);
        return count;
    }
    // end::hits-actor[]

    /**
     * Narrates the three runs.
     *
     * @param out where to narrate
     * @return whether the lockstep run lost exactly one update per round and the actor none
     * @throws Exception if a run fails
     */
    public static boolean narrate(PrintStream out) throws Exception {
        int threads = 4;
        int each = 250_000;
        long expected = (long) threads * each;
        out.printf("%d threads each count %,d hits of /home in a ConcurrentHashMap, with get() then put():%n",
                threads, each);
        long shared = sharedMap(threads, each);
        out.printf("  expected %,d, counted %,d: %,d updates lost%n", expected, shared, expected - shared);
        if (shared == expected) {
            out.println("  (none lost this time: the losing interleaving is a matter of luck. Run it again,");
            out.println("   or see the next run, which picks that interleaving on purpose.)");
        }
        out.println();
        int rounds = 10_000;
        out.printf("2 threads, %,d rounds; in each round both read, then both write (held there by barriers):%n",
                rounds);
        long lock = lockstep(rounds);
        out.printf("  expected %,d, counted %,d: %,d updates lost, exactly one per round%n",
                2L * rounds, lock, 2L * rounds - lock);
        out.println();
        out.printf("The same %d threads send the %,d hits as messages to one actor that owns a plain HashMap:%n",
                threads, expected);
        long counted;
        try (ActorSystem system = ActorSystem.create("step1")) {
            counted = actor(system, threads, each);
        }
        out.printf("  expected %,d, counted %,d: %,d lost. No lock, no volatile, no atomic in the actor.%n",
                expected, counted, expected - counted);
        return lock == rounds && counted == expected;
    }
}
