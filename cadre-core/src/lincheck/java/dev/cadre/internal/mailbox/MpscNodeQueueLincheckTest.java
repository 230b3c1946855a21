package dev.cadre.internal.mailbox;

import dev.cadre.internal.runtime.LincheckBudget;
import java.util.ArrayDeque;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * The unbounded mailbox queue is linearizable as a FIFO queue with any number of producers and
 * one consumer (Lincheck: every interleaving the model checker explores, and a stress run, must be
 * explained by some sequential order of the same operations).
 */
public class MpscNodeQueueLincheckTest {
    private final MpscNodeQueue q = new MpscNodeQueue();

    @Operation
    public int offer(int v) {
        return q.offer(v);
    }

    @Operation(nonParallelGroup = "consumer")
    public Object poll() {
        return q.poll();
    }

    @Operation(nonParallelGroup = "consumer")
    public boolean isEmpty() {
        return q.isEmpty();
    }

    /** The sequential specification. */
    public static final class Spec {
        private final ArrayDeque<Integer> d = new ArrayDeque<>();

        public int offer(int v) {
            d.addLast(v);
            return MessageQueue.OK;
        }

        public Object poll() {
            return d.pollFirst();
        }

        public boolean isEmpty() {
            return d.isEmpty();
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
