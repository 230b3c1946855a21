package dev.cadre.internal.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.actor.Overflow;
import java.util.ArrayDeque;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Model-based properties of the bounded mailboxes: for any sequence of offers and polls, each
 * queue behaves exactly like a bounded FIFO model (the contract), its depth never exceeds the
 * capacity, and every refused or evicted message is counted.
 */
class BoundedQueuesPropertyTest {

    /** true = offer the next number, false = poll. */
    @Provide
    Arbitrary<List<Boolean>> operations() {
        return Arbitraries.of(true, true, false).list().ofMaxSize(400);
    }

    @Property(tries = 300)
    void boundedNodeQueueIsABoundedFifoThatRefusesWhenFull(@ForAll("operations") List<Boolean> ops,
            @ForAll @IntRange(min = 1, max = 8) int capacity) {
        BoundedNodeQueue q = new BoundedNodeQueue(capacity, Overflow.dropNewest());
        ArrayDeque<Integer> model = new ArrayDeque<>();
        int next = 0;
        int maxDepth = 0;
        for (boolean offer : ops) {
            if (offer) {
                int result = q.offer(next);
                if (model.size() < capacity) {
                    assertThat(result).isEqualTo(MessageQueue.OK);
                    model.addLast(next);
                } else {
                    assertThat(result).isEqualTo(MessageQueue.FULL);
                }
                next++;
            } else {
                assertThat(q.poll()).isEqualTo(model.pollFirst());
            }
            assertThat(q.depth()).isEqualTo(model.size()).isLessThanOrEqualTo(capacity);
            maxDepth = Math.max(maxDepth, model.size());
            assertThat(q.highWaterMark()).isEqualTo(maxDepth);
            assertThat(q.isEmpty()).isEqualTo(model.isEmpty());
        }
    }

    @Property(tries = 300)
    void dropOldestQueueKeepsTheNewestAndCountsEvictions(@ForAll("operations") List<Boolean> ops,
            @ForAll @IntRange(min = 1, max = 8) int capacity) {
        long[] told = {0};
        DropOldestQueue q = new DropOldestQueue(capacity, evictedMessage -> told[0]++);
        ArrayDeque<Integer> model = new ArrayDeque<>();
        long evicted = 0;
        int next = 0;
        for (boolean offer : ops) {
            if (offer) {
                assertThat(q.offer(next)).isEqualTo(MessageQueue.OK);
                if (model.size() == capacity) {
                    model.pollFirst();
                    evicted++;
                }
                model.addLast(next++);
            } else {
                assertThat(q.poll()).isEqualTo(model.pollFirst());
            }
            assertThat(q.depth()).isEqualTo(model.size()).isLessThanOrEqualTo(capacity);
            assertThat(q.dropped()).isEqualTo(evicted);
            assertThat(told[0]).as("every eviction is handed to the owner").isEqualTo(evicted);
        }
    }

    @Property(tries = 200)
    void unboundedQueueCountsDepthAndHighWaterMark(@ForAll("operations") List<Boolean> ops) {
        MpscNodeQueue q = new MpscNodeQueue();
        ArrayDeque<Integer> model = new ArrayDeque<>();
        int next = 0;
        int maxDepth = 0;
        for (boolean offer : ops) {
            if (offer) {
                q.offer(next);
                model.addLast(next++);
            } else {
                assertThat(q.poll()).isEqualTo(model.pollFirst());
            }
            maxDepth = Math.max(maxDepth, model.size());
            assertThat(q.depth()).isEqualTo(model.size());
            // exact below 64, recorded in steps of 64 above
            int expected = maxDepth < 64 ? maxDepth : Math.max(63, maxDepth & ~63);
            assertThat(q.highWaterMark()).isEqualTo(expected);
        }
    }
}
