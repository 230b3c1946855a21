package dev.cadre.internal.runtime;

import dev.cadre.actor.ActorContext;
import dev.cadre.actor.ActorMetrics;
import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.DeadLetter;
import dev.cadre.actor.ExitSignal;
import dev.cadre.actor.LinkedActorFailedException;
import dev.cadre.actor.SupervisionEvent;
import dev.cadre.actor.SupervisorStrategy;
import dev.cadre.actor.MailboxFullException;
import dev.cadre.actor.OfferResult;
import dev.cadre.actor.Overflow;
import dev.cadre.actor.PostStop;
import dev.cadre.actor.Props;
import dev.cadre.actor.Signal;
import dev.cadre.actor.Terminated;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
     * Status word (volatile int, STATUS VarHandle):
     *
     *     bit 0  SCHEDULED   the cell is queued on, or running on, a dispatcher thread; whoever
     *                        sets it (CAS from clear) is the cell's one consumer until it clears it
     *     bit 1  TERMINATED  set once, by the consumer, after PostStop; never cleared
     *     bit 2  SUSPENDED   user messages are not processed (set while stopping); system
     *                        messages still are
     *
     * Queues:
     *   - mailbox   user messages, MPSC FIFO (MpscNodeQueue). Producers: any thread (tell).
     *               Consumer: the SCHEDULED holder.
     *   - sysHead   system messages, an intrusive Treiber stack: producers push with CAS, the
     *               consumer takes the whole stack with one XCHG and reverses it (so system
     *               messages from one sender stay in order). Drained before every user message.
     *
     * Who touches what:
     *   - status, sysHead, mailbox producers' side: any thread, through CAS/XCHG only.
     *   - behavior, stage, failure, watching, watchedBy, adapters, logger, anonymousCounter:
     *     the SCHEDULED holder only (the actor's thread of the moment). The happens-before edge
     *     between two activations: the first clears SCHEDULED (volatile RMW), the next holder
     *     sets it with a CAS that reads that value, then hands the cell to a thread through the
     *     executor (another happens-before edge).
     *   - children: a ConcurrentHashMap, created lazily (CAS on CHILDREN) because the user
     *     guardian's children are added by any thread calling ActorSystem.spawn and read by
     *     lookup() from any thread; for other cells only the owner writes it.
     *
     * No lost wake-up. A producer enqueues, then reads status: if SCHEDULED is clear it CASes
     * it on and dispatches. The consumer, done with its batch, clears SCHEDULED and only then
     * re-checks both queues, re-scheduling itself if either has work. All four steps are
     * volatile accesses, so in their total order either the producer sees SCHEDULED clear or
     * the consumer sees the message.
     *
     * Termination. stop -> stage TERMINATING, SUSPENDED set, Terminate sent to every child ->
     * each ChildTerminated removes a child -> no children left -> PostStop to the behaviour ->
     * TERMINATED set -> mailbox drained to dead letters -> ChildTerminated to the parent ->
     * DeathWatchNotification to each watcher. After TERMINATED, a sender that wins the
     * SCHEDULED CAS does not dispatch: it drains the queues itself (runDead), turning user
     * messages into dead letters and answering late Watch requests at once. So nothing sent to
     * a dead actor is lost, and nothing needs the (possibly shut down) dispatcher.
     */

    private static final BehaviorAccess B = BehaviorAccess.get();
    private static final Logger LOG = LoggerFactory.getLogger("dev.cadre.actor");

    static final int SCHEDULED = 1;
    static final int TERMINATED = 2;
    static final int SUSPENDED = 4;

    // Lifecycle stages (owner only), ordered: code tests "stage >= TERMINATING".
    private static final int NEW = 0;
    private static final int RUNNING = 1;
    /** Failed (or exited) and waiting for a decision, or waiting out a backoff; no user messages. */
    private static final int WAITING = 2;
    /** Restarting in place: waiting for the children to stop before running setup again. */
    private static final int RESTARTING = 3;
    private static final int TERMINATING = 4;
    private static final int DEAD = 5;

    private static final Object WATCH_SIGNAL = new Object();
    /** Stands for "no message": a failure raised by supervision or a link, not by a handler. */
    private static final Object SUPERVISION = new Object();

    private static final VarHandle STATUS;
    private static final VarHandle SYS_HEAD;
    private static final VarHandle CHILDREN;
    private static final VarHandle PROCESSED;
    private static final VarHandle FAILURES;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATUS = l.findVarHandle(ActorCell.class, "status", int.class);
            SYS_HEAD = l.findVarHandle(ActorCell.class, "sysHead", SystemMessage.class);
            CHILDREN = l.findVarHandle(ActorCell.class, "children", ConcurrentHashMap.class);
            PROCESSED = l.findVarHandle(ActorCell.class, "processed", long.class);
            FAILURES = l.findVarHandle(ActorCell.class, "failures", long.class);
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
    /** The thread running a virtual-thread actor (for kill's interrupt); null otherwise. */
    private volatile Thread runner;
    private volatile Throwable killReason;

    // --- owner only (the SCHEDULED holder) ---
    private Behavior<T> behavior; // before start: the initial behaviour; after: live, or null
    private int stage = NEW;
    private Throwable failure;
    private Behavior<T> stopMarker;
    private Map<ActorCell<?>, Object> watching;
    private HashSet<ActorCell<?>> watchedBy;
    private Map<Class<?>, AdapterRef<?, T>> adapters;
    private ActorLogger logger;
    private long anonymousCounter;
    private TimerSchedulerImpl<T> timers;
    private Behavior<?> localSupervision;
    private LocalRestarts localRestarts;
    SupervisorLogic childSupervisor;
    private Throwable pendingFailure;
    private boolean restartAck;
    private int restarts;
    private HashSet<ActorCell<?>> links;
    private boolean trapExits;
    /** The stash buffers of the current incarnation (owner only); null when none. */
    private java.util.List<StashHook> stashes;
    /** Unstashed messages to process before the mailbox (owner only); null when none. */
    private java.util.ArrayDeque<Object> replay;
    /** Metrics written by the owner only; other threads read them racily (opaque). */
    private long processed;
    private long failures;

    ActorCell(ActorSystemImpl system, ActorCell<?> parent, String name, Behavior<T> initial, Props props,
            boolean supervisedByParent) {
        this.system = system;
        this.parent = parent;
        this.name = name;
        this.behavior = initial;
        this.initial = initial;
        this.supervisedByParent = supervisedByParent;
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

    private void drop(Object message, DeadLetter.Reason reason) {
        mailbox.countDrop();
        system.deadLetters.publish(unwrap(message), self, reason);
    }

    /** {@link Overflow.Block}: wait for room (see {@link BoundedNodeQueue}), at most {@code timeoutNanos}. */
    private void tellBlocking(Object message, long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        try {
            while (true) {
                if ((status & TERMINATED) != 0) {
                    system.deadLetters.publish(unwrap(message), self, DeadLetter.Reason.RECIPIENT_TERMINATED);
                    return;
                }
                if (!mailbox.awaitRoom(deadline)) {
                    mailbox.countDrop();
                    throw new MailboxFullException("mailbox of " + path() + " stayed full (capacity "
                            + mailbox.capacity() + ") for " + java.time.Duration.ofNanos(timeoutNanos).toMillis()
                            + " ms; " + typeName(unwrap(message)) + " was not delivered");
                }
                if (mailbox.offer(message) == MessageQueue.OK) {
                    trySchedule(true);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            mailbox.countDrop();
            throw new MailboxFullException("interrupted while waiting for room in the mailbox of " + path() + "; "
                    + typeName(unwrap(message)) + " was not delivered");
        }
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
            if (virtual) {
                system.virtualExecutor.execute(this);
            } else {
                system.pool.execute((ForkJoinTask<?>) this);
            }
        } catch (RejectedExecutionException e) {
            // Only possible when the system's threads are gone, i.e. after termination timed out.
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
        }
        try {
            boolean exhausted = process();
            if (!virtual) {
                system.pool.afterActivation(exhausted);
            }
        } catch (Throwable fatal) {
            LOG.error("[{}] fatal error in the runtime; the actor is stopped", path(), fatal);
            if (stage != DEAD) {
                stage = TERMINATING;
                failure = fatal;
                finishTerminate();
            }
        } finally {
            if (virtual) {
                runner = null;
                Thread.interrupted(); // a kill's interrupt must not outlive this activation
            }
            afterRun();
        }
    }

    /** @return true if the whole throughput budget was used (the actor is still busy) */
    private boolean process() {
        if (stage == NEW) {
            startBehavior();
            if (supervisedByParent && stage == RUNNING) {
                parent.sendSystem(new SystemMessage.RestartDone(this)); // started: the next sibling may start
            }
        }
        processSystemMessages();
        int budget = system.throughput;
        while (stage == RUNNING) {
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
        int s = (int) STATUS.getAndBitwiseAnd(this, ~SCHEDULED) & ~SCHEDULED;
        boolean userWork = (s & (SUSPENDED | TERMINATED)) != SUSPENDED && !mailbox.isEmpty();
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

    private void startBehavior() {
        stage = RUNNING;
        Behavior<T> initialBehavior = behavior;
        behavior = null;
        try {
            Behavior<T> b = canonicalize(initialBehavior);
            switch (B.kind(b)) {
                case BehaviorAccess.LIVE -> behavior = b;
                case BehaviorAccess.STOPPED -> stopVoluntarily(b);
                default -> throw new IllegalStateException(
                        "the initial behaviour must not be " + b + "; return a real behaviour from setup");
            }
        } catch (Throwable t) {
            rethrowIfFatal(t);
            fail(t, null);
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
                t.lastActivity = System.nanoTime();
            }
            T typed = (T) msg;
            Behavior<T> next = B.receive(behavior, this, typed);
            if (next == null) {
                throw new IllegalStateException("the behaviour returned null for " + typeName(msg)
                        + "; return Behaviors.same() to keep the current behaviour");
            }
            applyNext(next, typed, true);
        } catch (Throwable t) {
            rethrowIfFatal(t);
            fail(t, msg);
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
                java.util.List<Object> msgs = B.unstashMessages(next);
                java.util.ArrayDeque<Object> r = new java.util.ArrayDeque<>(msgs);
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

    private void signal(Signal s) {
        Behavior<T> b = behavior;
        if (b == null) {
            return;
        }
        try {
            Behavior<T> next = B.receiveSignal(b, this, s);
            if (next != null) {
                applyNext(next, s, false);
            }
        } catch (Throwable t) {
            rethrowIfFatal(t);
            fail(t, s);
        }
    }

    // =====================================================================================
    // Failure and supervision (owner only)
    // =====================================================================================

    /**
     * A handler, setup or signal handler threw. Writes the crash report, then: a local rule
     * ({@code Behaviors.supervise}) decides if one matches; otherwise a {@link SupervisorLogic}
     * parent decides (this actor waits, suspended); otherwise the actor stops with the failure.
     */
    private void fail(Throwable t, Object msg) {
        fail(t, msg, msg == null ? "setup" : msg instanceof Signal ? "signal " + msg.getClass().getSimpleName()
                : typeName(msg));
    }

    private void fail(Throwable t, Object msg, String what) {
        FAILURES.setOpaque(this, failures + 1);
        LOG.error("actor={} event=failure message={} restarts={} exception={}", path(), what, restarts, t, t);
        system.supervisionEvents.publish(new SupervisionEvent.Failed(self, t, what, restarts));
        if (stage >= TERMINATING) {
            return; // already stopping: the failure is reported, nothing more to decide
        }
        SupervisorStrategy rule = localSupervision == null ? null : B.strategyFor(localSupervision, t);
        switch (rule) {
            case null -> escalate(t);
            case SupervisorStrategy.Escalate e -> escalate(t);
            case SupervisorStrategy.Stop s -> stopSelf(t, null);
            case SupervisorStrategy.Resume r -> {
                if (msg == null || stage != RUNNING) {
                    escalate(t); // nothing to resume: setup itself failed
                }
            }
            case SupervisorStrategy.Restart r -> {
                if (msg == null && restarts > 0 && r.maxRestarts() < 0) {
                    LOG.error("actor={} event=restart-loop setup failed again after a restart; stopping it", path());
                    stopSelf(t, null);
                } else if (restartWindow().exceeded(r.maxRestarts(), r.within())) {
                    escalate(t);
                } else {
                    restartInPlace(t, false);
                }
            }
            case SupervisorStrategy.Backoff b -> {
                LocalRestarts w = restartWindow();
                long now = System.nanoTime();
                if (now - w.lastRestartNanos > b.resetAfter().toNanos()) {
                    w.backoffCount = 0;
                }
                java.time.Duration delay = b.delayFor(w.backoffCount++,
                        java.util.concurrent.ThreadLocalRandom.current().nextDouble());
                w.lastRestartNanos = now + delay.toNanos();
                backoffUntilNanos = w.lastRestartNanos;
                enterWaiting(t);
                system.schedule(() -> sendSystem(new SystemMessage.Recreate(false)), delay.toNanos());
            }
        }
    }

    private LocalRestarts restartWindow() {
        if (localRestarts == null) {
            localRestarts = new LocalRestarts();
        }
        return localRestarts;
    }

    /** No local decision: a supervisor parent decides; anyone else sees this actor stop with the failure. */
    private void escalate(Throwable t) {
        if (supervisedByParent) {
            enterWaiting(t);
            parent.sendSystem(new SystemMessage.Failed(this, t));
        } else {
            stopSelf(t, null);
        }
    }

    /** The behaviour returned {@code stopped}: under a supervisor that is an exit it decides on. */
    private void stopVoluntarily(Behavior<T> marker) {
        if (supervisedByParent && stage < TERMINATING) {
            stopMarker = marker;
            enterWaiting(null);
            parent.sendSystem(new SystemMessage.Failed(this, null));
        } else {
            stopSelf(null, marker);
        }
    }

    private void enterWaiting(Throwable cause) {
        stage = WAITING;
        pendingFailure = cause;
        STATUS.getAndBitwiseOr(this, SUSPENDED);
    }

    private void resume() {
        if (stage == WAITING) {
            stage = RUNNING;
            pendingFailure = null;
            STATUS.getAndBitwiseAnd(this, ~SUSPENDED);
        }
    }

    /** Called by a {@link SupervisorLogic} on its own actor: fail as if a handler had thrown {@code t}. */
    void failFromSupervisor(Throwable t) {
        fail(t, SUPERVISION, "supervision");
    }

    /**
     * Restart in place: PreRestart to the old behaviour, timers cancelled, children stopped (in
     * reverse start order if this is a {@link SupervisorLogic}), then the initial behaviour again.
     */
    private void restartInPlace(Throwable cause, boolean ackToParent) {
        if (behavior != null) {
            try {
                B.receiveSignal(behavior, this, dev.cadre.actor.PreRestart.INSTANCE);
            } catch (Throwable t) {
                rethrowIfFatal(t);
                LOG.error("actor={} event=prerestart-failed; ignored", path(), t);
            }
        }
        if (timers != null) {
            timers.cancelEverything();
        }
        rescueStashedMessages();
        stage = RESTARTING;
        restartAck = ackToParent;
        pendingFailure = cause;
        STATUS.getAndBitwiseOr(this, SUSPENDED);
        if (!stopChildren()) {
            completeRestart();
        }
    }

    private void completeRestart() {
        restarts++;
        behavior = initial;
        localSupervision = null;
        childSupervisor = null;
        stopMarker = null;
        pendingFailure = null;
        stage = NEW;
        LOG.info("actor={} event=restart restarts={}", path(), restarts);
        system.supervisionEvents.publish(new SupervisionEvent.Restarted(self, restarts));
        startBehavior();
        if (stage == RUNNING) {
            STATUS.getAndBitwiseAnd(this, ~SUSPENDED);
        }
        if (restartAck) {
            restartAck = false;
            parent.sendSystem(new SystemMessage.RestartDone(this));
        }
    }

    // --- system messages ---

    private void processSystemMessages() {
        SystemMessage list;
        while ((list = takeSystemMessages()) != null) {
            for (SystemMessage m = list; m != null; ) {
                SystemMessage next = m.next;
                m.next = null;
                if (stage == DEAD) {
                    handleDead(m);
                } else {
                    handle(m);
                }
                m = next;
            }
        }
    }

    private void processSystemMessagesDead() {
        SystemMessage list;
        while ((list = takeSystemMessages()) != null) {
            for (SystemMessage m = list; m != null; m = m.next) {
                handleDead(m);
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
            case SystemMessage.Terminate t -> stopSelf(stage == WAITING ? pendingFailure : null, null);
            case SystemMessage.Watch w -> {
                if (w.watcher != this) {
                    if (watchedBy == null) {
                        watchedBy = new HashSet<>();
                    }
                    watchedBy.add(w.watcher);
                }
            }
            case SystemMessage.Unwatch u -> {
                if (watchedBy != null) {
                    watchedBy.remove(u.watcher);
                }
            }
            case SystemMessage.DeathWatchNotification d -> onWatchedTerminated(d.actor, d.cause);
            case SystemMessage.ChildTerminated c -> childGone(c.child);
            case SystemMessage.Failed f -> {
                if (childSupervisor != null) {
                    childSupervisor.onChildExit(f.child, f.cause);
                } else {
                    f.child.sendSystem(new SystemMessage.Terminate());
                }
            }
            case SystemMessage.Recreate r -> {
                if (stage == WAITING || stage == RUNNING) {
                    restartInPlace(pendingFailure, r.ack);
                } else if (r.ack && stage < TERMINATING) {
                    parent.sendSystem(new SystemMessage.RestartDone(this));
                }
            }
            case SystemMessage.Resume r -> resume();
            case SystemMessage.Suspend s -> {
                if (stage == RUNNING) {
                    enterWaiting(null);
                }
            }
            case SystemMessage.RestartDone d -> {
                if (childSupervisor != null) {
                    childSupervisor.onRestartDone(d.child);
                }
            }
            case SystemMessage.ShutdownTimeout s -> {
                if (childSupervisor != null) {
                    childSupervisor.onShutdownTimeout(s.child);
                }
            }
            case SystemMessage.Link l -> {
                if (l.other != this) {
                    if (links == null) {
                        links = new HashSet<>();
                    }
                    links.add(l.other);
                }
            }
            case SystemMessage.Unlink u -> {
                if (links != null) {
                    links.remove(u.other);
                }
            }
            case SystemMessage.LinkExit e -> onLinkExit(e.from, e.cause);
            case SystemMessage.Killed k -> killedCleanup();
        }
    }

    private void handleDead(SystemMessage m) {
        switch (m) {
            case SystemMessage.Watch w when w.watcher != this ->
                    w.watcher.sendSystem(new SystemMessage.DeathWatchNotification(this, failure));
            case SystemMessage.Link l when l.other != this ->
                    l.other.sendSystem(new SystemMessage.LinkExit(this, failure));
            case SystemMessage.Failed f -> f.child.sendSystem(new SystemMessage.Terminate());
            case SystemMessage.Killed k -> killedCleanup();
            default -> { }
        }
    }

    /** A child is gone (terminated, or killed by a {@link SupervisorLogic}): forget it, and finish a stop or restart waiting on it. */
    void childGone(ActorCell<?> child) {
        ConcurrentHashMap<String, ActorCell<?>> kids = children;
        if (kids != null) {
            kids.remove(child.name, child);
        }
        if (childSupervisor != null) {
            childSupervisor.onChildTerminated(child);
        }
        if (kids == null || kids.isEmpty()) {
            if (stage == TERMINATING) {
                finishTerminate();
            } else if (stage == RESTARTING) {
                completeRestart();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void onWatchedTerminated(ActorCell<?> actor, Throwable cause) {
        if (watching == null) {
            return;
        }
        Object how = watching.remove(actor);
        if (how == null) {
            return; // unwatched, or already notified: exactly once
        }
        if (how == WATCH_SIGNAL) {
            signal(new Terminated(actor.self, cause));
        } else if (stage == RUNNING) {
            invoke(how);
        }
    }

    private void onLinkExit(ActorCell<?> from, Throwable cause) {
        if (links == null || !links.remove(from)) {
            return;
        }
        if (trapExits) {
            signal(new ExitSignal(from.self, cause));
        } else if (cause != null && stage < TERMINATING) {
            fail(new LinkedActorFailedException(from.path(), cause), SUPERVISION, "link from " + from.path());
        }
    }

    // --- stopping ---

    private void stopSelf(Throwable cause, Behavior<T> marker) {
        if (stage >= TERMINATING) {
            return;
        }
        stage = TERMINATING;
        failure = cause;
        if (marker != null) {
            stopMarker = marker;
        }
        STATUS.getAndBitwiseOr(this, SUSPENDED);
        if (!stopChildren()) {
            finishTerminate();
        }
    }

    /** Asks the children to stop; returns false if there are none. */
    private boolean stopChildren() {
        ConcurrentHashMap<String, ActorCell<?>> kids = children;
        if (kids == null || kids.isEmpty()) {
            return false;
        }
        if (childSupervisor != null) {
            childSupervisor.shutdownInOrder(); // reverse start order, with timeouts
        } else {
            for (ActorCell<?> child : kids.values()) {
                child.sendSystem(new SystemMessage.Terminate());
            }
        }
        return true;
    }

    private void finishTerminate() {
        if (behavior != null) {
            try {
                B.receiveSignal(behavior, this, PostStop.INSTANCE);
            } catch (Throwable t) {
                rethrowIfFatal(t);
                LOG.error("actor={} event=poststop-failed; ignored", path(), t);
            }
        }
        if (stopMarker != null) {
            try {
                B.runStopCallback(stopMarker);
            } catch (Throwable t) {
                rethrowIfFatal(t);
                LOG.error("actor={} event=stop-callback-failed; ignored", path(), t);
            }
        }
        if (timers != null) {
            timers.cancelEverything();
        }
        rescueStashedMessages();
        if (replay != null) {
            for (Object m : replay) {
                system.deadLetters.publish(unwrap(m), self, DeadLetter.Reason.RECIPIENT_TERMINATED);
            }
            replay = null;
        }
        stage = DEAD;
        behavior = null;
        stopMarker = null;
        adapters = null;
        localSupervision = null;
        childSupervisor = null;
        STATUS.getAndBitwiseOr(this, TERMINATED);
        publishTermination(failure);
        drainMailboxToDeadLetters();
        // The parent first: a parent that also watches this child must see it gone from
        // children() by the time it handles Terminated (one sender's system messages keep order).
        if (parent != null) {
            parent.sendSystem(new SystemMessage.ChildTerminated(this));
        }
        notifyWatchersAndLinks();
        if (parent == null) {
            system.guardianTerminated();
        }
    }

    private void notifyWatchersAndLinks() {
        if (watchedBy != null) {
            for (ActorCell<?> w : watchedBy) {
                w.sendSystem(new SystemMessage.DeathWatchNotification(this, failure));
            }
            watchedBy = null;
        }
        if (links != null) {
            for (ActorCell<?> l : links) {
                l.sendSystem(new SystemMessage.LinkExit(this, failure));
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
     * Brutal kill, by the parent's {@link SupervisorLogic} after a shutdown timeout: marks the
     * actor dead at once (senders now get dead letters) and interrupts its handler if it runs on a
     * virtual thread. The rest of the clean-up ({@link #killedCleanup}) runs when the actor's
     * thread next reaches the runtime, or at once if it is idle.
     */
    void kill(Throwable reason) {
        for (;;) {
            int s = status;
            if ((s & TERMINATED) != 0) {
                return;
            }
            if (STATUS.compareAndSet(this, s, s | TERMINATED | SUSPENDED)) {
                break;
            }
        }
        killReason = reason;
        publishTermination(reason);
        Thread r = runner;
        if (r != null && r.isVirtual()) {
            r.interrupt();
        }
        sendSystem(new SystemMessage.Killed());
    }

    private void killedCleanup() {
        if (stage == DEAD && watchedBy == null && links == null && children == null) {
            return;
        }
        stage = DEAD;
        failure = killReason;
        behavior = null;
        if (timers != null) {
            timers.cancelEverything();
        }
        ConcurrentHashMap<String, ActorCell<?>> kids = children;
        if (kids != null) {
            for (ActorCell<?> c : kids.values()) {
                c.kill(killReason);
            }
            children = null;
        }
        drainMailboxToDeadLetters();
        notifyWatchersAndLinks();
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
        if (offer(fire) == OfferResult.FULL) {
            drop(fire, DeadLetter.Reason.REJECTED);
        }
    }

    @Override
    public void link(ActorRef<?> other) {
        ActorCell<?> c = cellOf(other, "link to");
        if (c == this) {
            return;
        }
        if (links == null) {
            links = new HashSet<>();
        }
        if (links.add(c)) {
            c.sendSystem(new SystemMessage.Link(this));
        }
    }

    @Override
    public void unlink(ActorRef<?> other) {
        ActorCell<?> c = cellOf(other, "unlink from");
        if (links != null && links.remove(c)) {
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
        java.util.ArrayDeque<Object> r = new java.util.ArrayDeque<>();
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
        if (stashes == null) {
            stashes = new java.util.ArrayList<>(1);
        }
        stashes.add(hook);
    }

    /** A stash buffer, seen from the runtime. */
    public interface StashHook {
        /** @return every stashed message, oldest first; the buffer is then empty */
        java.util.List<Object> takeAll();
    }

    /** Restarts of this actor so far (owner, or racy). */
    int restarts() {
        return restarts;
    }

    @Override
    public void setReceiveTimeout(java.time.Duration timeout, T message) {
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
        return spawnChild(behavior, name, props).self;
    }

    @Override
    public <U> ActorRef<U> spawnAnonymous(Behavior<U> behavior) {
        return spawnAnonymous(behavior, Props.defaults());
    }

    @Override
    public <U> ActorRef<U> spawnAnonymous(Behavior<U> behavior, Props props) {
        return spawnChild(behavior, ActorNames.anonymous(++anonymousCounter), props).self;
    }

    <U> ActorCell<U> spawnChild(Behavior<U> behavior, String childName, Props props) {
        return spawnChild(behavior, childName, props, false);
    }

    <U> ActorCell<U> spawnChild(Behavior<U> behavior, String childName, Props props, boolean supervised) {
        Objects.requireNonNull(behavior, "behavior");
        Objects.requireNonNull(props, "props");
        if (parent != null && stage != RUNNING) {
            throw new IllegalStateException("actor " + path() + " is stopping; it cannot spawn '" + childName + "'");
        }
        ActorCell<U> child = new ActorCell<>(system, this, childName, behavior, props, supervised);
        ActorCell<?> existing = childrenMap().putIfAbsent(childName, child);
        if (existing != null) {
            throw new IllegalArgumentException(
                    "actor " + path() + " already has a child named '" + childName + "'");
        }
        if (parent == null && system.isTerminating()) {
            // Raced with terminate(): take the child back and tell the guardian to re-check.
            children.remove(childName, child);
            sendSystem(new SystemMessage.ChildTerminated(child));
            throw new IllegalStateException("actor system '" + system.name() + "' is terminating; cannot spawn '"
                    + childName + "'");
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
        ActorCell<?> c = cellOf(child, "stop");
        if (c.parent != this) {
            throw new IllegalArgumentException("only children can be stopped with ctx.stop: " + child.path()
                    + " is not a child of " + path() + (c == this ? "; return Behaviors.stopped() to stop this actor" : ""));
        }
        c.sendSystem(new SystemMessage.Terminate());
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
            watching = new HashMap<>();
        }
        if (watching.put(c, how) == null) {
            c.sendSystem(new SystemMessage.Watch(this));
        }
    }

    @Override
    public void unwatch(ActorRef<?> target) {
        ActorCell<?> c = cellOf(target, "unwatch");
        if (watching != null && watching.remove(c) != null) {
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
            tell(new Adapted(ignored -> mapper.apply(value, cause), original));
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
    // Introspection, for tools (Introspector): racy reads, never a write to the actor's state
    // =====================================================================================

    /**
     * When a restart scheduled after a backoff delay is due ({@code System.nanoTime()}), or 0:
     * written by whoever schedules it (this actor for a local backoff, its supervisor otherwise),
     * read only by tools.
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
            case WAITING -> {
                long until = backoffUntilNanos;
                yield until != 0 && until - System.nanoTime() > 0 ? dev.cadre.actor.ActorInfo.State.BACKING_OFF
                        : dev.cadre.actor.ActorInfo.State.SUSPENDED;
            }
            case RESTARTING -> dev.cadre.actor.ActorInfo.State.RESTARTING;
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
    private void publishTermination(Throwable cause) {
        if (parent != null && system.terminations.hasSubscribers()) {
            system.terminations.publish(new Terminated(self, cause));
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

    String path() {
        return parent == null ? "/" + name : parent.path() + "/" + name;
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

    static void rethrowIfFatal(Throwable t) {
        if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
            throw (VirtualMachineError) t;
        }
        if (t instanceof LinkageError le) {
            throw le;
        }
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

    /** Local restart bookkeeping: the sliding window of {@code Restart.withLimit}, and the backoff count. */
    static final class LocalRestarts {
        private final java.util.ArrayDeque<Long> times = new java.util.ArrayDeque<>();
        int backoffCount;
        long lastRestartNanos = System.nanoTime();

        /** Records a restart now; true if that makes more than {@code max} within {@code within}. */
        boolean exceeded(int max, java.time.Duration within) {
            if (max < 0) {
                return false;
            }
            long now = System.nanoTime();
            times.addLast(now);
            while (!times.isEmpty() && now - times.peekFirst() > within.toNanos()) {
                times.pollFirst();
            }
            return times.size() > max;
        }
    }
}
