package dev.cadre.cluster.hazelcast;

import dev.cadre.cluster.MembershipEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** A membership subscriber for tests: records each event with the time it arrived. */
final class Events implements Consumer<MembershipEvent> {

    record Timed(MembershipEvent event, long nanos) {
    }

    private final BlockingQueue<Timed> queue = new LinkedBlockingQueue<>();
    private final List<Timed> seen = new ArrayList<>();

    @Override
    public void accept(MembershipEvent event) {
        queue.add(new Timed(event, System.nanoTime()));
    }

    /** Waits (at most 60 s: a failure, not a timing) for the first event matching, skipping others. */
    Timed await(Predicate<MembershipEvent> wanted) throws InterruptedException {
        for (Timed t : seen) {
            if (wanted.test(t.event())) {
                seen.remove(t);
                return t;
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Timed t = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (t == null) {
                throw new AssertionError("no matching membership event within 60 s; seen: " + seen);
            }
            if (wanted.test(t.event())) {
                return t;
            }
            seen.add(t);
        }
    }
}
