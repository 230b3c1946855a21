package dev.cadre.testkit;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.Props;
import dev.cadre.actor.SupervisionEvent;
import dev.cadre.internal.runtime.ActorCell;
import dev.cadre.internal.runtime.RuntimeEnvironment;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Runs one behaviour synchronously, on the test's thread, and shows what it did: the
 * {@link Effect}s (spawned, stopped, watched, linked, timers started and cancelled, asks made,
 * crashes), the messages it sent (to {@link TestInbox}es and to its children, which the kit
 * replaces by inboxes), and its stash. The test answers its asks ({@link #reply}) and fires its
 * timers ({@link #fireTimer}, or {@link #time()} to move the clock).
 *
 * <pre>{@code
 * var kit = BehaviorTestKit.<Shop.Msg>create();
 * TestInbox<Stock.Msg> stock = kit.createTestInbox();             // collaborators first
 * kit.start(Shop.create(stock.ref()));                             // then the behaviour (its setup runs)
 * TestInbox<Receipt> buyer = kit.createTestInbox();
 * kit.run(new Shop.Buy("apple", buyer.ref()));
 * var asked = kit.expectEffectClass(Effect.Asked.class);          // the shop asked the stock
 * kit.reply(asked, new Stock.Reserved("apple"));                   // the stock's answer
 * buyer.expectMessage(new Receipt("apple"));
 * kit.expectEffect(new Effect.TimerStarted("expire", new Shop.Expire("apple"), Duration.ofMinutes(5), false));
 * kit.fireTimer("expire");
 * }</pre>
 *
 * <p>It is the real runtime underneath (a deterministic system with one real actor), so the
 * behaviour's semantics are exactly production's: setup, {@code same}/{@code stopped}/new state,
 * stash and unstash, local supervision, timers, message adapters, {@code pipeToSelf}.
 *
 * @param <T> the behaviour's message type
 */
public final class BehaviorTestKit<T> implements AutoCloseable {

    private final ActorTestKit kit;
    private final String name;
    private @Nullable ActorRef<T> ref;
    private final List<Effect> effects = new ArrayList<>();
    private final Map<String, TestInbox<?>> childInboxes = new LinkedHashMap<>();
    private final Map<String, ArrayDeque<Object>> childQueues = new HashMap<>();
    private final Map<Object, ScheduledFuture<?>> timers = new HashMap<>();
    private final Map<String, Props> spawningProps = new HashMap<>();
    // Runtime types kept off this class's own members: a type annotation (@Nullable) on a member
    // of a dev.cadre.internal type would make javac need that type wherever this class is read.
    private final Subject subject = new Subject();
    private @Nullable Throwable failure;
    private int inboxes;

    private BehaviorTestKit(String name) {
        this.name = name;
        this.kit = ActorTestKit.deterministic(DeterministicConfig.seed(0).withStrategy(SchedulingStrategy.roundRobin())
                .withName("behavior-testkit"));
        kit.scheduler().addPlugin(new Recorder(name));
        kit.system().supervisionEvents().addListener((Consumer<SupervisionEvent>) e -> {
            ActorCell<?> cell = subject.cell;
            if (e instanceof SupervisionEvent.Failed f && cell != null && f.actor().equals(cell.self())) {
                failure = f.cause();
            }
        });
    }

    /**
     * A kit with the behaviour started at once (for a behaviour that needs no inbox at creation).
     *
     * @param behavior the behaviour under test (its setup runs now)
     * @param <T> its message type
     * @return the kit
     */
    public static <T> BehaviorTestKit<T> create(Behavior<T> behavior) {
        return create(behavior, "testkit");
    }

    /**
     * {@return the kit}
     *
     * @param behavior the behaviour under test (its setup runs now)
     * @param name the actor's name ({@code /user/<name>})
     * @param <T> its message type
     */
    public static <T> BehaviorTestKit<T> create(Behavior<T> behavior, String name) {
        BehaviorTestKit<T> kit = new BehaviorTestKit<>(Objects.requireNonNull(name, "name"));
        kit.start(behavior);
        return kit;
    }

    /**
     * A kit without its behaviour yet: create the inboxes the behaviour needs, then {@link #start} it.
     *
     * @param <T> the behaviour's message type
     * @return the kit
     */
    public static <T> BehaviorTestKit<T> create() {
        return new BehaviorTestKit<>("testkit");
    }

    /**
     * Starts the behaviour under test (its setup runs now).
     *
     * @param behavior the behaviour
     * @return this
     * @throws IllegalStateException if one was started already
     */
    public BehaviorTestKit<T> start(Behavior<T> behavior) {
        Objects.requireNonNull(behavior, "behavior");
        if (ref != null) {
            throw new IllegalStateException("the behaviour under test is already started");
        }
        this.ref = kit.spawn(behavior, name);
        settle();
        return this;
    }

    /** {@return the actor's ref (its self)} */
    public ActorRef<T> ref() {
        return started();
    }

    private ActorRef<T> started() {
        if (ref == null) {
            throw new IllegalStateException("start(behavior) first");
        }
        return ref;
    }

    /**
     * Delivers {@code message} and runs the behaviour until it has nothing left to do (messages
     * to itself and unstashed ones included). The clock does not move.
     *
     * @param message the message
     * @throws RuntimeException what the handler threw, if the actor stopped because of it (a
     *     failure caught by a local supervision rule is an {@link Effect.Crashed} instead)
     */
    public void run(T message) {
        started().tell(Objects.requireNonNull(message, "message"));
        settle();
    }

    /**
     * Fires a timer now (as if its delay had passed), and runs the behaviour.
     *
     * @param key the timer's key
     * @throws AssertionError if no timer with that key is active
     */
    public void fireTimer(Object key) {
        ScheduledFuture<?> task = timers.get(key);
        if (task == null || task.isCancelled()) {
            throw new AssertionError("no active timer with key " + key + "; active: " + activeTimers());
        }
        ManualTime.Task t = (ManualTime.Task) task;
        if (t.period == 0) {
            timers.remove(key);
            t.cancel(false); // fired now, not again when the clock passes it
        }
        t.body.run();
        settle();
    }

    /** {@return the keys of the timers started and not cancelled or fired} */
    public List<Object> activeTimers() {
        List<Object> out = new ArrayList<>();
        timers.forEach((k, t) -> {
            if (!t.isCancelled()) {
                out.add(k);
            }
        });
        return out;
    }

    /**
     * Answers an ask the behaviour made, and runs the behaviour (its {@code pipeToSelf} or adapter).
     *
     * @param ask the effect
     * @param answer the reply
     */
    @SuppressWarnings("unchecked")
    public void reply(Effect.Asked ask, Object answer) {
        ((ActorRef<Object>) ask.replyTo()).tell(Objects.requireNonNull(answer, "answer"));
        settle();
    }

    /**
     * The virtual clock: {@code advance} fires due timers (receive timeouts, ask timeouts too).
     *
     * @return the clock
     */
    public ManualTime time() {
        return kit.time();
    }

    /**
     * {@return a new inbox, to give the behaviour as a ref}
     *
     * @param <U> the message type
     */
    public <U> TestInbox<U> createTestInbox() {
        ArrayDeque<Object> q = new ArrayDeque<>();
        inboxes++;
        ActorRef<U> r = kit.spawn(recorder(q), "inbox-" + inboxes);
        kit.runUntilIdle();
        return new TestInbox<>(r, q);
    }

    /**
     * The inbox that stands for a child the behaviour spawned.
     *
     * @param name the child's name
     * @param <U> its message type
     * @return its inbox
     * @throws AssertionError if no child of that name was spawned
     */
    @SuppressWarnings("unchecked")
    public <U> TestInbox<U> childInbox(String name) {
        TestInbox<?> i = childInboxes.get(name);
        if (i == null) {
            throw new AssertionError("no child named " + name + " was spawned; children: " + childInboxes.keySet());
        }
        return (TestInbox<U>) i;
    }

    /** {@return the effects not yet retrieved, oldest first (they are then gone)} */
    public List<Effect> retrieveAllEffects() {
        List<Effect> out = List.copyOf(effects);
        effects.clear();
        return out;
    }

    /** {@return whether an effect waits} */
    public boolean hasEffects() {
        return !effects.isEmpty();
    }

    /**
     * Takes the next recorded effect and checks it is the one expected.
     *
     * @param expected the effect expected next
     * @throws AssertionError if another effect, or none, is next
     */
    public void expectEffect(Effect expected) {
        Effect e = effects.isEmpty() ? null : effects.remove(0);
        if (!Objects.equals(expected, e)) {
            throw new AssertionError("expected effect " + expected + " but " + (e == null ? "there was none"
                    : "the next was " + e + (effects.isEmpty() ? "" : " (then " + effects + ")")));
        }
    }

    /**
     * {@return it}
     *
     * @param type the class of the effect expected next
     * @param <E> the type
     * @throws AssertionError if the next effect is of another class, or there is none
     */
    public <E extends Effect> E expectEffectClass(Class<E> type) {
        Effect e = effects.isEmpty() ? null : effects.remove(0);
        if (!type.isInstance(e)) {
            throw new AssertionError("expected an effect of class " + type.getSimpleName() + " but "
                    + (e == null ? "there was none" : "the next was " + e));
        }
        return type.cast(e);
    }

    /** {@return the messages in the behaviour's stash now, oldest first (empty without a stash)} */
    public List<Object> stashed() {
        RuntimeEnvironment.StashView stash = subject.stash;
        return stash == null ? List.of() : stash.contents();
    }

    /** {@return whether the actor is still alive (it has not stopped)} */
    public boolean isAlive() {
        return !kit.system().metrics(started()).terminated();
    }

    @Override
    public void close() {
        kit.close();
    }

    private void settle() {
        failure = null;
        kit.runUntilIdle();
        Throwable f = failure;
        failure = null;
        if (f != null) {
            boolean stopped = ref != null && !isAlive();
            effects.add(new Effect.Crashed(f, stopped));
            if (stopped) {
                effects.remove(effects.size() - 1);
                if (f instanceof RuntimeException r) {
                    throw r;
                }
                if (f instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException("the behaviour failed: " + f, f);
            }
        }
    }

    private static <U> Behavior<U> recorder(ArrayDeque<Object> q) {
        return Behaviors.receiveMessage(m -> {
            q.addLast(m);
            return Behaviors.same();
        });
    }

    /** Records the effects of the actor under test; children become inboxes. */
    private final class Recorder implements RuntimeEnvironment.Hooks {
        private final String name;

        Recorder(String name) {
            this.name = name;
        }

        private boolean isTested(ActorCell<?> c) {
            if (subject.cell == null && c.self().path().equals("/user/" + name)) {
                subject.cell = c;
            }
            return c == subject.cell;
        }

        @Override
        public <U> Behavior<U> spawning(ActorCell<?> parent, String childName, Behavior<U> behavior, Props props) {
            if (!isTested(parent)) {
                return behavior;
            }
            spawningProps.put(childName, props);
            ArrayDeque<Object> q = new ArrayDeque<>();
            childQueues.put(childName, q); // its inbox is made once the child (its ref) exists
            return recorder(q);
        }

        @Override
        public void spawned(ActorCell<?> parent, ActorCell<?> child, Behavior<?> declared) {
            isTested(child); // the actor under test itself, spawned by the kit: now it is known
            if (!isTested(parent)) {
                return;
            }
            String childName = child.self().name();
            // spawning(...) saw this child first: its queue and props are there
            ArrayDeque<Object> q = Objects.requireNonNull(childQueues.remove(childName), childName);
            Props props = Objects.requireNonNull(spawningProps.remove(childName), childName);
            childInboxes.put(childName, new TestInbox<>(child.self(), q));
            effects.add(new Effect.Spawned(childName, declared, props, child.self()));
        }

        @Override
        public void stopping(ActorCell<?> parent, ActorCell<?> child) {
            if (isTested(parent)) {
                effects.add(new Effect.Stopped(child.self().name()));
            }
        }

        @Override
        public void watching(ActorCell<?> watcher, ActorCell<?> target, boolean watch) {
            if (isTested(watcher)) {
                effects.add(watch ? new Effect.Watched(target.self()) : new Effect.Unwatched(target.self()));
            }
        }

        @Override
        public void linking(ActorCell<?> c, ActorCell<?> other, boolean link) {
            if (isTested(c)) {
                effects.add(link ? new Effect.Linked(other.self()) : new Effect.Unlinked(other.self()));
            }
        }

        @Override
        public void timerStarted(ActorCell<?> c, Object key, Object message, long delayNanos, long periodNanos,
                ScheduledFuture<?> task) {
            if (isTested(c)) {
                timers.put(key, task);
                effects.add(new Effect.TimerStarted(key, message, Duration.ofNanos(delayNanos), periodNanos > 0));
            }
        }

        @Override
        public void timerCancelled(ActorCell<?> c, Object key) {
            if (isTested(c)) {
                timers.remove(key);
                effects.add(new Effect.TimerCancelled(key));
            }
        }

        @Override
        public void asked(ActorRef<?> target, Object request, ActorRef<?> replyTo, long timeoutNanos) {
            ActorHandle running = kit.scheduler().running();
            if (subject.cell != null && running != null && running.cell == subject.cell) {
                effects.add(new Effect.Asked(target, request, replyTo, Duration.ofNanos(timeoutNanos)));
            }
        }

        @Override
        public void stashCreated(ActorCell<?> c, RuntimeEnvironment.StashView s) {
            if (isTested(c)) {
                subject.stash = s;
            }
        }
    }

    /** The actor under test, once the kit has seen it spawn, and its stash. */
    private static final class Subject {
        @Nullable ActorCell<?> cell;
        RuntimeEnvironment.@Nullable StashView stash;
    }
}
