package dev.cadre.bench.remote;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * What every contender does, the same way: 16-byte messages ({@code int sender, long seq, int 0});
 * ping-pong driven by the client (one round trip outstanding); one-way from S sender threads, each
 * with a window of unacknowledged messages, the sink acknowledging every so many. Cadre and the raw
 * socket push back when the peer is slow, so their window is large ({@link #WINDOW} per sender,
 * acknowledged every {@link #ACK_EVERY}); Pekko Artery drops what overflows its send queue (3,072
 * messages by default), so its senders share {@link #PEKKO_WINDOW_TOTAL} messages in flight,
 * acknowledged every {@link #PEKKO_ACK_EVERY}: otherwise the benchmark would measure drops (and
 * stall on windows that never reopen), not delivery.
 */
final class Protocol {

    static final int SIZE = 16;
    static final int WINDOW = 50_000;
    static final int ACK_EVERY = 2_000;
    static final int PEKKO_WINDOW_TOTAL = 3_000;
    static final int PEKKO_ACK_EVERY = 250;
    static final int MAX_SENDERS = 16;

    private Protocol() {
    }

    static byte[] message(int sender, long seq) {
        return ByteBuffer.allocate(SIZE).putInt(sender).putLong(seq).putInt(0).array();
    }

    static int sender(byte[] message) {
        return ((message[0] & 0xff) << 24) | ((message[1] & 0xff) << 16) | ((message[2] & 0xff) << 8) | (message[3] & 0xff);
    }

    /** An acknowledgement: {@code int sender, long delivered-so-far-from-it} (12 bytes). */
    static byte[] ack(int sender, long delivered) {
        return ByteBuffer.allocate(12).putInt(sender).putLong(delivered).array();
    }

    static long ackCount(byte[] ack) {
        return ByteBuffer.wrap(ack).getLong(4);
    }

    /** The sink's side: counts per sender, says when to acknowledge. Confined to one thread. */
    static final class Sink {
        private final long[] counts = new long[MAX_SENDERS];
        private final int ackEvery;

        Sink(int ackEvery) {
            this.ackEvery = ackEvery;
        }

        /** {@return the count to acknowledge, or -1 if no acknowledgement is due} */
        long received(byte[] message) {
            int s = sender(message);
            long n = ++counts[s];
            return n % ackEvery == 0 ? n : -1;
        }
    }

    /** The client's side of one-way: acknowledged counts, and senders waiting for room in their window. */
    static final class Window {
        final AtomicLongArray acked = new AtomicLongArray(MAX_SENDERS);
        private final Thread[] waiting = new Thread[MAX_SENDERS];
        private final int window;

        Window(int window) {
            this.window = window;
        }

        void acked(int sender, long count) {
            acked.set(sender, count);
            Thread t = waiting[sender];
            if (t != null) {
                LockSupport.unpark(t);
            }
        }

        /** Waits until {@code sent - acked < window}. */
        void awaitRoom(int sender, long sent) {
            if (sent - acked.get(sender) < window) {
                return;
            }
            waiting[sender] = Thread.currentThread();
            while (sent - acked.get(sender) >= window) {
                LockSupport.parkNanos(100_000);
            }
            waiting[sender] = null;
        }

        long total(int senders) {
            long t = 0;
            for (int i = 0; i < senders; i++) {
                t += acked.get(i);
            }
            return t;
        }
    }

    /** Runs {@code senders} sender threads until told to stop; measures acknowledged throughput over the middle. */
    interface Send {
        void send(int sender, byte[] message);
    }

    static double oneWay(int senders, Window window, Send send, double warmupSeconds, double seconds)
            throws InterruptedException {
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread[] threads = new Thread[senders];
        for (int s = 0; s < senders; s++) {
            int sender = s;
            threads[s] = Thread.ofPlatform().name("sender-" + s).start(() -> {
                long seq = 0;
                while (!stop.get()) {
                    window.awaitRoom(sender, seq);
                    send.send(sender, message(sender, seq++));
                }
            });
        }
        Thread.sleep((long) (warmupSeconds * 1000));
        long t0 = System.nanoTime();
        long a0 = window.total(senders);
        Thread.sleep((long) (seconds * 1000));
        long a1 = window.total(senders);
        long t1 = System.nanoTime();
        stop.set(true);
        for (Thread t : threads) {
            t.join(10_000);
        }
        return (a1 - a0) / ((t1 - t0) / 1e9);
    }

    /** The slow consumer's pace in the backpressure scenario: one message per this many nanoseconds. */
    static final long SLOW_NANOS_PER_MESSAGE = 20_000;

    /**
     * What the backpressure scenario saw on the sender.
     *
     * @param sent messages the sender got past {@code tell}
     * @param acknowledged messages the slow consumer took (acknowledged)
     * @param consumerRate messages/s the consumer took
     * @param heapFirstMb the sender's heap after GC at the first sample
     * @param heapMaxMb the largest of those samples
     * @param maxQueued the most messages the sender's transport held for the peer at once
     * @param capacity the transport's bound for that
     */
    record Backpressure(long sent, long acknowledged, double consumerRate, double heapFirstMb, double heapMaxMb,
                        long maxQueued, long capacity) {
    }

    /** Round-trip times: p50 and p99 in microseconds, and round trips per second. */
    record PingPong(double roundTripsPerSecond, double p50Micros, double p99Micros) {
        static PingPong of(long[] rtts, long elapsedNanos) {
            long[] sorted = rtts.clone();
            Arrays.sort(sorted);
            return new PingPong(sorted.length / (elapsedNanos / 1e9), sorted[sorted.length / 2] / 1e3,
                    sorted[(int) (sorted.length * 0.99)] / 1e3);
        }
    }
}
