package dev.cadre.testkit;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.Terminated;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A real actor that records what it receives, for assertions from the test's thread. Give
 * {@link #ref()} to the actor under test (as a reply-to, a subscriber, a child's parent-facing
 * ref) and then assert with the {@code expect...} methods. Every wait has a timeout, and every
 * failure says what arrived instead (or that nothing did).
 *
 * <p>Messages and terminations are kept in two queues, so {@link #expectTerminated} is not
 * confused by messages still waiting to be asserted, and vice versa.
 *
 * <p>Thread-safe for one test thread asserting while actors send. In a deterministic kit
 * ({@link ActorTestKit#deterministic(long)}) every wait runs the system's scheduler on virtual
 * time instead of waiting: a timeout is virtual, and costs no real time.
 *
 * @param <T> the type of message the probe accepts
 */
public final class TestProbe<T> {

    private record Watch(ActorRef<?> target, java.util.concurrent.CountDownLatch done) {
    }

    /** Reaches the probe after every message sent to it before (one mailbox, FIFO by enqueue order). */
    private record Flush(java.util.concurrent.CountDownLatch done) {
    }

    private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    private final BlockingQueue<Terminated> terminations = new LinkedBlockingQueue<>();
    private final ActorRef<Object> actor;
    private final Duration timeout;
    private final Waiting waiting;

    TestProbe(ActorSystem system, String name, Duration timeout, Waiting waiting) {
        this.timeout = timeout;
        this.waiting = waiting;
        this.actor = system.spawn(Behaviors.receive((ctx, msg) -> {
            if (msg instanceof Watch w) {
                ctx.watch(w.target());
                w.done().countDown();
            } else if (msg instanceof Flush f) {
                f.done().countDown();
            } else {
                messages.add(msg);
            }
            return Behaviors.same();
        }).onSignal((ctx, signal) -> {
            if (signal instanceof Terminated t) {
                terminations.add(t);
            }
            return Behaviors.same();
        }), name);
    }

    /**
     * The probe's ref, to hand to the code under test.
     *
     * @return the ref
     */
    public ActorRef<T> ref() {
        return actor.unsafeCast();
    }

    /**
     * Waits for the next message and checks it equals {@code expected}.
     *
     * @param expected the message expected next
     * @return the message received
     * @throws AssertionError if another message or none arrives within the default timeout
     */
    public T expectMessage(T expected) {
        return expectMessage(expected, timeout);
    }

    /**
     * Waits for the next message and checks it equals {@code expected}.
     *
     * @param expected the message expected next
     * @param max how long to wait
     * @return the message received
     * @throws AssertionError if another message or none arrives in time
     */
    public T expectMessage(T expected, Duration max) {
        Objects.requireNonNull(expected, "expected");
        T got = receiveMessage(max, "expected message " + expected);
        if (!expected.equals(got)) {
            throw new AssertionError("probe " + actor.path() + " expected message " + expected + " but received "
                    + describe(got));
        }
        return got;
    }

    /**
     * Waits for the next message and checks its class.
     *
     * @param type the class expected (the message may be a subclass)
     * @param <M> the expected type
     * @return the message received
     * @throws AssertionError if a message of another class or none arrives within the default timeout
     */
    public <M extends T> M expectMessageClass(Class<M> type) {
        return expectMessageClass(type, timeout);
    }

    /**
     * Waits for the next message and checks its class.
     *
     * @param type the class expected (the message may be a subclass)
     * @param max how long to wait
     * @param <M> the expected type
     * @return the message received
     * @throws AssertionError if a message of another class or none arrives in time
     */
    public <M extends T> M expectMessageClass(Class<M> type, Duration max) {
        Objects.requireNonNull(type, "type");
        T got = receiveMessage(max, "expected a message of class " + type.getName());
        if (!type.isInstance(got)) {
            throw new AssertionError("probe " + actor.path() + " expected a message of class " + type.getName()
                    + " but received " + describe(got));
        }
        return type.cast(got);
    }

    /**
     * Waits for the next message, whatever it is.
     *
     * @return the message
     * @throws AssertionError if none arrives within the default timeout
     */
    public T receiveMessage() {
        return receiveMessage(timeout, "expected a message");
    }

    /**
     * Waits for the next message, whatever it is.
     *
     * @param max how long to wait
     * @return the message
     * @throws AssertionError if none arrives in time
     */
    public T receiveMessage(Duration max) {
        return receiveMessage(max, "expected a message");
    }

    /**
     * Waits for the next {@code n} messages (the timeout is for all of them together).
     *
     * @param n how many
     * @return the messages, in arrival order
     * @throws AssertionError if fewer arrive within the default timeout (the message lists those that did)
     */
    public List<T> receiveMessages(int n) {
        return receiveMessages(n, timeout);
    }

    /**
     * Waits for the next {@code n} messages (the timeout is for all of them together).
     *
     * @param n how many
     * @param max how long to wait for all of them
     * @return the messages, in arrival order
     * @throws AssertionError if fewer arrive in time (the message lists those that did)
     */
    @SuppressWarnings("unchecked")
    public List<T> receiveMessages(int n, Duration max) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, was " + n);
        }
        long deadline = waiting.now() + max.toNanos();
        List<T> out = new ArrayList<>(n);
        while (out.size() < n) {
            Object m = poll(messages, deadline - waiting.now());
            if (m == null) {
                throw new AssertionError("probe " + actor.path() + " expected " + n + " messages within " + max
                        + " but received " + out.size() + ": " + preview(out));
            }
            out.add((T) m);
        }
        return out;
    }

    /**
     * Checks that no message arrives for 100 ms. On a deterministic kit this is exact (the system
     * runs until idle, with 100 ms of virtual time); on real threads it is a wall-clock wait,
     * which can only catch a message that comes early enough.
     *
     * @throws AssertionError naming the message that did arrive
     */
    public void expectNoMessage() {
        expectNoMessage(Duration.ofMillis(100));
    }

    /**
     * Checks that no message arrives for {@code duration}.
     *
     * @param duration how long to watch
     * @throws AssertionError naming the message that did arrive
     */
    public void expectNoMessage(Duration duration) {
        Object m = poll(messages, duration.toNanos());
        if (m != null) {
            throw new AssertionError("probe " + actor.path() + " expected no message for " + duration
                    + " but received " + describe(m));
        }
    }

    /**
     * Checks that no message has arrived so far: every message sent to the probe before this call
     * (in happens-before order: a send the caller knows has happened) is taken into account,
     * without a time window. It waits only for the probe to catch up with its mailbox; it cannot
     * see a message sent later (use it once whatever could have sent one has finished, stopped or
     * been blocked, e.g. after {@link #expectTerminated}).
     *
     * @throws AssertionError naming the message that did arrive
     */
    public void expectNoMessageSoFar() {
        var done = new java.util.concurrent.CountDownLatch(1);
        actor.tell(new Flush(done));
        if (!waiting.await(done, timeout.toNanos())) {
            throw new AssertionError("probe " + actor.path() + " did not catch up with its mailbox within " + timeout);
        }
        Object m = messages.poll();
        if (m != null) {
            throw new AssertionError("probe " + actor.path() + " expected no message so far but received " + describe(m));
        }
    }

    /**
     * Watches {@code target} and waits until it has stopped (also if it already had: then the
     * reason is {@link dev.cadre.actor.ExitReason#NO_SUCH_ACTOR}, as in Erlang; {@link #watch} it
     * before it stops to learn its real reason).
     *
     * @param target the actor expected to stop
     * @return the {@link Terminated} signal, with its exit reason
     * @throws AssertionError if it does not stop within the default timeout
     */
    public Terminated expectTerminated(ActorRef<?> target) {
        return expectTerminated(target, timeout);
    }

    /**
     * Watches {@code target} and waits until it has stopped (also if it already had).
     *
     * @param target the actor expected to stop
     * @param max how long to wait
     * @return the {@link Terminated} signal, with its exit reason
     * @throws AssertionError if it does not stop in time
     */
    public Terminated expectTerminated(ActorRef<?> target, Duration max) {
        Objects.requireNonNull(target, "target");
        actor.tell(new Watch(target, new java.util.concurrent.CountDownLatch(1)));
        long deadline = waiting.now() + max.toNanos();
        List<Terminated> others = new ArrayList<>();
        try {
            while (true) {
                Terminated t = poll(terminations, deadline - waiting.now());
                if (t == null) {
                    throw new AssertionError("probe " + actor.path() + " expected " + target.path()
                            + " to terminate within " + max + " but it did not"
                            + (others.isEmpty() ? "" : "; other actors terminated: " + others));
                }
                if (t.ref().equals(target)) {
                    return t;
                }
                others.add(t);
            }
        } finally {
            terminations.addAll(others);
        }
    }

    /**
     * Watches {@code target}, so a later {@link #expectTerminated} is sure to see its end and its
     * real exit reason. Returns once the watch is in place: whatever the caller does to the target
     * afterwards (a message that makes it fail, a stop) is seen by the watch.
     *
     * @param target the actor to watch
     * @throws AssertionError if the probe does not set up the watch within the default timeout
     */
    public void watch(ActorRef<?> target) {
        var done = new java.util.concurrent.CountDownLatch(1);
        actor.tell(new Watch(Objects.requireNonNull(target, "target"), done));
        if (!waiting.await(done, timeout.toNanos())) {
            throw new AssertionError("probe " + actor.path() + " did not set up its watch of " + target.path()
                    + " within " + timeout);
        }
    }

    @SuppressWarnings("unchecked")
    private T receiveMessage(Duration max, String what) {
        Object m = poll(messages, max.toNanos());
        if (m == null) {
            throw new AssertionError("probe " + actor.path() + " " + what + " within " + max
                    + " but no message arrived");
        }
        return (T) m;
    }

    private <E> E poll(BlockingQueue<E> q, long nanos) {
        return waiting.poll(q, nanos);
    }

    private String describe(Object m) {
        String more = messages.isEmpty() ? "" : " (then " + messages.size() + " more queued)";
        return m + " of class " + m.getClass().getName() + more;
    }

    private static String preview(List<?> got) {
        return got.size() <= 10 ? got.toString() : got.subList(0, 10) + " ...";
    }
}
