package dev.cadre.bench.versus;

import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The physical limit of the throughput scenarios on this machine: the same hand-off through a raw
 * JDK concurrent queue between plain threads, with no actors (no mailbox scheduling, no
 * behaviours). Consumers busy-spin, so no wake-up latency is paid.
 *
 * <ul>
 *   <li>pingpong / pingpong-parallel: two threads (one per core on the reference machine), each
 *       polling its {@link ConcurrentLinkedQueue} and offering each ball back to the other; all
 *       balls of all pairs are in flight between the same two threads.</li>
 *   <li>fanin: four sender threads offer to one {@link ConcurrentLinkedQueue}; one thread polls.</li>
 *   <li>fanin-bounded: the same through an {@link ArrayBlockingQueue} of capacity 1,000
 *       (senders block in {@code offer} with a 10 s timeout, the consumer in {@code take}).</li>
 * </ul>
 *
 * Spawn, skynet and ask have no raw-queue counterpart.
 *
 * <p>A thread that finds its queue empty spins ({@link Thread#onSpinWait()}) up to
 * {@value #SPINS} times, then yields its core ({@link Thread#yield()}) before trying again. On a
 * quiet machine the partner answers long before that; on a machine where other processes hold a
 * core, pure spinning would make two spinning threads take turns on the remaining core for whole
 * scheduler time slices (it measured 0.02M msgs/s instead of 6M), which tests the scheduler, not the
 * hand-off.
 */
public final class RawQueueContestant implements Contestant {

    /** Created by {@link Child}, one per JVM; it keeps no state between runs. */
    RawQueueContestant() {
    }

    enum Tick { TICK }

    /** Empty polls before a waiting thread yields its core. */
    static final int SPINS = 1_000;

    /** A ball: deliveries left. Allocated per hop, as the actor versions allocate a message per hop. */
    record Ball(long left) {
    }

    @Override
    public Result pairs(Shape.Pairs s) throws Exception {
        Queue<Ball> toA = new ConcurrentLinkedQueue<>();
        Queue<Ball> toB = new ConcurrentLinkedQueue<>();
        AtomicInteger ballsLeft = new AtomicInteger(s.balls());
        Thread a = new Thread(() -> player(toA, toB, ballsLeft), "limit-a");
        Thread b = new Thread(() -> player(toB, toA, ballsLeft), "limit-b");
        a.start();
        b.start();
        Region region = Region.start();
        for (int i = 0; i < s.balls(); i++) {
            toA.offer(new Ball(s.perBall() - 1));
        }
        a.join(TimeUnit.MINUTES.toMillis(CadreContestant.TIMEOUT_MINUTES));
        b.join(TimeUnit.MINUTES.toMillis(CadreContestant.TIMEOUT_MINUTES));
        Region.Stats stats = region.stop();
        CheckFailed.that(ballsLeft.get() == 0, "ping-pong threads did not finish: " + ballsLeft.get() + " balls left");
        return Measured.report(Contestant.throughput(s.messages(), stats));
    }

    private static void player(Queue<Ball> in, Queue<Ball> out, AtomicInteger ballsLeft) {
        int idle = 0;
        for (;;) {
            Ball ball = in.poll();
            if (ball == null) {
                if (ballsLeft.get() == 0) {
                    return;
                }
                idle = idleWait(idle);
                continue;
            }
            idle = 0;
            if (ball.left() == 0) {
                ballsLeft.decrementAndGet();
            } else {
                out.offer(new Ball(ball.left() - 1));
            }
        }
    }

    @Override
    public Result fanin(Shape.Fanin s, boolean bounded) throws Exception {
        long total = s.messages();
        long[] received = {0};
        Thread consumer;
        Senders senders;
        if (bounded) {
            ArrayBlockingQueue<Tick> q = new ArrayBlockingQueue<>(Scenario.BOUNDED_CAPACITY);
            consumer = new Thread(() -> {
                try {
                    for (long i = 0; i < total; i++) {
                        q.take();
                        received[0]++;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "limit-consumer");
            senders = new Senders(s, () -> {
                if (!q.offer(Tick.TICK, 10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("bounded queue full for 10 s");
                }
            });
        } else {
            ConcurrentLinkedQueue<Tick> q = new ConcurrentLinkedQueue<>();
            consumer = new Thread(() -> {
                int idle = 0;
                for (long i = 0; i < total; ) {
                    if (q.poll() != null) {
                        i++;
                        received[0]++;
                        idle = 0;
                    } else {
                        idle = idleWait(idle);
                    }
                }
            }, "limit-consumer");
            senders = new Senders(s, () -> q.offer(Tick.TICK));
        }
        consumer.start();
        Region region = Region.start();
        senders.release();
        consumer.join(TimeUnit.MINUTES.toMillis(CadreContestant.TIMEOUT_MINUTES));
        Region.Stats stats = region.stop();
        senders.join();
        if (consumer.isAlive()) {
            consumer.interrupt();
        }
        CheckFailed.equal("messages received by the consumer", total, received[0]);
        return Measured.report(Contestant.throughput(total, stats));
    }

    /** Spins, or yields after {@link #SPINS} empty polls; returns the new count of empty polls. */
    @SuppressWarnings("ThreadPriorityCheck") // the baseline's idle loop yields on purpose, as a hand-written one would
    private static int idleWait(int idle) {
        if (idle < SPINS) {
            Thread.onSpinWait();
            return idle + 1;
        }
        Thread.yield();
        return idle;
    }

    @Override
    public Result spawn(int n) {
        throw new UnsupportedOperationException("no raw-queue counterpart");
    }

    @Override
    public Result skynet(long leaves) {
        throw new UnsupportedOperationException("no raw-queue counterpart");
    }

    @Override
    public Result ask(int n) {
        throw new UnsupportedOperationException("no raw-queue counterpart");
    }
}
