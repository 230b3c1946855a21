package dev.cadre.internal.dispatch;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * INTERNAL API. The shared dispatcher: a FIFO (async-mode) {@link ForkJoinPool} that is fair to
 * work submitted from outside the pool.
 *
 * <p><b>Why a subclass.</b> A ForkJoinPool worker keeps running tasks from its own local queue
 * for as long as that queue is non-empty, and scans the external submission queues only when it
 * runs dry ({@code WorkQueue.topLevelExec} in JDK 21-25). Actors that keep waking each other (a
 * ping-pong, an actor telling itself) re-schedule themselves onto the local queue forever, so an
 * actor woken from a plain thread (a top-level tell, a timer, a shutdown request) could wait
 * indefinitely. So each worker counts its activations, and every {@value #YIELD_EVERY}-th one, and
 * whenever an actor yields after a full throughput batch, {@link #yieldToSubmissions()} moves one
 * external submission, if there is one, onto the worker's local queue, where FIFO order runs it
 * after the work already there. The check is a scan of a few queue sizes, paid once per
 * {@value #YIELD_EVERY} activations (test: {@code DispatcherFairnessTest}).
 */
public final class DispatcherPool extends ForkJoinPool {

    /** How often (in activations per worker) a worker looks for external submissions. */
    static final int YIELD_EVERY = 32;

    /**
     * Starts the pool.
     *
     * @param parallelism the number of worker threads
     * @param systemName for thread names
     * @param handler for what escapes a task
     */
    public DispatcherPool(int parallelism, String systemName, Thread.UncaughtExceptionHandler handler) {
        super(parallelism, p -> new Worker(p, systemName), handler, true);
    }

    /** A worker with an activation counter (touched only by itself). */
    static final class Worker extends ForkJoinWorkerThread {
        private int activations;

        private final String systemName;

        Worker(ForkJoinPool pool, String systemName) {
            super(null, pool, true);
            this.systemName = systemName;
            setName("cadre-" + systemName + "-dispatcher");
        }

        @Override
        protected void onStart() {
            super.onStart();
            // the pool index is known only once the pool has registered the thread
            setName("cadre-" + systemName + "-dispatcher-" + getPoolIndex());
        }
    }

    /**
     * Called at the end of every activation on a worker of this pool.
     *
     * @param batchExhausted the actor used its whole throughput batch
     */
    public void afterActivation(boolean batchExhausted) {
        if (Thread.currentThread() instanceof Worker w && ((++w.activations & (YIELD_EVERY - 1)) == 0
                || batchExhausted)) {
            yieldToSubmissions();
        }
    }

    /** Let one waiting external submission in. */
    void yieldToSubmissions() {
        if (hasQueuedSubmissions()) {
            ForkJoinTask<?> t = pollSubmission();
            if (t != null) {
                execute(t); // from a worker: pushed to its local (FIFO) queue
            }
        }
    }
}
