package dev.cadre.examples.learn;

import dev.cadre.actor.AbstractBehavior;
import dev.cadre.actor.ActorContext;
import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.examples.learn.fromscratch.LoopActor;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Step 5: an actor is a loop that reads a queue and updates state. A tiny one on its own thread,
 * then Cadre's, both counting step 1's hits from four threads without a lock. Page:
 * {@code docs/learn/05-the-loop.md}.
 */
final class Step05TheLoop {

    private Step05TheLoop() {
    }

    /**
     * What a run observed.
     *
     * @param counted the final count
     * @param maxInside the most threads ever inside the handler at once
     * @param threads the threads that ran the handler
     */
    public record Result(long counted, int maxInside, Set<String> threads) {
    }

    // tag::tiny-hits[]
    /** The tiny counter's messages. */
    public sealed interface HitMsg {
        record Hit() implements HitMsg {
        }

        record Count(CompletableFuture<Long> reply) implements HitMsg {
        }
    }

    /** Step 1's workload on the tiny loop actor: many senders, one loop, no lock. */
    public static Result tiny(int threads, int hitsEach) throws InterruptedException {
        Inside inside = new Inside();
        try (LoopActor<Long, HitMsg> counter = new LoopActor<>("tiny-loop", 0L, (count, msg) -> {
            inside.enter();
            try {
                return switch (msg) {
                    case HitMsg.Hit h -> count + 1;
                    case HitMsg.Count c -> {
                        c.reply().complete(count);
                        yield count;
                    }
                };
            } finally {
                inside.exit();
            }
        })) {
            sendFrom(threads, hitsEach, () -> counter.tell(new HitMsg.Hit()));
            CompletableFuture<Long> reply = new CompletableFuture<>();
            counter.tell(new HitMsg.Count(reply));
            return new Result(reply.join(), inside.max(), inside.threads());
        }
    }
    // end::tiny-hits[]

    // tag::cadre-hits[]
    /** Cadre's counter messages. */
    public sealed interface CounterMsg {
        record Hit() implements CounterMsg {
        }

        record Count(ActorRef<Long> replyTo) implements CounterMsg {
        }
    }

    /** Class style: the state is a plain field, safe because the runtime runs one message at a time. */
    static final class HitCounter extends AbstractBehavior<CounterMsg> {
        private long count;   // no lock, no volatile, no atomic
        private final Inside inside;

        HitCounter(ActorContext<CounterMsg> ctx, Inside inside) {
            super(ctx);
            this.inside = inside;
        }

        @Override
        public Behavior<CounterMsg> receive(CounterMsg msg) {
            inside.enter();
            try {
                switch (msg) {
                    case CounterMsg.Hit h -> count++;
                    case CounterMsg.Count c -> c.replyTo().tell(count);
                }
                return this;
            } finally {
                inside.exit();
            }
        }
    }

    /** The same workload on a Cadre actor. */
    public static Result cadre(ActorSystem system, int threads, int hitsEach) throws InterruptedException {
        Inside inside = new Inside();
        ActorRef<CounterMsg> counter = system.spawnAnonymous(Behaviors.setup(ctx -> new HitCounter(ctx, inside)));
        sendFrom(threads, hitsEach, () -> counter.tell(new CounterMsg.Hit()));
        long counted = counter.<Long>ask(CounterMsg.Count::new, Duration.ofSeconds(30)).join();
        system.stop(counter);
        return new Result(counted, inside.max(), inside.threads());
    }
    // end::cadre-hits[]

    /** Runs {@code send} {@code each} times on each of {@code threads} platform threads, and waits. */
    static void sendFrom(int threads, int each, Runnable send) throws InterruptedException {
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            senders.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < each; i++) {
                    send.run();
                }
            }));
        }
        for (Thread s : senders) {
            s.join();
        }
    }

    /**
     * Narrates both runs.
     *
     * @param out where to narrate
     * @return whether both counted every hit with never two threads in the handler
     */
    public static boolean narrate(PrintStream out) throws InterruptedException {
        int threads = 4;
        int each = 250_000;
        long expected = (long) threads * each;
        out.printf("Step 1's workload: %d threads each send %,d hits.%n%n", threads, each);
        Result tiny = tiny(threads, each);
        out.println("The tiny loop actor (a LinkedBlockingQueue, one platform thread, a state variable):");
        out.printf("  counted %,d of %,d; most threads ever inside the behaviour at once: %d; run by %s%n",
                tiny.counted(), expected, tiny.maxInside(), tiny.threads());
        Result cadre;
        try (ActorSystem system = ActorSystem.create("step5")) {
            cadre = cadre(system, threads, each);
        }
        out.println("Cadre's actor (a plain long field in an AbstractBehavior):");
        out.printf("  counted %,d of %,d; most threads ever inside the behaviour at once: %d; run by %d pool thread(s)%n",
                cadre.counted(), expected, cadre.maxInside(), cadre.threads().size());
        out.println("  (the runtime may move an actor from one pool thread to another between batches of");
        out.println("   messages, never onto two at once; and an actor with no mail holds no thread at all)");
        return tiny.counted() == expected && tiny.maxInside() == 1 && tiny.threads().equals(Set.of("tiny-loop"))
                && cadre.counted() == expected && cadre.maxInside() == 1;
    }
}
