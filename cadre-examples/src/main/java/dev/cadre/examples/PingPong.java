package dev.cadre.examples;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Behaviors;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A rough ping-pong throughput figure: two actors, one message in flight, bounced {@code n}
 * times. Not a benchmark (no forking, no warm-up control); cadre-bench does that properly.
 */
public final class PingPong {

    private PingPong() {
    }

    /** The ball: the number of bounces left and who to return it to. */
    record Ball(int left, ActorRef<Ball> from) {
    }

    /**
     * Runs rounds of ping-pong and prints messages per second.
     *
     * @param args optional: number of messages per round (default 2,000,000)
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        try (ActorSystem system = ActorSystem.create("pingpong")) {
            for (int round = 1; round <= 5; round++) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                ActorRef<Ball> pong = system.spawnAnonymous(Behaviors.<Ball>receive((ctx, b) -> {
                    b.from().tell(new Ball(b.left() - 1, ctx.self()));
                    return Behaviors.same();
                }));
                ActorRef<Ball> ping = system.spawnAnonymous(Behaviors.<Ball>receive((ctx, b) -> {
                    if (b.left() <= 0) {
                        done.complete(null);
                    } else {
                        b.from().tell(new Ball(b.left() - 1, ctx.self()));
                    }
                    return Behaviors.same();
                }));
                long start = System.nanoTime();
                pong.tell(new Ball(n, ping));
                done.join();
                long nanos = System.nanoTime() - start;
                System.out.printf("round %d: %,d messages in %d ms = %,.0f msgs/s%n", round, n,
                        Duration.ofNanos(nanos).toMillis(), n * 1e9 / nanos);
                system.stop(ping);
                system.stop(pong);
            }
        }
    }
}
