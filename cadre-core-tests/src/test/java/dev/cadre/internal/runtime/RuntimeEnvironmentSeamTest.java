package dev.cadre.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystemConfig;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.Directive;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The seam the testkit builds on: a system can run on a clock and a dispatcher the test controls.
 * Here a minimal one: every activation runs on the test's thread when the test says so, and time
 * moves only when the test advances it. A restart with a one-hour backoff happens "an hour later"
 * in microseconds of real time.
 */
class RuntimeEnvironmentSeamTest {

    /** Single-threaded: activations queue up; time is a number the test sets. */
    static final class ManualEnvironment implements RuntimeEnvironment {
        final ArrayDeque<ActorCell<?>> ready = new ArrayDeque<>();
        final PriorityQueue<Task> tasks = new PriorityQueue<>();
        long now;
        long seq;

        final class Task implements ScheduledFuture<Object>, Comparable<Delayed> {
            final long due;
            final long order = seq++;
            final Runnable body;
            final long period;
            boolean cancelled;

            Task(long due, Runnable body, long period) {
                this.due = due;
                this.body = body;
                this.period = period;
            }

            @Override
            public long getDelay(TimeUnit unit) {
                return unit.convert(due - now, TimeUnit.NANOSECONDS);
            }

            @Override
            public int compareTo(Delayed o) {
                Task t = (Task) o;
                return due != t.due ? Long.compare(due, t.due) : Long.compare(order, t.order);
            }

            @Override
            public boolean cancel(boolean b) {
                cancelled = true;
                return true;
            }

            @Override
            public boolean isCancelled() {
                return cancelled;
            }

            @Override
            public boolean isDone() {
                return cancelled;
            }

            @Override
            public Object get() {
                return null;
            }

            @Override
            public Object get(long t, TimeUnit u) {
                return null;
            }
        }

        @Override
        public Timing timing(String systemName) {
            return new Timing() {
                @Override
                public long nanoTime() {
                    return now;
                }

                @Override
                public double nextRandom() {
                    return 0.5;
                }

                @Override
                public ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
                    Task t = new Task(now + Math.min(delayNanos, Long.MAX_VALUE / 4), task, 0);
                    tasks.add(t);
                    return t;
                }

                @Override
                public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, long initial, long period) {
                    Task t = new Task(now + initial, task, period);
                    tasks.add(t);
                    return t;
                }

                @Override
                public int pendingTasks() {
                    return (int) tasks.stream().filter(t -> !t.cancelled).count();
                }

                @Override
                public void shutdown() {
                    tasks.clear();
                }
            };
        }

        @Override
        public Dispatching dispatching(String systemName, ActorSystemConfig config) {
            return new Dispatching() {
                @Override
                public void execute(ActorCell<?> cell, boolean virtualThread) {
                    ready.addLast(cell);
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

        /** Runs activations until none is ready. */
        void runUntilIdle() {
            ActorCell<?> c;
            while ((c = ready.pollFirst()) != null) {
                c.run();
            }
        }

        /** Moves time forward to the next due task, runs it, then everything it made ready. */
        void advanceToNextTask() {
            Task t;
            do {
                t = tasks.poll();
            } while (t != null && t.cancelled);
            if (t == null) {
                return;
            }
            now = Math.max(now, t.due);
            t.body.run();
            if (t.period > 0 && !t.cancelled) {
                tasks.add(new Task(now + t.period, t.body, t.period));
            }
            runUntilIdle();
        }
    }

    @Test
    void aSystemRunsOnATestControlledClockAndDispatcher() {
        ManualEnvironment env = new ManualEnvironment();
        ActorSystemImpl system = new ActorSystemImpl("manual", ActorSystemConfig.defaults(), env);
        List<String> log = new ArrayList<>();
        int[] incarnation = {0};
        Behavior<String> flaky = Behaviors.supervise(Behaviors.<String>setup(ctx -> {
            int me = ++incarnation[0];
            log.add("start " + me + " at " + Duration.ofNanos(env.now).toMinutes() + " min");
            return Behaviors.receiveMessage(m -> {
                throw new IllegalStateException(m);
            });
        })).onFailure(Directive.restartWithBackoff(Duration.ofHours(1), Duration.ofHours(2), 0));
        ActorRef<String> ref = system.spawn(flaky, "flaky");
        env.runUntilIdle();
        assertThat(log).containsExactly("start 1 at 0 min");
        ref.tell("boom");
        env.runUntilIdle();
        assertThat(log).hasSize(1); // waiting out the backoff: nothing happens without time
        env.advanceToNextTask();
        assertThat(log).containsExactly("start 1 at 0 min", "start 2 at 60 min");
        system.terminate();
        env.runUntilIdle();
        assertThat(system.whenTerminated().toCompletableFuture()).succeedsWithin(Duration.ofSeconds(10));
    }
}
