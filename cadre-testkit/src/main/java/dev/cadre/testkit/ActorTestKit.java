package dev.cadre.testkit;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.ActorSystemConfig;
import dev.cadre.actor.Behavior;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An actor system for tests, with probes. Close it (or use {@link CadreExtension}) to stop every
 * actor it started.
 *
 * <pre>{@code
 * try (var kit = ActorTestKit.create()) {
 *     TestProbe<Integer> probe = kit.createTestProbe();
 *     var counter = kit.spawn(counter(0), "counter");
 *     counter.tell(new Counter.Get(probe.ref()));
 *     probe.expectMessage(0);
 * }
 * }</pre>
 */
public final class ActorTestKit implements AutoCloseable {

    /** Default time a probe waits for an expected message. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final ActorSystem system;
    private final Duration timeout;
    private final AtomicInteger probes = new AtomicInteger();

    private ActorTestKit(ActorSystem system, Duration timeout) {
        this.system = system;
        this.timeout = timeout;
    }

    /**
     * A kit with a fresh system named {@code test} and default settings.
     *
     * @return the kit
     */
    public static ActorTestKit create() {
        return create("test");
    }

    /**
     * A kit with a fresh system.
     *
     * @param name the system's name
     * @return the kit
     */
    public static ActorTestKit create(String name) {
        return create(name, ActorSystemConfig.defaults());
    }

    /**
     * A kit with a fresh system.
     *
     * @param name the system's name
     * @param config the system's settings
     * @return the kit
     */
    public static ActorTestKit create(String name, ActorSystemConfig config) {
        return new ActorTestKit(ActorSystem.create(name, config), DEFAULT_TIMEOUT);
    }

    /**
     * The system under test.
     *
     * @return the system
     */
    public ActorSystem system() {
        return system;
    }

    /**
     * A new probe with a generated name.
     *
     * @param <T> the message type it accepts
     * @return the probe
     */
    public <T> TestProbe<T> createTestProbe() {
        return createTestProbe("probe-" + probes.incrementAndGet());
    }

    /**
     * A new probe.
     *
     * @param name the probe actor's name (unique among top-level actors)
     * @param <T> the message type it accepts
     * @return the probe
     */
    public <T> TestProbe<T> createTestProbe(String name) {
        return new TestProbe<>(system, Objects.requireNonNull(name, "name"), timeout);
    }

    /**
     * A new probe for messages of {@code type} (for type inference only).
     *
     * @param type the message class
     * @param <T> the message type it accepts
     * @return the probe
     */
    public <T> TestProbe<T> createTestProbe(Class<T> type) {
        Objects.requireNonNull(type, "type");
        return createTestProbe();
    }

    /**
     * Spawns a top-level actor.
     *
     * @param behavior its behaviour
     * @param name its name
     * @param <T> its message type
     * @return its ref
     */
    public <T> ActorRef<T> spawn(Behavior<T> behavior, String name) {
        return system.spawn(behavior, name);
    }

    /**
     * Spawns a top-level actor with a generated name.
     *
     * @param behavior its behaviour
     * @param <T> its message type
     * @return its ref
     */
    public <T> ActorRef<T> spawn(Behavior<T> behavior) {
        return system.spawnAnonymous(behavior);
    }

    /**
     * Stops an actor and waits until it has terminated.
     *
     * @param ref the actor
     * @throws AssertionError if it does not terminate within the default timeout
     */
    public void stop(ActorRef<?> ref) {
        TestProbe<Object> probe = createTestProbe();
        probe.watch(ref);
        system.stop(ref);
        probe.expectTerminated(ref, timeout);
    }

    /**
     * Retries {@code assertion} until it passes or {@code max} has elapsed, then rethrows its last
     * failure. For state that settles asynchronously (counters, metrics); prefer a probe when the
     * actor can send a message instead.
     *
     * @param max how long to keep trying
     * @param assertion throws {@link AssertionError} while the condition does not hold
     */
    public static void awaitAssert(Duration max, Runnable assertion) {
        long deadline = System.nanoTime() + max.toNanos();
        long pause = 1;
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted in awaitAssert", e);
            }
            pause = Math.min(pause * 2, 50);
        }
    }

    /** Terminates the system and waits for it. */
    @Override
    public void close() {
        system.close();
    }
}
