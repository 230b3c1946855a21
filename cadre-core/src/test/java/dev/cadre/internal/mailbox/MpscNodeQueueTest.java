package dev.cadre.internal.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class MpscNodeQueueTest {

    @Test
    void isFifoForOneProducer() {
        MpscNodeQueue q = new MpscNodeQueue();
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.poll()).isNull();
        for (int i = 0; i < 1000; i++) {
            q.offer(i);
        }
        assertThat(q.isEmpty()).isFalse();
        for (int i = 0; i < 1000; i++) {
            assertThat(q.poll()).isEqualTo(i);
        }
        assertThat(q.poll()).isNull();
        assertThat(q.isEmpty()).isTrue();
    }

    record Item(int producer, int seq) {
    }

    /** Many producers, one concurrent consumer: nothing lost, nothing duplicated, per-producer order kept. */
    @RepeatedTest(20)
    void losesNothingAndKeepsPerProducerOrderUnderContention() throws Exception {
        int producers = 4;
        int perProducer = 100_000;
        MpscNodeQueue q = new MpscNodeQueue();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = startProducers(q, producers, perProducer, start);
        int[] next = new int[producers];
        int received = 0;
        start.countDown();
        while (received < producers * perProducer) {
            Object o = q.poll();
            if (o == null) {
                Thread.onSpinWait();
                continue;
            }
            Item item = (Item) o;
            assertThat(item.seq()).as("producer %d order", item.producer()).isEqualTo(next[item.producer()]);
            next[item.producer()]++;
            received++;
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(q.poll()).isNull();
        assertThat(q.isEmpty()).isTrue();
    }

    @Test
    void aBatchTakesInOrderPublishesItsFirstTakeAtOnceAndTheRestWhenItCommits() {
        MpscNodeQueue q = new MpscNodeQueue();
        assertThat(q.batches()).isTrue();
        for (int i = 0; i < 10; i++) {
            q.offer(i);
        }
        QueueNode start = q.cursor();
        QueueNode c = start;
        for (int i = 0; i < 4; i++) {
            c = q.next(c);
            assertThat(q.take(c, i == 0)).isEqualTo(i);
        }
        assertThat(q.taken()).as("only the first take is published during the batch").isEqualTo(1);
        assertThat(q.depth()).isEqualTo(9);
        q.commit(start, c, 4);
        assertThat(q.taken()).isEqualTo(4);
        assertThat(q.depth()).isEqualTo(6);
        assertThat(q.poll()).isEqualTo(4);
        assertThat(q.taken()).isEqualTo(5);
    }

    @Test
    void aPollDuringABatchSkipsWhatTheBatchTookAndTheCommitKeepsThePollsPosition() {
        MpscNodeQueue q = new MpscNodeQueue();
        for (int i = 1; i <= 5; i++) {
            q.offer("m" + i);
        }
        QueueNode start = q.cursor();
        QueueNode c = q.next(start);
        assertThat(q.take(c, true)).isEqualTo("m1");
        c = q.next(c);
        assertThat(q.take(c, false)).isEqualTo("m2");
        // a handler stops its actor: the mailbox is drained from the committed position
        assertThat(q.poll()).isEqualTo("m3");
        assertThat(q.poll()).isEqualTo("m4");
        q.commit(start, c, 2);
        assertThat(q.poll()).isEqualTo("m5");
        assertThat(q.poll()).isNull();
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.taken()).isEqualTo(5);
        assertThat(q.depth()).isZero();
    }

    @Test
    void offerAllAppendsAChainInOrderAndCountsEveryMessage() {
        MpscNodeQueue q = new MpscNodeQueue();
        q.offerAll(new Object[] {"x", "a", "b", "c", "y"}, 1, 4);
        q.offerAll(new Object[] {"ignored"}, 0, 0);
        q.offer("d");
        assertThat(q.depth()).isEqualTo(4);
        assertThat(q.highWaterMark()).isEqualTo(4);
        for (String s : List.of("a", "b", "c", "d")) {
            assertThat(q.poll()).isEqualTo(s);
        }
        assertThat(q.poll()).isNull();
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.taken()).isEqualTo(4);
    }

    /** Producers appending chains of 1 to 7 while the consumer takes in batches: no chain is split or reordered. */
    @RepeatedTest(10)
    void chainsFromManyProducersStayWholeAndInOrder() throws Exception {
        int producers = 4;
        int perProducer = 100_000;
        MpscNodeQueue q = new MpscNodeQueue();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = startProducers(producers, start, id -> {
            Object[] chain = new Object[8];
            for (int i = 0; i < perProducer;) {
                int n = Math.min(1 + i % 7, perProducer - i);
                for (int k = 0; k < n; k++) {
                    chain[k] = new Item(id, i + k);
                }
                q.offerAll(chain, 0, n);
                i += n;
            }
        });
        boolean[] ends = chainEnds(perProducer);
        Item[] inChain = {null}; // the item just taken, while its chain is not complete
        start.countDown();
        takeInBatches(q, producers, producers * perProducer, item -> {
            if (inChain[0] != null) {
                assertThat(item.producer()).as("a chain from producer %d was split", inChain[0].producer())
                        .isEqualTo(inChain[0].producer());
            }
            inChain[0] = ends[item.seq()] ? null : item;
        });
        for (Thread t : threads) {
            t.join();
        }
        assertThat(q.poll()).isNull();
        assertThat(q.taken()).isEqualTo((long) producers * perProducer);
        assertThat(q.depth()).isZero();
    }

    /** For each sequence number: whether it ends its chain (chains are 1 + (start % 7) long). */
    private static boolean[] chainEnds(int perProducer) {
        boolean[] ends = new boolean[perProducer];
        for (int i = 0; i < perProducer;) {
            int n = Math.min(1 + i % 7, perProducer - i);
            i += n;
            ends[i - 1] = true;
        }
        return ends;
    }

    @Test
    void aBoundedQueueDoesNotBatch() {
        assertThat(new BoundedNodeQueue(4, dev.cadre.actor.Overflow.reject()).batches()).isFalse();
    }

    /** Producers on other threads while the consumer takes in batches of up to 64: FIFO per producer, exactly once. */
    @RepeatedTest(10)
    void batchesLoseNothingAndKeepPerProducerOrderUnderContention() throws Exception {
        int producers = 4;
        int perProducer = 100_000;
        MpscNodeQueue q = new MpscNodeQueue();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = startProducers(q, producers, perProducer, start);
        start.countDown();
        takeInBatches(q, producers, producers * perProducer, item -> { });
        for (Thread t : threads) {
            t.join();
        }
        assertThat(q.poll()).isNull();
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.taken()).isEqualTo((long) producers * perProducer);
        assertThat(q.depth()).isZero();
    }

    /**
     * The consumer: takes {@code total} items in batches of up to 64 (cursor, takes, commit),
     * checks that each producer's items come in order, and hands each to {@code each}.
     */
    private static void takeInBatches(MpscNodeQueue q, int producers, int total, Consumer<Item> each) {
        int[] next = new int[producers];
        int received = 0;
        while (received < total) {
            QueueNode begin = q.cursor();
            QueueNode c = begin;
            int taken = 0;
            QueueNode node;
            while (taken < 64 && (node = q.next(c)) != null) {
                c = node;
                Item item = (Item) q.take(node, taken == 0);
                taken++;
                assertThat(item.seq()).as("producer %d order", item.producer()).isEqualTo(next[item.producer()]);
                next[item.producer()]++;
                each.accept(item);
            }
            q.commit(begin, c, taken);
            received += taken;
            if (taken == 0) {
                Thread.onSpinWait();
            }
        }
    }

    /** Starts producer threads that offer {@code perProducer} items each once {@code start} opens. */
    private static List<Thread> startProducers(MpscNodeQueue q, int producers, int perProducer, CountDownLatch start) {
        return startProducers(producers, start, id -> {
            for (int i = 0; i < perProducer; i++) {
                q.offer(new Item(id, i));
            }
        });
    }

    /** Starts {@code producers} threads that run {@code body} (given their number) once {@code start} opens. */
    private static List<Thread> startProducers(int producers, CountDownLatch start, IntConsumer body) {
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                body.accept(id);
            }));
        }
        return threads;
    }
}
