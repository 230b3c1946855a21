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
 *
 * <p><b>The run-next slot.</b> When an actor running on a worker readies another (the usual case:
 * it sent the other a message), pushing the other onto the local queue wakes an idle worker,
 * which steals it: every message of a ping-pong then pays a park and an unpark, and the pair
 * bounces between cores. So a worker keeps the actor readied last in its own slot and runs it as
 * soon as the current activation ends, on the same thread, with the message still in its cache
 * (as Go's {@code runnext} and Tokio's LIFO slot do). Measured: single-pair ping-pong 2.8x
 * faster (cadre-bench/results/core-ab-2/README.md). The rules that keep it fair and safe:
 * <ul>
 *   <li>the slot is used only when the worker's local queue is empty: with work queued, the
 *       readied actor waits its turn as before (it collects more messages meanwhile, and is
 *       handled in batches; a busy worker has no idle neighbour to wake anyway);
 *   <li>a newer readied task takes the slot and the older one goes to the local queue, where any
 *       worker may steal it;
 *   <li>at most {@value #CHAIN_LIMIT} tasks run in a row through the slot; then the slot's task
 *       goes to the tail of the local queue, behind the work waiting there;
 *   <li>the running task never takes the slot itself (an actor with work left after its batch goes
 *       behind the others, as without the slot);
 *   <li>the slot is emptied to the local queue whenever the running actor may go on for long: it
 *       takes a second message in the same activation, it asks (it may block on the answer), or it
 *       blocks on a full mailbox. Blocking on anything else (a latch, a sleep) in an actor on the
 *       pool delays the actor it readied last until the handler returns; actors that block belong
 *       on virtual threads ({@code Props.virtualThreads()}).
 * </ul>
 *
 * <p><b>Who touches what.</b> {@code Worker.activations}, {@code Worker.next} and
 * {@code Worker.current} are plain fields read and written only by their own worker thread (every
 * access goes through {@code Thread.currentThread()}); a task in the slot is published to other
 * threads only by {@link ForkJoinPool#execute}, which happens-before its run elsewhere.
 */
public final class DispatcherPool extends ForkJoinPool {

    /** How often (in activations per worker) a worker looks for external submissions. */
    static final int YIELD_EVERY = 32;

    /** How many tasks a worker runs in a row through its run-next slot before it queues the next one. */
    static final int CHAIN_LIMIT = 32;

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

    /** A worker with an activation counter and a run-next slot (both touched only by itself). */
    static final class Worker extends ForkJoinWorkerThread {
        private int activations;
        /** The task the current chain readied last, run by this worker as soon as the chain's current task ends. */
        private ForkJoinTask<?> next;
        /** The task this worker's chain is running, or null outside {@link #runChain}. */
        private Runnable current;

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

    /**
     * Schedules {@code task}. From a worker of this pool that is running a chain and has nothing
     * queued locally, the task goes to the worker's run-next slot (the task that was there, if any,
     * goes to the local queue, where other workers may steal it); from anywhere else, for the
     * running task itself (an actor that still has work after its batch goes behind the others),
     * and when the worker has queued work (it waits its turn, and collects more messages
     * meanwhile), to the pool as usual.
     *
     * @param task the task
     */
    public void schedule(ForkJoinTask<?> task) {
        if (Thread.currentThread() instanceof Worker w && w.current != null && w.current != task
                && w.getPool() == this && ForkJoinTask.getQueuedTaskCount() == 0) {
            ForkJoinTask<?> previous = w.next;
            w.next = task;
            if (previous != null) {
                execute(previous);
            }
        } else {
            execute(task);
        }
    }

    /**
     * Moves the current worker's run-next task, if any, to its local queue, where an idle worker
     * may steal it. Called before the current task may go on for long: it has more messages to
     * process, or it is about to block.
     */
    public static void releaseNext() {
        if (Thread.currentThread() instanceof Worker w && w.next != null) {
            ForkJoinTask<?> t = w.next;
            w.next = null;
            w.getPool().execute(t);
        }
    }

    /**
     * Runs {@code first} on the current worker, then the tasks it readied into the run-next slot,
     * one after another, at most {@value #CHAIN_LIMIT} in a row (then the slot's task goes to the
     * local queue's tail, behind the work waiting there).
     *
     * @param first the task this worker took from a queue
     */
    public static void runChain(Runnable first) {
        if (!(Thread.currentThread() instanceof Worker w) || w.current != null) {
            first.run();
            return;
        }
        w.current = first;
        try {
            first.run();
            for (int n = 1; w.next != null; n++) {
                ForkJoinTask<?> t = w.next;
                w.next = null;
                if (n == CHAIN_LIMIT) {
                    w.getPool().execute(t);
                    break;
                }
                Runnable r = (Runnable) t;
                w.current = r;
                r.run();
            }
        } finally {
            w.current = null;
            releaseNext();
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
