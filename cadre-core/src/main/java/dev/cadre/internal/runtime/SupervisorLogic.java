package dev.cadre.internal.runtime;

import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.RestartIntensityExceededException;
import dev.cadre.actor.Supervisor;
import dev.cadre.actor.Supervisor.ChildSpec;
import dev.cadre.actor.Supervisor.Directive;
import dev.cadre.actor.Supervisor.RestartType;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API. The state and decisions of a {@link Supervisor}: OTP's {@code supervisor} on
 * Cadre's cells. It lives in the supervisor actor and runs only on that actor's thread (its
 * methods are called from the supervisor's message handler and from its cell's system-message
 * handling), so none of its fields need synchronisation.
 *
 * <p>Per exit of a child ({@code onChildExit}): decide (restart type, then decider) -&gt; for a
 * restart, record it in the intensity window (over the limit: fail the supervisor) -&gt; pick the
 * affected children by strategy -&gt; suspend them -&gt; restart them one at a time in start order
 * ({@code Recreate} with acknowledgement, {@code RestartDone} releases the next), after the
 * child's backoff delay if its spec has one.
 */
public final class SupervisorLogic {
    private static final Logger LOG = LoggerFactory.getLogger("dev.cadre.supervisor");

    /** One child: its spec and its current cell. */
    private static final class Child {
        final ChildSpec spec;
        ActorCell<?> cell;
        int backoffRestarts;
        long lastRestartNanos = System.nanoTime();

        Child(ChildSpec spec, ActorCell<?> cell) {
            this.spec = spec;
            this.cell = cell;
        }
    }

    private final ActorCell<Supervisor.Command> cell;
    private final Supervisor.Strategy strategy;
    private final int intensity;
    private final long periodNanos;
    private final Function<Throwable, Directive> decider;
    private final ChildSpec template;
    private final List<Child> children = new ArrayList<>(); // start order
    private final ArrayDeque<Long> restartTimes = new ArrayDeque<>();
    /** Children to restart, in start order; each waits for the previous one's acknowledgement. */
    private final ArrayDeque<Child> restartQueue = new ArrayDeque<>();
    /** Static children not started yet: started one at a time, left to right, as OTP does. */
    private final ArrayDeque<ChildSpec> startQueue = new ArrayDeque<>();
    /** The child whose start or restart acknowledgement ({@code RestartDone}) we wait for. */
    private Child restarting;
    private int poolCounter;
    private boolean shuttingDown;
    private Child stoppingNow;
    private ScheduledFuture<?> shutdownTimer;

    /**
     * Installs the logic in its supervisor's cell and starts the static children in order.
     *
     * @param cell the supervisor's cell
     * @param strategy which children restart together
     * @param intensity restarts allowed within the period
     * @param period the sliding window
     * @param decider maps failures to directives
     * @param specs the static children, in start order
     * @param template the pool template, or null
     */
    public SupervisorLogic(ActorCell<Supervisor.Command> cell, Supervisor.Strategy strategy, int intensity,
            Duration period, Function<Throwable, Directive> decider, List<ChildSpec> specs, ChildSpec template) {
        this.cell = cell;
        this.strategy = strategy;
        this.intensity = intensity;
        this.periodNanos = period.toNanos();
        this.decider = decider;
        this.template = template;
        cell.childSupervisor = this;
        startQueue.addAll(specs);
        restartNext();
    }

    private ActorCell<?> start(ChildSpec spec) {
        ActorCell<?> c = cell.spawnChild(spec.behavior(), spec.id(), spec.props(), true);
        children.add(new Child(spec, c));
        return c;
    }

    /**
     * The supervisor's message handler.
     *
     * @param cmd the command
     * @return the next behaviour
     */
    public Behavior<Supervisor.Command> onCommand(Supervisor.Command cmd) {
        switch (cmd) {
            case Supervisor.Command.StartChild s -> {
                ChildSpec spec = s.spec();
                if (spec == null) {
                    if (template == null) {
                        LOG.error("actor={} event=bad-command StartChild without a spec, and this supervisor has no "
                                + "pool template", cell.path());
                        return Behaviors.unhandled();
                    }
                    spec = template.withId(template.id() + "-" + (++poolCounter));
                }
                if (find(spec.id()) != null || cell.childCell(spec.id()) != null) {
                    LOG.error("actor={} event=bad-command StartChild: duplicate child id '{}'", cell.path(), spec.id());
                    return Behaviors.unhandled();
                }
                s.replyTo().tell(start(spec).self.unsafeCast());
            }
            case Supervisor.Command.TerminateChild t -> {
                Child c = find(t.id());
                if (c == null) {
                    return Behaviors.unhandled();
                }
                children.remove(c);
                restartQueue.remove(c);
                c.cell.sendSystem(new SystemMessage.Terminate());
            }
            case Supervisor.Command.WhichChildren w -> {
                List<Supervisor.ChildInfo> out = new ArrayList<>(children.size());
                for (Child c : children) {
                    out.add(new Supervisor.ChildInfo(c.spec.id(), c.cell.self.unsafeCast(), c.spec.restart(),
                            c.cell.restarts()));
                }
                w.replyTo().tell(List.copyOf(out));
            }
        }
        return Behaviors.same();
    }

    private Child find(String id) {
        for (Child c : children) {
            if (c.spec.id().equals(id)) {
                return c;
            }
        }
        return null;
    }

    private Child find(ActorCell<?> c) {
        for (Child ch : children) {
            if (ch.cell == c) {
                return ch;
            }
        }
        return null;
    }

    /** A child exited (cause null: normally) and waits, suspended, for this decision. */
    void onChildExit(ActorCell<?> childCell, Throwable cause) {
        Child child = find(childCell);
        if (child == null || shuttingDown) {
            childCell.sendSystem(new SystemMessage.Terminate());
            return;
        }
        Directive d = decide(child, cause);
        switch (d) {
            case RESUME -> childCell.sendSystem(new SystemMessage.Resume());
            case STOP -> {
                children.remove(child);
                restartQueue.remove(child);
                childCell.sendSystem(new SystemMessage.Terminate());
            }
            case ESCALATE -> cell.failFromSupervisor(cause);
            case RESTART -> restart(child, cause);
        }
    }

    private Directive decide(Child child, Throwable cause) {
        RestartType type = child.spec.restart();
        if (cause == null) {
            return type == RestartType.PERMANENT ? Directive.RESTART : Directive.STOP;
        }
        if (type == RestartType.TEMPORARY) {
            return Directive.STOP;
        }
        try {
            Directive d = decider.apply(cause);
            return d == null ? Directive.RESTART : d;
        } catch (RuntimeException e) {
            LOG.error("actor={} event=decider-failed; escalating", cell.path(), e);
            return Directive.ESCALATE;
        }
    }

    private void restart(Child failed, Throwable cause) {
        if (!recordRestart()) {
            String msg = "supervisor " + cell.path() + " exceeded its restart intensity (" + intensity + " in "
                    + Duration.ofNanos(periodNanos) + "); last exit: child " + failed.spec.id()
                    + (cause == null ? " stopped" : " failed with " + cause);
            LOG.error("actor={} event=intensity-exceeded {}", cell.path(), msg);
            cell.failFromSupervisor(new RestartIntensityExceededException(msg, cause));
            return;
        }
        List<Child> affected = switch (strategy) {
            case ONE_FOR_ONE -> List.of(failed);
            case ONE_FOR_ALL -> List.copyOf(children);
            case REST_FOR_ONE -> List.copyOf(children.subList(children.indexOf(failed), children.size()));
        };
        for (Child c : affected) {
            if (c == failed) {
                continue;
            }
            if (c.spec.restart() == RestartType.TEMPORARY) {
                children.remove(c); // a temporary sibling is stopped, not restarted
                c.cell.sendSystem(new SystemMessage.Terminate());
            } else {
                c.cell.sendSystem(new SystemMessage.Suspend());
            }
        }
        if (strategy == Supervisor.Strategy.ONE_FOR_ONE && failed != restarting) {
            // Independent children restart independently: no ordering to keep, so no shared
            // slot, and one child's backoff delay holds back nobody else.
            recreate(failed, false);
            return;
        }
        for (Child c : affected) {
            if (c == restarting) {
                // failed (or must restart) before acknowledging its start or last restart
                c.cell.sendSystem(new SystemMessage.Recreate(true));
            } else if (children.contains(c) && !restartQueue.contains(c)) {
                restartQueue.addLast(c);
            }
        }
        restartNext();
    }

    /** OTP's add_restart: a sliding window of restart times; false if over the intensity. */
    private boolean recordRestart() {
        long now = System.nanoTime();
        restartTimes.addLast(now);
        while (!restartTimes.isEmpty() && now - restartTimes.peekFirst() > periodNanos) {
            restartTimes.pollFirst();
        }
        return restartTimes.size() <= intensity;
    }

    /** Starts the next queued restart, or else the next queued start; one at a time. */
    private void restartNext() {
        if (restarting != null || shuttingDown) {
            return;
        }
        Child next = restartQueue.pollFirst();
        if (next == null) {
            ChildSpec spec = startQueue.pollFirst();
            if (spec != null) {
                start(spec);
                restarting = children.getLast(); // acknowledged when its setup has run
            }
            return;
        }
        restarting = next;
        recreate(next, true);
    }

    /** Restarts a child in place, after its backoff delay if its spec has one. */
    private void recreate(Child child, boolean ack) {
        var backoff = child.spec.backoff();
        long now = System.nanoTime();
        if (backoff == null) {
            child.lastRestartNanos = now;
            child.cell.sendSystem(new SystemMessage.Recreate(ack));
            return;
        }
        if (now - child.lastRestartNanos > backoff.resetAfter().toNanos()) {
            child.backoffRestarts = 0;
        }
        Duration delay = backoff.delayFor(child.backoffRestarts++, ThreadLocalRandom.current().nextDouble());
        child.lastRestartNanos = now + delay.toNanos();
        child.cell.backoffUntilNanos = child.lastRestartNanos; // for tools (ActorInfo.State.BACKING_OFF)
        LOG.info("actor={} event=backoff child={} delay_ms={}", cell.path(), child.spec.id(), delay.toMillis());
        ActorCell<?> target = child.cell;
        cell.system.schedule(() -> target.sendSystem(new SystemMessage.Recreate(ack)), delay.toNanos());
    }

    void onRestartDone(ActorCell<?> child) {
        if (restarting != null && restarting.cell == child) {
            restarting = null;
            restartNext();
        }
    }

    /** A child terminated (asked to, stopped by someone else, or killed). */
    void onChildTerminated(ActorCell<?> childCell) {
        if (stoppingNow != null && stoppingNow.cell == childCell) {
            if (shutdownTimer != null) {
                shutdownTimer.cancel(false);
            }
            stoppingNow = null;
            shutdownNext();
            return;
        }
        Child c = find(childCell);
        if (c == null) {
            return; // a child we had already forgotten (stopped by decision or TerminateChild)
        }
        restartQueue.remove(c);
        if (restarting == c) {
            restarting = null;
        }
        children.remove(c);
        if (!shuttingDown && c.spec.restart() == RestartType.PERMANENT) {
            // stopped from outside (not by this supervisor): OTP restarts a permanent child
            if (recordRestart()) {
                LOG.warn("actor={} event=child-stopped-externally child={}; starting a new one", cell.path(),
                        c.spec.id());
                ActorCell<?> fresh = cell.spawnChild(c.spec.behavior(), c.spec.id(), c.spec.props(), true);
                children.add(new Child(c.spec, fresh)); // the replacement is the newest child
            } else {
                cell.failFromSupervisor(new RestartIntensityExceededException("supervisor " + cell.path()
                        + " exceeded its restart intensity; child " + c.spec.id() + " was stopped from outside", null));
            }
        }
        restartNext();
    }

    /** Stop every child in reverse start order, one at a time, each within its shutdown timeout. */
    void shutdownInOrder() {
        if (shuttingDown) {
            return;
        }
        shuttingDown = true;
        restartQueue.clear();
        startQueue.clear();
        restarting = null;
        shutdownNext();
    }

    private void shutdownNext() {
        if (children.isEmpty()) {
            // Children not (or no longer) in our list, e.g. already stopping: ask them all.
            cell.forEachChild(c -> c.sendSystem(new SystemMessage.Terminate()));
            return;
        }
        Child last = children.removeLast();
        stoppingNow = last;
        ActorCell<?> target = last.cell;
        target.sendSystem(new SystemMessage.Terminate());
        shutdownTimer = cell.system.schedule(() -> cell.sendSystem(new SystemMessage.ShutdownTimeout(target)),
                last.spec.shutdown().toNanos());
    }

    void onShutdownTimeout(ActorCell<?> childCell) {
        if (stoppingNow == null || stoppingNow.cell != childCell || childCell.isTerminated()) {
            return;
        }
        Duration timeout = stoppingNow.spec.shutdown();
        LOG.warn("actor={} event=brutal-kill child={} did not stop within {} ms", cell.path(),
                stoppingNow.spec.id(), timeout.toMillis());
        childCell.kill(new IllegalStateException("killed: did not stop within its shutdown timeout of "
                + timeout.toMillis() + " ms"));
        stoppingNow = null;
        cell.childGone(childCell); // may finish the supervisor's own stop
        if (!children.isEmpty() || shuttingDown) {
            shutdownNext();
        }
    }

    /**
     * For tools: the strategy and intensity, e.g. {@code "one-for-one, intensity 3 in 5s"}, or
     * {@code "pool (one-for-one), intensity ..."}. Reads final fields only, so any thread may call it.
     *
     * @return the description
     */
    public String describe() {
        String s = switch (strategy) {
            case ONE_FOR_ONE -> "one-for-one";
            case ONE_FOR_ALL -> "one-for-all";
            case REST_FOR_ONE -> "rest-for-one";
        };
        return (template != null ? "pool (" + s + ")" : s) + ", intensity " + intensity + " in "
                + Introspector.duration(Duration.ofNanos(periodNanos));
    }
}
