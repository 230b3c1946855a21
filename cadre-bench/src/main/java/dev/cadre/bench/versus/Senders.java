package dev.cadre.bench.versus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Plain platform threads that each call {@code send} a number of times, all released at once.
 * Used by the fan-in scenarios of every contestant, so the senders are identical.
 */
final class Senders {
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch go = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /** What one sender does per message. */
    @FunctionalInterface
    interface Send {
        void send() throws Exception;
    }

    /**
     * Starts the threads; they wait for {@link #release()}.
     *
     * @param shape how many senders and messages
     * @param send one send
     */
    Senders(Shape.Fanin shape, Send send) {
        for (int i = 0; i < shape.senders(); i++) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    for (long j = shape.perSender(); j > 0; j--) {
                        send.send();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "sender-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Releases the senders (call right after starting the timed region). */
    void release() {
        go.countDown();
    }

    /**
     * Waits for the senders to finish.
     *
     * @throws Exception the first failure of a sender, if any
     */
    void join() throws Exception {
        for (Thread t : threads) {
            t.join();
        }
        Throwable f = failure.get();
        if (f instanceof Exception e) {
            throw e;
        } else if (f != null) {
            throw new IllegalStateException("sender failed", f);
        }
    }

    /** {@return the first failure so far, or null} */
    @Nullable Throwable failure() {
        return failure.get();
    }
}
