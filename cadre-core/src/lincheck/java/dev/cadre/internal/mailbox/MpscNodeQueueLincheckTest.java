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
 * explained by some sequential order of the same operations). The consumer also takes in batches
 * (a cursor, its takes, one commit), and polls in the middle of a batch (a handler that stopped its
 * actor drains the mailbox): both must still read as the same FIFO. A producer may also append two
 * messages as one chain: they must read as adjacent, in order.
 */
public class MpscNodeQueueLincheckTest {
    private final MpscNodeQueue q = new MpscNodeQueue();

    @Operation
    public int offer(int v) {
        return q.offer(v);
    }

    /** Two messages as one chain ({@link MpscNodeQueue#offerAll}): they stay adjacent, in order. */
    @Operation
    public int offerPair(int v) {
        q.offerAll(new Object[] {v, v + 100}, 0, 2);
        return MessageQueue.OK;
    }

    @Operation(nonParallelGroup = "consumer")
    public Object poll() {
        return q.poll();
    }

    @Operation(nonParallelGroup = "consumer")
    public boolean isEmpty() {
        return q.isEmpty();
    }

    /** A batch of at most two takes. */
    @Operation(nonParallelGroup = "consumer")
    public String batchOfTwo() {
        QueueNode start = q.cursor();
        QueueNode c = start;
        StringBuilder taken = new StringBuilder();
        int n = 0;
        QueueNode node;
        while (n < 2 && (node = q.next(c)) != null) {
            c = node;
            taken.append(q.take(node, n == 0)).append(';');
            n++;
        }
        q.commit(start, c, n);
        return taken.toString();
    }

    /**
     * A batch that takes one, then a poll before it commits (a handler that stopped its actor: its
     * mailbox is drained); a batch that finds nothing takes and polls nothing.
     */
    @Operation(nonParallelGroup = "consumer")
    public String batchThenPoll() {
        QueueNode start = q.cursor();
        QueueNode node = q.next(start);
        if (node == null) {
            q.commit(start, start, 0);
            return "";
        }
        String first = q.take(node, true) + ";";
        Object polled = q.poll();
        q.commit(start, node, 1);
        return first + (polled == null ? "" : polled + ";");
    }

    /** The sequential specification. */
    public static final class Spec {
        private final ArrayDeque<Integer> d = new ArrayDeque<>();

        public int offer(int v) {
            d.addLast(v);
            return MessageQueue.OK;
        }

        public int offerPair(int v) {
            d.addLast(v);
            d.addLast(v + 100);
            return MessageQueue.OK;
        }

        public Object poll() {
            return d.pollFirst();
        }

        public boolean isEmpty() {
            return d.isEmpty();
        }

        public String batchOfTwo() {
            return take() + take();
        }

        public String batchThenPoll() {
            return take() + take();
        }

        private String take() {
            Integer v = d.pollFirst();
            return v == null ? "" : v + ";";
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
