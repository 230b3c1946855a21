package dev.cadre.internal.runtime;

import dev.cadre.actor.ActorMetrics;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.DeadLetter;
import dev.cadre.actor.ExitReason;
import dev.cadre.actor.OfferResult;
import dev.cadre.actor.Props;
import dev.cadre.actor.Signal;
import dev.cadre.actor.SupervisionEvent;
import dev.cadre.bridge.ApiAccess;
import dev.cadre.bridge.Bridge;
import dev.cadre.internal.dispatch.DispatcherPool;
import dev.cadre.internal.mailbox.MessageQueue;
import dev.cadre.internal.mailbox.MpscNodeQueue;
import dev.cadre.internal.mailbox.QueueNode;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API. One actor's hot core: its status word, its two queues, its scheduling, the
 * message loop and the system-message switch. The cell is also the task the dispatcher runs
 * ({@link ForkJoinTask} for the shared pool, so scheduling allocates nothing; {@link Runnable} for
 * virtual threads) and, through its superclass {@link CellContext}, the actor's
 * {@link dev.cadre.actor.ActorContext}: one object per actor.
 *
 * <p>Everything else an actor can do lives in its own class, and its state off the cell until it
 * is first needed (see "Parts" below).
 *
 * <p><b>Why this file is long.</b> The status word, scheduling, the message loop and the
 * system-message switch are kept together on purpose: each reads and writes the status bits and
 * the stage, and their correctness (no lost wake-up, one consumer, system messages first) is
 * argued over all of them at once, in the design notes below, which are a fifth of the file.
 */
public final class ActorCell<T> extends CellContext<T> {

    /*
     * Design overview
     * ===============
     *
     * Status word (volatile int, STATUS VarHandle). Every writer of every bit:
     *
     *     bit 0  SCHEDULED   set by the thread that wins the CAS from clear: trySchedule, called by
     *                        a sender (tell, offer, sendSystem: any thread, the timer thread
     *                        included), by start(), by afterRun (the consumer re-scheduling itself)
     *                        and by runDead (a dead cell's drainer going round again). That thread
     *                        is the cell's one consumer until it clears the bit: afterRun (alive),
     *                        runDead (dead), or dispatch() when the dispatcher rejects the cell.
     *     bit 1  TERMINATED  set once, never cleared: by the consumer at the end of
     *                        Termination.finishTerminate, or by Termination.markKilled from any
     *                        thread (a kill, together with KILLED and SUSPENDED, in one CAS).
     *     bit 2  SUSPENDED   user messages are not processed (system messages still are). Set by
     *                        the consumer when it leaves RUNNING (FaultHandling.enterWaiting,
     *                        beginReset, Termination.stopSelf, emergencyStop) and by markKilled;
     *                        cleared by the consumer only, when an incarnation starts
     *                        (startIncarnation) or resumes (Resume).
     *     bit 3  KILLED      set by markKilled together with TERMINATED: the exit reason is
     *                        "killed", whatever the consumer had recorded. Never cleared.
     *
     * Queues:
     *   - mailbox   user messages, MPSC FIFO (MessageQueue). Producers: any thread. Consumer: the
     *               SCHEDULED holder.
     *   - sysHead   system messages, an intrusive Treiber stack: producers push with CAS, the
     *               consumer takes the whole stack with one XCHG and reverses it (so system
     *               messages from one sender stay in order). Drained before every user message.
     *
     * Who touches what:
     *   - status, sysHead, mailbox producers' side: any thread, through CAS/XCHG only.
     *   - children: a Children part, CAS-created on the first child, because the guardian's
     *     children are added by any thread calling ActorSystem.spawn; kill() and tools read it from
     *     any thread (a ConcurrentHashMap).
     *   - extras: the rarely used state (CellExtras), CAS-created on first use because an actor's
     *     supervisor may create it to record a backoff deadline for tools; everything in it is
     *     owner-only except that deadline.
     *   - runner: written by the consumer, read by kill() (to interrupt a virtual thread) and the
     *     shutdown report.
     *   - the exit reason (in `bits`, a failure in the extras): written by the consumer before TERMINATED is set, read by others only after
     *     they have seen TERMINATED (the volatile status publishes it).
     *   - every other mutable field: the SCHEDULED holder only (the actor's thread of the moment).
     *     The happens-before edge between two activations: the first clears SCHEDULED (volatile
     *     RMW), the next holder sets it with a CAS that reads that value.
     *
     * No lost wake-up. A producer enqueues, then reads status: if SCHEDULED is clear it CASes it
     * on and dispatches. The consumer, done with its batch, clears SCHEDULED and only then
     * re-checks both queues, re-scheduling itself if either has work.
     *
     * Lifecycle stages (owner only; `stage`, ordered, so code can test "stage >= TERMINATING"):
     *
     *          spawn
     *            |
     *            v            setup ok                     handler/setup fails, no local rule,
     *           NEW -------------------------> RUNNING ---- supervised by a Supervisor ------> WAITING
     *            |  setup fails: as RUNNING     ^  |  ^                                          |  |
     *            |                              |  |  +----------- Resume (supervisor) ----------+  |
     *            |                 Start /      |  |                                                |
     *            |                 LocalStart   |  |  local restart/backoff,        Reset (supervisor)
     *            |             (restart in place)  |  or Reset (supervisor)                         |
     *            |                              |  v                                                v
     *            |                            IDLE <-- children gone -- RESETTING <-----------------+
     *            |                              |      (or at once: ResetDone to the supervisor,
     *            |                              |       or a local restart starts again at once)
     *            v                              v
     *        Terminate, failure with no supervisor, a link's exit, Behaviors.stopped
     *            |
     *            v
     *       TERMINATING --children gone--> PostStop, TERMINATED bit: DEAD
     *
     *     kill(), from any thread: TERMINATED|KILLED at once, whatever the stage; the consumer
     *     then cleans up (no behaviour runs again, not even PostStop) and becomes DEAD.
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
     * live incarnation only: one arriving while the actor is WAITING, RESETTING or IDLE waits for
     * the next incarnation (or becomes a dead letter if the actor stops first).
     *
     * Parts (each in its own class, each holding its own state; an idle actor has none of them):
     *   CellContext     the ActorContext API: argument checks, then the parts below
     *   Children        the children map, spawning, stopping children, the guardian's spawns
     *   DeathWatch      watch, watchWith, links, trapExits, notifications for the next incarnation
     *   FaultHandling   a failure: local rule, supervisor parent or stop; ending an incarnation
     *   LocalSupervision  the rules of Behaviors.supervise, their restart window and backoff
     *   Termination     stopping (children first, PostStop), kill, the end of an actor
     *   CellExtras      the holder of rare state: timers, stash, adapters, logger, the above
     */

    static final ApiAccess B = Bridge.api();
    static final Logger LOG = LoggerFactory.getLogger("dev.cadre.actor");

    static final int SCHEDULED = 1;
    static final int TERMINATED = 2;
    static final int SUSPENDED = 4;
    static final int KILLED = 8;

    // Lifecycle stages (owner only), ordered: code tests "stage >= TERMINATING".
    static final byte NEW = 0;
    static final byte RUNNING = 1;
    /** Exited (failed, or stopped under a supervisor) and waiting for the supervisor's decision. */
    static final byte WAITING = 2;
    /** Ending the current incarnation: cleanup ran, waiting for the children to stop. */
    static final byte RESETTING = 3;
    /** The incarnation has ended; waiting for Start (from the supervisor) or for a backoff. */
    static final byte IDLE = 4;
    static final byte TERMINATING = 5;
    static final byte DEAD = 6;

    static final VarHandle STATUS;
    private static final VarHandle SYS_HEAD;
    static final VarHandle CHILDREN;
    private static final VarHandle EXTRAS;
    private static final VarHandle RUNNER;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATUS = l.findVarHandle(ActorCell.class, "status", int.class);
            SYS_HEAD = l.findVarHandle(ActorCell.class, "sysHead", SystemMessage.class);
            CHILDREN = l.findVarHandle(ActorCell.class, "children", Children.class);
            EXTRAS = l.findVarHandle(ActorCell.class, "extras", CellExtras.class);
            RUNNER = l.findVarHandle(ActorCell.class, "runner", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // --- shared, accessed through VarHandles or final ---
    volatile int status;
    private volatile SystemMessage sysHead;
    /** The children, or null before the first one (CAS-created: see {@link Children#of}). */
    volatile Children children;
    /** Rarely used state, or null (CAS-created: see {@link #extras()}). */
    volatile CellExtras<T> extras;
    final MessageQueue mailbox;
    final ActorSystemImpl system;
    final ActorCell<?> parent;
    /** Its key in the parent's children map: its name, or an anonymous actor's number ({@link ActorNames}). */
    final Object key;
    final LocalActorRef<T> self;
    final boolean virtual;
    /** The spawn-time behaviour: what a restart starts again from. */
    final Behavior<T> initial;
    /** True when the parent is a {@link SupervisorLogic}: exits wait for its decision. */
    final boolean supervisedByParent;
    /**
     * The thread running the actor now, or null. Virtual-thread actors: volatile (kill() must see
     * it to interrupt). Pool actors: a release store, read racily by the shutdown report.
     */
    volatile Thread runner;

    // --- owner only (the SCHEDULED holder) ---
    /** The live incarnation's behaviour, or null between incarnations. */
    Behavior<T> behavior;
    byte stage = NEW;
    /**
     * Owner-only bits, one byte so the cell stays at 72 bytes: {@link #EVER_STARTED},
     * {@link #START_ACK_OWED}, and in {@link #EXIT_MASK} why the actor stopped (written before
     * TERMINATED is set, so a thread that has seen TERMINATED reads it; see the design notes): one
     * of the singleton reasons, or {@link #EXIT_OTHER} with the reason in the extras.
     */
    private byte bits;
    private static final int EVER_STARTED = 1;
    /** Owe the supervisor parent a Started when the current start completes. */
    private static final int START_ACK_OWED = 2;
    private static final int EXIT_SHIFT = 4;
    private static final int EXIT_MASK = 7 << EXIT_SHIFT;
    private static final int EXIT_NONE = 0;
    private static final int EXIT_NORMAL = 1;
    private static final int EXIT_SHUTDOWN = 2;
    private static final int EXIT_KILLED = 3;
    private static final int EXIT_NO_SUCH_ACTOR = 4;
    private static final int EXIT_OTHER = 5;

    ActorCell(ActorSystemImpl system, ActorCell<?> parent, Object key, Behavior<T> initial, Props props,
            boolean supervisedByParent) {
        this.system = system;
        this.parent = parent;
        this.key = key;
        this.initial = initial;
        this.supervisedByParent = supervisedByParent;
        this.bits = (byte) (supervisedByParent ? START_ACK_OWED : 0);
        this.virtual = props.dispatch() == Props.Dispatch.VIRTUAL_THREAD;
        this.self = new LocalActorRef<>(this);
        this.mailbox = MailboxOverflow.queueFor(props.mailbox().orElse(system.config().defaultMailbox()), this);
    }


    // =====================================================================================
    // Sending (any thread)
    // =====================================================================================

    /** Enqueues a user message (or an internal {@link Envelope}), applying the overflow policy. */
    void tell(Object message) {
        if ((status & TERMINATED) != 0) {
            system.deadLetters.publish(Envelope.unwrap(message), self, DeadLetter.Reason.RECIPIENT_TERMINATED);
            return;
        }
        if (mailbox.offer(message) == MessageQueue.OK) {
            trySchedule(true);
            return;
        }
        MailboxOverflow.tellFull(this, message);
    }

    /** The non-blocking send: never waits, reports what happened. */
    OfferResult offer(Object message) {
        if ((status & TERMINATED) != 0) {
            system.deadLetters.publish(Envelope.unwrap(message), self, DeadLetter.Reason.RECIPIENT_TERMINATED);
            return OfferResult.RECIPIENT_TERMINATED;
        }
        if (mailbox.offer(message) == MessageQueue.OK) {
            trySchedule(true);
            return OfferResult.ENQUEUED;
        }
        return MailboxOverflow.offerFull(this, message);
    }

    /**
     * Offers {@code messages[from..to)} in order, as {@link #offer} would one by one; an unbounded
     * mailbox takes them as one chain ({@link MpscNodeQueue#offerAll}) and the cell is scheduled
     * once. Bounded and dropping mailboxes take them one by one, up to the first that finds the
     * mailbox full.
     *
     * @return the index of the first message that found the mailbox full (not enqueued, not
     *     counted: the caller decides what becomes of it and the rest), or {@code to}
     */
    int offerAll(Object[] messages, int from, int to) {
        if ((status & TERMINATED) == 0 && mailbox instanceof MpscNodeQueue q && q.batches()) {
            // a cell that terminates meanwhile drains the chain to dead letters, as it would one offer
            q.offerAll(messages, from, to);
            trySchedule(true);
            return to;
        }
        for (int i = from; i < to; i++) {
            if (offer(messages[i]) == OfferResult.FULL) {
                return i;
            }
        }
        return to;
    }

    /**
     * A send by the runtime itself (timers, pipeToSelf completions, event topics): never blocks,
     * never throws; a message that finds the mailbox full is dropped, counted, and a dead letter.
     */
    void tellFromRuntime(Object message) {
        if (offer(message) == OfferResult.FULL) {
            MailboxOverflow.drop(this, message, DeadLetter.Reason.REJECTED);
        }
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
    void trySchedule(boolean forUser) {
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
        DispatcherPool.runChain(this);
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
                FaultHandling.failFromRuntime(this, fatal);
            } catch (Throwable again) {
                LOG.error("actor={} event=runtime-error while failing; stopping it", path(), again);
                Termination.emergencyStop(this, fatal);
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

    /** {@link #processBatch} used the whole budget. */
    private static final int EXHAUSTED = -1;
    /** {@link #processBatch} stopped: the mailbox is empty, or the actor left RUNNING. */
    private static final int DONE = -2;

    /**
     * The message loop over an unbounded mailbox, with the queue's batch cursor: the queue's
     * position and count are written once, at the end (see {@link MpscNodeQueue}), instead of on
     * every message, so producers on other cores keep the queue's cache line.
     *
     * @return {@link #EXHAUSTED}, {@link #DONE}, or the budget left when a handler unstashed
     */
    private int processBatch(MpscNodeQueue q, int budget) {
        QueueNode start = q.cursor();
        QueueNode c = start;
        int taken = 0;
        try {
            while (stage == RUNNING && (status & KILLED) == 0) {
                if (budget-- == 0) {
                    return EXHAUSTED;
                }
                QueueNode node = q.next(c);
                if (node == null) {
                    return DONE;
                }
                c = node;
                Object m = q.take(node, taken == 0);
                if (++taken > 1) {
                    DispatcherPool.releaseNext(); // more to do here: let another worker run what we readied
                }
                invoke(m);
                if (sysHead != null) {
                    processSystemMessages();
                }
                CellExtras<T> x = extras;
                if (x != null && x.replay != null) {
                    return budget;
                }
            }
            return DONE;
        } finally {
            q.commit(start, c, taken);
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
        if (mailbox instanceof MpscNodeQueue q && q.batches() && (extras == null || extras.replay == null)) {
            budget = processBatch(q, budget);
            if (budget < 0) {
                return budget == EXHAUSTED;
            }
            // a handler unstashed: the replayed messages come first, through the loop below
        }
        while (stage == RUNNING && (status & KILLED) == 0) {
            if (budget-- == 0) {
                return true;
            }
            Object m;
            CellExtras<T> x = extras;
            if (x != null && x.replay != null) {
                m = x.nextReplayed(); // already counted when it first left the mailbox
            } else {
                m = mailbox.poll();
                if (m == null) {
                    break;
                }
            }
            if (budget != system.throughput - 1) {
                DispatcherPool.releaseNext(); // more to do here: let another worker run what we readied
            }
            invoke(m);
            if (sysHead != null) {
                processSystemMessages();
            }
        }
        return false;
    }

    private void afterRun() {
        // unstashed messages left over when the throughput budget ran out (owner-only state: read
        // before giving up the consumer role)
        CellExtras<T> x = extras;
        boolean replayLeft = x != null && x.replay != null && stage == RUNNING;
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
            Termination.drainMailboxToDeadLetters(this);
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
    void startIncarnation() {
        if (everStarted()) {
            int restarts = extras().restarts += 1;
            LOG.info("actor={} event=restart restarts={}", path(), restarts);
            system.supervisionEvents.publish(new SupervisionEvent.Restarted(self, restarts));
        }
        bits |= EVER_STARTED;
        stage = RUNNING;
        behavior = null;
        CellExtras<T> x = extras;
        if (x != null) {
            x.newIncarnation();
        }
        try {
            Behavior<T> b = canonicalize(initial);
            switch (B.kind(b)) {
                case ApiAccess.LIVE -> behavior = b;
                case ApiAccess.STOPPED -> FaultHandling.stopVoluntarily(this, b);
                default -> throw new IllegalStateException(
                        "the initial behaviour must not be " + b + "; return a real behaviour from setup");
            }
        } catch (Throwable t) {
            FaultHandling.fail(this, t, null, "setup");
            return;
        }
        if (stage == RUNNING) {
            STATUS.getAndBitwiseAnd(this, ~SUSPENDED);
            SupervisorLogic sup = childSupervisor();
            if (sup == null || sup.started()) {
                subtreeStarted();
            }
            DeathWatch w = deathWatch();
            if (w != null) {
                w.flushDeferred();
            }
        }
    }

    /** This actor and its static subtree have started: tell a supervisor parent that waits for it. */
    void subtreeStarted() {
        if ((bits & START_ACK_OWED) != 0 && stage == RUNNING && behavior != null) {
            bits &= (byte) ~START_ACK_OWED;
            parent.sendSystem(new SystemMessage.Started(this));
        }
    }

    /** Starts deferred (setup) behaviours and unwraps supervision until a plain one appears. */
    private Behavior<T> canonicalize(Behavior<T> b) throws Exception {
        while (true) {
            switch (B.kind(b)) {
                case ApiAccess.DEFERRED -> b = B.start(b, this);
                case ApiAccess.SUPERVISE -> {
                    extras().localSupervision().rules = b;
                    b = B.supervisedInner(b);
                }
                default -> {
                    return b;
                }
            }
        }
    }

    /** Delivers one message (or the message of a watchWith) to the live behaviour. */
    @SuppressWarnings("unchecked")
    void invoke(Object m) {
        Object msg = m;
        try {
            if (m instanceof Envelope e) {
                msg = e.resolve();
                if (msg == null) {
                    return;
                }
            }
            CellExtras<T> x = extras;
            if (x != null && x.timers != null) {
                x.timers.noteActivity(m);
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
            FaultHandling.fail(this, t, msg, typeName(msg));
        }
    }

    private void applyNext(Behavior<T> next, Object msg, boolean isMessage) throws Exception {
        switch (B.kind(next)) {
            case ApiAccess.SAME -> { }
            case ApiAccess.UNHANDLED -> {
                if (isMessage) {
                    system.deadLetters.publish(msg, self, DeadLetter.Reason.UNHANDLED);
                }
            }
            case ApiAccess.STOPPED -> FaultHandling.stopVoluntarily(this, next);
            case ApiAccess.UNSTASH -> {
                List<Object> msgs = B.unstashMessages(next);
                extras().replayFirst(new ArrayDeque<>(msgs));
                applyNext(B.unstashTarget(next), msg, false);
            }
            case ApiAccess.DEFERRED, ApiAccess.SUPERVISE -> {
                Behavior<T> b = canonicalize(next);
                if (B.kind(b) == ApiAccess.STOPPED) {
                    FaultHandling.stopVoluntarily(this, b);
                } else if (B.kind(b) == ApiAccess.LIVE) {
                    behavior = b;
                }
            }
            default -> behavior = next;
        }
    }

    /** Delivers a signal to the live behaviour; a handler that throws is a failure. */
    void signal(Signal s) {
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
            FaultHandling.fail(this, t, s, "signal " + s.getClass().getSimpleName());
        }
    }

    /** Delivers a cleanup signal (PreRestart, PostStop): a handler that throws is reported, not a failure. */
    void cleanupSignal(Signal s) {
        Behavior<T> b = behavior;
        if (b != null) {
            try {
                if (system.hooks != null) {
                    system.hooks.signalling(this, s);
                }
                B.receiveSignal(b, this, s);
            } catch (Throwable t) {
                LOG.error("actor={} event={}-failed; ignored", path(), s.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT), t);
            }
        }
        CellExtras<T> x = extras;
        Behavior<T> marker = x == null ? null : x.stopMarker;
        if (marker != null) {
            x.stopMarker = null;
            try {
                B.runStopCallback(marker);
            } catch (Throwable t) {
                LOG.error("actor={} event=stop-callback-failed; ignored", path(), t);
            }
        }
    }

    // =====================================================================================
    // System messages (the SCHEDULED holder)
    // =====================================================================================

    private void processSystemMessages() {
        SystemMessage list;
        while ((list = takeSystemMessages()) != null) {
            for (SystemMessage m = list; m != null; ) {
                SystemMessage next = m.next;
                m.next = null;
                if (stage != DEAD && (status & KILLED) != 0) {
                    Termination.killedCleanup(this); // killed while busy: no behaviour runs again, not even a cleanup
                }
                if (stage == DEAD) {
                    handleDead(m);
                } else {
                    try {
                        handle(m);
                    } catch (Throwable t) {
                        LOG.error("actor={} event=runtime-error in {}; the actor fails with it", path(),
                                m.getClass().getSimpleName(), t);
                        FaultHandling.failFromRuntime(this, t);
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

    /** The system-message switch: which part handles what (a living actor; see handleDead). */
    private void handle(SystemMessage m) {
        switch (m) {
            case SystemMessage.Terminate t ->
                    Termination.stopSelf(this, stage == WAITING ? extras.pending : ExitReason.SHUTDOWN);
            case SystemMessage.Killed k -> Termination.killedCleanup(this);
            case SystemMessage.ChildTerminated c -> Children.childGone(this, c.child);
            case SystemMessage.Watch w -> DeathWatch.onWatch(this, w.watcher);
            case SystemMessage.Unwatch u -> DeathWatch.onUnwatch(this, u.watcher);
            case SystemMessage.DeathWatchNotification d -> DeathWatch.onWatchedTerminated(this, d);
            case SystemMessage.RemoteTerminated r -> DeathWatch.onRemoteTerminated(this, r);
            case SystemMessage.Link l -> DeathWatch.onLink(this, l.other);
            case SystemMessage.Unlink u -> DeathWatch.onUnlink(this, u.other);
            case SystemMessage.LinkExit e -> DeathWatch.onLinkExit(this, e);
            // from this actor's supervisor (see SystemMessage for the protocol)
            case SystemMessage.Reset r -> FaultHandling.onReset(this);
            case SystemMessage.Start s -> FaultHandling.onStart(this);
            case SystemMessage.Resume r -> FaultHandling.onResume(this);
            case SystemMessage.LocalStart s -> LocalSupervision.onLocalStart(this, s.token);
            // to this actor as a supervisor, from its children and its timer
            case SystemMessage.Failed f -> SupervisorLogic.onFailed(this, f);
            case SystemMessage.Started s -> SupervisorLogic.onStarted(this, s);
            case SystemMessage.ResetDone d -> SupervisorLogic.onResetDone(this, d);
            case SystemMessage.SupervisorTick t -> SupervisorLogic.onTick(this, t);
        }
    }

    /** A system message to a dead actor: late requests are answered, nothing else happens. */
    private void handleDead(SystemMessage m) {
        switch (m) {
            case SystemMessage.Watch w when w.watcher != this ->
                    w.watcher.sendSystem(new SystemMessage.DeathWatchNotification(this,
                            Termination.lateReason(this, w.watcher)));
            case SystemMessage.Link l when l.other != this ->
                    l.other.sendSystem(new SystemMessage.LinkExit(this, Termination.lateReason(this, l.other)));
            case SystemMessage.Failed f -> f.child.sendSystem(new SystemMessage.Terminate());
            case SystemMessage.Started s -> s.child.sendSystem(new SystemMessage.Terminate());
            case SystemMessage.ResetDone d -> d.child.sendSystem(new SystemMessage.Terminate());
            case SystemMessage.Killed k -> Termination.killedCleanup(this);
            case SystemMessage.DeathWatchNotification d -> // the watcher died after the target told it
                    system.deadLetters.publish(new dev.cadre.actor.Terminated(d.actor.self, d.reason), self,
                            DeadLetter.Reason.RECIPIENT_TERMINATED);
            default -> { }
        }
    }

    /**
     * No child is left: finish a stop or a reset that was waiting for the last one. Called after
     * a child is forgotten.
     */
    void checkChildrenGone() {
        if (childCount() == 0) {
            if (stage == TERMINATING) {
                Termination.finishTerminate(this);
            } else if (stage == RESETTING) {
                FaultHandling.resetDone(this);
            }
        }
    }

    // =====================================================================================
    // The parts, and reads for other threads
    // =====================================================================================

    /**
     * The rare state, created on first use. Owner only, except that a supervisor parent may call
     * it to record a backoff deadline: hence the CAS.
     *
     * @return the extras, never null
     */
    CellExtras<T> extras() {
        CellExtras<T> x = extras;
        if (x == null) {
            CellExtras<T> fresh = new CellExtras<>();
            @SuppressWarnings("unchecked")
            CellExtras<T> witness = (CellExtras<T>) EXTRAS.compareAndExchange(this, null, fresh);
            x = witness == null ? fresh : witness;
        }
        return x;
    }

    /** @return the death-watch part, or null if this actor never watched, linked or was watched */
    DeathWatch deathWatch() {
        CellExtras<T> x = extras;
        return x == null ? null : x.watch;
    }

    /** @return the local-supervision part, or null if this actor never had {@code Behaviors.supervise} rules */
    LocalSupervision localSupervision() {
        CellExtras<T> x = extras;
        return x == null ? null : x.local;
    }

    /** @return the logic of the {@link dev.cadre.actor.Supervisor} this actor runs, or null (racy off the owner) */
    SupervisorLogic childSupervisor() {
        CellExtras<T> x = extras;
        return x == null ? null : x.childSupervisor;
    }

    /** The number of living children; copies nothing (any thread; racy off the owner). */
    @Override
    public int childCount() {
        Children k = children;
        return k == null ? 0 : k.size();
    }

    /** Restarts of this actor so far (owner, or racy). */
    int restarts() {
        CellExtras<T> x = extras;
        return x == null ? 0 : x.restarts;
    }

    /** A snapshot of this actor's counters (any thread, racy). */
    ActorMetrics metrics() {
        CellExtras<T> x = extras;
        return new ActorMetrics(path(), mailbox.depth(), mailbox.highWaterMark(), mailbox.capacity(),
                processedCount(), mailbox.dropped(), x == null ? 0 : x.failures(), isTerminated());
    }

    /** The thread running this actor's handler now, or null (racy). */
    Thread currentRunner() {
        return (Thread) RUNNER.getOpaque(this);
    }

    long processedCount() {
        // every message polled from the mailbox is processed, except those drained at the end
        CellExtras<T> x = extras;
        return mailbox.taken() - (x == null ? 0 : x.drained);
    }

    boolean isRunning() {
        return stage == RUNNING;
    }

    boolean isTerminated() {
        return (status & TERMINATED) != 0;
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
        ExitReason r = recordedExitReason();
        return r == null ? ExitReason.SHUTDOWN : r;
    }

    /** @return the reason recorded by the end, or null if none yet (owner, or after TERMINATED) */
    ExitReason recordedExitReason() {
        return switch ((bits & EXIT_MASK) >>> EXIT_SHIFT) {
            case EXIT_NONE -> null;
            case EXIT_NORMAL -> ExitReason.NORMAL;
            case EXIT_SHUTDOWN -> ExitReason.SHUTDOWN;
            case EXIT_KILLED -> ExitReason.KILLED;
            case EXIT_NO_SUCH_ACTOR -> ExitReason.NO_SUCH_ACTOR;
            default -> extras().exitReason;
        };
    }

    /** Records why the actor stops (owner; before TERMINATED is set). */
    void recordExitReason(ExitReason r) {
        int code;
        if (r == ExitReason.NORMAL) {
            code = EXIT_NORMAL;
        } else if (r == ExitReason.SHUTDOWN) {
            code = EXIT_SHUTDOWN;
        } else if (r == ExitReason.KILLED) {
            code = EXIT_KILLED;
        } else if (r == ExitReason.NO_SUCH_ACTOR) {
            code = EXIT_NO_SUCH_ACTOR;
        } else {
            code = EXIT_OTHER;
            extras().exitReason = r; // a failure: rare, and the actor is ending anyway
        }
        bits = (byte) ((bits & ~EXIT_MASK) | (code << EXIT_SHIFT));
    }

    /** @return whether an incarnation of this actor has ever started (owner only) */
    boolean everStarted() {
        return (bits & EVER_STARTED) != 0;
    }

    /** Owes (or no longer owes) the supervisor parent a Started when the current start completes. */
    void setStartAckOwed(boolean owed) {
        bits = (byte) (owed ? bits | START_ACK_OWED : bits & ~START_ACK_OWED);
    }

    /** @return this actor's name (an anonymous actor's is made now) */
    String name() {
        return ActorNames.nameOf(key);
    }

    /** The path, built iteratively (a tree may be 100,000 levels deep). */
    String path() {
        int depth = 0;
        for (ActorCell<?> c = this; c != null; c = c.parent) {
            depth++;
        }
        String[] names = new String[depth];
        int i = depth;
        int length = 0;
        for (ActorCell<?> c = this; c != null; c = c.parent) {
            String n = c.name();
            names[--i] = n;
            length += n.length() + 1;
        }
        StringBuilder sb = new StringBuilder(length);
        for (String n : names) {
            sb.append('/').append(n);
        }
        return sb.toString();
    }

    static String typeName(Object msg) {
        return msg == null ? "null" : msg.getClass().getName();
    }

    @Override
    public String toString() {
        return "ActorCell[" + path() + "]";
    }
}
