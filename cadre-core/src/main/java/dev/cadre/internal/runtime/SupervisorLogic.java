package dev.cadre.internal.runtime;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.Directive;
import dev.cadre.actor.ExitReason;
import dev.cadre.actor.FailedToStartChildException;
import dev.cadre.actor.RestartIntensityExceededException;
import dev.cadre.actor.Supervisor;
import dev.cadre.actor.Supervisor.ChildInfo;
import dev.cadre.actor.Supervisor.ChildSpec;
import dev.cadre.actor.Supervisor.ChildStatus;
import dev.cadre.actor.Supervisor.Command;
import dev.cadre.actor.Supervisor.RestartType;
import dev.cadre.actor.Supervisor.StartResult;
import dev.cadre.internal.supervision.BackoffClock;
import dev.cadre.internal.supervision.RestartWindow;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API. The state and decisions of a {@link Supervisor}: OTP's {@code supervisor} on
 * Cadre's cells.
 *
 * <h2>Threading</h2>
 * Everything here runs on the supervisor actor's thread: its message handler calls
 * {@link #onCommand}, its cell's system-message handling calls the {@code on...} methods. No field
 * needs synchronisation. Timers (shutdown timeouts, backoff delays) do not call in: they send a
 * {@link SystemMessage.SupervisorTick} to the cell, carrying this instance and a token, so a tick
 * for a replaced logic (the supervisor restarted) or a superseded step is ignored.
 *
 * <h2>Phases</h2>
 * <pre>
 *   STARTING --all static children started--> ACTIVE <--group restart done-- GROUP
 *      |                                        |  \--coupled restart---------^
 *      |  a child failed to start               |  intensity exceeded, ESCALATE, decider threw
 *      v                                        v
 *   GIVING_UP: children terminated right to left, then the supervisor fails (its parent decides)
 *   STOPPING:  the supervisor's own cell stops or restarts: children terminated right to left
 * </pre>
 * While the supervisor's own cell is not running (it failed and waits for its parent), exits and
 * commands are queued, never acted on: a supervisor that is not running starts nothing.
 *
 * <h2>Per child</h2>
 * See {@link SupervisedChild}: each child's own states, and what it remembers.
 *
 * <h2>Why this file is long</h2>
 * It is one state machine, like OTP's {@code supervisor.erl}: the phases above and each child's
 * states change together (an exit during a group restart, a start during a stop-all), and the
 * three sequences (static start, group restart, stop-all) re-enter each other when a step
 * completes at once. Split by topic, each transition would be read in three files.
 */
final class SupervisorLogic {
    private static final Logger LOG = LoggerFactory.getLogger("dev.cadre.supervisor");

    /** What the supervisor does about one exit (a decider's {@link Directive}, or the restart type's answer). */
    private enum Decision { RESTART, RESUME, STOP, ESCALATE }

    private enum Phase { STARTING, ACTIVE, GROUP, GIVING_UP, STOPPING }

    private enum GroupStage { RESET, BACKOFF, START }

    /**
     * An exit, possibly waiting: the supervisor is not running, or busy with a group restart. It
     * is stale once the child has been started again since (restarts are in place: same cell).
     */
    private record Exit(SupervisedChild child, ActorCell<?> cell, int epoch, ExitReason reason, boolean fromMessage,
            boolean terminated) {
    }

    private final ActorCell<Command> cell;
    private final Supervisor.Strategy strategy;
    private final int intensity;
    private final long periodNanos;
    private final Function<Throwable, Directive> decider;
    private final ChildSpec<?> template;
    private final List<SupervisedChild> children = new ArrayList<>(); // start order
    private final RestartWindow window = new RestartWindow();

    private Phase phase = Phase.STARTING;
    private int startIndex;
    private boolean started;
    private final ArrayDeque<Exit> pendingExits = new ArrayDeque<>();
    private final ArrayDeque<Command> pendingCommands = new ArrayDeque<>();
    private final ArrayDeque<Supervisor.Command.WhichChildren> pendingQueries = new ArrayDeque<>();
    private int poolCounter;
    private long tokens;

    // group restart (one-for-all, rest-for-one)
    private List<SupervisedChild> group;
    private SupervisedChild groupFailed;
    private final ArrayDeque<SupervisedChild> groupResets = new ArrayDeque<>();
    private final ArrayDeque<SupervisedChild> groupStarts = new ArrayDeque<>();
    private GroupStage groupStage;
    private SupervisedChild groupCurrent;
    private long groupToken;

    // stopping every child, right to left (GIVING_UP and STOPPING)
    private final ArrayDeque<SupervisedChild> stopOrder = new ArrayDeque<>();
    private Throwable giveUpCause;

    private SupervisorLogic(ActorCell<Command> cell, Supervisor.Strategy strategy, int intensity, Duration period,
            Function<Throwable, Directive> decider, List<ChildSpec<?>> specs, ChildSpec<?> template) {
        this.cell = cell;
        this.strategy = strategy;
        this.intensity = intensity;
        this.periodNanos = period.toNanos();
        this.decider = decider;
        this.template = template;
        for (ChildSpec<?> s : specs) {
            children.add(new SupervisedChild(s, false));
        }
    }

    /**
     * Installs the logic in its supervisor's cell and starts the static children, left to right.
     * Called from the supervisor behaviour's setup.
     *
     * @param c the supervisor's cell
     * @param strategy which children restart together
     * @param intensity restarts allowed within the period
     * @param period the sliding window
     * @param decider maps failures to directives
     * @param specs the static children, in start order
     * @param template the pool template, or null
     * @return the installed logic
     */
    static SupervisorLogic install(ActorCell<Command> c, Supervisor.Strategy strategy, int intensity,
            Duration period, Function<Throwable, Directive> decider, List<ChildSpec<?>> specs, ChildSpec<?> template) {
        SupervisorLogic logic = new SupervisorLogic(c, strategy, intensity, period, decider, specs, template);
        c.extras().childSupervisor = logic;
        logic.startNextStatic();
        return logic;
    }

    // =====================================================================================
    // Entry points from the supervisor's cell (its system-message switch)
    // =====================================================================================

    /** A child exited and waits for a decision; without a logic (not a supervisor) it is stopped. */
    static void onFailed(ActorCell<?> self, SystemMessage.Failed f) {
        SupervisorLogic sup = self.childSupervisor();
        if (sup != null) {
            sup.onChildExit(f.child, f.reason, f.fromMessage);
        } else {
            f.child.sendSystem(new SystemMessage.Terminate());
        }
    }

    static void onStarted(ActorCell<?> self, SystemMessage.Started s) {
        SupervisorLogic sup = self.childSupervisor();
        if (sup != null) {
            sup.onChildStarted(s.child);
        }
    }

    static void onResetDone(ActorCell<?> self, SystemMessage.ResetDone d) {
        SupervisorLogic sup = self.childSupervisor();
        if (sup != null) {
            sup.onChildResetDone(d.child);
        }
    }

    /** A timer of this supervisor fired; a tick of a replaced logic (the supervisor restarted) is ignored. */
    static void onTick(ActorCell<?> self, SystemMessage.SupervisorTick t) {
        if (self.childSupervisor() == t.logic) {
            t.logic.onTick(t.subject, t.token);
        }
    }

    /** Whether every static child has started (so the supervisor itself counts as started). */
    boolean started() {
        return started;
    }

    // =====================================================================================
    // Starting
    // =====================================================================================

    private void startNextStaticStep() {
        if (phase != Phase.STARTING) {
            return;
        }
        while (startIndex < children.size()) {
            SupervisedChild c = children.get(startIndex);
            if (c.state == SupervisedChild.State.STARTING || c.state == SupervisedChild.State.STOPPING) {
                return;
            }
            if (c.state == SupervisedChild.State.NOT_RUNNING && !c.startAttempted) {
                c.startAttempted = true;
                startChild(c);
                if (phase != Phase.STARTING || c.state == SupervisedChild.State.STARTING) {
                    return;
                }
            }
            startIndex++;
        }
        phase = Phase.ACTIVE;
        started = true;
        cell.subtreeStarted();
        drainPending();
    }

    /** Starts a child: in place if its actor is reset and waiting, otherwise as a new actor. */
    private void startChild(SupervisedChild c) {
        c.state = SupervisedChild.State.STARTING;
        c.epoch++;
        if (c.cell != null && !c.cell.isTerminated()) {
            c.cell.sendSystem(new SystemMessage.Start());
            return;
        }
        try {
            ActorCell<?> fresh = Children.spawnSupervised(cell, c.spec);
            c.cell = fresh;
            c.ref = fresh.self.unsafeCast();
        } catch (RuntimeException e) {
            LOG.error("actor={} event=spawn-failed child={}", cell.path(), c.id(), e);
            c.state = SupervisedChild.State.NOT_RUNNING;
            giveUp(e);
        }
    }

    void onChildStarted(ActorCell<?> childCell) {
        SupervisedChild c = find(childCell);
        if (c == null || c.state != SupervisedChild.State.STARTING) {
            return;
        }
        c.state = SupervisedChild.State.RUNNING;
        c.everStarted = true;
        if (c.replyTo != null) {
            c.replyTo.tell(new StartResult.Started<>(c.id(), c.ref));
            c.replyTo = null;
        }
        register(c);
        switch (phase) {
            case STARTING -> startNextStatic();
            case GROUP -> advanceGroup();
            default -> answerQueriesIfSettled();
        }
    }

    // =====================================================================================
    // Exits
    // =====================================================================================

    /** A child exited and waits, suspended, for a decision. */
    void onChildExit(ActorCell<?> childCell, ExitReason reason, boolean fromMessage) {
        SupervisedChild c = find(childCell);
        if (c == null) {
            childCell.sendSystem(new SystemMessage.Terminate());
            return;
        }
        routeExit(new Exit(c, childCell, c.epoch, reason, fromMessage, false));
    }

    private void routeExit(Exit e) {
        SupervisedChild c = e.child;
        switch (phase) {
            case GIVING_UP, STOPPING -> {
                // every child is being terminated; a waiting child is terminated in its turn
            }
            case STARTING -> {
                if (c.state != SupervisedChild.State.STARTING) {
                    pendingExits.addLast(e); // an already started child: decided once all have started
                } else if (e.reason.isNormal()) {
                    if (e.terminated) {
                        c.cell = null;
                    }
                    LOG.info("actor={} event=child-ignored child={}", cell.path(), c.id());
                    stopChild(c, c.spec.restart() == RestartType.TEMPORARY); // OTP's 'ignore'
                } else {
                    if (e.terminated) {
                        c.cell = null;
                    }
                    startFailed(c, e.reason);
                }
            }
            case GROUP -> {
                if (!group.contains(c)) {
                    pendingExits.addLast(e);
                } else if (c.state == SupervisedChild.State.STARTING) {
                    if (e.terminated) {
                        c.cell = null;
                    }
                    if (e.reason.isNormal()) {
                        stopChild(c, c.spec.restart() == RestartType.TEMPORARY); // OTP's 'ignore'
                    } else {
                        retryGroup(c, e.reason);
                    }
                } else if (c.state == SupervisedChild.State.RUNNING && !groupResets.contains(c)) {
                    pendingExits.addLast(e); // started again in this round, then exited: a new exit
                } else if (e.terminated && c.state != SupervisedChild.State.RESETTING && c.state != SupervisedChild.State.STOPPING) {
                    c.cell = null; // gone before its turn: it will be started anew
                    if (c.state == SupervisedChild.State.RUNNING) {
                        c.state = SupervisedChild.State.IDLE;
                    }
                }
                // otherwise it is about to be reset anyway: its exit is absorbed, as in OTP
            }
            case ACTIVE -> {
                if (!cell.isRunning()) {
                    pendingExits.addLast(e);
                } else {
                    decideExit(e);
                }
            }
        }
    }

    private void decideExit(Exit e) {
        SupervisedChild c = e.child;
        if (c.epoch != e.epoch || (c.cell != e.cell && !(e.terminated && c.cell == null))) {
            LOG.debug("actor={} event=stale-exit child={} reason={}", cell.path(), c.id(), e.reason);
            return; // stale: the child has been restarted (or replaced) since
        }
        if (c.state == SupervisedChild.State.STARTING) {
            startOrRestartFailed(c, e.reason, e.terminated);
            return;
        }
        if (e.terminated) {
            c.cell = null;
        }
        Decision d = decide(c, e.reason, e.fromMessage && !e.terminated);
        LOG.info("actor={} event=child-exited child={} reason={} decision={}", cell.path(), c.id(), e.reason, d);
        switch (d) {
            case RESUME -> c.cell.sendSystem(new SystemMessage.Resume());
            case STOP -> stopChild(c, c.dynamic || c.spec.restart() == RestartType.TEMPORARY);
            case ESCALATE -> giveUp(e.reason instanceof ExitReason.Failure f ? f.cause()
                    : new IllegalStateException("child " + c.id() + " exited: " + e.reason));
            case RESTART -> restart(c, e.reason);
        }
    }

    private Decision decide(SupervisedChild c, ExitReason reason, boolean fromMessage) {
        RestartType type = c.spec.restart();
        if (type == RestartType.TEMPORARY) {
            return Decision.STOP;
        }
        switch (reason) {
            case ExitReason.Normal n -> {
                return type == RestartType.PERMANENT ? Decision.RESTART : Decision.STOP;
            }
            case ExitReason.Shutdown s -> {
                return type == RestartType.PERMANENT ? Decision.RESTART : Decision.STOP;
            }
            case ExitReason.Failure f -> {
                Decision d;
                try {
                    d = decision(decider.apply(f.cause()));
                } catch (Throwable t) {
                    LOG.error("actor={} event=decider-failed child={}; the supervisor fails", cell.path(), c.id(), t);
                    deciderFailure = t;
                    return Decision.ESCALATE;
                }
                if (d == Decision.RESUME && !fromMessage) {
                    return Decision.RESTART; // nothing to resume: setup or supervision failed, not a message
                }
                if (d == Decision.ESCALATE) {
                    deciderFailure = f.cause();
                }
                return d;
            }
            default -> {
                return Decision.RESTART; // killed, or gone: abnormal
            }
        }
    }

    /**
     * A decider's directive. A null one restarts (the default); a limited restart or a backoff is a
     * configuration error (the supervisor's intensity and the child's spec decide those): it throws,
     * so the supervisor fails as for a decider that threw.
     */
    private static Decision decision(Directive d) {
        return switch (d) {
            case null -> Decision.RESTART;
            case Directive.Restart r when !r.limited() -> Decision.RESTART;
            case Directive.Resume r -> Decision.RESUME;
            case Directive.Stop r -> Decision.STOP;
            case Directive.Escalate r -> Decision.ESCALATE;
            case Directive.Restart r -> throw new IllegalArgumentException("a Supervisor's decider returned " + r
                    + ": a supervisor limits restarts with its intensity (Supervisor.builder().intensity);"
                    + " return Directive.restart()");
            case Directive.RestartWithBackoff b -> throw new IllegalArgumentException("a Supervisor's decider"
                    + " returned " + b + ": a supervisor delays a child's restarts with its spec"
                    + " (ChildSpec.withBackoff); return Directive.restart()");
        };
    }

    /** What the supervisor fails with after ESCALATE: the child's exception, or what the decider threw. */
    private Throwable deciderFailure;

    /** A child's start or restart did not complete: its setup failed, or it stopped before. */
    private void startOrRestartFailed(SupervisedChild c, ExitReason reason, boolean terminated) {
        if (terminated) {
            c.cell = null;
        }
        if (reason.isNormal()) {
            // setup returned Behaviors.stopped(): OTP's 'ignore': listed, not running, not restarted
            LOG.info("actor={} event=child-ignored child={}", cell.path(), c.id());
            replyStart(c, null);
            stopChild(c, c.dynamic || c.spec.restart() == RestartType.TEMPORARY);
            return;
        }
        if (!c.everStarted && c.replyTo != null) {
            // the first start of a StartChild: not kept, the caller is told (OTP's {error, Reason})
            Throwable cause = causeOf(c, reason);
            replyStart(c, cause);
            stopChild(c, true);
            return;
        }
        if (c.spec.restart() == RestartType.TEMPORARY) {
            stopChild(c, true);
            return;
        }
        LOG.warn("actor={} event=restart-failed child={} reason={}", cell.path(), c.id(), reason);
        restart(c, reason); // OTP's try_again: a failed restart counts as another restart
    }

    private void startFailed(SupervisedChild c, ExitReason reason) {
        Throwable cause = causeOf(c, reason);
        LOG.error("actor={} event=start-failed child={}", cell.path(), c.id(), cause);
        giveUp(new FailedToStartChildException(cell.path(), c.id(), cause));
    }

    private static Throwable causeOf(SupervisedChild c, ExitReason reason) {
        return reason instanceof ExitReason.Failure f ? f.cause()
                : new IllegalStateException("child " + c.id() + " exited during its start: " + reason);
    }

    private void replyStart(SupervisedChild c, Throwable failure) {
        if (c.replyTo != null) {
            c.replyTo.tell(failure == null ? new StartResult.Failed<>(c.id(), new IllegalStateException(
                    "child " + c.id() + " stopped during its start")) : new StartResult.Failed<>(c.id(), failure));
            c.replyTo = null;
        }
    }

    /** Decided: restart {@code c} (and its group), if the intensity allows. */
    private void restart(SupervisedChild c, ExitReason reason) {
        if (!recordRestart("last exit: child " + c.id() + " " + reason, reason)) {
            return;
        }
        c.restarts++;
        if (strategy == Supervisor.Strategy.ONE_FOR_ONE) {
            reset(c);
            if (c.state == SupervisedChild.State.IDLE) {
                afterReset(c);
            }
        } else {
            startGroup(c);
        }
    }

    /**
     * Records one restart in the intensity window (OTP's {@code add_restart}); if it is one too
     * many, gives up instead.
     *
     * @return true if the restart may go ahead
     */
    private boolean recordRestart(String what, ExitReason reason) {
        if (window.tryRecord(intensity, periodNanos, cell.system.nanoTime())) {
            return true;
        }
        String msg = "supervisor " + cell.path() + " exceeded its restart intensity (" + intensity + " in "
                + Duration.ofNanos(periodNanos) + "); " + what;
        LOG.error("actor={} event=intensity-exceeded {}", cell.path(), msg);
        giveUp(new RestartIntensityExceededException(msg, reason instanceof ExitReason.Failure f ? f.cause() : null));
        return false;
    }

    // =====================================================================================
    // Ending an incarnation (reset) and stopping, within the child's shutdown
    // =====================================================================================

    /** Ends {@code c}'s incarnation; {@code c.state} is IDLE at once if there is nothing to end. */
    private void reset(SupervisedChild c) {
        if (c.cell == null || c.cell.isTerminated()) {
            c.cell = null;
            c.state = SupervisedChild.State.IDLE;
            return;
        }
        if (c.spec.shutdown() instanceof Supervisor.Shutdown.BrutalKill) {
            kill(c, "brutal kill (its shutdown spec)");
            c.state = SupervisedChild.State.IDLE;
            return;
        }
        c.state = SupervisedChild.State.RESETTING;
        c.cell.sendSystem(new SystemMessage.Reset());
        armShutdownTimer(c);
    }

    void onChildResetDone(ActorCell<?> childCell) {
        SupervisedChild c = find(childCell);
        if (c == null || c.state != SupervisedChild.State.RESETTING) {
            return;
        }
        cancelTimer(c);
        c.state = SupervisedChild.State.IDLE;
        if (phase == Phase.GROUP) {
            advanceGroup();
        } else if (phase == Phase.ACTIVE) {
            afterReset(c);
        }
    }

    /** One-for-one: the incarnation has ended; start again, after the backoff delay if any. */
    private void afterReset(SupervisedChild c) {
        long delay = 0;
        if (c.spec.backoff().isPresent()) {
            if (c.backoff == null) {
                c.backoff = new BackoffClock();
            }
            delay = c.backoff.nextDelayNanos(c.spec.backoff().get(), cell.system.nanoTime(),
                    cell.system.timing.nextRandom());
        }
        if (delay <= 0) {
            startChild(c);
            return;
        }
        LOG.info("actor={} event=backoff child={} delay_ms={}", cell.path(), c.id(), delay / 1_000_000);
        if (c.cell != null) {
            c.cell.extras().backoffUntilNanos = cell.system.nanoTime() + delay; // for tools (ActorInfo.State.BACKING_OFF)
        }
        long token = ++tokens;
        c.token = token;
        c.timer = tick(c, token, delay);
    }

    /** Terminates {@code c}; it ends NOT_RUNNING, or forgotten if {@code delete}. */
    private void stopChild(SupervisedChild c, boolean delete) {
        c.deleteWhenStopped |= delete;
        if (c.cell == null || c.cell.isTerminated()) {
            c.cell = null;
            stopped(c);
            return;
        }
        if (c.spec.shutdown() instanceof Supervisor.Shutdown.BrutalKill) {
            kill(c, "brutal kill (its shutdown spec)");
            stopped(c);
            return;
        }
        c.state = SupervisedChild.State.STOPPING;
        c.cell.sendSystem(new SystemMessage.Terminate());
        armShutdownTimer(c);
    }

    /** {@code c}'s actor is gone after a stop: list it as not running, or forget it. */
    private void stopped(SupervisedChild c) {
        cancelTimer(c);
        c.state = SupervisedChild.State.NOT_RUNNING;
        c.cell = null;
        if (c.deleteWhenStopped) {
            children.remove(c);
        }
        replyStart(c, null);
        switch (phase) {
            case GIVING_UP, STOPPING -> stopNext();
            case GROUP -> advanceGroup();
            case ACTIVE -> answerQueriesIfSettled();
            case STARTING -> startNextStatic();
        }
    }

    private void armShutdownTimer(SupervisedChild c) {
        if (c.spec.shutdown() instanceof Supervisor.Shutdown.Timeout t) {
            long token = ++tokens;
            c.token = token;
            c.timer = tick(c, token, t.timeout().toNanos());
        }
    }

    private ScheduledFuture<?> tick(Object subject, long token, long delayNanos) {
        return cell.system.schedule(() -> cell.sendSystem(new SystemMessage.SupervisorTick(this, subject, token)),
                delayNanos);
    }

    private static void cancelTimer(SupervisedChild c) {
        c.token = 0;
        if (c.timer != null) {
            c.timer.cancel(false);
            c.timer = null;
        }
    }

    /** A timer fired: a shutdown timeout, a child's backoff, or the group's backoff. */
    void onTick(Object subject, long token) {
        if (subject == this) {
            if (phase == Phase.GROUP && groupStage == GroupStage.BACKOFF && token == groupToken) {
                groupStage = GroupStage.START;
                advanceGroup();
            }
            return;
        }
        SupervisedChild c = (SupervisedChild) subject;
        if (c.token != token || !children.contains(c)) {
            return;
        }
        c.timer = null;
        c.token = 0;
        switch (c.state) {
            case IDLE -> {
                if (phase == Phase.ACTIVE) {
                    startChild(c); // backoff over
                }
            }
            case RESETTING -> {
                kill(c, "did not finish its restart within its shutdown timeout of " + shutdownMillis(c) + " ms");
                c.state = SupervisedChild.State.IDLE;
                if (phase == Phase.GROUP) {
                    advanceGroup();
                } else if (phase == Phase.ACTIVE) {
                    afterReset(c);
                }
            }
            case STOPPING -> {
                kill(c, "did not stop within its shutdown timeout of " + shutdownMillis(c) + " ms");
                stopped(c);
            }
            default -> { }
        }
    }

    private static long shutdownMillis(SupervisedChild c) {
        return c.spec.shutdown() instanceof Supervisor.Shutdown.Timeout t ? t.timeout().toMillis() : 0;
    }

    /** Kills {@code c}'s actor and forgets it at once, even if its thread is stuck in a handler. */
    private void kill(SupervisedChild c, String why) {
        ActorCell<?> target = c.cell;
        c.cell = null;
        if (target == null) {
            return;
        }
        LOG.warn("actor={} event=kill child={} {}", cell.path(), c.id(), why);
        Termination.kill(target);
        Children.forget(cell, target);
    }

    /** A child's actor terminated: asked to by us, stopped from outside, or killed. */
    void onChildTerminated(ActorCell<?> childCell) {
        SupervisedChild c = find(childCell);
        if (c == null) {
            return;
        }
        switch (c.state) {
            case STOPPING -> {
                c.cell = null;
                stopped(c);
            }
            case RESETTING -> {
                // it stopped (or was killed from outside) instead of resetting: a new actor will start
                cancelTimer(c);
                c.cell = null;
                c.state = SupervisedChild.State.IDLE;
                if (phase == Phase.GROUP) {
                    advanceGroup();
                } else if (phase == Phase.ACTIVE) {
                    afterReset(c);
                }
            }
            default -> routeExit(new Exit(c, childCell, c.epoch, childCell.exitReason(), false, true));
        }
    }

    // =====================================================================================
    // Coupled restarts: one-for-all, rest-for-one
    // =====================================================================================

    /**
     * The failed child's incarnation ends first, then every other member's, right to left, each
     * within its shutdown; then (after the failed child's backoff, if any) all start left to
     * right, each completing before the next. No new incarnation starts while an old one runs.
     */
    private void startGroup(SupervisedChild failed) {
        phase = Phase.GROUP;
        groupStage = GroupStage.RESET;
        groupFailed = failed;
        int from = strategy == Supervisor.Strategy.ONE_FOR_ALL ? 0 : children.indexOf(failed);
        group = new ArrayList<>(children.subList(from, children.size()));
        groupResets.clear();
        groupStarts.clear();
        groupCurrent = null;
        groupResets.addLast(failed);
        for (int i = group.size() - 1; i >= 0; i--) {
            if (group.get(i) != failed) {
                groupResets.addLast(group.get(i));
            }
        }
        advanceGroup();
    }

    /** A start within the group failed: OTP's try_again, counted as a restart of that child. */
    private void retryGroup(SupervisedChild c, ExitReason reason) {
        LOG.warn("actor={} event=restart-failed child={} reason={}", cell.path(), c.id(), reason);
        if (!recordRestart("child " + c.id() + " failed to restart: " + reason, reason)) {
            return;
        }
        c.restarts++;
        c.state = SupervisedChild.State.RUNNING; // its failed incarnation is ended like a running one
        startGroup(c);
    }

    private void advanceGroupStep() {
        if (phase != Phase.GROUP) {
            return;
        }
        if (groupStage == GroupStage.RESET) {
            while (!groupResets.isEmpty()) {
                SupervisedChild c = groupResets.peekFirst();
                if (!children.contains(c)) {
                    groupResets.pollFirst();
                    continue;
                }
                switch (c.state) {
                    case RESETTING, STOPPING -> {
                        return; // waiting for it
                    }
                    case IDLE, NOT_RUNNING -> groupResets.pollFirst();
                    default -> {
                        if (c != groupFailed && c.spec.restart() == RestartType.TEMPORARY) {
                            stopChild(c, true); // a temporary member is stopped and forgotten, not restarted
                        } else {
                            reset(c);
                        }
                        if (phase != Phase.GROUP || c.state == SupervisedChild.State.RESETTING || c.state == SupervisedChild.State.STOPPING) {
                            return;
                        }
                        groupResets.pollFirst();
                    }
                }
            }
            // every old incarnation has ended: wait out the failed child's backoff, then start all
            for (SupervisedChild c : group) {
                if (children.contains(c)) {
                    groupStarts.addLast(c);
                }
            }
            long delay = 0;
            if (groupFailed.spec.backoff().isPresent() && children.contains(groupFailed)) {
                if (groupFailed.backoff == null) {
                    groupFailed.backoff = new BackoffClock();
                }
                delay = groupFailed.backoff.nextDelayNanos(groupFailed.spec.backoff().get(), cell.system.nanoTime(),
                        cell.system.timing.nextRandom());
            }
            if (delay > 0) {
                LOG.info("actor={} event=backoff child={} delay_ms={}", cell.path(), groupFailed.id(),
                        delay / 1_000_000);
                groupStage = GroupStage.BACKOFF;
                if (groupFailed.cell != null) {
                    groupFailed.cell.extras().backoffUntilNanos = cell.system.nanoTime() + delay; // for tools
                }
                groupToken = ++tokens;
                // the tick is a message; a superseded one is ignored by its token
                var unused = tick(this, groupToken, delay);
                return;
            }
            groupStage = GroupStage.START;
        }
        if (groupStage == GroupStage.BACKOFF) {
            return;
        }
        while (true) {
            if (groupCurrent != null) {
                if (groupCurrent.state == SupervisedChild.State.STARTING || groupCurrent.state == SupervisedChild.State.STOPPING) {
                    return; // one start at a time, left to right
                }
                groupCurrent = null;
            }
            SupervisedChild c = groupStarts.pollFirst();
            if (c == null) {
                break;
            }
            if (!children.contains(c) || c.state == SupervisedChild.State.RUNNING) {
                continue;
            }
            groupCurrent = c;
            startChild(c);
            if (phase != Phase.GROUP) {
                return;
            }
        }
        phase = Phase.ACTIVE;
        group = null;
        groupFailed = null;
        groupStage = null;
        drainPending();
    }

    // =====================================================================================
    // Giving up, and stopping
    // =====================================================================================

    /**
     * The supervisor fails (intensity exceeded, ESCALATE, a decider that threw, a child that
     * failed to start): its children are terminated right to left first, then it fails with
     * {@code cause}, and its own parent decides.
     */
    private void giveUp(Throwable cause) {
        if (phase == Phase.GIVING_UP || phase == Phase.STOPPING) {
            return;
        }
        if (deciderFailure != null) {
            cause = deciderFailure;
            deciderFailure = null;
        }
        phase = Phase.GIVING_UP;
        giveUpCause = cause;
        beginStopAll();
    }

    /** The supervisor's own cell stops or restarts: terminate every child, right to left. */
    void shutdown() {
        if (phase == Phase.STOPPING) {
            return;
        }
        boolean alreadyStopping = phase == Phase.GIVING_UP;
        phase = Phase.STOPPING;
        giveUpCause = null;
        if (!alreadyStopping) {
            beginStopAll();
        } else {
            stopNext();
        }
    }

    private void beginStopAll() {
        group = null;
        groupStage = null;
        groupCurrent = null;
        groupResets.clear();
        groupStarts.clear();
        pendingExits.clear();
        for (Command cmd : pendingCommands) {
            refuse(cmd);
        }
        pendingCommands.clear();
        stopOrder.clear();
        for (int i = children.size() - 1; i >= 0; i--) {
            SupervisedChild c = children.get(i);
            if (c.state == SupervisedChild.State.IDLE) {
                cancelTimer(c); // a pending backoff or group start will not happen
            }
            stopOrder.addLast(c);
        }
        stopNext();
    }

    /**
     * Re-entrancy guard of one of the three sequences (static start, group restart, stop-all): a
     * step can complete synchronously (a brutal kill, a child already gone) and call back into its
     * own sequence; the inner call then only asks the outer one to look again.
     */
    private static final class Sequence {
        private boolean running;
        private boolean again;

        void step(Runnable body) {
            if (running) {
                again = true;
                return;
            }
            running = true;
            try {
                do {
                    again = false;
                    body.run();
                } while (again);
            } finally {
                running = false;
            }
        }
    }

    private final Sequence startSeq = new Sequence();
    private final Sequence groupSeq = new Sequence();
    private final Sequence stopSeq = new Sequence();

    private void stopNext() {
        stopSeq.step(this::stopNextStep);
    }

    private void startNextStatic() {
        startSeq.step(this::startNextStaticStep);
    }

    private void advanceGroup() {
        groupSeq.step(this::advanceGroupStep);
    }

    private void stopNextStep() {
        while (!stopOrder.isEmpty()) {
            SupervisedChild c = stopOrder.peekFirst();
            if (c.state == SupervisedChild.State.STOPPING) {
                return;
            }
            stopOrder.pollFirst();
            if (c.cell != null && !c.cell.isTerminated()) {
                if (c.spec.restart() == RestartType.TEMPORARY || c.dynamic) {
                    c.deleteWhenStopped = true;
                }
                stopChild(c, c.deleteWhenStopped);
                if (c.state == SupervisedChild.State.STOPPING) {
                    return;
                }
            } else {
                cancelTimer(c);
                c.cell = null;
                if (c.state != SupervisedChild.State.NOT_RUNNING) {
                    c.state = SupervisedChild.State.NOT_RUNNING;
                }
                replyStart(c, null);
            }
        }
        for (SupervisedChild c : children) {
            if (c.state == SupervisedChild.State.STOPPING) {
                return; // still waiting for it
            }
        }
        if (phase == Phase.GIVING_UP && giveUpCause != null && cell.childSupervisor() == this) {
            Throwable cause = giveUpCause;
            giveUpCause = null;
            for (Supervisor.Command.WhichChildren q : pendingQueries) {
                answer(q);
            }
            pendingQueries.clear();
            FaultHandling.failFromSupervisor(cell, cause);
        }
    }

    // =====================================================================================
    // Commands
    // =====================================================================================

    /**
     * The supervisor's message handler.
     *
     * @param cmd the command
     * @return the next behaviour
     */
    Behavior<Command> onCommand(Command cmd) {
        if (phase == Phase.GIVING_UP || phase == Phase.STOPPING) {
            refuse(cmd);
            return Behaviors.same();
        }
        if (phase != Phase.ACTIVE) {
            pendingCommands.addLast(cmd); // answered between complete reactions only
            return Behaviors.same();
        }
        return execute(cmd) ? Behaviors.same() : Behaviors.unhandled();
    }

    private boolean execute(Command cmd) {
        switch (cmd) {
            case Command.StartChild<?> s -> {
                ChildSpec<?> spec = s.spec();
                if (spec.equals(template)) {
                    poolCounter++;
                    spec = template.withId(template.id() + "-" + poolCounter);
                }
                if (find(spec.id()) != null) {
                    s.replyTo().tell(new StartResult.Failed<>(spec.id(), new IllegalArgumentException(
                            "supervisor " + cell.path() + " already has a child '" + spec.id() + "'")));
                    return true;
                }
                SupervisedChild c = new SupervisedChild(spec, true);
                c.replyTo = untyped(s.replyTo());
                children.add(c);
                startChild(c);
            }
            case Command.TerminateChild t -> {
                SupervisedChild c = find(t.id());
                if (c == null) {
                    LOG.warn("actor={} event=bad-command TerminateChild: no child '{}'", cell.path(), t.id());
                    return false;
                }
                cancelTimer(c);
                stopChild(c, c.dynamic || c.spec.restart() == RestartType.TEMPORARY);
            }
            case Command.RestartChild<?> r -> {
                String id = r.spec().id();
                SupervisedChild c = find(id);
                if (c == null || c.state != SupervisedChild.State.NOT_RUNNING || !c.spec.equals(r.spec())) {
                    r.replyTo().tell(new StartResult.Failed<>(id, new IllegalStateException(c == null
                            ? "supervisor " + cell.path() + " has no child '" + id + "'"
                            : c.state != SupervisedChild.State.NOT_RUNNING ? "child '" + id + "' of " + cell.path()
                                    + " is running" : "child '" + id + "' of " + cell.path() + " has another spec")));
                    return true;
                }
                c.replyTo = untyped(r.replyTo());
                startChild(c);
            }
            case Command.DeleteChild d -> {
                SupervisedChild c = find(d.id());
                if (c == null || c.state != SupervisedChild.State.NOT_RUNNING) {
                    LOG.warn("actor={} event=bad-command DeleteChild: child '{}' {}", cell.path(), d.id(),
                            c == null ? "does not exist" : "is running");
                    return false;
                }
                children.remove(c);
            }
            case Command.WhichChildren w -> {
                if (settled()) {
                    answer(w);
                } else {
                    pendingQueries.addLast(w);
                }
            }
        }
        return true;
    }

    private void refuse(Command cmd) {
        String why = "supervisor " + cell.path() + " is stopping";
        switch (cmd) {
            case Command.StartChild<?> s -> s.replyTo().tell(new StartResult.Failed<>(s.spec().id(),
                    new IllegalStateException(why)));
            case Command.RestartChild<?> r -> r.replyTo().tell(new StartResult.Failed<>(r.spec().id(),
                    new IllegalStateException(why)));
            case Command.WhichChildren w -> answer(w);
            default -> LOG.warn("actor={} event=command-dropped {}: {}", cell.path(), cmd, why);
        }
    }

    /** No child mid-start, mid-reset or mid-stop, no group restart: every reaction is complete. */
    private boolean settled() {
        if (phase != Phase.ACTIVE) {
            return false;
        }
        for (SupervisedChild c : children) {
            if (c.state == SupervisedChild.State.STARTING || c.state == SupervisedChild.State.RESETTING || c.state == SupervisedChild.State.STOPPING) {
                return false;
            }
        }
        return true;
    }

    private void answerQueriesIfSettled() {
        if (!pendingQueries.isEmpty() && settled()) {
            while (!pendingQueries.isEmpty()) {
                answer(pendingQueries.pollFirst());
            }
        }
    }

    private void answer(Supervisor.Command.WhichChildren w) {
        List<ChildInfo> out = new ArrayList<>(children.size());
        for (SupervisedChild c : children) {
            if (c.ref == null) {
                continue; // never started
            }
            ChildStatus status = switch (c.state) {
                case RUNNING -> ChildStatus.RUNNING;
                case NOT_RUNNING -> ChildStatus.NOT_RUNNING;
                default -> ChildStatus.RESTARTING;
            };
            out.add(new ChildInfo(c.id(), c.ref.unsafeCast(), c.spec.restart(), c.restarts, status));
        }
        w.replyTo().tell(List.copyOf(out));
    }

    // =====================================================================================
    // Pending work
    // =====================================================================================

    /** The supervisor's own cell was resumed after its own failure: act on what waited. */
    void onResumed() {
        drainPending();
    }

    private void drainPending() {
        while (phase == Phase.ACTIVE && cell.isRunning() && !pendingExits.isEmpty()) {
            Exit e = pendingExits.pollFirst();
            if (children.contains(e.child)) {
                decideExit(e);
            }
        }
        while (phase == Phase.ACTIVE && cell.isRunning() && !pendingCommands.isEmpty()) {
            execute(pendingCommands.pollFirst());
        }
        answerQueriesIfSettled();
    }

    /** The phase and each child's state, for diagnostics (racy when read off the actor's thread). */
    String describeState() {
        StringBuilder sb = new StringBuilder(phase.name().toLowerCase(java.util.Locale.ROOT));
        if (groupStage != null) {
            sb.append('/').append(groupStage.name().toLowerCase(java.util.Locale.ROOT));
        }
        for (SupervisedChild c : new ArrayList<>(children)) {
            sb.append(' ').append(c.id()).append('=').append(c.state.name().toLowerCase(java.util.Locale.ROOT));
        }
        return sb.toString();
    }

    /**
     * For tools: the strategy and intensity, e.g. {@code "one-for-one, intensity 3 in 5s"}, or
     * {@code "pool (one-for-one), intensity ..."}. Reads final fields only, so any thread may call it.
     *
     * @return the description
     */
    String describe() {
        String s = switch (strategy) {
            case ONE_FOR_ONE -> "one-for-one";
            case ONE_FOR_ALL -> "one-for-all";
            case REST_FOR_ONE -> "rest-for-one";
        };
        return (template != null ? "pool (" + s + ")" : s) + ", intensity " + intensity + " in "
                + ActorCell.B.formatDuration(Duration.ofNanos(periodNanos));
    }

    /**
     * A reply-to of a typed command, stored untyped: what it receives is built from the child's own
     * spec and ref, which carry the same type as the command's.
     */
    @SuppressWarnings("unchecked")
    private static ActorRef<StartResult<Object>> untyped(ActorRef<? extends StartResult<?>> replyTo) {
        return (ActorRef<StartResult<Object>>) (ActorRef<?>) replyTo;
    }

    /** A child that has started as a new actor is registered under its spec's service key, if any. */
    private void register(SupervisedChild c) {
        if (c.cell != null && c.registered != c.cell && c.spec.serviceKey().isPresent()) {
            c.registered = c.cell;
            registerTyped(c.spec.serviceKey().get(), c.cell);
        }
    }

    @SuppressWarnings("unchecked")
    private <T> void registerTyped(dev.cadre.actor.ServiceKey<T> key, ActorCell<?> child) {
        cell.system.receptionist.register(key, (ActorRef<T>) child.self);
    }

    private SupervisedChild find(String id) {
        for (SupervisedChild c : children) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        return null;
    }

    private SupervisedChild find(ActorCell<?> c) {
        if (c == null) {
            return null;
        }
        for (SupervisedChild ch : children) {
            if (ch.cell == c) {
                return ch;
            }
        }
        return null;
    }
}
