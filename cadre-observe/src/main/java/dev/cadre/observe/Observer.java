package dev.cadre.observe;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.DeadLetter;
import dev.cadre.actor.Introspection;
import dev.cadre.actor.SupervisionEvent;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a running {@link ActorSystem} without changing it: samples the actor tree at a fixed
 * interval ({@link Introspection}), computes rates, keeps a rate-limited feed of crash reports and
 * dead letters, runs the long-mailbox monitor, and answers "which mailboxes are the deepest, and
 * which grow fastest". The {@link dev.cadre.observe.web.Dashboard dashboard}, the
 * {@link dev.cadre.observe.metrics.CadreMetrics Micrometer binder} and the
 * {@link dev.cadre.observe.jfr.FlightRecorderEvents JFR events} build on it.
 *
 * <pre>{@code
 * try (Observer observer = Observer.start(system, ObserverConfig.defaults().withLongMailbox(5_000))) {
 *     observer.addMailboxListener(alert -> System.out.println(alert));
 *     ...
 *     for (ActorStat s : observer.topByGrowth(5)) {
 *         System.out.println(s.path() + " grows by " + s.growthPerSecond() + "/s");
 *     }
 * }
 * }</pre>
 *
 * <p><b>It adds nothing to the system</b>: no actor, no mailbox, no message. It hears events
 * through {@link dev.cadre.actor.EventTopic#addListener listeners}, which only count and offer to
 * a bounded queue (a full queue counts the entry as suppressed), so a slow reader can never hold
 * an actor back. Its own work runs on one daemon thread.
 *
 * <p><b>Sampling.</b> Every {@link ObserverConfig#interval()} it walks the tree: about a
 * microsecond per actor. A sample that takes long delays the next one (its thread is busy at
 * most a tenth of the time), so a million actors are sampled every few seconds, not every second. A backlog that builds and drains between two samples is not seen as a
 * long mailbox (the actor's high-water mark still shows it).
 *
 * <p>Thread-safe.
 */
public final class Observer implements AutoCloseable {

    /*
     * Design overview
     * ===============
     * Threads:
     *   - publishers (any actor's thread, any sender's thread): run the listeners below. They only
     *     increment LongAdders, and for the feed take a slot from a per-second budget and offer an
     *     entry to `incoming` (bounded, non-blocking); over budget or full: `suppressed`++.
     *   - the sampler (one daemon thread, `cadre-observe-<system>`): the only reader of `incoming`
     *     and the only writer of everything under "sampler only". It publishes each sample as an
     *     immutable Snapshot through the volatile `latest`, then calls sample and alert listeners.
     *   - readers (HTTP handlers, meter binders, tests): read `latest` and the adders only.
     * Nothing here writes to an actor or sends it a message.
     */

    private static final Logger LOG = LoggerFactory.getLogger("dev.cadre.observe");

    private final ActorSystem system;
    private final ObserverConfig config;
    private final Introspection introspection;
    private final ScheduledExecutorService sampler;

    // --- written by publishers ---
    private final LongAdder failures = new LongAdder();
    private final LongAdder restarts = new LongAdder();
    private final LongAdder suppressed = new LongAdder();
    private final AtomicLong feedSeq = new AtomicLong();
    private final AtomicLong budgetSecond = new AtomicLong();
    private final AtomicLong budgetUsed = new AtomicLong();
    private final ArrayBlockingQueue<FeedEntry> incoming;

    // --- sampler only ---
    private Map<ActorRef<?>, long[]> previous = new HashMap<>();
    private final Map<ActorRef<?>, String> longNow = new HashMap<>();
    private final ArrayDeque<FeedEntry> feed = new ArrayDeque<>();
    private long prevNanos;
    private long processedTotal;
    private long prevDeadLetters;
    private long prevFailures;
    private long prevRestarts;
    private long seq;

    // --- shared ---
    @SuppressWarnings("NullAway.Init") // set by the first sample, which create() waits for
    private volatile Snapshot latest;
    private volatile String status = "";
    private volatile boolean frozen;
    private volatile long lastSampleNanos;
    private final CopyOnWriteArrayList<Consumer<? super Snapshot>> sampleListeners = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Consumer<? super MailboxAlert>> alertListeners = new CopyOnWriteArrayList<>();

    private final Consumer<SupervisionEvent> onCrash = this::onSupervisionEvent;
    private final Consumer<DeadLetter> onDeadLetter = this::onDeadLetter;

    private Observer(ActorSystem system, ObserverConfig config) {
        this.system = system;
        this.config = config;
        this.introspection = Introspection.of(system);
        this.incoming = new ArrayBlockingQueue<>(Math.max(16, config.feedRatePerSecond() * 2));
        this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cadre-observe-" + system.name());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts observing with the default config.
     *
     * @param system the system to watch
     * @return the running observer; its first sample is already taken
     */
    public static Observer start(ActorSystem system) {
        return start(system, ObserverConfig.defaults());
    }

    /**
     * Starts observing.
     *
     * @param system the system to watch
     * @param config how
     * @return the running observer; its first sample is already taken
     */
    public static Observer start(ActorSystem system, ObserverConfig config) {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(config, "config");
        Observer o = new Observer(system, config);
        system.supervisionEvents().addListener(o.onCrash);
        system.deadLetters().addListener(o.onDeadLetter);
        o.prevDeadLetters = system.deadLetters().count();
        try {
            o.sampler.submit(o::sampleSafely).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the first sample failed", e.getCause());
        }
        var unused = o.sampler.schedule(o::periodic, config.interval().toNanos(), TimeUnit.NANOSECONDS); // samples safely
        system.whenTerminated().whenComplete((v, e) -> o.sampler.execute(o::systemTerminated));
        return o;
    }

    /** {@return the system watched} */
    public ActorSystem system() {
        return system;
    }

    /** {@return the config} */
    public ObserverConfig config() {
        return config;
    }

    /**
     * The latest sample (taken at most one interval ago, unless the observer is frozen or the
     * system has terminated: then its last one).
     *
     * @return the sample
     */
    public Snapshot latest() {
        return latest;
    }

    /**
     * The deepest mailboxes of the latest sample, deepest first (only non-empty ones).
     *
     * @param n how many at most
     * @return up to {@code n} actors
     */
    public List<ActorStat> topByDepth(int n) {
        return top(n, Comparator.comparingInt(ActorStat::depth), s -> s.depth() > 0);
    }

    /**
     * The mailboxes that grew fastest over the last interval, fastest first (only growing ones).
     *
     * @param n how many at most
     * @return up to {@code n} actors
     */
    public List<ActorStat> topByGrowth(int n) {
        return top(n, Comparator.comparingDouble(ActorStat::growthPerSecond), s -> s.growthPerSecond() > 0);
    }

    private List<ActorStat> top(int n, Comparator<ActorStat> by, java.util.function.Predicate<ActorStat> keep) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, was " + n);
        }
        return latest.actors().stream().filter(keep)
                .sorted(by.reversed().thenComparing(ActorStat::path)).limit(n).toList();
    }

    /**
     * Shows a status line with each sample (e.g. the application's progress).
     *
     * @param status the text; {@code null} clears it
     */
    public void setStatus(String status) {
        this.status = status == null ? "" : status;
        if (frozen && !sampler.isShutdown()) {
            // No more samples: show the new status with the last one, to every sample listener.
            try {
                sampler.execute(() -> {
                    Snapshot s = latest;
                    latest = new Snapshot(s.seq(), s.at(), s.systemName(), this.status, s.terminated(), s.system(),
                            s.actors(), s.feed());
                    for (Consumer<? super Snapshot> l : sampleListeners) {
                        call(l, latest);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closed meanwhile
            }
        }
    }

    /**
     * Calls {@code listener} on the observer's thread after each sample. It must be quick.
     *
     * @param listener the callback
     */
    public void addSampleListener(Consumer<? super Snapshot> listener) {
        sampleListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Removes a sample listener.
     *
     * @param listener a callback added with {@link #addSampleListener}
     */
    public void removeSampleListener(Consumer<? super Snapshot> listener) {
        sampleListeners.remove(listener);
    }

    /**
     * Calls {@code listener} on the observer's thread for each long-mailbox alert.
     *
     * @param listener the callback
     */
    public void addMailboxListener(Consumer<? super MailboxAlert> listener) {
        alertListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Removes a mailbox listener.
     *
     * @param listener a callback added with {@link #addMailboxListener}
     */
    public void removeMailboxListener(Consumer<? super MailboxAlert> listener) {
        alertListeners.remove(listener);
    }

    /**
     * Takes a sample now, in addition to the periodic ones, and waits for it (for tests and tools
     * that want a fresh view).
     *
     * @return the new sample (the last one if the observer is frozen or closed)
     */
    public Snapshot sampleNow() {
        if (!sampler.isShutdown()) {
            try {
                sampler.submit(this::sampleSafely).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.RejectedExecutionException e) {
                LOG.warn("could not take a sample", e);
            }
        }
        return latest;
    }

    /**
     * Takes one last sample now (with {@code status}) and stops sampling: the observer keeps
     * serving that sample, e.g. after an application's run, before its system is closed. Blocks
     * until the sample is taken.
     *
     * @param status the status to show with it
     */
    public void freeze(String status) {
        setStatus(status);
        if (sampler.isShutdown()) {
            return;
        }
        try {
            sampler.submit(() -> {
                sampleSafely();
                frozen = true;
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.RejectedExecutionException e) {
            LOG.warn("could not take the final sample", e);
        }
    }

    /** Stops sampling and listening. The latest sample stays readable. Idempotent. */
    @Override
    public void close() {
        system.supervisionEvents().removeListener(onCrash);
        system.deadLetters().removeListener(onDeadLetter);
        sampler.shutdownNow();
    }

    // --- publishers' side ---

    private void onSupervisionEvent(SupervisionEvent e) {
        switch (e) {
            case SupervisionEvent.Failed f -> {
                failures.increment();
                if (takeBudget()) {
                    String msg = f.cause().getMessage();
                    offer("crash", f.actor().path(), f.cause().getClass().getSimpleName()
                            + (msg == null ? "" : ": " + clip(msg)) + " (while handling " + shortType(f.messageType())
                            + ")");
                }
            }
            case SupervisionEvent.Restarted r -> {
                restarts.increment();
                if (takeBudget()) {
                    offer("restart", r.actor().path(), "restart #" + r.restarts());
                }
            }
        }
    }

    private void onDeadLetter(DeadLetter d) {
        if (takeBudget()) {
            offer("dead-letter", d.recipient().path(), d.reason() + ": " + d.message().getClass().getSimpleName());
        }
    }

    /** About {@code feedRatePerSecond} slots per wall-clock second; the window reset is racy (approximate). */
    private boolean takeBudget() {
        long second = System.nanoTime() / 1_000_000_000L;
        if (budgetSecond.get() != second) {
            budgetSecond.set(second);
            budgetUsed.set(0);
        }
        if (budgetUsed.incrementAndGet() > config.feedRatePerSecond()) {
            suppressed.increment();
            return false;
        }
        return true;
    }

    private void offer(String kind, String path, String detail) {
        if (!incoming.offer(new FeedEntry(feedSeq.incrementAndGet(), Instant.now(), kind, path, detail))) {
            suppressed.increment();
        }
    }

    private static String clip(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    private static String shortType(String type) {
        int i = Math.max(type.lastIndexOf('.'), type.lastIndexOf('$'));
        return i < 0 ? type : type.substring(i + 1);
    }

    // --- the sampler ---

    private void sampleSafely() {
        if (frozen) {
            return;
        }
        try {
            sample();
        } catch (RuntimeException e) {
            LOG.error("observer: a sample of '{}' failed; the next one will try again", system.name(), e);
        }
    }

    /**
     * One periodic sample, then the next one after the interval, or later if this one was slow:
     * the observer's thread stays busy at most a tenth of the time (a tree of a million actors is
     * sampled every few seconds rather than every second).
     */
    private void periodic() {
        long t0 = System.nanoTime();
        sampleSafely();
        long took = System.nanoTime() - t0;
        lastSampleNanos = took;
        if (!frozen && !sampler.isShutdown()) {
            try {
                // periodic() samples safely (sampleSafely): its future holds no failure worth reading
                var unused = sampler.schedule(this::periodic, Math.max(config.interval().toNanos(), took * 9),
                        TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closed meanwhile
            }
        }
    }

    /**
     * How long the last periodic sample took, listeners (such as the dashboard's rendering)
     * included: the next one waits at least nine times as long.
     *
     * @return the duration
     */
    public java.time.Duration lastSampleDuration() {
        return java.time.Duration.ofNanos(lastSampleNanos);
    }

    private void systemTerminated() {
        Snapshot s = latest;
        if (s != null && !s.terminated()) {
            latest = new Snapshot(s.seq(), s.at(), s.systemName(), s.status(), true, s.system(), s.actors(), s.feed());
        }
        frozen = true;
    }

    private void sample() {
        long now = System.nanoTime();
        Instant at = Instant.now();
        double dt = prevNanos == 0 ? 0 : (now - prevNanos) / 1e9;
        Map<ActorRef<?>, long[]> next = new HashMap<>(Math.max(16, previous.size() * 4 / 3 + 1));
        List<ActorStat> actors = new ArrayList<>(previous.size() + 16);
        long[] depthSum = {0};
        long[] processedDelta = {0};
        boolean first = prevNanos == 0;
        List<MailboxAlert> alerts = new ArrayList<>();
        introspection.walk(info -> {
            long processed = info.metrics().processed();
            int depth = info.metrics().depth();
            long[] prev = previous.get(info.ref());
            long dp = prev == null ? (first ? 0 : processed) : processed - prev[0];
            long dd = prev == null ? (first ? 0 : depth) : depth - prev[1];
            processedDelta[0] += dp;
            depthSum[0] += depth;
            next.put(info.ref(), new long[] {processed, depth});
            actors.add(new ActorStat(info, dt > 0 ? dp / dt : 0, dt > 0 ? dd / dt : 0));
            checkLong(info.ref(), info.path(), depth, at, alerts);
            return true;
        });
        // Long mailboxes of actors that are gone: recovered (a stopped actor's mailbox is drained).
        for (var it = longNow.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!next.containsKey(e.getKey())) {
                it.remove();
                alerts.add(new MailboxAlert(MailboxAlert.Kind.RECOVERED, e.getValue(), 0,
                        config.longMailboxThreshold(), at));
                LOG.info("actor={} event=long-mailbox-recovered depth=0 (stopped)", e.getValue());
            }
        }
        previous = next;
        prevNanos = now;
        processedTotal += processedDelta[0];

        for (MailboxAlert a : alerts) {
            addToFeed(new FeedEntry(feedSeq.incrementAndGet(), a.at(), a.kind() == MailboxAlert.Kind.LONG
                    ? "long-mailbox" : "mailbox-recovered", a.path(), "depth " + a.depth() + " (threshold "
                    + a.threshold() + ")"));
        }
        FeedEntry e;
        while ((e = incoming.poll()) != null) {
            addToFeed(e);
        }

        long deadLetters = system.deadLetters().count();
        long f = failures.sum();
        long r = restarts.sum();
        long overflow = system.deadLetters().count(DeadLetter.Reason.DROPPED_NEWEST)
                + system.deadLetters().count(DeadLetter.Reason.DROPPED_OLDEST)
                + system.deadLetters().count(DeadLetter.Reason.REJECTED);
        SystemStats stats = new SystemStats(actors.size(), depthSum[0], processedTotal,
                dt > 0 ? processedDelta[0] / dt : 0, deadLetters, dt > 0 ? (deadLetters - prevDeadLetters) / dt : 0,
                overflow, f, dt > 0 ? (f - prevFailures) / dt : 0, r, dt > 0 ? (r - prevRestarts) / dt : 0,
                longNow.size(), suppressed.sum());
        prevDeadLetters = deadLetters;
        prevFailures = f;
        prevRestarts = r;
        Snapshot s = new Snapshot(++seq, at, system.name(), status, false, stats, List.copyOf(actors),
                List.copyOf(feed));
        latest = s;
        for (MailboxAlert a : alerts) {
            for (Consumer<? super MailboxAlert> l : alertListeners) {
                call(l, a);
            }
        }
        for (Consumer<? super Snapshot> l : sampleListeners) {
            call(l, s);
        }
    }

    private void checkLong(ActorRef<?> ref, String path, int depth, Instant at, List<MailboxAlert> alerts) {
        boolean wasLong = longNow.containsKey(ref);
        if (!wasLong && depth >= config.longMailboxThreshold()) {
            longNow.put(ref, path);
            alerts.add(new MailboxAlert(MailboxAlert.Kind.LONG, path, depth, config.longMailboxThreshold(), at));
            LOG.warn("actor={} event=long-mailbox depth={} threshold={}", path, depth, config.longMailboxThreshold());
        } else if (wasLong && depth <= config.recoverBelow()) {
            longNow.remove(ref);
            alerts.add(new MailboxAlert(MailboxAlert.Kind.RECOVERED, path, depth, config.longMailboxThreshold(), at));
            LOG.info("actor={} event=long-mailbox-recovered depth={} recover_below={}", path, depth,
                    config.recoverBelow());
        }
    }

    private void addToFeed(FeedEntry e) {
        feed.addLast(e);
        while (feed.size() > config.feedCapacity()) {
            feed.pollFirst();
        }
    }

    private static <E> void call(Consumer<? super E> l, E event) {
        try {
            l.accept(event);
        } catch (RuntimeException ex) {
            LOG.error("observer listener {} failed; ignored", l, ex);
        }
    }
}
