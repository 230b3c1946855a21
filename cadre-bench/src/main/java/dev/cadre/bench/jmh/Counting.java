package dev.cadre.bench.jmh;

import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import java.util.concurrent.atomic.AtomicLong;

/** An actor that counts what it handled, readable from the benchmark thread. */
final class Counting {
    /** The message: a constant, so the benchmarks measure the runtime, not allocation. */
    enum Tick { TICK }

    final AtomicLong processed = new AtomicLong();

    /** {@return a behaviour that publishes its count after every message (single writer)} */
    Behavior<Tick> behavior() {
        return Behaviors.setup(ctx -> {
            long[] n = {0};
            return Behaviors.receiveMessage(m -> {
                processed.setRelease(++n[0]);
                return Behaviors.same();
            });
        });
    }

    /**
     * Spins until the actor has handled at least {@code target} messages.
     *
     * @param target the count to wait for
     */
    void awaitAtLeast(long target) {
        while (processed.getAcquire() < target) {
            Thread.onSpinWait();
        }
    }
}
