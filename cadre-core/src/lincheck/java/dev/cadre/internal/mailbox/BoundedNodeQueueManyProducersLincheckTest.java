package dev.cadre.internal.mailbox;

import dev.cadre.actor.Overflow;
import dev.cadre.internal.runtime.LincheckBudget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * The bounded mailbox queue with several producers: what a mailbox promises (not full
 * linearizability; see {@link BoundedNodeQueueLincheckTest}). After every interleaving: each
 * producer's accepted messages come out in the order it offered them, every accepted message comes
 * out exactly once, a refused one never, and the count never exceeds the capacity.
 */
public class BoundedNodeQueueManyProducersLincheckTest {
    static final int CAPACITY = 2;
    private final BoundedNodeQueue q = new BoundedNodeQueue(CAPACITY, new Overflow.DropNewest());
    /** Per producer thread: how many it offered (its next sequence number). */
    private final Map<Long, AtomicInteger> sequences = new ConcurrentHashMap<>();
    /** Accepted messages, by producer. */
    private final Map<Long, List<Integer>> accepted = new ConcurrentHashMap<>();
    private final List<long[]> polled = new ArrayList<>(); // consumer only

    private record Msg(long producer, int seq) {
    }

    @Operation
    public void offer() {
        long me = Thread.currentThread().threadId();
        int seq = sequences.computeIfAbsent(me, k -> new AtomicInteger()).getAndIncrement();
        if (q.offer(new Msg(me, seq)) == MessageQueue.OK) {
            accepted.computeIfAbsent(me, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(seq);
        }
    }

    @Operation(nonParallelGroup = "consumer")
    public void poll() {
        Object m = q.poll();
        if (m instanceof Msg msg) {
            polled.add(new long[] {msg.producer(), msg.seq()});
        }
    }

    @Operation
    public void depthNeverExceedsCapacity() {
        int d = q.depth();
        if (d > CAPACITY) {
            throw new IllegalStateException("depth " + d + " > capacity " + CAPACITY);
        }
    }

    @Validate
    public void perProducerFifoAndNothingLostOrDuplicated() {
        Object m;
        while ((m = q.poll()) != null) {
            Msg msg = (Msg) m;
            polled.add(new long[] {msg.producer(), msg.seq()});
        }
        Map<Long, List<Integer>> out = new HashMap<>();
        for (long[] p : polled) {
            out.computeIfAbsent(p[0], k -> new ArrayList<>()).add((int) p[1]);
        }
        Map<Long, List<Integer>> in = new HashMap<>();
        accepted.forEach((k, v) -> in.put(k, new ArrayList<>(v)));
        if (!out.equals(in)) {
            throw new IllegalStateException("accepted per producer " + in + " but polled " + out
                    + " (a loss, a duplicate, a refused message delivered, or a per-producer reordering)");
        }
    }

    @Test
    void modelChecking() {
        new ModelCheckingOptions().iterations(LincheckBudget.ITERATIONS)
                .invocationsPerIteration(LincheckBudget.INVOCATIONS / 2).threads(3).actorsPerThread(2)
                .check(getClass());
    }

    @Test
    void stress() {
        new StressOptions().iterations(LincheckBudget.ITERATIONS).invocationsPerIteration(LincheckBudget.INVOCATIONS / 2)
                .threads(3).actorsPerThread(2).check(getClass());
    }
}
