package dev.cadre.internal.runtime;

import dev.cadre.actor.ActorContext;
import dev.cadre.actor.ActorMetrics;
import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.DeadLetter;
import dev.cadre.actor.ExitReason;
import dev.cadre.actor.ExitSignal;
import dev.cadre.actor.LinkedActorFailedException;
import dev.cadre.actor.MailboxFullException;
import dev.cadre.actor.OfferResult;
import dev.cadre.actor.Overflow;
import dev.cadre.actor.PostStop;
import dev.cadre.actor.PreRestart;
import dev.cadre.actor.Props;
import dev.cadre.actor.Signal;
import dev.cadre.actor.Supervisor;
import dev.cadre.actor.SupervisionEvent;
import dev.cadre.actor.SupervisorStrategy;
import dev.cadre.actor.Terminated;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API. One actor: its mailbox, its system queue, its behaviour and its place in the tree.
 * The cell is also the task that the dispatcher runs ({@link ForkJoinTask} for the shared pool, so
 * scheduling allocates nothing; {@link Runnable} for virtual threads) and the actor's
 * {@link ActorContext}.
 */
public final class ActorCell<T> extends ForkJoinTask<Void> implements Runnable, ActorContext<T> {

    /*
     * Design overview
     * ===============
     *
     * Status word (volatile int, STATUS VarHandle). Writers:
     *
     *     bit 0  SCHEDULED   set by whoever wins the CAS from clear (a sender, the timer thread, the
     *                        consumer re-scheduling itself); that thread is the cell's one consumer
     *                        until it clears the bit (afterRun / runDead).
     *     bit 1  TERMINATED  set once, never cleared: by the consumer at the end of finishTerminate,
     *                        or by kill() from any thread (with KILLED, in one CAS).
     *     bit 2  SUSPENDED   user messages are not processed; set and cleared by the consumer only
     *                        (also set by kill()). System messages are still processed.
     *     bit 3  KILLED      set by kill() together with TERMINATED: the exit reason is "killed",
     *                        whatever the consumer had recorded.
     *
     * Queues:
     *   - mailbox   user messages, MPSC FIFO. Producers: any thread (tell). Consumer: the
     *               SCHEDULED holder.
     *   - sysHead   system messages, an intrusive Treiber stack: producers push with CAS, the
     *               consumer takes the whole stack with one XCHG and reverses it (so system
     *               messages from one sender stay in order). Drained before every user message.
     *
     * Who touches what:
     *   - status, sysHead, mailbox producers' side: any thread, through CAS/XCHG only.
     *   - every other mutable field: the SCHEDULED holder only (the actor's thread of the moment),
     *     except as noted: children (a ConcurrentHashMap, CAS-created, because the guardian's
     *     children are added by any thread calling ActorSystem.spawn, and kill() and diagnostics
     *     read it from any thread); runner (written by the consumer, read by kill() and the
     *     shutdown report); exitReason (written by the consumer before TERMINATED is set, read by
     *     others after they have seen TERMINATED: the volatile status publishes it). The
     *     happens-before edge between two activations: the first clears SCHEDULED (volatile RMW),
     *     the next holder sets it with a CAS that reads that value.
     *
     * No lost wake-up. A producer enqueues, then reads status: if SCHEDULED is clear it CASes it
     * on and dispatches. The consumer, done with its batch, clears SCHEDULED and only then
     * re-checks both queues, re-scheduling itself if either has work.
     *
     * Lifecycle stages (owner only):
     *
     *     NEW --first activation--> RUNNING --handler/setup fails, no local rule, supervised--> WAITING
     *                                  |  ^                                                      |
     *                                  |  +------------ Resume (from the supervisor) ------------+
     *                                  |  +--- Start ---- IDLE <-- ResetDone/backoff -- RESETTING <-- Reset / local restart
     *                                  v
     *                  Terminate --> TERMINATING --children gone--> PostStop, TERMINATED: DEAD
     *
     * RESETTING ends an incarnation: PreRestart to the old behaviour, timers cancelled, children
     * stopped (a supervisor's right to left, within their shutdown); when the last child is gone
     * the cell restarts at once (local restart), waits for its backoff (local backoff), or tells
     * its supervisor ResetDone and waits IDLE for Start (a coupled restart starts nothing until
     * every old incarnation of the group has ended). TERMINATING ends the actor: children first,
     * always; no path, fatal or not, marks an actor TERMINATED while a child of it lives, except
     * kill(), which marks a whole subtree dead at once (bottom-up) because it must not wait.
     *
     * After TERMINATED, a sender that wins the SCHEDULED CAS does not dispatch: it drains the
     * queues itself (runDead), turning user messages into dead letters and answering late Watch
     * and Link requests with "no such actor". So nothing sent to a dead actor is lost, and nothing
     * needs the (possibly shut down) dispatcher.
     *
     * Notifications (Terminated of a watched actor, exits of linked actors) are delivered to a
     * live incarnation only: one arriving while the actor is WAITING, RESETTING or IDLE waits in
     * `deferred` for the next incarnation (or becomes a dead letter if the actor stops first).
     */

    private static final BehaviorAccess B = BehaviorAccess.get();
    private static final Logger LOG = LoggerFactory.getLogger("dev.cadre.actor");

    static final int SCHEDULED = 1;
    static final int TERMINATED = 2;
    static final int SUSPENDED = 4;
    static final int KILLED = 8;

    // Lifecycle stages (owner only), ordered: code tests "stage >= TERMINATING".
    private static final int NEW = 0;
    private static final int RUNNING = 1;
    /** Exited (failed, or stopped under a supervisor) and waiting for the supervisor's decision. */
    private static final int WAITING = 2;
    /** Ending the current incarnation: cleanup ran, waiting for the children to stop. */
    private static final int RESETTING = 3;
    /** The incarnation has ended; waiting for Start (from the supervisor) or for a backoff. */
    private static final int IDLE = 4;
    private static final int TERMINATING = 5;
    private static final int DEAD = 6;

    /** What to do when a reset has finished. */
    private static final int RESET_THEN_START = 0;
    private static final int RESET_THEN_ACK = 1;
    private static final int RESET_THEN_BACKOFF = 2;

    private static final Object WATCH_SIGNAL = new Object();
    /** Stands for "no message": a failure raised by supervision or a link, not by a handler. */
    private static final Object SUPERVISION = new Object();

    private static final VarHandle STATUS;
    private static final VarHandle SYS_HEAD;
    private static final VarHandle CHILDREN;
    private static final VarHandle PROCESSED;
    private static final VarHandle FAILURES;
    private static final VarHandle RUNNER;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATUS = l.findVarHandle(ActorCell.class, "status", int.class);
            SYS_HEAD = l.findVarHandle(ActorCell.class, "sysHead", SystemMessage.class);
            CHILDREN = l.findVarHandle(ActorCell.class, "children", ConcurrentHashMap.class);
            PROCESSED = l.findVarHandle(ActorCell.class, "processed", long.class);
            FAILURES = l.findVarHandle(ActorCell.class, "failures", long.class);
            RUNNER = l.findVarHandle(ActorCell.class, "runner", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // --- shared, accessed through VarHandles or final ---
    private volatile int status;
    private volatile SystemMessage sysHead;
    private volatile ConcurrentHashMap<String, ActorCell<?>> children;
    private final MessageQueue mailbox;
    final ActorSystemImpl system;
    final ActorCell<?> parent;
    final String name;
    final LocalActorRef<T> self;
    private final boolean virtual;
    /** The spawn-time behaviour: what a restart starts again from. */
    private final Behavior<T> initial;
    /** True when the parent is a {@link SupervisorLogic}: exits wait for its decision. */
    private final boolean supervisedByParent;
    /**
     * The thread running the actor now, or null. Virtual-thread actors: volatile (kill() must see
     * it to interrupt). Pool actors: a release store, read racily by the shutdown report.
     */
    private volatile Thread runner;
    /** Why the actor stopped; written before TERMINATED is set (see the design notes). */
    private ExitReason exitReason;

    // --- owner only (the SCHEDULED holder) ---
    private Behavior<T> behavior; // the live incarnation's behaviour, or null between incarnations
    private int stage = NEW;
    /** WAITING: the exit the supervisor is deciding on. */
    private ExitReason pending;
    private Behavior<T> stopMarker;
    private boolean everStarted;
    /** Owe the supervisor parent a Started when the current start completes. */
    private boolean startAckOwed;
    private int resetMode;
    private long resetDelayNanos;
    private long localStartToken;
    private Map<ActorCell<?>, Object> watching;
    // Insertion-ordered (not identity-hash-ordered), so a replayed run notifies in the same order.
    private LinkedHashSet<ActorCell<?>> watchedBy;
    /** Notifications for the next live incarnation (see the design notes); null when none. */
    private ArrayDeque<SystemMessage> deferred;
    private Map<Class<?>, AdapterRef<?, T>> adapters;
    private ActorLogger logger;
    private long anonymousCounter;
    private TimerSchedulerImpl<T> timers;
    private Behavior<?> localSupervision;
    private RestartWindow localWindow;
    private BackoffClock localBackoff;
    SupervisorLogic childSupervisor;
    private int restarts;
    private LinkedHashSet<ActorCell<?>> links;
    private boolean trapExits;
    /** The stash buffers of the current incarnation (owner only); null when none. */
    private List<StashHook> stashes;
    /** Unstashed messages to process before the mailbox (owner only); null when none. */
    private ArrayDeque<Object> replay;
    private boolean killCleaned;
    /** Metrics written by the owner only; other threads read them racily (opaque). */
    private long processed;
    private long failures;

    ActorCell(ActorSystemImpl system, ActorCell<?> parent, String name, Behavior<T> initial, Props props,
            boolean supervisedByParent) {
        this.system = system;
        this.parent = parent;
        this.name = name;
        this.initial = initial;
        this.supervisedByParent = supervisedByParent;
        this.startAckOwed = supervisedByParent;
        this.virtual = props.dispatch() == Props.Dispatch.VIRTUAL_THREAD;
        this.self = new LocalActorRef<>(this);
        this.mailbox = MessageQueue.create(props.mailbox().orElse(system.config().defaultMailbox()), this);
    }

    // =====================================================================================
    // Sending (any thread)
    // =====================================================================================

    /** Enqueues a user message (or an internal {@link Adapted} wrapper), applying the overflow policy. */
    void tell(Object message) {
        if ((status & TERMINATED) != 0) {
            system.deadLetters.publish(unwrap(message), self, DeadLetter.Reason.RECIPIENT_TERMINATED);
            return;
        }
        if (mailbox.offer(message) == MessageQueue.OK) {
            trySchedule(true);
            return;
        }
        switch (mailbox.overflow()) {
            case Overflow.DropNewest d -> drop(message, DeadLetter.Reason.DROPPED_NEWEST);
            case Overflow.Reject r -> drop(message, DeadLetter.Reason.REJECTED);
            case Overflow.Block b -> tellBlocking(message, b.timeout().toNanos());
            case Overflow.DropOldest d -> throw new IllegalStateException("a drop-oldest mailbox is never full");
        }
    }

    /** The non-blocking send: never waits, reports what happened. */
    OfferResult offer(Object message) {
        if ((status & TERMINATED) != 0) {
            system.deadLetters.publish(unwrap(message), self, DeadLetter.Reason.RECIPIENT_TERMINATED);
            return OfferResult.RECIPIENT_TERMINATED;
        }
        if (mailbox.offer(message) == MessageQueue.OK) {
            trySchedule(true);
            return OfferResult.ENQUEUED;
        }
        if (mailbox.overflow() instanceof Overflow.DropNewest) {
            drop(message, DeadLetter.Reason.DROPPED_NEWEST);
            return OfferResult.DROPPED;
        }
        return OfferResult.FULL; // Block or Reject: the sender keeps the message
    }

    /**
     * A send by the runtime itself (timers, pipeToSelf completions, event topics): never blocks,
     * never throws; a message that finds the mailbox full is dropped, counted, and a dead letter.
     */
    void tellFromRuntime(Object message) {
        if (offer(message) == OfferResult.FULL) {
            drop(message, DeadLetter.Reason.REJECTED);
        }
    }

    private void drop(Object message, DeadLetter.Reason reason) {
        mailbox.countDrop();
        system.deadLetters.publish(unwrap(message), self, reason);
    }

    /**
     * {@link Overflow.Block}: wait for room (see {@link BoundedNodeQueue}), at most {@code timeoutNanos}.
     * How to wait is the dispatcher's choice: production blocks this thread; a deterministic
     * dispatcher runs other actors meanwhile (see {@link RuntimeEnvironment.Dispatching#awaitRoom}).
     */
    private void tellBlocking(Object message, long timeoutNanos) {
        try {
            if (!system.dispatching.awaitRoom(() -> sendAfterWait(message), timeoutNanos, mailbox::awaitRoom)) {
                mailbox.countDrop();
                throw new MailboxFullException("mailbox of " + path() + " stayed full (capacity "
                        + mailbox.capacity() + ") for " + Duration.ofNanos(timeoutNanos).toMillis()
                        + " ms; " + typeName(unwrap(message)) + " was not delivered");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            mailbox.countDrop();
            throw new MailboxFullException("interrupted while waiting for room in the mailbox of " + path() + "; "
                    + typeName(unwrap(message)) + " was not delivered");
        }
    }

    /** One try of a blocked send: true when done (enqueued, or a dead letter because the actor stopped). */
    private boolean sendAfterWait(Object message) {
        if ((status & TERMINATED) != 0) {
            system.deadLetters.publish(unwrap(message), self, DeadLetter.Reason.RECIPIENT_TERMINATED);
            return true;
        }
        if (mailbox.offer(message) == MessageQueue.OK) {
            trySchedule(true);
            return true;
        }
        return false;
    }

    /** A snapshot of this actor's counters. */
    ActorMetrics metrics() {
        return new ActorMetrics(path(), mailbox.depth(), mailbox.highWaterMark(), mailbox.capacity(),
                (long) PROCESSED.getOpaque(this), mailbox.dropped(), (long) FAILURES.getOpaque(this), isTerminated());
    }

    /** Enqueues a system message. */
    void sendSystem(SystemMessage m) {
        SystemMessage h;
        do {
            h = sysHead;
            m.next = h;
        } while (!SYS_HEAD.compareAndSet(this, h, m));
        trySchedule(false);
    }

    /**
     * Becomes the consumer if nobody is; then dispatches (alive) or drains inline (dead).
     *
     * @param forUser a user message triggered this: do not wake a suspended living cell
     */
    private void trySchedule(boolean forUser) {
        for (;;) {
            int s = status;
            if ((s & SCHEDULED) != 0) {
                return;
            }
            if (forUser && (s & (SUSPENDED | TERMINATED)) == SUSPENDED) {
                return;
            }
            if (STATUS.compareAndSet(this, s, s | SCHEDULED)) {
                if ((s & TERMINATED) != 0) {
                    runDead();
                } else {
                    dispatch();
                }
                return;
            }
        }
    }

    private void dispatch() {
        try {
            system.dispatching.execute(this, virtual);
        } catch (RejectedExecutionException e) {
            // Only possible when the system's threads are gone, i.e. after a bounded shutdown gave up.
            LOG.error("[{}] dispatcher rejected the actor (system {} shut down?); its messages stay queued",
                    path(), system.name(), e);
            STATUS.getAndBitwiseAnd(this, ~SCHEDULED);
        }
    }

    /** Starts the cell: its first activation runs the initial behaviour's setup. */
    void start() {
        trySchedule(false);
    }

    // =====================================================================================
    // Running (the SCHEDULED holder)
    // =====================================================================================

    @Override
    protected boolean exec() {
        run();
        return false; // never "completed": the same task object is forked again next time
    }

    @Override
    public Void getRawResult() {
        return null;
    }

    @Override
    protected void setRawResult(Void value) {
    }

    @Override
    public void run() {
        if (virtual) {
            runner = Thread.currentThread();
            if ((status & KILLED) != 0) {
                Thread.currentThread().interrupt(); // killed before this activation began
            }
        } else {
            RUNNER.setRelease(this, Thread.currentThread());
        }
        try {
            boolean exhausted = process();
            if (!virtual) {
                system.dispatching.afterActivation(exhausted);
            }
        } catch (Throwable fatal) {
            // Only the runtime's own code can get here (every user callback is guarded): the actor
            // fails, through the same path as any failure (children first, then the parent decides).
            LOG.error("actor={} event=runtime-error; the actor fails with it", path(), fatal);
            try {
                failFromRuntime(fatal);
            } catch (Throwable again) {
                LOG.error("actor={} event=runtime-error while failing; stopping it", path(), again);
                emergencyStop(fatal);
            }
        } finally {
            if (virtual) {
                runner = null;
                Thread.interrupted(); // a kill's interrupt must not outlive this activation
            } else {
                RUNNER.setRelease(this, (Thread) null);
            }
            afterRun();
        }
    }

    /** @return true if the whole throughput budget was used (the actor is still busy) */
    private boolean process() {
        if (stage == NEW) {
            // A watch (or stop) sent right after spawn takes effect before setup runs, so a parent
            // that spawns and watches learns even of a failing setup.
            processSystemMessages();
            if (stage == NEW) {
                startIncarnation();
            }
        }
        processSystemMessages();
        int budget = system.throughput;
        while (stage == RUNNING && (status & KILLED) == 0) {
            if (budget-- == 0) {
                return true;
            }
            Object m;
            if (replay != null) {
                m = nextReplayed(); // already counted when it first left the mailbox
            } else {
                m = mailbox.poll();
                if (m == null) {
                    break;
                }
                PROCESSED.setOpaque(this, processed + 1);
            }
            invoke(m);
            if (sysHead != null) {
                processSystemMessages();
            }
        }
        return false;
    }

    private Object nextReplayed() {
        Object m = replay.pollFirst();
        if (replay.isEmpty()) {
            replay = null;
        }
        return m;
    }

    private void afterRun() {
        // unstashed messages left over when the throughput budget ran out (owner-only state: read
        // before giving up the consumer role)
        boolean replayLeft = replay != null && stage == RUNNING;
        int s = (int) STATUS.getAndBitwiseAnd(this, ~SCHEDULED) & ~SCHEDULED;
        boolean userWork = (s & (SUSPENDED | TERMINATED)) != SUSPENDED && (replayLeft || !mailbox.isEmpty());
        if (sysHead != null || userWork) {
            trySchedule(false);
        }
    }

    /** The consumer role on a terminated cell: no behaviour runs, queues are emptied. */
    private void runDead() {
        for (;;) {
            processSystemMessagesDead();
            drainMailboxToDeadLetters();
            STATUS.getAndBitwiseAnd(this, ~SCHEDULED);
            if (sysHead == null && mailbox.isEmpty()) {
                return;
            }
            int s = status;
            if ((s & SCHEDULED) != 0 || !STATUS.compareAndSet(this, s, s | SCHEDULED)) {
                return;
            }
        }
    }

    /**
     * Runs the initial behaviour (its setup) as a new incarnation. When it has started (and, for a
     * supervisor, its whole static subtree has), the supervisor parent is told.
     */
    private void startIncarnation() {
        if (everStarted) {
            restarts++;
            LOG.info("actor={} event=restart restarts={}", path(), restarts);
            system.supervisionEvents.publish(new SupervisionEvent.Restarted(self, restarts));
        }
        everStarted = true;
        stage = RUNNING;
        behavior = null;
        localSupervision = null;
        childSupervisor = null;
        try {
            Behavior<T> b = canonicalize(initial);
            switch (B.kind(b)) {
                case BehaviorAccess.LIVE -> behavior = b;
                case BehaviorAccess.STOPPED -> stopVoluntarily(b);
                default -> throw new IllegalStateException(
                        "the initial behaviour must not be " + b + "; return a real behaviour from setup");
            }
        } catch (Throwable t) {
            fail(t, null, "setup");
            return;
        }
        if (stage == RUNNING) {
            STATUS.getAndBitwiseAnd(this, ~SUSPENDED);
            if (childSupervisor == null || childSupervisor.started()) {
                subtreeStarted();
            }
            flushDeferred();
        }
    }

    /** This actor and its static subtree have started: tell a supervisor parent that waits for it. */
    void subtreeStarted() {
        if (startAckOwed && stage == RUNNING && behavior != null) {
            startAckOwed = false;
            parent.sendSystem(new SystemMessage.Started(this));
        }
    }

    /** Starts deferred (setup) behaviours and unwraps supervision until a plain one appears. */
    private Behavior<T> canonicalize(Behavior<T> b) throws Exception {
        while (true) {
            switch (B.kind(b)) {
                case BehaviorAccess.DEFERRED -> b = B.start(b, this);
                case BehaviorAccess.SUPERVISE -> {
                    localSupervision = b;
                    b = B.supervisedInner(b);
                }
                default -> {
                    return b;
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void invoke(Object m) {
        Object msg = m;
        try {
            if (m instanceof Envelope e) {
                msg = e.resolve();
                if (msg == null) {
                    return;
                }
            }
            TimerSchedulerImpl<T> t = timers;
            if (t != null && t.tracksActivity()
                    && !(m instanceof TimerSchedulerImpl<?>.TimerMsg tm && tm.isReceiveTimeoutCheck())) {
                t.lastActivity = system.nanoTime();
            }
            RuntimeEnvironment.Hooks h = system.hooks;
            if (h != null && !h.delivering(this, msg)) {
                return;
            }
            T typed = (T) msg;
            Behavior<T> next = B.receive(behavior, this, typed);
            if (next == null) {
                throw new IllegalStateException("the behaviour returned null for " + typeName(msg)
                        + "; return Behaviors.same() to keep the current behaviour");
            }
            applyNext(next, typed, true);
        } catch (Throwable t) {
            fail(t, msg, typeName(msg));
        }
    }

    private void applyNext(Behavior<T> next, Object msg, boolean isMessage) throws Exception {
        switch (B.kind(next)) {
            case BehaviorAccess.SAME -> { }
            case BehaviorAccess.UNHANDLED -> {
                if (isMessage) {
                    system.deadLetters.publish(msg, self, DeadLetter.Reason.UNHANDLED);
                }
            }
            case BehaviorAccess.STOPPED -> stopVoluntarily(next);
            case BehaviorAccess.UNSTASH -> {
                List<Object> msgs = B.unstashMessages(next);
                ArrayDeque<Object> r = new ArrayDeque<>(msgs);
                if (replay != null) {
                    r.addAll(replay); // messages unstashed earlier and not yet replayed keep their place after
                }
                replay = r;
                applyNext(B.unstashTarget(next), msg, false);
            }
            case BehaviorAccess.DEFERRED, BehaviorAccess.SUPERVISE -> {
                Behavior<T> b = canonicalize(next);
                if (B.kind(b) == BehaviorAccess.STOPPED) {
                    stopVoluntarily(b);
                } else if (B.kind(b) == BehaviorAccess.LIVE) {
                    behavior = b;
                }
            }
            default -> behavior = next;
        }
    }

    /** Delivers a signal to the live behaviour; a handler that throws is a failure. */
    private void signal(Signal s) {
        Behavior<T> b = behavior;
        if (b == null) {
            return;
        }
        try {
            if (system.hooks != null) {
                system.hooks.signalling(this, s);
            }
            Behavior<T> next = B.receiveSignal(b, this, s);
            if (next != null) {
                applyNext(next, s, false);
            }
        } catch (Throwable t) {
            fail(t, s, "signal " + s.getClass().getSimpleName());
        }
    }

    /** Delivers a cleanup signal (PreRestart, PostStop): a handler that throws is reported, not a failure. */
    private void cleanupSignal(Signal s) {
        Behavior<T> b = behavior;
        if (b != null) {
            try {
                if (system.hooks != null) {
                    system.hooks.signalling(this, s);
                }
                B.receiveSignal(b, this, s);
            } catch (Throwable t) {
                LOG.error("actor={} event={}-failed; ignored", path(), s.getClass().getSimpleName().toLowerCase(), t);
            }
        }
        Behavior<T> marker = stopMarker;
        stopMarker = null;
        if (marker != null) {
            try {
                B.runStopCallback(marker);
            } catch (Throwable t) {
                LOG.error("actor={} event=stop-callback-failed; ignored", path(), t);
            }
        }
    }

    // =====================================================================================
    // Failure and supervision (owner only)
    // =====================================================================================

    /**
     * A handler, setup or signal handler threw (any {@link Throwable}: an {@link Error} too, a
     * {@link LinkageError} included). Writes the crash report, then: a local rule
     * ({@code Behaviors.supervise}) decides if one matches; otherwise a {@link SupervisorLogic}
     * parent decides (this actor waits, suspended); otherwise the actor stops with the failure,
     * its children first.
     */
    private void fail(Throwable t, Object msg, String what) {
        FAILURES.setOpaque(this, failures + 1);
        LOG.error("actor={} event=failure message={} restarts={} exception={}", path(), what, restarts, t, t);
        system.supervisionEvents.publish(new SupervisionEvent.Failed(self, t, what, restarts));
        if (stage != RUNNING) {
            return; // already failed, restarting or stopping: reported, nothing more to decide
        }
        boolean fromMessage = msg != null && msg != SUPERVISION && !(msg instanceof Signal);
        SupervisorStrategy rule = localSupervision == null ? null : B.strategyFor(localSupervision, t);
        ExitReason reason = ExitReason.failure(t);
        switch (rule) {
            case null -> escalate(reason, fromMessage);
            case SupervisorStrategy.Escalate e -> escalate(reason, fromMessage);
            case SupervisorStrategy.Stop s -> stopSelf(reason);
            case SupervisorStrategy.Resume r -> {
                if (!fromMessage) {
                    localRestart(t, SupervisorStrategy.restart()); // nothing to resume: restart instead
                }
            }
            case SupervisorStrategy.Restart r -> localRestart(t, r);
            case SupervisorStrategy.Backoff b -> {
                if (localBackoff == null) {
                    localBackoff = new BackoffClock();
                }
                long delay = localBackoff.nextDelayNanos(b, system.nanoTime(), system.timing.nextRandom());
                LOG.info("actor={} event=backoff delay_ms={}", path(), delay / 1_000_000);
                beginReset(RESET_THEN_BACKOFF, delay);
            }
        }
    }

    private void localRestart(Throwable t, SupervisorStrategy.Restart r) {
        if (!everStartedBehavior() && restarts > 0 && r.maxRestarts() < 0) {
            LOG.error("actor={} event=restart-loop setup failed again after a restart; stopping it", path());
            stopSelf(ExitReason.failure(t));
            return;
        }
        if (localWindow == null) {
            localWindow = new RestartWindow();
        }
        if (!localWindow.tryRecord(r.maxRestarts(), r.within().toNanos(), system.nanoTime())) {
            escalate(ExitReason.failure(t), false);
        } else {
            beginReset(RESET_THEN_START, 0);
        }
    }

    /** Whether the current incarnation got past its setup. */
    private boolean everStartedBehavior() {
        return behavior != null;
    }

    /** No local decision: a supervisor parent decides; anyone else sees this actor stop with the reason. */
    private void escalate(ExitReason reason, boolean fromMessage) {
        if (supervisedByParent) {
            enterWaiting(reason);
            parent.sendSystem(new SystemMessage.Failed(this, reason, fromMessage));
        } else {
            stopSelf(reason);
        }
    }

    /** The behaviour returned {@code stopped}: under a supervisor that is an exit it decides on. */
    private void stopVoluntarily(Behavior<T> marker) {
        stopMarker = marker;
        if (supervisedByParent && stage == RUNNING) {
            enterWaiting(ExitReason.NORMAL);
            parent.sendSystem(new SystemMessage.Failed(this, ExitReason.NORMAL, false));
        } else {
            stopSelf(ExitReason.NORMAL);
        }
    }

    private void enterWaiting(ExitReason reason) {
        stage = WAITING;
        pending = reason;
        STATUS.getAndBitwiseOr(this, SUSPENDED);
    }

    /** Called by a {@link SupervisorLogic} on its own actor, once its children are gone: fail with {@code t}. */
    void failFromSupervisor(Throwable t) {
        fail(t, SUPERVISION, "supervision");
    }

    /** The runtime's own code threw while handling this actor: a failure of the actor, like any other. */
    private void failFromRuntime(Throwable t) {
        if (stage == RUNNING) {
            fail(t, SUPERVISION, "runtime");
        } else if (stage < TERMINATING) {
            stopSelf(ExitReason.failure(t));
        } else if (stage == TERMINATING && childCount() == 0) {
            finishTerminate();
        }
    }

    /** Last resort when even failing failed: stop the children, then mark the actor dead. */
    private void emergencyStop(Throwable cause) {
        if (stage == DEAD) {
            return;
        }
        stage = TERMINATING;
        exitReason = ExitReason.failure(cause);
        STATUS.getAndBitwiseOr(this, SUSPENDED);
        if (childCount() == 0) {
            finishTerminate();
        } else {
            forEachChild(c -> c.sendSystem(new SystemMessage.Terminate()));
        }
    }

    /**
     * Ends the current incarnation: PreRestart to the old behaviour, timers cancelled, stashed
     * messages kept for the next one, children stopped (a supervisor's in reverse start order,
     * within their shutdown). Then, per {@code mode}: start again, tell the supervisor and wait,
     * or wait out a backoff.
     */
    private void beginReset(int mode, long delayNanos) {
        if (stage == RESETTING) {
            if (mode == RESET_THEN_ACK) {
                resetMode = RESET_THEN_ACK; // the supervisor now decides when it starts
            }
            return;
        }
        cleanupSignal(PreRestart.INSTANCE);
        behavior = null;
        if (timers != null) {
            timers.cancelEverything();
        }
        rescueStashedMessages();
        trapExits = false; // the next incarnation's setup decides again (links are kept)
        stage = RESETTING;
        resetMode = mode;
        resetDelayNanos = delayNanos;
        pending = null;
        STATUS.getAndBitwiseOr(this, SUSPENDED);
        if (!stopChildren()) {
            resetDone();
        }
    }

    private void resetDone() {
        childSupervisor = null;
        // localSupervision stays until the next start replaces it: tools show the rules while
        // the actor waits out a backoff
        switch (resetMode) {
            case RESET_THEN_START -> startIncarnation();
            case RESET_THEN_ACK -> {
                stage = IDLE;
                parent.sendSystem(new SystemMessage.ResetDone(this));
            }
            default -> {
                stage = IDLE;
                backoffUntilNanos = system.nanoTime() + resetDelayNanos; // for tools
                long token = ++localStartToken;
                system.schedule(() -> sendSystem(new SystemMessage.LocalStart(token)), resetDelayNanos);
            }
        }
    }

    // --- system messages ---

    private void processSystemMessages() {
        SystemMessage list;
        while ((list = takeSystemMessages()) != null) {
            for (SystemMessage m = list; m != null; ) {
                SystemMessage next = m.next;
                m.next = null;
                if (stage != DEAD && (status & KILLED) != 0) {
                    killedCleanup(); // killed while busy: no behaviour runs again, not even a cleanup
                }
                if (stage == DEAD) {
                    handleDead(m);
                } else {
                    try {
                        handle(m);
                    } catch (Throwable t) {
                        LOG.error("actor={} event=runtime-error in {}; the actor fails with it", path(),
                                m.getClass().getSimpleName(), t);
                        failFromRuntime(t);
                    }
                }
                m = next;
            }
        }
    }

    private void processSystemMessagesDead() {
        SystemMessage list;
        while ((list = takeSystemMessages()) != null) {
            for (SystemMessage m = list; m != null; ) {
                SystemMessage next = m.next;
                m.next = null;
                handleDead(m);
                m = next;
            }
        }
    }

    /** Takes the whole stack and reverses it into arrival order. */
    private SystemMessage takeSystemMessages() {
        if (sysHead == null) {
            return null;
        }
        SystemMessage m = (SystemMessage) SYS_HEAD.getAndSet(this, null);
        SystemMessage reversed = null;
        while (m != null) {
            SystemMessage next = m.next;
            m.next = reversed;
            reversed = m;
            m = next;
        }
        return reversed;
    }

    private void handle(SystemMessage m) {
        switch (m) {
            case SystemMessage.Terminate t -> stopSelf(stage == WAITING ? pending : ExitReason.SHUTDOWN);
            case SystemMessage.Watch w -> {
                if (w.watcher != this) {
                    if (watchedBy == null) {
                        watchedBy = new LinkedHashSet<>();
                    }
                    watchedBy.add(w.watcher);
                }
            }
            case SystemMessage.Unwatch u -> {
                if (watchedBy != null) {
                    watchedBy.remove(u.watcher);
                }
            }
            case SystemMessage.DeathWatchNotification d -> onWatchedTerminated(d);
            case SystemMessage.ChildTerminated c -> childGone(c.child);
            case SystemMessage.Failed f -> {
                if (childSupervisor != null) {
                    childSupervisor.onChildExit(f.child, f.reason, f.fromMessage);
                } else {
                    f.child.sendSystem(new SystemMessage.Terminate());
                }
            }
            case SystemMessage.Reset r -> {
                switch (stage) {
                    case RUNNING, WAITING, NEW -> beginReset(RESET_THEN_ACK, 0);
                    case RESETTING -> resetMode = RESET_THEN_ACK;
                    case IDLE -> {
                        localStartToken++; // a pending local backoff start no longer applies
                        parent.sendSystem(new SystemMessage.ResetDone(this));
                    }
                    default -> { }
                }
            }
            case SystemMessage.Start s -> {
                if (stage == IDLE) {
                    startAckOwed = true;
                    startIncarnation();
                } else if (stage == RUNNING) {
                    startAckOwed = true;
                    if (childSupervisor == null || childSupervisor.started()) {
                        subtreeStarted();
                    }
                }
            }
            case SystemMessage.LocalStart s -> {
                if (stage == IDLE && s.token == localStartToken) {
                    startIncarnation();
                }
            }
            case SystemMessage.Resume r -> {
                if (stage == WAITING) {
                    stage = RUNNING;
                    pending = null;
                    STATUS.getAndBitwiseAnd(this, ~SUSPENDED);
                    if (childSupervisor != null) {
                        childSupervisor.onResumed();
                    }
                    flushDeferred();
                }
            }
            case SystemMessage.Started s -> {
                if (childSupervisor != null) {
                    childSupervisor.onChildStarted(s.child);
                }
            }
            case SystemMessage.ResetDone d -> {
                if (childSupervisor != null) {
                    childSupervisor.onChildResetDone(d.child);
                }
            }
            case SystemMessage.SupervisorTick t -> {
                if (childSupervisor == t.logic) {
                    t.logic.onTick(t.subject, t.token);
                }
            }
            case SystemMessage.Link l -> {
                if (l.other != this) {
                    if (links == null) {
                        links = new LinkedHashSet<>();
                    }
                    links.add(l.other);
                }
            }
            case SystemMessage.Unlink u -> {
                if (links != null) {
                    links.remove(u.other);
                }
            }
            case SystemMessage.LinkExit e -> onLinkExit(e);
            case SystemMessage.Killed k -> killedCleanup();
        }
    }

    private void handleDead(SystemMessage m) {
        switch (m) {
            case SystemMessage.Watch w when w.watcher != this ->
                    w.watcher.sendSystem(new SystemMessage.DeathWatchNotification(this, lateReason(w.watcher)));
            case SystemMessage.Link l when l.other != this ->
                    l.other.sendSystem(new SystemMessage.LinkExit(this, lateReason(l.other)));
            case SystemMessage.Failed f -> f.child.sendSystem(new SystemMessage.Terminate());
            case SystemMessage.Started s -> s.child.sendSystem(new SystemMessage.Terminate());
            case SystemMessage.ResetDone d -> d.child.sendSystem(new SystemMessage.Terminate());
            case SystemMessage.Killed k -> killedCleanup();
            case SystemMessage.DeathWatchNotification d -> // the watcher died after the target told it
                    system.deadLetters.publish(new Terminated(d.actor.self, d.reason), self,
                            DeadLetter.Reason.RECIPIENT_TERMINATED);
            default -> { }
        }
    }

    /**
     * A child is gone (terminated, or killed): forget it, tell a {@link SupervisorLogic}, and finish
     * a stop or a reset that was waiting for the last child.
     */
    void childGone(ActorCell<?> child) {
        ConcurrentHashMap<String, ActorCell<?>> kids = children;
        if (kids != null) {
            kids.remove(child.name, child);
        }
        if (childSupervisor != null) {
            childSupervisor.onChildTerminated(child);
        }
        checkChildrenGone();
    }

    private void checkChildrenGone() {
        if (childCount() == 0) {
            if (stage == TERMINATING) {
                finishTerminate();
            } else if (stage == RESETTING) {
                resetDone();
            }
        }
    }

    /**
     * For a {@link SupervisorLogic} that has just killed a child: the name is free at once (a new
     * actor may be spawned under it); the rest happens as for any terminated child, in order.
     */
    void forgetChild(ActorCell<?> child) {
        ConcurrentHashMap<String, ActorCell<?>> kids = children;
        if (kids != null) {
            kids.remove(child.name, child);
        }
        sendSystem(new SystemMessage.ChildTerminated(child));
    }

    private int childCount() {
        ConcurrentHashMap<String, ActorCell<?>> kids = children;
        return kids == null ? 0 : kids.size();
    }

    // --- watch and links ---

    private void onWatchedTerminated(SystemMessage.DeathWatchNotification d) {
        if (watching == null || !watching.containsKey(d.actor)) {
            return; // unwatched, or already notified: exactly once
        }
        if (stage != RUNNING) {
            defer(d);
            return;
        }
        Object how = watching.remove(d.actor);
        if (how == WATCH_SIGNAL) {
            signal(new Terminated(d.actor.self, d.reason));
        } else {
            invoke(how);
        }
    }

    private void onLinkExit(SystemMessage.LinkExit e) {
        if (links == null || !links.contains(e.from)) {
            return;
        }
        if (stage >= TERMINATING) {
            links.remove(e.from);
            return;
        }
        if (stage != RUNNING) {
            defer(e);
            return;
        }
        links.remove(e.from);
        if (trapExits) {
            signal(new ExitSignal(e.from.self, e.reason));
        } else if (e.reason instanceof ExitReason.Shutdown) {
            escalateShutdown(); // Erlang: a non-trapping process exits with the same reason
        } else if (!e.reason.isNormal()) {
            fail(new LinkedActorFailedException(e.from.path(), e.reason), SUPERVISION, "link from " + e.from.path());
        }
    }

    /** A linked actor exited with {@code shutdown}: so does this one (not a failure: no crash report). */
    private void escalateShutdown() {
        if (supervisedByParent) {
            enterWaiting(ExitReason.SHUTDOWN);
            parent.sendSystem(new SystemMessage.Failed(this, ExitReason.SHUTDOWN, false));
        } else {
            stopSelf(ExitReason.SHUTDOWN);
        }
    }

    private void defer(SystemMessage notification) {
        if (deferred == null) {
            deferred = new ArrayDeque<>(2);
        }
        deferred.addLast(notification);
    }

    /** A live incarnation is running again: deliver what waited for it, while it keeps running. */
    private void flushDeferred() {
        while (deferred != null && stage == RUNNING) {
            SystemMessage m = deferred.pollFirst();
            if (deferred.isEmpty()) {
                deferred = null;
            }
            if (m == null) {
                return;
            }
            switch (m) {
                case SystemMessage.DeathWatchNotification d -> onWatchedTerminated(d);
                case SystemMessage.LinkExit e -> onLinkExit(e);
                default -> { }
            }
        }
    }

    /** The actor stops: notifications that waited for a next incarnation become dead letters. */
    private void deferredToDeadLetters() {
        if (deferred == null) {
            return;
        }
        for (SystemMessage m : deferred) {
            switch (m) {
                case SystemMessage.DeathWatchNotification d -> {
                    Object how = watching == null ? null : watching.remove(d.actor);
                    if (how != null) {
                        Object what = how == WATCH_SIGNAL ? new Terminated(d.actor.self, d.reason) : how;
                        system.deadLetters.publish(what, self, DeadLetter.Reason.RECIPIENT_TERMINATED);
                    }
                }
                case SystemMessage.LinkExit e -> {
                    if (trapExits) {
                        system.deadLetters.publish(new ExitSignal(e.from.self, e.reason), self,
                                DeadLetter.Reason.RECIPIENT_TERMINATED);
                    }
                }
                default -> { }
            }
        }
        deferred = null;
    }

    // --- stopping ---

    private void stopSelf(ExitReason reason) {
        if (stage >= TERMINATING) {
            return;
        }
        stage = TERMINATING;
        exitReason = reason;
        pending = null;
        STATUS.getAndBitwiseOr(this, SUSPENDED);
        if (!stopChildren()) {
            finishTerminate();
        }
    }

    /** Asks the children to stop; returns false if there are none. */
    private boolean stopChildren() {
        if (childCount() == 0) {
            return false;
        }
        if (childSupervisor != null) {
            childSupervisor.shutdown(); // reverse start order, within each child's shutdown
        } else {
            forEachChild(c -> c.sendSystem(new SystemMessage.Terminate()));
        }
        return childCount() > 0;
    }

    private void finishTerminate() {
        if (stage == DEAD) {
            return;
        }
        if ((status & KILLED) != 0) {
            killedCleanup(); // killed while stopping: no PostStop
            return;
        }
        cleanupSignal(PostStop.INSTANCE);
        if (timers != null) {
            timers.cancelEverything();
        }
        rescueStashedMessages();
        replayToDeadLetters();
        deferredToDeadLetters();
        stage = DEAD;
        behavior = null;
        adapters = null;
        localSupervision = null;
        childSupervisor = null;
        if (exitReason == null) {
            exitReason = ExitReason.SHUTDOWN;
        }
        int before = (int) STATUS.getAndBitwiseOr(this, TERMINATED);
        if ((before & TERMINATED) != 0) {
            return; // killed meanwhile: the kill's clean-up reports the end
        }
        publishTermination(exitReason);
        drainMailboxToDeadLetters();
        // The parent first: a parent that also watches this child must see it gone from
        // children() by the time it handles Terminated (one sender's system messages keep order).
        if (parent != null) {
            parent.sendSystem(new SystemMessage.ChildTerminated(this));
        }
        notifyWatchersAndLinks(exitReason);
        if (parent == null) {
            system.guardianTerminated();
        }
    }

    private void replayToDeadLetters() {
        if (replay != null) {
            for (Object m : replay) {
                system.deadLetters.publish(unwrap(m), self, DeadLetter.Reason.RECIPIENT_TERMINATED);
            }
            replay = null;
        }
    }

    private void notifyWatchersAndLinks(ExitReason reason) {
        if (watchedBy != null) {
            for (ActorCell<?> w : watchedBy) {
                w.sendSystem(new SystemMessage.DeathWatchNotification(this, reason));
            }
            watchedBy = null;
        }
        if (links != null) {
            for (ActorCell<?> l : links) {
                l.sendSystem(new SystemMessage.LinkExit(this, reason));
            }
            links = null;
        }
        if (watching != null) {
            for (ActorCell<?> target : watching.keySet()) {
                target.sendSystem(new SystemMessage.Unwatch(this));
            }
            watching = null;
        }
    }

    /**
     * The reason told to a watch or link that arrives after this actor's death: Erlang's
     * {@code noproc}, except for the parent, which learns the real reason (so spawn-then-watch in
     * one handler is as exact as Erlang's atomic {@code spawn_monitor}).
     */
    private ExitReason lateReason(ActorCell<?> asker) {
        return asker == parent ? exitReason() : ExitReason.NO_SUCH_ACTOR;
    }

    /**
     * Why the actor stopped: {@code killed} if it was killed, else what it recorded.
     *
     * @return the reason; meaningful once {@link #isTerminated()}
     */
    ExitReason exitReason() {
        if ((status & KILLED) != 0) {
            return ExitReason.KILLED;
        }
        ExitReason r = exitReason;
        return r == null ? ExitReason.SHUTDOWN : r;
    }

    // --- kill ---

    /**
     * Kills {@code root} and its whole subtree now, from any thread: each actor is marked dead at
     * once (senders get dead letters; nothing of it restarts; no cleanup signal runs), a handler
     * running on a virtual thread is interrupted, and the root's parent forgets it at once. The
     * rest of each actor's clean-up (watchers told {@code killed}, mailbox to dead letters) runs
     * bottom-up, inline for an idle actor, or when a busy actor's handler returns: a handler stuck
     * on a platform thread cannot be stopped, and keeps its thread until it returns.
     * Iterative: no recursion on tree depth.
     *
     * @param root the actor to kill
     */
    static void kill(ActorCell<?> root) {
        ArrayList<ActorCell<?>> marked = new ArrayList<>();
        ArrayDeque<ActorCell<?>> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) { // top-down: no actor of the subtree can spawn below a marked one
            ActorCell<?> c = todo.pop();
            if (c.markKilled()) {
                marked.add(c);
                c.forEachChild(todo::push);
            }
        }
        for (int i = marked.size() - 1; i >= 0; i--) { // bottom-up: children clean up before parents
            ActorCell<?> c = marked.get(i);
            Thread r = c.runner;
            if (r != null && r.isVirtual()) {
                r.interrupt();
            }
            c.sendSystem(new SystemMessage.Killed());
        }
        if (!marked.isEmpty() && root.parent != null) {
            root.parent.sendSystem(new SystemMessage.ChildTerminated(root));
        }
    }

    /** Sets TERMINATED and KILLED unless already terminated; true if this call did. */
    private boolean markKilled() {
        for (;;) {
            int s = status;
            if ((s & TERMINATED) != 0) {
                return false;
            }
            if (STATUS.compareAndSet(this, s, s | TERMINATED | KILLED | SUSPENDED)) {
                return true;
            }
        }
    }

    /** On the killed actor's thread (or the killer's, if it was idle): the clean-up of a kill. */
    private void killedCleanup() {
        if (killCleaned) {
            return;
        }
        killCleaned = true;
        stage = DEAD;
        behavior = null;
        stopMarker = null;
        childSupervisor = null;
        if (timers != null) {
            timers.cancelEverything();
        }
        rescueStashedMessages();
        replayToDeadLetters();
        deferredToDeadLetters();
        drainMailboxToDeadLetters();
        publishTermination(ExitReason.KILLED);
        if (parent != null) {
            parent.sendSystem(new SystemMessage.ChildTerminated(this));
        }
        notifyWatchersAndLinks(ExitReason.KILLED);
        if (parent == null) {
            system.guardianTerminated();
        }
    }

    private void drainMailboxToDeadLetters() {
        Object m;
        while ((m = mailbox.poll()) != null) {
            system.deadLetters.publish(unwrap(m), self, DeadLetter.Reason.RECIPIENT_TERMINATED);
        }
    }

    // =====================================================================================
    // ActorContext (owner only, except spawn on the guardian)
    // =====================================================================================

    @Override
    public ActorRef<T> self() {
        return self;
    }

    @Override
    public ActorSystem system() {
        return system;
    }

    @Override
    public Logger log() {
        if (logger == null) {
            logger = new ActorLogger(LOG, path());
        }
        return logger;
    }

    /**
     * The actor's timers (created on first use). For {@code Behaviors.withTimers}.
     *
     * @return the timer scheduler
     */
    public TimerSchedulerImpl<T> timers() {
        if (timers == null) {
            timers = new TimerSchedulerImpl<>(this);
        }
        return timers;
    }

    /** Timer thread: enqueue a timer's message without ever blocking. */
    void deliverTimer(TimerSchedulerImpl<T>.TimerMsg fire) {
        tellFromRuntime(fire);
    }

    @Override
    public void link(ActorRef<?> other) {
        ActorCell<?> c = cellOf(other, "link to");
        if (c == this) {
            return;
        }
        if (links == null) {
            links = new LinkedHashSet<>();
        }
        if (links.add(c)) {
            if (system.hooks != null) {
                system.hooks.linking(this, c, true);
            }
            c.sendSystem(new SystemMessage.Link(this));
        }
    }

    @Override
    public void unlink(ActorRef<?> other) {
        ActorCell<?> c = cellOf(other, "unlink from");
        if (links != null && links.remove(c)) {
            if (system.hooks != null) {
                system.hooks.linking(this, c, false);
            }
            c.sendSystem(new SystemMessage.Unlink(this));
        }
    }

    @Override
    public void trapExits(boolean trap) {
        this.trapExits = trap;
    }

    /**
     * Messages still in a stash buffer when the incarnation ends are not lost: they go to the
     * front of the replay queue, so a restarted actor gets them first, and a stopping one turns
     * the replay queue into dead letters.
     */
    private void rescueStashedMessages() {
        if (stashes == null) {
            return;
        }
        ArrayDeque<Object> r = new ArrayDeque<>();
        for (StashHook h : stashes) {
            r.addAll(h.takeAll());
        }
        stashes = null;
        if (!r.isEmpty()) {
            if (replay != null) {
                r.addAll(replay);
            }
            replay = r;
        }
    }

    /**
     * Registers a stash buffer of the current incarnation. For {@code Behaviors.withStash}.
     *
     * @param hook gives up the stashed messages when the incarnation ends
     */
    public void registerStash(StashHook hook) {
        if (system.hooks != null) {
            system.hooks.stashCreated(this, hook);
        }
        if (stashes == null) {
            stashes = new ArrayList<>(1);
        }
        stashes.add(hook);
    }

    /** A stash buffer, seen from the runtime. */
    public interface StashHook {
        /** @return every stashed message, oldest first; the buffer is then empty */
        List<Object> takeAll();

        /** @return the stashed messages, oldest first (a copy; the buffer is unchanged) */
        List<Object> contents();
    }

    /** Restarts of this actor so far (owner, or racy). */
    int restarts() {
        return restarts;
    }

    @Override
    public void setReceiveTimeout(Duration timeout, T message) {
        timers().setReceiveTimeout(timeout, message);
    }

    @Override
    public void cancelReceiveTimeout() {
        if (timers != null) {
            timers.cancelReceiveTimeout();
        }
    }

    @Override
    public <U> ActorRef<U> spawn(Behavior<U> behavior, String name) {
        return spawn(behavior, name, Props.defaults());
    }

    @Override
    public <U> ActorRef<U> spawn(Behavior<U> behavior, String name, Props props) {
        ActorNames.validate(name);
        return spawnChild(behavior, name, props, false).self;
    }

    @Override
    public <U> ActorRef<U> spawnAnonymous(Behavior<U> behavior) {
        return spawnAnonymous(behavior, Props.defaults());
    }

    @Override
    public <U> ActorRef<U> spawnAnonymous(Behavior<U> behavior, Props props) {
        return spawnChild(behavior, ActorNames.anonymous(++anonymousCounter), props, false).self;
    }

    /** For a {@link SupervisorLogic}: spawns the child of {@code spec}, supervised by this actor. */
    ActorCell<?> spawnSupervised(Supervisor.ChildSpec spec) {
        return spawnChild(spec.behavior(), spec.id(), spec.props(), true);
    }

    <U> ActorCell<U> spawnChild(Behavior<U> behavior, String childName, Props props, boolean supervised) {
        Objects.requireNonNull(behavior, "behavior");
        Objects.requireNonNull(props, "props");
        if ((status & TERMINATED) != 0) {
            throw new IllegalStateException("actor " + path() + " is " + ((status & KILLED) != 0 ? "killed" : "stopped")
                    + "; it cannot spawn " + ActorNames.quote(childName));
        }
        if (parent != null && stage != RUNNING) {
            throw new IllegalStateException("actor " + path() + " is not running (stopping or restarting); it cannot"
                    + " spawn " + ActorNames.quote(childName));
        }
        RuntimeEnvironment.Hooks h = system.hooks;
        Behavior<U> declared = behavior;
        if (h != null) {
            behavior = Objects.requireNonNull(h.spawning(this, childName, behavior, props), "spawning hook");
        }
        ActorCell<U> child = new ActorCell<>(system, this, childName, behavior, props, supervised);
        ActorCell<?> existing = childrenMap().putIfAbsent(childName, child);
        if (existing != null) {
            throw new IllegalArgumentException(
                    "actor " + path() + " already has a child named " + ActorNames.quote(childName));
        }
        if ((parent == null && system.isTerminating()) || (status & TERMINATED) != 0) {
            // Raced with terminate() or kill() (both read the children after marking): take it back.
            children.remove(childName, child);
            sendSystem(new SystemMessage.ChildTerminated(child));
            throw new IllegalStateException(parent == null
                    ? "actor system '" + system.name() + "' is terminating; cannot spawn " + ActorNames.quote(childName)
                    : "actor " + path() + " was killed; it cannot spawn " + ActorNames.quote(childName));
        }
        if (h != null) {
            h.spawned(this, child, declared);
        }
        child.start();
        return child;
    }

    private ConcurrentHashMap<String, ActorCell<?>> childrenMap() {
        ConcurrentHashMap<String, ActorCell<?>> kids = children;
        if (kids == null) {
            ConcurrentHashMap<String, ActorCell<?>> fresh = new ConcurrentHashMap<>(4);
            Object witness = CHILDREN.compareAndExchange(this, null, fresh);
            kids = witness == null ? fresh : castChildren(witness);
        }
        return kids;
    }

    @SuppressWarnings("unchecked")
    private static ConcurrentHashMap<String, ActorCell<?>> castChildren(Object o) {
        return (ConcurrentHashMap<String, ActorCell<?>>) o;
    }

    @Override
    public void stop(ActorRef<?> child) {
        childToStop(child).sendSystem(new SystemMessage.Terminate());
    }

    @Override
    public void stop(ActorRef<?> child, Duration killAfter) {
        system.stopCell(childToStop(child), killAfter);
    }

    private ActorCell<?> childToStop(ActorRef<?> child) {
        ActorCell<?> c = cellOf(child, "stop");
        if (c.parent != this) {
            throw new IllegalArgumentException("only children can be stopped with ctx.stop: " + child.path()
                    + " is not a child of " + path() + (c == this ? "; return Behaviors.stopped() to stop this actor" : ""));
        }
        if (system.hooks != null) {
            system.hooks.stopping(this, c);
        }
        return c;
    }

    @Override
    public void watch(ActorRef<?> target) {
        watchAs(target, WATCH_SIGNAL);
    }

    @Override
    public void watchWith(ActorRef<?> target, T message) {
        Objects.requireNonNull(message, "message");
        watchAs(target, message);
    }

    private void watchAs(ActorRef<?> target, Object how) {
        ActorCell<?> c = cellOf(target, "watch");
        if (c == this) {
            return;
        }
        if (watching == null) {
            watching = new LinkedHashMap<>();
        }
        if (watching.put(c, how) == null) {
            if (system.hooks != null) {
                system.hooks.watching(this, c, true);
            }
            c.sendSystem(new SystemMessage.Watch(this));
        }
    }

    @Override
    public void unwatch(ActorRef<?> target) {
        ActorCell<?> c = cellOf(target, "unwatch");
        if (watching != null && watching.remove(c) != null) {
            if (system.hooks != null) {
                system.hooks.watching(this, c, false);
            }
            c.sendSystem(new SystemMessage.Unwatch(this));
        }
    }

    @Override
    public List<ActorRef<Void>> children() {
        ConcurrentHashMap<String, ActorCell<?>> kids = children;
        if (kids == null) {
            return List.of();
        }
        List<ActorRef<Void>> out = new ArrayList<>(kids.size());
        for (ActorCell<?> c : kids.values()) {
            out.add(c.self.unsafeCast());
        }
        return out;
    }

    @Override
    public <U> Optional<ActorRef<U>> child(String childName) {
        ActorCell<?> c = childCell(childName);
        return c == null ? Optional.empty() : Optional.of(c.self.unsafeCast());
    }

    void forEachChild(java.util.function.Consumer<ActorCell<?>> action) {
        ConcurrentHashMap<String, ActorCell<?>> kids = children;
        if (kids != null) {
            kids.values().forEach(action);
        }
    }

    ActorCell<?> childCell(String childName) {
        ConcurrentHashMap<String, ActorCell<?>> kids = children;
        return kids == null ? null : kids.get(childName);
    }

    @Override
    public <V> void pipeToSelf(CompletionStage<V> stage, BiFunction<? super V, Throwable, ? extends T> mapper) {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(mapper, "mapper");
        stage.whenComplete((value, error) -> {
            Throwable cause = error instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : error;
            Object original = value != null ? value : cause != null ? cause : "pipeToSelf(null)";
            tellFromRuntime(new Adapted(ignored -> mapper.apply(value, cause), original));
        });
    }

    @Override
    public <U> ActorRef<U> messageAdapter(Class<U> type, Function<? super U, ? extends T> adapter) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(adapter, "adapter");
        if (adapters == null) {
            adapters = new HashMap<>(4);
        }
        @SuppressWarnings("unchecked")
        AdapterRef<U, T> ref = (AdapterRef<U, T>) adapters.get(type);
        if (ref == null) {
            ref = new AdapterRef<>(this, type, adapter);
            adapters.put(type, ref);
        } else {
            ref.setAdapter(adapter);
        }
        return ref;
    }

    // =====================================================================================
    // Diagnostics (any thread, racy reads)
    // =====================================================================================

    /** What the actor is doing, for the shutdown report; racy by design. */
    String describeState() {
        int s = stage;
        String what = switch (s) {
            case NEW -> "not started yet";
            case RUNNING -> "running";
            case WAITING -> "failed, waiting for its supervisor's decision";
            case RESETTING -> "restarting, waiting for its children to stop";
            case IDLE -> "between incarnations (backoff, or waiting for its group's restart)";
            case TERMINATING -> "stopping, waiting for its children to stop";
            default -> "stopped";
        };
        int kids = childCount();
        return kids > 0 && (s == TERMINATING || s == RESETTING) ? what + " (" + kids + " left)" : what;
    }

    /** The thread running this actor's handler now, or null (racy). */
    Thread currentRunner() {
        return (Thread) RUNNER.getOpaque(this);
    }

    long processedCount() {
        return (long) PROCESSED.getOpaque(this);
    }

    boolean isRunning() {
        return stage == RUNNING;
    }

    // =====================================================================================
    // Introspection, for tools (Introspector): racy reads, never a write to the actor's state
    // =====================================================================================

    /**
     * When a restart delayed by a backoff is due ({@code System.nanoTime()}), or 0: written by
     * whoever schedules it (this actor for a local backoff, its supervisor otherwise), read only
     * by tools.
     */
    volatile long backoffUntilNanos;

    /** This actor's lifecycle state, read racily (the stage is owner-only). */
    dev.cadre.actor.ActorInfo.State stateForTools() {
        if ((status & TERMINATED) != 0) {
            return dev.cadre.actor.ActorInfo.State.STOPPED;
        }
        return switch (stage) {
            case NEW -> dev.cadre.actor.ActorInfo.State.STARTING;
            case RUNNING -> dev.cadre.actor.ActorInfo.State.RUNNING;
            case WAITING -> dev.cadre.actor.ActorInfo.State.SUSPENDED;
            case RESETTING -> dev.cadre.actor.ActorInfo.State.RESTARTING;
            case IDLE -> {
                long until = backoffUntilNanos;
                yield until != 0 && until - system.nanoTime() > 0 ? dev.cadre.actor.ActorInfo.State.BACKING_OFF
                        : dev.cadre.actor.ActorInfo.State.RESTARTING;
            }
            case TERMINATING -> dev.cadre.actor.ActorInfo.State.STOPPING;
            default -> dev.cadre.actor.ActorInfo.State.STOPPED;
        };
    }

    /** The local supervision wrapper of the current incarnation (racy), or null. */
    Behavior<?> localSupervisionForTools() {
        return localSupervision;
    }

    boolean supervisedByParent() {
        return supervisedByParent;
    }

    /** Publishes this actor's stop (not the guardian's) to the system's terminations topic. */
    private void publishTermination(ExitReason reason) {
        if (parent != null && system.terminations.hasSubscribers()) {
            system.terminations.publish(new Terminated(self, reason));
        }
    }

    // =====================================================================================
    // Helpers
    // =====================================================================================

    static ActorCell<?> cellOf(ActorRef<?> ref, String what) {
        Objects.requireNonNull(ref, "ref");
        if (ref instanceof LocalActorRef<?> l) {
            return l.cell;
        }
        throw new IllegalArgumentException("cannot " + what + " " + ref + ": it is not an actor (ask and adapter refs"
                + " have no lifecycle)");
    }

    /** The path, built iteratively (a tree may be 100,000 levels deep). */
    String path() {
        int depth = 0;
        int length = 0;
        for (ActorCell<?> c = this; c != null; c = c.parent) {
            depth++;
            length += c.name.length() + 1;
        }
        String[] names = new String[depth];
        int i = depth;
        for (ActorCell<?> c = this; c != null; c = c.parent) {
            names[--i] = c.name;
        }
        StringBuilder sb = new StringBuilder(length);
        for (String n : names) {
            sb.append('/').append(n);
        }
        return sb.toString();
    }

    boolean isTerminated() {
        return (status & TERMINATED) != 0;
    }

    static Object unwrap(Object m) {
        return m instanceof Envelope e ? e.original() : m;
    }

    static String typeName(Object msg) {
        return msg == null ? "null" : msg.getClass().getName();
    }

    @Override
    public String toString() {
        return "ActorCell[" + path() + "]";
    }

    /**
     * A queued message that is not yet the actor's own type: it is resolved on the actor's
     * thread. {@link #resolve} may return null: nothing to deliver (a cancelled timer).
     */
    abstract static class Envelope {
        abstract Object resolve();

        /** What to report if the envelope becomes a dead letter. */
        abstract Object original();
    }

    /** Replies through a message adapter, and pipeToSelf completions. */
    static final class Adapted extends Envelope {
        private final Function<Object, ?> fn;
        private final Object value;

        @SuppressWarnings("unchecked")
        Adapted(Function<?, ?> fn, Object value) {
            this.fn = (Function<Object, ?>) fn;
            this.value = value;
        }

        @Override
        Object resolve() {
            Object r = fn.apply(value);
            if (r == null) {
                throw new IllegalStateException("a message adapter or pipeToSelf mapper returned null for "
                        + typeName(value));
            }
            return r;
        }

        @Override
        Object original() {
            return value;
        }
    }
}
