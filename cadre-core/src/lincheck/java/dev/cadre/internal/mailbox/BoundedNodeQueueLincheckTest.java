package dev.cadre.internal.mailbox;

import dev.cadre.actor.Overflow;
import dev.cadre.internal.runtime.LincheckBudget;
import java.util.ArrayDeque;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * The bounded mailbox queue (capacity 2 here), one producer and the consumer: linearizable as a
 * bounded FIFO queue (an offer to a full queue answers FULL and changes nothing; never more than
 * the capacity is queued).
 *
 * <p>With several producers it is <em>not</em> a linearizable bounded FIFO queue, and Lincheck
 * shows why: admission is decided when a producer reserves a slot (the count), order when it links
 * its node, so a producer can be refused because of a slot another has reserved but not yet
 * linked, and two producers' messages can be linked in the other order than their reservations.
 * The mailbox contract does not need more: per-sender FIFO, the capacity bound at every instant,
 * nothing lost or duplicated, which {@link BoundedNodeQueueManyProducersLincheckTest} checks.
 */
public class BoundedNodeQueueLincheckTest {
    static final int CAPACITY = 2;
    private final BoundedNodeQueue q = new BoundedNodeQueue(CAPACITY, new Overflow.DropNewest());

    @Operation(nonParallelGroup = "producer")
    public int offer(int v) {
        return q.offer(v);
    }

    @Operation(nonParallelGroup = "consumer")
    public Object poll() {
        return q.poll();
    }

    /**
     * The invariant count <= capacity, at any instant. (Not a linearizable read: depth() counts a
     * reserved slot before its node is linked, so it may say 1 while poll() still finds nothing;
     * Lincheck shows that interleaving, and MessageQueue documents depth as a racy snapshot.)
     */
    @Operation
    public void depthNeverExceedsCapacity() {
        int d = q.depth();
        if (d > CAPACITY) {
            throw new IllegalStateException("depth " + d + " > capacity " + CAPACITY);
        }
    }

    /** The sequential specification. */
    public static final class Spec {
        private final ArrayDeque<Integer> d = new ArrayDeque<>();

        public int offer(int v) {
            if (d.size() >= CAPACITY) {
                return MessageQueue.FULL;
            }
            d.addLast(v);
            return MessageQueue.OK;
        }

        public Object poll() {
            return d.pollFirst();
        }

        public void depthNeverExceedsCapacity() {
        }
    }

    @Test
    void modelChecking() {
        new ModelCheckingOptions().iterations(LincheckBudget.ITERATIONS)
                .invocationsPerIteration(LincheckBudget.INVOCATIONS).threads(3).actorsPerThread(3)
                .sequentialSpecification(Spec.class).check(getClass());
    }

    @Test
    void stress() {
        new StressOptions().iterations(LincheckBudget.ITERATIONS).invocationsPerIteration(LincheckBudget.INVOCATIONS)
                .threads(3).actorsPerThread(3).sequentialSpecification(Spec.class).check(getClass());
    }
}
