package dev.cadre.internal.runtime;

import dev.cadre.actor.ActorMetrics;
import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.ActorSystemConfig;
import dev.cadre.actor.AskTimeoutException;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.DeadLetters;
import dev.cadre.actor.EventTopic;
import dev.cadre.actor.SupervisionEvent;
import dev.cadre.actor.Props;
import dev.cadre.internal.dispatch.DispatcherPool;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API. The system: threads, the user guardian ({@code /user}), dead letters, ask.
 *
 * <p>Threads: a {@link ForkJoinPool} in async (FIFO) mode with one platform thread per core runs
 * ordinary actors; a thread-per-task executor of virtual threads runs actors spawned with
 * {@link Props#virtualThreads()}; one daemon thread runs ask timeouts.
 *
 * <p>Shutdown: {@link #terminate()} sets {@code terminating} (so concurrent top-level spawns
 * fail), then stops the guardian, which stops its subtree children-first. When the guardian has
 * terminated, a short-lived thread shuts the executors down, waits for them (so no handler runs
 * afterwards), and completes {@link #whenTerminated()}.
 *
 * <p><b>Why this file is long.</b> It is the implementation of the whole {@code ActorSystem}
 * interface (spawn, lookup, ask, stop and kill, bounded close, metrics, the topics), each method a
 * few lines handing over to the part that does the work; splitting it would only scatter the
 * interface's implementation over several classes that forward to each other.
 */
public final class ActorSystemImpl implements ActorSystem {
    private static final Logger LOG = LoggerFactory.getLogger("dev.cadre.actor");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    private final String name;
    private final ActorSystemConfig config;
    final int throughput;
    /** Time, delayed tasks, randomness (the testkit may replace them: see {@link RuntimeEnvironment}). */
    final RuntimeEnvironment.Timing timing;
    /** The threads that run the actors. */
    final RuntimeEnvironment.Dispatching dispatching;
    /** What a test observes and injects (see {@link RuntimeEnvironment.Hooks}); null in production. */
    final RuntimeEnvironment.Hooks hooks;
    final DeadLettersImpl deadLetters = new DeadLettersImpl();
    final Topic<SupervisionEvent> supervisionEvents = new Topic<>();
    /** Every actor's stop, for tools ({@code Introspection.terminations()}). */
    final Topic<dev.cadre.actor.Terminated> terminations = new Topic<>();
    final ReceptionistImpl receptionist = new ReceptionistImpl(this);
    private final ActorCell<Object> guardian;
    private final AtomicLong anonymousCounter = new AtomicLong();
    /** Asks not yet answered, so that termination can fail them instead of leaving them hanging. */
    private final java.util.Set<PendingAsk> pendingAsks = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** One waiting ask; identity equality (the default), so each ask is its own set entry. */
    private static final class PendingAsk {
        final CompletableFuture<?> future;
        final ActorRef<?> target;
        final String requestType;

        PendingAsk(CompletableFuture<?> future, ActorRef<?> target, String requestType) {
            this.future = future;
            this.target = target;
            this.requestType = requestType;
        }
    }

    private volatile boolean terminating;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();

    /**
     * Starts a system.
     *
     * @param name the name
     * @param config the settings
     */
    public ActorSystemImpl(String name, ActorSystemConfig config) {
        this(name, config, RuntimeEnvironment.real());
    }

    /**
     * Starts a system in a given environment (the testkit's deterministic one, say).
     *
     * @param name the name
     * @param config the settings
     * @param env where time, delayed tasks and threads come from
     */
    public ActorSystemImpl(String name, ActorSystemConfig config, RuntimeEnvironment env) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(env, "env");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid actor system name '" + name
                    + "': use letters, digits, '-' and '_', starting with a letter or digit");
        }
        this.name = name;
        this.config = config;
        this.throughput = config.throughput();
        this.timing = env.timing(name);
        this.dispatching = env.dispatching(name, config);
        this.hooks = env.hooks(name);
        this.guardian = new ActorCell<>(this, null, "user", Behaviors.ignore(), Props.defaults(), false);
        this.guardian.start();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ActorSystemConfig config() {
        return config;
    }

    /** The user guardian ({@code /user}), for tools. */
    ActorCell<Object> guardian() {
        return guardian;
    }

    /**
     * Whether the user guardian has stopped: every actor of the system has (what a deterministic
     * test runs until; {@link #whenTerminated()} completes a little later, on a thread of its own).
     *
     * @return true once {@code /user} is terminated
     */
    public boolean guardianStopped() {
        return guardian.isTerminated();
    }

    boolean isTerminating() {
        return terminating;
    }

    @Override
    public <T> ActorRef<T> spawn(Behavior<T> behavior, String name) {
        return spawn(behavior, name, Props.defaults());
    }

    @Override
    public <T> ActorRef<T> spawn(Behavior<T> behavior, String name, Props props) {
        ActorNames.validate(name);
        checkRunning(name);
        return Children.spawn(guardian, behavior, name, props, false).self;
    }

    @Override
    public <T> ActorRef<T> spawnAnonymous(Behavior<T> behavior) {
        return spawnAnonymous(behavior, Props.defaults());
    }

    @Override
    public <T> ActorRef<T> spawnAnonymous(Behavior<T> behavior, Props props) {
        long n = anonymousCounter.incrementAndGet();
        checkRunning(ActorNames.anonymous(n));
        return Children.spawn(guardian, behavior, ActorNames.anonymousKey(n), props, false).self;
    }

    private void checkRunning(String childName) {
        if (terminating) {
            throw new IllegalStateException("actor system '" + name + "' is terminating or terminated; cannot spawn '"
                    + childName + "'");
        }
    }

    @Override
    public void stop(ActorRef<?> ref) {
        ActorCell<?> c = ownCell(ref, "stop");
        if (c == guardian) {
            terminate();
        } else {
            c.sendSystem(new SystemMessage.Terminate());
        }
    }

    @Override
    public void stop(ActorRef<?> ref, Duration killAfter) {
        stopCell(ownCell(ref, "stop"), killAfter);
    }

    /** Stop, then kill what has not stopped within {@code killAfter}. */
    void stopCell(ActorCell<?> c, Duration killAfter) {
        Objects.requireNonNull(killAfter, "killAfter");
        if (killAfter.isZero() || killAfter.isNegative()) {
            throw new IllegalArgumentException("killAfter must be positive, was " + killAfter);
        }
        if (c == guardian) {
            terminate();
        } else {
            c.sendSystem(new SystemMessage.Terminate());
        }
        var unused = schedule(() -> { // a watchdog that only logs
            if (!c.isTerminated()) {
                LOG.warn("actor={} event=kill did not stop within {} ms of being asked to", c.path(),
                        killAfter.toMillis());
                Termination.kill(c);
            }
        }, saturatedNanos(killAfter));
    }

    @Override
    public void kill(ActorRef<?> ref) {
        ActorCell<?> c = ownCell(ref, "kill");
        if (c == guardian) {
            terminating = true;
        }
        Termination.kill(c);
    }

    private ActorCell<?> ownCell(ActorRef<?> ref, String what) {
        ActorCell<?> c = CellContext.cellOf(ref, what);
        if (c.system != this) {
            throw new IllegalArgumentException(ref + " belongs to another actor system than '" + name + "'");
        }
        return c;
    }

    @Override
    @SuppressWarnings("StringSplitter") // trailing empty segments dropped, as wanted: "/user/a/" is "/user/a"
    public <T> Optional<ActorRef<T>> lookup(String path) {
        Objects.requireNonNull(path, "path");
        String[] parts = path.split("/");
        // "/user/a/b" -> ["", "user", "a", "b"]
        if (parts.length < 2 || !parts[0].isEmpty() || !parts[1].equals("user")) {
            throw new IllegalArgumentException("invalid actor path '" + path + "': it must start with /user");
        }
        ActorCell<?> c = guardian;
        for (int i = 2; i < parts.length && c != null; i++) {
            c = Children.get(c, parts[i]);
        }
        if (c == null || c.isTerminated()) {
            return Optional.empty();
        }
        return Optional.of(c.self.unsafeCast());
    }

    @Override
    public ActorMetrics metrics(ActorRef<?> ref) {
        return ownCell(ref, "measure").metrics();
    }

    @Override
    public List<ActorMetrics> metricsSnapshot() {
        List<ActorMetrics> out = new ArrayList<>();
        ArrayDeque<ActorCell<?>> todo = new ArrayDeque<>();
        Children.forEach(guardian, todo::addLast);
        while (!todo.isEmpty()) {
            ActorCell<?> c = todo.pollFirst();
            out.add(c.metrics());
            Children.forEach(c, todo::addLast);
        }
        return out;
    }

    @Override
    public EventTopic<SupervisionEvent> supervisionEvents() {
        return supervisionEvents;
    }

    @Override
    public DeadLetters deadLetters() {
        return deadLetters;
    }

    @Override
    public dev.cadre.actor.Receptionist receptionist() {
        return receptionist;
    }

    // --- ask ---

    @SuppressWarnings("FutureReturnValueIgnored") // cleanup callbacks; the ask future is the caller's
    <T, R> CompletableFuture<R> ask(ActorRef<T> target, Function<ActorRef<R>, ? extends T> requestFactory,
            Duration timeout) {
        Objects.requireNonNull(requestFactory, "requestFactory");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        long timeoutNanos = saturatedNanos(timeout);
        PromiseRef<R> replyTo = new PromiseRef<>(this, target.path());
        T request = requestFactory.apply(replyTo);
        if (request == null) {
            throw new NullPointerException("requestFactory returned null for an ask to " + target.path());
        }
        String requestType = request.getClass().getName();
        CompletableFuture<R> future = replyTo.future;
        PendingAsk pending = new PendingAsk(future, target, requestType);
        pendingAsks.add(pending);
        if (threadsReleased) {
            // Raced with (or came after) termination: no timer would ever fire. Fail it now.
            future.completeExceptionally(terminatedBeforeReply(pending));
        } else if (timeoutNanos < NO_TIMEOUT) {
            ScheduledFuture<?> timeoutTask = schedule(() -> future.completeExceptionally(new AskTimeoutException(
                    "ask to " + target.path() + " with " + requestType + " timed out after " + timeout.toMillis()
                            + " ms: the recipient did not reply in time (or is stopped; see dead letters)")),
                    timeoutNanos);
            future.whenComplete((r, e) -> timeoutTask.cancel(false));
        }
        future.whenComplete((r, e) -> pendingAsks.remove(pending));
        if (hooks != null) {
            hooks.asked(target, request, replyTo, timeoutNanos);
        }
        target.tell(request);
        DispatcherPool.releaseNext(); // the asker may block on the future: the target must not wait behind it
        return future;
    }

    /** Timeouts this long (about 146 years) or longer mean "no timeout": no timer is started. */
    private static final long NO_TIMEOUT = Long.MAX_VALUE / 2;

    /** {@code d} in nanoseconds, saturated at {@link Long#MAX_VALUE} instead of overflowing. */
    static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
    }

    private AskTimeoutException terminatedBeforeReply(PendingAsk a) {
        return new AskTimeoutException("actor system '" + name + "' terminated before " + a.target.path()
                + " replied to " + a.requestType);
    }

    /** Runs {@code task} after a delay (see {@link RuntimeEnvironment.Timing#schedule}); never throws. */
    ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        return timing.schedule(task, delayNanos);
    }

    /** The system's clock (virtual in deterministic tests). */
    long nanoTime() {
        return timing.nanoTime();
    }


    /** A repeating timer task (see {@link RuntimeEnvironment.Timing#scheduleAtFixedRate}). */
    ScheduledFuture<?> scheduleAtFixedRate(Runnable task, long delayNanos, long periodNanos) {
        return timing.scheduleAtFixedRate(task, delayNanos, periodNanos);
    }

    /**
     * Asks not yet completed: the leak check for temporary reply-to refs.
     *
     * @return the number of asks whose future has not completed
     */
    public long pendingAsks() {
        return pendingAsks.size();
    }

    /**
     * Timer tasks still live (not cancelled; cancelled ones may wait in the queue for a purge, but
     * hold nothing of the asks they belonged to beyond a completed future): the leak check for
     * timeouts.
     *
     * @return the number of queued timer tasks
     */
    public int pendingTimers() {
        return timing.pendingTasks();
    }

    // --- lifecycle ---

    @Override
    public void terminate() {
        if (!terminating) {
            terminating = true;
            guardian.sendSystem(new SystemMessage.Terminate());
            reporter = schedule(this::reportShutdownProgress, REPORT_AFTER_NANOS);
        }
    }

    /** A shutdown still under way after this long gets a report of who it waits for. */
    private static final long REPORT_AFTER_NANOS = TimeUnit.SECONDS.toNanos(5);
    private volatile ScheduledFuture<?> reporter;
    private final ShutdownReport shutdownReport = new ShutdownReport();
    /** Set (once) when the threads are being released; asks registered after that fail at once. */
    private volatile boolean threadsReleased;
    /** The deadline for the dispatcher threads to finish, in nanoTime; MAX_VALUE: a minute. */
    private volatile long releaseDeadline = Long.MAX_VALUE;

    private void reportShutdownProgress() {
        if (terminated.isDone()) {
            return;
        }
        String report = shutdownReport.describe(guardian, System.nanoTime());
        LOG.warn("actor system '{}' is still shutting down; it waits for:\n{}", name, report);
        reporter = schedule(this::reportShutdownProgress, REPORT_AFTER_NANOS * 2);
    }

    /**
     * What the shutdown waits for now, one line per actor (for logs and tests).
     *
     * @return the report; empty when nothing is left
     */
    public String describeUnfinished() {
        return shutdownReport.describe(guardian, System.nanoTime());
    }

    /**
     * Every living actor, one line each with its state (racy; for diagnostics and tests).
     *
     * @return the tree, indented
     */
    public String describeTree() {
        StringBuilder sb = new StringBuilder();
        ArrayDeque<ActorCell<?>> todo = new ArrayDeque<>();
        ArrayDeque<Integer> depth = new ArrayDeque<>();
        todo.push(guardian);
        depth.push(0);
        while (!todo.isEmpty()) {
            ActorCell<?> c = todo.pop();
            int d = depth.pop();
            sb.append("  ".repeat(d)).append(c.path()).append(": ").append(c.isTerminated() ? "terminated"
                    : ShutdownReport.describeState(c)).append(c.childSupervisor() != null ? " [" + c.childSupervisor().describeState() + "]"
                    : "").append('\n');
            Children.forEach(c, k -> {
                todo.push(k);
                depth.push(d + 1);
            });
        }
        return sb.toString();
    }

    /** Called on the guardian's thread once the whole tree has stopped (or been killed). */
    void guardianTerminated() {
        terminating = true;
        Thread t = new Thread(this::releaseThreads, "cadre-" + name + "-shutdown");
        t.setDaemon(true);
        t.start();
    }

    private void releaseThreads() {
        try {
            ScheduledFuture<?> r = reporter;
            if (r != null) {
                r.cancel(false);
            }
            dispatching.shutdown();
            long deadline = releaseDeadline;
            long waitNanos = deadline == Long.MAX_VALUE ? TimeUnit.MINUTES.toNanos(1)
                    : Math.max(0, deadline - System.nanoTime());
            if (!dispatching.awaitTermination(waitNanos)) {
                LOG.warn("actor system '{}': dispatcher threads still busy (a handler that does not return?); "
                        + "abandoning them", name);
                dispatching.shutdownNow();
            }
            threadsReleased = true;
            timing.shutdown();
            // Their timeouts will never fire now: fail the asks still waiting, rather than leave
            // a caller blocked forever.
            for (PendingAsk a : List.copyOf(pendingAsks)) {
                a.future.completeExceptionally(terminatedBeforeReply(a));
            }
            terminated.complete(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            terminated.completeExceptionally(e);
        } catch (Throwable e) {
            terminated.completeExceptionally(e);
        }
    }

    @Override
    public CompletionStage<Void> whenTerminated() {
        return terminated.minimalCompletionStage();
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        try {
            terminated.get(saturatedNanos(timeout), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }

    @Override
    public void close() {
        checkNotInsideAnActor();
        terminate();
        awaitTerminatedUninterruptibly();
    }

    /** Waits for termination; an interrupt does not end the wait, and is kept for the caller. */
    private void awaitTerminatedUninterruptibly() {
        boolean interrupted = Thread.interrupted();
        while (true) {
            try {
                terminated.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (java.util.concurrent.ExecutionException e) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean close(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        checkNotInsideAnActor();
        long deadline = System.nanoTime() + saturatedNanos(timeout);
        terminate();
        boolean clean;
        try {
            terminated.get(saturatedNanos(timeout), TimeUnit.NANOSECONDS);
            clean = true;
        } catch (TimeoutException e) {
            clean = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            clean = false;
        } catch (java.util.concurrent.ExecutionException e) {
            clean = true;
        }
        if (clean) {
            return true;
        }
        LOG.warn("actor system '{}' did not stop within {} ms; killing what is left:\n{}", name, timeout.toMillis(),
                shutdownReport.describe(guardian, System.nanoTime()));
        releaseDeadline = Math.max(deadline, System.nanoTime()) + TimeUnit.SECONDS.toNanos(1);
        Termination.kill(guardian);
        awaitTerminatedUninterruptibly();
        return false;
    }

    private void checkNotInsideAnActor() {
        Thread current = Thread.currentThread();
        if (dispatching.runsActors(current)) {
            throw new IllegalStateException("ActorSystem.close() called from inside an actor of '" + name
                    + "' would wait for itself; call terminate() there instead");
        }
    }

    @Override
    public String toString() {
        return "ActorSystem[" + name + "]";
    }
}
