package dev.cadre.examples;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.Mailbox;
import dev.cadre.actor.Overflow;
import dev.cadre.actor.Props;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A rough fan-in figure: 4 plain threads tell one actor, with an unbounded mailbox and with a
 * bounded blocking one (capacity 1,000). Not a benchmark (cadre-bench is); it gives the order of
 * magnitude of what a bound costs.
 */
public final class FanIn {

    private FanIn() {
    }

    /**
     * Runs three rounds of each mailbox and prints messages per second.
     *
     * @param args optional: messages per round (default 4,000,000)
     * @throws InterruptedException if interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 4_000_000;
        try (ActorSystem system = ActorSystem.create("fanin")) {
            for (int round = 1; round <= 3; round++) {
                for (Mailbox mailbox : List.of(Mailbox.unbounded(),
                        Mailbox.bounded(1_000, Overflow.block(Duration.ofSeconds(10))))) {
                    System.out.printf("round %d %-60s %,.0f msgs/s%n", round, mailbox, run(system, mailbox, n));
                }
            }
        }
    }

    private static double run(ActorSystem system, Mailbox mailbox, int n) throws InterruptedException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        int[] count = {0};
        ActorRef<Integer> sink = system.spawnAnonymous(Behaviors.<Integer>receiveMessage(i -> {
            if (++count[0] == n) {
                done.complete(null);
            }
            return Behaviors.same();
        }), Props.defaults().withMailbox(mailbox));
        int threads = 4;
        List<Thread> senders = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            senders.add(Thread.ofPlatform().start(() -> {
                Integer one = 1;
                for (int i = 0; i < n / threads; i++) {
                    sink.tell(one);
                }
            }));
        }
        for (Thread t : senders) {
            t.join();
        }
        done.join();
        long nanos = System.nanoTime() - start;
        system.stop(sink);
        return n * 1e9 / nanos;
    }
}
