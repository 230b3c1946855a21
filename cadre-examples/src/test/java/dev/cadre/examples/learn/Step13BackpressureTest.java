package dev.cadre.examples.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.actor.ActorSystem;
import dev.cadre.examples.learn.Step13Backpressure.Stalled;
import dev.cadre.testkit.CadreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Heap, not time: each run holds the store stalled while a producer sends a million readings,
 * then measures the mailbox's depth and the heap retained after a full GC.
 */
@ExtendWith(CadreExtension.class)
class Step13BackpressureTest {

    private static final int N = 1_000_000;

    @Test
    void anUnboundedMailboxGrowsToAMillionReadingsAndTheHeapGrowsWithIt(ActorSystem system) throws Exception {
        Stalled s = Step13Backpressure.stalled(system, Step13Backpressure.UNBOUNDED, N);
        assertThat(s.depth()).isEqualTo(N);
        assertThat(s.retainedBytes()).as("heap retained by a million waiting readings").isGreaterThan(20_000_000);
        assertThat(s.stored()).isEqualTo(N);
    }

    @Test
    void aBoundedBlockingMailboxHoldsTheProducerAtCapacityAndTheHeapStaysFlat(ActorSystem system) throws Exception {
        Stalled s = Step13Backpressure.stalled(system, Step13Backpressure.BLOCK, N);
        assertThat(s.depth()).isEqualTo(1_000);
        assertThat(s.retainedBytes()).as("heap retained while the producer waits").isLessThan(5_000_000);
        assertThat(s.dropped()).isZero();
        assertThat(s.stored()).as("nothing lost: the producer waited").isEqualTo(N);
    }

    @Test
    void aBoundedDroppingMailboxCountsEveryDropAndTheHeapStaysFlat(ActorSystem system) throws Exception {
        Stalled s = Step13Backpressure.stalled(system, Step13Backpressure.DROP, N);
        assertThat(s.depth()).isEqualTo(1_000);
        assertThat(s.retainedBytes()).isLessThan(5_000_000);
        assertThat(s.dropped()).isEqualTo(N - 1_000);
        assertThat(s.stored() + s.dropped()).as("every reading stored or counted as dropped").isEqualTo(N);
    }

    @Test
    void aBiggerBufferStillDropsAndHoldsFarMoreHeap(ActorSystem system) throws Exception {
        Stalled small = Step13Backpressure.stalled(system, Step13Backpressure.DROP, N);
        Stalled big = Step13Backpressure.stalled(system, Step13Backpressure.BIGGER, N);
        assertThat(big.dropped()).isEqualTo(N - 100_000);
        assertThat(big.retainedBytes()).as("100,000 waiting readings vs 1,000")
                .isGreaterThan(small.retainedBytes() + 2_000_000);
    }

    @Test
    void aSlowStoreBehindABoundedMailboxNeverHasMoreThanItsCapacityWaiting(ActorSystem system) {
        assertThat(Step13Backpressure.slowStore(system, Step13Backpressure.BLOCK, 100_000, 1_000).peakDepth())
                .isLessThanOrEqualTo(1_000);
    }
}
