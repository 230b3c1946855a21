package dev.cadre.internal.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
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
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perProducer; i++) {
                    q.offer(new Item(id, i));
                }
            }));
        }
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
}
