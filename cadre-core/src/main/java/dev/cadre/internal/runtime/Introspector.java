package dev.cadre.internal.runtime;

import dev.cadre.actor.ActorInfo;
import dev.cadre.actor.ActorMetrics;
import dev.cadre.actor.ActorRef;
import dev.cadre.actor.EventTopic;
import dev.cadre.actor.Terminated;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * INTERNAL API. The runtime side of {@code dev.cadre.actor.Introspection}: walks the cells and
 * reads what tools may see. Every read is racy (see {@link ActorCell#stateForTools()}); nothing
 * here writes to a cell or sends it anything.
 */
public final class Introspector {
    private final ActorSystemImpl system;

    private Introspector(ActorSystemImpl system) {
        this.system = system;
    }

    /**
     * @param system the system
     * @return its introspector
     */
    public static Introspector of(ActorSystemImpl system) {
        return new Introspector(system);
    }

    /** @return the system */
    public ActorSystemImpl system() {
        return system;
    }

    /** @return every actor's stop */
    public EventTopic<Terminated> terminations() {
        return system.terminations;
    }

    /**
     * Depth-first, parents before children.
     *
     * @param root where to start, or null for every child of {@code /user}
     * @param visitor false: skip that actor's children
     */
    public void walk(ActorRef<?> root, Predicate<ActorInfo> visitor) {
        ArrayDeque<ActorCell<?>> todo = new ArrayDeque<>();
        List<ActorCell<?>> kids = new ArrayList<>();
        if (root == null) {
            system.guardian().forEachChild(todo::push);
        } else {
            todo.push(cellOf(root));
        }
        while (!todo.isEmpty()) {
            ActorCell<?> c = todo.pop();
            kids.clear();
            c.forEachChild(kids::add);
            if (visitor.test(info(c, kids.size()))) {
                for (int i = kids.size() - 1; i >= 0; i--) {
                    todo.push(kids.get(i));
                }
            }
        }
    }

    /**
     * @param ref an actor of this system
     * @return its info
     */
    public ActorInfo info(ActorRef<?> ref) {
        ActorCell<?> c = cellOf(ref);
        int[] n = {0};
        c.forEachChild(k -> n[0]++);
        return info(c, n[0]);
    }

    private ActorCell<?> cellOf(ActorRef<?> ref) {
        ActorCell<?> c = ActorCell.cellOf(ref, "introspect");
        if (c.system != system) {
            throw new IllegalArgumentException(ref + " belongs to another actor system than '" + system.name() + "'");
        }
        return c;
    }

    private static ActorInfo info(ActorCell<?> c, int children) {
        ActorMetrics m = c.metrics();
        String path = m.path();
        String parent = path.substring(0, Math.max(0, path.lastIndexOf('/')));
        SupervisorLogic sup = c.childSupervisor;
        var local = c.localSupervisionForTools();
        return new ActorInfo(path, parent, c.self.unsafeCast(), c.stateForTools(), c.restarts(), children,
                sup == null ? "" : sup.describe(), local == null ? "" : local.toString(), c.supervisedByParent(), m);
    }

    /** A short duration for people: {@code 5s}, {@code 250ms}, {@code 1m30s}. */
    static String duration(Duration d) {
        if (d.toNanos() % 1_000_000 != 0) {
            return d.toNanos() / 1000 + "us";
        }
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        if (s % 60 == 0 && s > 0) {
            return s / 60 + "m";
        }
        return s >= 60 ? s / 60 + "m" + s % 60 + "s" : s + "s";
    }

    /**
     * For {@code Behaviors.Supervise#toString}: a strategy in a few words.
     *
     * @param s the strategy
     * @return e.g. {@code "restart with backoff 1ms..4ms"}
     */
    public static String describe(dev.cadre.actor.SupervisorStrategy s) {
        return switch (s) {
            case dev.cadre.actor.SupervisorStrategy.Restart r -> r.maxRestarts() < 0 ? "restart"
                    : "restart (at most " + r.maxRestarts() + " in " + duration(r.within()) + ")";
            case dev.cadre.actor.SupervisorStrategy.Resume r -> "resume";
            case dev.cadre.actor.SupervisorStrategy.Stop r -> "stop";
            case dev.cadre.actor.SupervisorStrategy.Escalate r -> "escalate";
            case dev.cadre.actor.SupervisorStrategy.Backoff b -> "restart with backoff " + duration(b.minBackoff())
                    + ".." + duration(b.maxBackoff());
        };
    }
}
