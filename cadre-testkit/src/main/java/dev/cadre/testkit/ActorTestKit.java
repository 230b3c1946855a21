package dev.cadre.testkit;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.ActorSystemConfig;
import dev.cadre.actor.Behavior;
import dev.cadre.internal.runtime.ActorSystemImpl;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

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
 *
 * <p><b>Deterministic kits</b> ({@link #deterministic(long)}): every actor runs on the test's
 * thread, in an order chosen by a seeded {@link SchedulingStrategy}, on {@link ManualTime virtual
 * time}. Probes, {@link #await} and {@link ManualTime#advance} run the system while they wait; a
 * timer of an hour fires in microseconds; "no message" is exact. The same seed gives the same
 * execution ({@link DeterministicScheduler#traceHash()}). See {@link DeterministicScheduler} for
 * what cannot be deterministic.
 */
public final class ActorTestKit implements AutoCloseable {

    /** Default time a probe waits for an expected message. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final ActorSystem system;
    private final Duration timeout;
    private final AtomicInteger probes = new AtomicInteger();
    /** Null for a kit on real threads. */
    private final @Nullable DeterministicScheduler scheduler;
    private final Waiting waiting;
    private Faults.@Nullable Injector faults;

    private ActorTestKit(ActorSystem system, Duration timeout, @Nullable DeterministicScheduler scheduler) {
        this.system = system;
        this.timeout = timeout;
        this.scheduler = scheduler;
        this.waiting = scheduler == null ? Waiting.REAL : Waiting.deterministic(scheduler);
    }

    /**
     * A deterministic kit: a system named {@code test} whose actors all run on this thread, chosen
     * by a random strategy seeded with {@code seed}, on virtual time, with no faults injected.
     *
     * @param seed the seed
     * @return the kit
     */
    public static ActorTestKit deterministic(long seed) {
        return deterministic(DeterministicConfig.seed(seed));
    }

    /**
     * A deterministic kit (see {@link DeterministicConfig}). Create and use it on one thread.
     *
     * @param config seed, strategy, faults, system name and settings
     * @return the kit
     */
    public static ActorTestKit deterministic(DeterministicConfig config) {
        Objects.requireNonNull(config, "config");
        DeterministicScheduler s = new DeterministicScheduler(config.seed(), config.strategy());
        Faults.@Nullable Injector injector = config.faults().isEmpty() ? null : config.faults().attach(s);
        ActorSystemImpl system = new ActorSystemImpl(config.name(), config.systemConfig(), s.environment());
        ActorTestKit kit = new ActorTestKit(system, DEFAULT_TIMEOUT, s);
        kit.faults = injector;
        s.runUntilIdle();
        return kit;
    }

    /**
     * {@return every fault injected so far (and those drawn but left out), in order; empty without
     * faults}
     */
    public java.util.List<InjectedFault.Record> injectedFaults() {
        return faults == null ? java.util.List.of() : faults.log();
    }

    /** {@return whether this kit is deterministic} */
    public boolean isDeterministic() {
        return scheduler != null;
    }

    /**
     * The scheduler of a deterministic kit.
     *
     * @return the scheduler
     * @throws IllegalStateException on a kit with real threads
     */
    public DeterministicScheduler scheduler() {
        if (scheduler == null) {
            throw new IllegalStateException("this kit runs on real threads; create it with "
                    + "ActorTestKit.deterministic(seed) for a scheduler and virtual time");
        }
        return scheduler;
    }

    /**
     * The virtual clock of a deterministic kit.
     *
     * @return the clock
     * @throws IllegalStateException on a kit with real threads
     */
    public ManualTime time() {
        return scheduler().time();
    }

    /**
     * Runs the actors of a deterministic kit until none has anything to do (the clock does not move).
     *
     * @return the steps run
     */
    public long runUntilIdle() {
        return scheduler().runUntilIdle();
    }

    /**
     * Waits for a future (an ask, say) and returns its value. On a deterministic kit, runs the
     * system meanwhile, moving virtual time from timer to timer for at most a year of it (an ask
     * always completes by its timeout); on real threads, waits at most the default timeout.
     * Use this, never {@code join()}, on a deterministic kit: nothing runs while the test's thread
     * is blocked.
     *
     * @param stage the future
     * @param <T> its value's type
     * @return its value
     * @throws CompletionException with the cause if it failed
     * @throws AssertionError if it did not complete
     */
    public <T> T await(CompletionStage<T> stage) {
        CompletableFuture<T> f = Objects.requireNonNull(stage, "stage").toCompletableFuture();
        if (scheduler != null) {
            scheduler.runUntil(f::isDone, Duration.ofDays(365));
            if (!f.isDone()) {
                throw new AssertionError("the future never completed (the system is idle and no timer is pending "
                        + "within a year of virtual time)");
            }
            return f.join();
        }
        try {
            return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the future did not complete within " + timeout);
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a future", e);
        }
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
        return new ActorTestKit(ActorSystem.create(name, config), DEFAULT_TIMEOUT, null);
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
        return new TestProbe<>(system, Objects.requireNonNull(name, "name"), timeout, waiting);
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

    /**
     * Terminates the system and waits for it (on a deterministic kit: runs it until it has
     * stopped, with up to an hour of virtual time for stops that wait on timers).
     *
     * @throws AssertionError on a deterministic kit whose system does not stop (naming what is left)
     */
    @Override
    public void close() {
        if (scheduler == null) {
            system.close();
            return;
        }
        CompletableFuture<Void> done = system.whenTerminated().toCompletableFuture();
        system.terminate();
        // Until the guardian has stopped (an event of the run, so the trace stays deterministic);
        // what follows (releasing the system) happens on a thread of its own and changes nothing
        // the scheduler sees.
        ActorSystemImpl impl = (ActorSystemImpl) system;
        scheduler.runUntil(() -> impl.guardianStopped(), Duration.ofHours(1));
        try {
            done.get(30, TimeUnit.SECONDS); // the last step (releasing the system) runs on a thread of its own
        } catch (TimeoutException e) {
            throw new AssertionError("the deterministic system did not stop within an hour of virtual time; left:\n"
                    + ((ActorSystemImpl) system).describeUnfinished());
        } catch (ExecutionException e) {
            throw new AssertionError("the system failed to stop", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
