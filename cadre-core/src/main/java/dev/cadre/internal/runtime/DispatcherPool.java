package dev.cadre.internal.runtime;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * INTERNAL API. The shared dispatcher: a FIFO (async-mode) {@link ForkJoinPool} that is fair to
 * work submitted from outside the pool.
 *
 * <p><b>Why a subclass.</b> A ForkJoinPool worker keeps running tasks from its own local queue
 * for as long as that queue is non-empty, and scans the external submission queues only when it
 * runs dry ({@code WorkQueue.topLevelExec} in JDK 21-25). Actors that stay busy (a ping-pong, an
 * actor telling itself) re-schedule themselves onto the local queue forever, so an actor woken
 * from a plain thread (a top-level tell, a shutdown request) could wait indefinitely. Whenever an
 * actor yields after a full throughput batch, {@link #yieldToSubmissions()} moves one external
 * submission, if there is one, onto the current worker's local queue, where FIFO order runs it
 * after the work already there. The check is a scan of a few queue sizes, paid once per batch.
 */
final class DispatcherPool extends ForkJoinPool {

    DispatcherPool(int parallelism, String systemName, Thread.UncaughtExceptionHandler handler) {
        super(parallelism, p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("cadre-" + systemName + "-dispatcher-" + t.getPoolIndex());
            return t;
        }, handler, true);
    }

    /** Called on a worker of this pool: let one waiting external submission in. */
    void yieldToSubmissions() {
        if (hasQueuedSubmissions()) {
            ForkJoinTask<?> t = pollSubmission();
            if (t != null) {
                execute(t); // from a worker: pushed to its local (FIFO) queue
            }
        }
    }
}
