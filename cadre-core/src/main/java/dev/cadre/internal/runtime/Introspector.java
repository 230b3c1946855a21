package dev.cadre.internal.runtime;

import dev.cadre.actor.ActorInfo;
import dev.cadre.actor.ActorMetrics;
import dev.cadre.actor.ActorRef;
import dev.cadre.actor.EventTopic;
import dev.cadre.actor.Terminated;
import dev.cadre.bridge.SystemIntrospection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * INTERNAL API. The runtime side of {@code dev.cadre.actor.Introspection}: walks the cells and
 * reads what tools may see. Every read is racy (see {@link ActorCell#stateForTools()}); nothing
 * here writes to a cell or sends it anything.
 */
final class Introspector implements SystemIntrospection {
    private final ActorSystemImpl system;

    private Introspector(ActorSystemImpl system) {
        this.system = system;
    }

    /**
     * @param system the system
     * @return its introspector
     */
    static Introspector of(ActorSystemImpl system) {
        return new Introspector(system);
    }

    @Override
    public EventTopic<Terminated> terminations() {
        return system.terminations;
    }

    @Override
    public void walk(ActorRef<?> root, Predicate<ActorInfo> visitor) {
        ArrayDeque<ActorCell<?>> todo = new ArrayDeque<>();
        List<ActorCell<?>> kids = new ArrayList<>();
        if (root == null) {
            Children.forEach(system.guardian(), todo::push);
        } else {
            todo.push(cellOf(root));
        }
        while (!todo.isEmpty()) {
            ActorCell<?> c = todo.pop();
            kids.clear();
            Children.forEach(c, kids::add);
            if (visitor.test(info(c, kids.size()))) {
                for (int i = kids.size() - 1; i >= 0; i--) {
                    todo.push(kids.get(i));
                }
            }
        }
    }

    @Override
    public ActorInfo info(ActorRef<?> ref) {
        ActorCell<?> c = cellOf(ref);
        return info(c, c.childCount());
    }

    private ActorCell<?> cellOf(ActorRef<?> ref) {
        ActorCell<?> c = CellContext.cellOf(ref, "introspect");
        if (c.system != system) {
            throw new IllegalArgumentException(ref + " belongs to another actor system than '" + system.name() + "'");
        }
        return c;
    }

    private static ActorInfo info(ActorCell<?> c, int children) {
        ActorMetrics m = c.metrics();
        String path = m.path();
        String parent = path.substring(0, Math.max(0, path.lastIndexOf('/')));
        SupervisorLogic sup = c.childSupervisor();
        LocalSupervision ls = c.localSupervision();
        var local = ls == null ? null : ls.rules;
        return new ActorInfo(path, parent, c.self.unsafeCast(), stateForTools(c), c.restarts(), children,
                sup == null ? "" : sup.describe(), local == null ? "" : local.toString(), c.supervisedByParent, m);
    }

    /** An actor's lifecycle state, read racily (the stage is owner-only). */
    static ActorInfo.State stateForTools(ActorCell<?> c) {
        if (c.isTerminated()) {
            return ActorInfo.State.STOPPED;
        }
        return switch (c.stage) {
            case ActorCell.NEW -> ActorInfo.State.STARTING;
            case ActorCell.RUNNING -> ActorInfo.State.RUNNING;
            case ActorCell.WAITING -> ActorInfo.State.SUSPENDED;
            case ActorCell.RESETTING -> ActorInfo.State.RESTARTING;
            case ActorCell.IDLE -> {
                CellExtras<?> x = c.extras;
                long until = x == null ? 0 : x.backoffUntilNanos;
                yield until != 0 && until - c.system.nanoTime() > 0 ? ActorInfo.State.BACKING_OFF
                        : ActorInfo.State.RESTARTING;
            }
            case ActorCell.TERMINATING -> ActorInfo.State.STOPPING;
            default -> ActorInfo.State.STOPPED;
        };
    }
}
