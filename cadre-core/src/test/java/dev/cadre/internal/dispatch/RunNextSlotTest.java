package dev.cadre.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.ActorSystemConfig;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.Mailbox;
import dev.cadre.actor.Overflow;
import dev.cadre.actor.Props;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's run-next slot: what a task readies is run by the same worker right after it
 * (no hand-off to an idle worker, no wake-up), within a bounded chain, and never left waiting
 * behind a sender that blocks.
 */
class RunNextSlotTest {

    /** A reusable task the way an actor cell is one: {@code exec} runs a chain and never completes. */
    static final class Step extends ForkJoinTask<Void> implements Runnable {
        private final Consumer<Step> body;
        /** Times a worker took this task from a queue (a run from the slot is not counted). */
        final AtomicInteger taken = new AtomicInteger();

        Step(Consumer<Step> body) {
            this.body = body;
        }

        @Override
        protected boolean exec() {
            taken.incrementAndGet();
            DispatcherPool.runChain(this);
            return false;
        }

        @Override
        public void run() {
            body.accept(this);
        }

        @Override
        public Void getRawResult() {
            return null;
        }

        @Override
        protected void setRawResult(Void value) {
        }
    }

    @Test
    void aTaskReadiedByARunningTaskRunsNextOnTheSameWorkerOnceItHasEnded() throws Exception {
        DispatcherPool pool = new DispatcherPool(2, "run-next", (t, e) -> { });
        try {
            // Without the slot the readied task goes to the worker's queue, and the idle second
            // worker, woken for it, steals it: it then runs on another thread, often while the first
            // task is still running. 500 rounds make that near certain.
            for (int round = 0; round < 500; round++) {
                CompletableFuture<String> seen = new CompletableFuture<>();
                Thread[] firstThread = new Thread[1];
                boolean[] firstEnded = new boolean[1];
                Step second = new Step(s -> seen.complete(
                        (Thread.currentThread() == firstThread[0] ? "same thread" : "other thread")
                                + (firstEnded[0] ? ", after" : ", during")));
                Step first = new Step(s -> {
                    firstThread[0] = Thread.currentThread();
                    pool.schedule(second);
                    for (int i = 0; i < 10_000; i++) {
                        Thread.onSpinWait(); // give a thief every chance
                    }
                    firstEnded[0] = true;
                });
                pool.execute((ForkJoinTask<?>) first);
                assertThat(seen.get(30, TimeUnit.SECONDS)).as("round %d", round).isEqualTo("same thread, after");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aChainRunsAtMostTheLimitOfTasksInARowThroughTheSlot() throws Exception {
        DispatcherPool pool = new DispatcherPool(1, "run-next-limit", (t, e) -> { });
        try {
            int steps = 10 * DispatcherPool.CHAIN_LIMIT;
            CompletableFuture<Void> done = new CompletableFuture<>();
            int[] step = {0};
            Step[] pair = new Step[2]; // two tasks readying each other, like a ping-pong pair of actors
            for (int i = 0; i < 2; i++) {
                int other = 1 - i;
                pair[i] = new Step(s -> {
                    if (++step[0] < steps) {
                        pool.schedule(pair[other]);
                    } else {
                        done.complete(null);
                    }
                });
            }
            pool.execute((ForkJoinTask<?>) pair[0]);
            done.get(30, TimeUnit.SECONDS);
            // every CHAIN_LIMIT-th step went through the queue (where another worker could take it)
            assertThat(pair[0].taken.get() + pair[1].taken.get()).isEqualTo(steps / DispatcherPool.CHAIN_LIMIT);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aReadiedTaskWaitsItsTurnWhenTheWorkerHasQueuedWork() throws Exception {
        DispatcherPool pool = new DispatcherPool(1, "run-next-queued", (t, e) -> { });
        try {
            List<String> order = Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<Void> done = new CompletableFuture<>();
            Step readied = new Step(s -> {
                order.add("readied");
                done.complete(null);
            });
            Step queued = new Step(s -> order.add("queued"));
            Step first = new Step(s -> {
                order.add("first");
                pool.execute((ForkJoinTask<?>) queued); // from the worker: its local queue
                pool.schedule(readied);
            });
            pool.execute((ForkJoinTask<?>) first);
            done.get(30, TimeUnit.SECONDS);
            assertThat(order).containsExactly("first", "queued", "readied");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTaskThatReadiesItselfGoesThroughTheQueue() throws Exception {
        DispatcherPool pool = new DispatcherPool(1, "run-next-self", (t, e) -> { });
        try {
            CompletableFuture<Void> done = new CompletableFuture<>();
            int[] step = {0};
            Step self = new Step(s -> {
                if (++step[0] < 3) {
                    pool.schedule(s); // an actor with work left after its batch: back of the queue
                } else {
                    done.complete(null);
                }
            });
            pool.execute((ForkJoinTask<?>) self);
            done.get(30, TimeUnit.SECONDS);
            assertThat(self.taken.get()).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anActorThatAsksAndBlocksOnTheAnswerIsAnsweredByTheActorItReadied() throws Exception {
        try (ActorSystem system = ActorSystem.create("run-next-ask", ActorSystemConfig.defaults().withParallelism(2))) {
            ActorRef<ActorRef<String>> echo = system.spawn(Behaviors.receiveMessage(r -> {
                r.tell("pong");
                return Behaviors.same();
            }), "echo");
            LinkedBlockingQueue<String> results = new LinkedBlockingQueue<>();
            ActorRef<String> blocking = system.spawn(Behaviors.receiveMessage(m -> {
                // Blocking on a pool thread is discouraged, but it must not wait on itself: the ask
                // readied `echo`, which must not sit in this worker's run-next slot meanwhile.
                try {
                    results.add(echo.<String>ask(r -> r, Duration.ofSeconds(30)).get(60, TimeUnit.SECONDS));
                } catch (Exception e) {
                    results.add("failed: " + e);
                }
                return Behaviors.same();
            }), "blocking");
            for (int i = 0; i < 50; i++) {
                blocking.tell("go");
                assertThat(results.poll(90, TimeUnit.SECONDS)).isEqualTo("pong");
            }
        }
    }

    @Test
    void aSenderBlockedOnAFullMailboxIsNotWaitingOnTheConsumerItReadied() throws Exception {
        try (ActorSystem system = ActorSystem.create("run-next-block", ActorSystemConfig.defaults().withParallelism(2))) {
            LinkedBlockingQueue<Integer> received = new LinkedBlockingQueue<>();
            ActorRef<Integer> consumer = system.spawn(Behaviors.<Integer>receiveMessage(n -> {
                received.add(n);
                return Behaviors.same();
            }), "consumer", Props.defaults().withMailbox(Mailbox.bounded(1, Overflow.block(Duration.ofMinutes(1)))));
            ActorRef<String> producer = system.spawn(Behaviors.<String>receiveMessage(m -> {
                consumer.tell(1); // readies the consumer: this worker's run-next slot
                consumer.tell(2); // full: blocks until the consumer, run by the other worker, makes room
                return Behaviors.same();
            }), "producer");
            producer.tell("go");
            assertThat(received.poll(90, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(received.poll(90, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(system.deadLetters().count()).isZero();
        }
    }
}
