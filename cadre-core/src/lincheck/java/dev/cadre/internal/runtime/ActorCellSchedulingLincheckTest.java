package dev.cadre.internal.runtime;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystemConfig;
import dev.cadre.actor.Behaviors;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * The scheduling status word and the system-message stack of a real {@link ActorCell}: senders on
 * several threads tell it messages and stop it (a system message), while a dispatcher thread runs
 * its activations. After every interleaving: no lost wake-up (every message was either handled or
 * became a dead letter once the actor had stopped; nothing is left queued with no activation
 * pending), and the handler never ran on two threads at once.
 */
public class ActorCellSchedulingLincheckTest {

    /** A dispatcher that only records: the test's "dispatcher" operation runs what it recorded. */
    static final class Recording implements RuntimeEnvironment {
        final ConcurrentLinkedQueue<ActorCell<?>> dispatched = new ConcurrentLinkedQueue<>();

        @Override
        public Timing timing(String systemName) {
            return new Timing() {
                @Override
                public long nanoTime() {
                    return 0;
                }

                @Override
                public double nextRandom() {
                    return 0.5;
                }

                @Override
                public ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
                    return RealEnvironment.CancelledTimer.INSTANCE; // no timers in this test
                }

                @Override
                public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, long initial, long period) {
                    return RealEnvironment.CancelledTimer.INSTANCE;
                }

                @Override
                public int pendingTasks() {
                    return 0;
                }

                @Override
                public void shutdown() {
                }
            };
        }

        @Override
        public Dispatching dispatching(String systemName, ActorSystemConfig config) {
            return new Dispatching() {
                @Override
                public void execute(ActorCell<?> cell, boolean virtualThread) {
                    dispatched.add(cell);
                }

                @Override
                public void afterActivation(boolean batchExhausted) {
                }

                @Override
                public boolean runsActors(Thread t) {
                    return false;
                }

                @Override
                public void shutdown() {
                }

                @Override
                public boolean awaitTermination(long nanos) {
                    return true;
                }

                @Override
                public void shutdownNow() {
                }
            };
        }
    }

    private final Recording env = new Recording();
    private final ActorSystemImpl system =
            new ActorSystemImpl("lincheck", ActorSystemConfig.defaults().withThroughput(2), env);
    private final AtomicInteger told = new AtomicInteger();
    private final AtomicInteger handled = new AtomicInteger();
    private final AtomicInteger inHandler = new AtomicInteger();
    private final ActorRef<Integer> actor;

    public ActorCellSchedulingLincheckTest() {
        actor = system.spawn(Behaviors.<Integer>receiveMessage(m -> {
            if (inHandler.incrementAndGet() != 1) {
                throw new IllegalStateException("two threads in one actor's handler");
            }
            handled.incrementAndGet();
            inHandler.decrementAndGet();
            return Behaviors.same();
        }), "subject");
        drain(); // the guardian and the actor have started; the actor is idle
    }

    private void drain() {
        ActorCell<?> c;
        while ((c = env.dispatched.poll()) != null) {
            c.run();
        }
    }

    @Operation
    public void tell(int v) {
        told.incrementAndGet();
        actor.tell(v);
    }

    @Operation(runOnce = true)
    public void stop() {
        system.stop(actor); // a system message, pushed on the stack from this thread
    }

    @Operation(nonParallelGroup = "dispatcher")
    public void dispatch() {
        ActorCell<?> c = env.dispatched.poll();
        if (c != null) {
            c.run(); // one activation, as a dispatcher thread would
        }
    }

    @Validate
    public void nothingIsLostAndNoWakeUpIsMissed() {
        drain();
        long dead = system.deadLetters().count();
        if (handled.get() + dead != told.get()) {
            throw new IllegalStateException("told " + told + " = handled " + handled + " + dead letters " + dead
                    + " does not hold: a message was lost (or a wake-up missed)");
        }
    }

    @Test
    void modelChecking() {
        new ModelCheckingOptions().iterations(LincheckBudget.ITERATIONS)
                .invocationsPerIteration(LincheckBudget.INVOCATIONS).threads(3).actorsPerThread(2)
                .check(getClass());
    }

    @Test
    void stress() {
        new StressOptions().iterations(LincheckBudget.ITERATIONS).invocationsPerIteration(LincheckBudget.INVOCATIONS)
                .threads(3).actorsPerThread(2).check(getClass());
    }
}
