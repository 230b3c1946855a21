package dev.cadre.internal.runtime;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Props;
import dev.cadre.actor.Supervisor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * INTERNAL API. An actor's children: the map of living children by name, spawning, and what
 * happens when a child is gone. The part is created with the first child ({@link #of}); an actor
 * that never had a child has none.
 *
 * <p><b>Threading.</b> Reads from any thread (kill, tools, {@code ActorSystem.lookup}): the map is
 * a {@link ConcurrentHashMap} and the part is published by a CAS on the cell. Writes: the owner
 * only, except for the guardian ({@code /user}), whose children any thread adds through
 * {@code ActorSystem.spawn}; a spawn that races with the guardian's termination, or with a kill of
 * the parent, takes its child back (see {@link #spawn}).
 */
final class Children {
    private final ConcurrentHashMap<Object, ActorCell<?>> map = new ConcurrentHashMap<>(4);
    /** Owner only: the last anonymous child's number. */
    private long anonymousCounter;

    private Children() {
    }

    /** The part of {@code parent}, created (by CAS: the guardian is shared) if needed. */
    static Children of(ActorCell<?> parent) {
        Children k = parent.children;
        if (k == null) {
            Children fresh = new Children();
            Object witness = ActorCell.CHILDREN.compareAndExchange(parent, null, fresh);
            k = witness == null ? fresh : (Children) witness;
        }
        return k;
    }

    /** @return the number of living children (racy from other threads) */
    int size() {
        return map.size();
    }

    /** A name for an anonymous child of {@code parent} (owner only). */
    static Object nextAnonymousKey(ActorCell<?> parent) {
        return ActorNames.anonymousKey(++of(parent).anonymousCounter);
    }

    /**
     * Spawns a child of {@code parent}.
     *
     * @param supervised the parent is a {@link SupervisorLogic}: the child's exits wait for its decision
     * @throws IllegalStateException if the parent is stopped, killed, restarting, or (the guardian) terminating
     * @throws IllegalArgumentException if the name is taken
     */
    static <U> ActorCell<U> spawn(ActorCell<?> parent, Behavior<U> behavior, Object childKey, Props props,
            boolean supervised) {
        Objects.requireNonNull(behavior, "behavior");
        Objects.requireNonNull(props, "props");
        if (parent.isTerminated()) {
            throw new IllegalStateException("actor " + parent.path() + " is "
                    + ((parent.status & ActorCell.KILLED) != 0 ? "killed" : "stopped") + "; it cannot spawn "
                    + ActorNames.quote(ActorNames.nameOf(childKey)));
        }
        if (parent.parent != null && parent.stage != ActorCell.RUNNING) {
            throw new IllegalStateException("actor " + parent.path() + " is not running (stopping or restarting); it"
                    + " cannot spawn " + ActorNames.quote(ActorNames.nameOf(childKey)));
        }
        RuntimeEnvironment.Hooks h = parent.system.hooks;
        Behavior<U> declared = behavior;
        if (h != null) {
            behavior = Objects.requireNonNull(h.spawning(parent, ActorNames.nameOf(childKey), behavior, props), "spawning hook");
        }
        ActorCell<U> child = new ActorCell<>(parent.system, parent, childKey, behavior, props, supervised);
        Children k = of(parent);
        ActorCell<?> existing = k.map.putIfAbsent(childKey, child);
        if (existing != null) {
            throw new IllegalArgumentException(
                    "actor " + parent.path() + " already has a child named " + ActorNames.quote(ActorNames.nameOf(childKey)));
        }
        if ((parent.parent == null && parent.system.isTerminating()) || parent.isTerminated()) {
            // Raced with terminate() or kill() (both read the children after marking): take it back.
            k.map.remove(childKey, child);
            parent.sendSystem(new SystemMessage.ChildTerminated(child));
            throw new IllegalStateException(parent.parent == null
                    ? "actor system '" + parent.system.name() + "' is terminating; cannot spawn "
                            + ActorNames.quote(ActorNames.nameOf(childKey))
                    : "actor " + parent.path() + " was killed; it cannot spawn " + ActorNames.quote(ActorNames.nameOf(childKey)));
        }
        if (h != null) {
            h.spawned(parent, child, declared);
        }
        child.start();
        return child;
    }

    /** For a {@link SupervisorLogic}: spawns the child of {@code spec}, supervised by {@code parent}. */
    static ActorCell<?> spawnSupervised(ActorCell<?> parent, Supervisor.ChildSpec<?> spec) {
        return spawn(parent, spec.behavior(), spec.id(), spec.props(), true);
    }

    /**
     * A child is gone (terminated, or killed): forget it, tell a {@link SupervisorLogic}, and finish
     * a stop or a reset that was waiting for the last child. Owner only.
     */
    static void childGone(ActorCell<?> parent, ActorCell<?> child) {
        Children k = parent.children;
        if (k != null) {
            k.map.remove(child.key, child);
        }
        SupervisorLogic sup = parent.childSupervisor();
        if (sup != null) {
            sup.onChildTerminated(child);
        }
        parent.checkChildrenGone();
    }

    /**
     * For a {@link SupervisorLogic} that has just killed a child: the name is free at once (a new
     * actor may be spawned under it); the rest happens as for any terminated child, in order.
     */
    static void forget(ActorCell<?> parent, ActorCell<?> child) {
        Children k = parent.children;
        if (k != null) {
            k.map.remove(child.key, child);
        }
        parent.sendSystem(new SystemMessage.ChildTerminated(child));
    }

    /**
     * Asks every child to stop (a supervisor's in reverse start order, within each child's
     * shutdown). Owner only.
     *
     * @return false if there are none (left)
     */
    static boolean stopAll(ActorCell<?> parent) {
        if (parent.childCount() == 0) {
            return false;
        }
        SupervisorLogic sup = parent.childSupervisor();
        if (sup != null) {
            sup.shutdown(); // reverse start order, within each child's shutdown
        } else {
            forEach(parent, c -> c.sendSystem(new SystemMessage.Terminate()));
        }
        return parent.childCount() > 0;
    }

    /** The child {@code ref} of {@code parent}, for {@code ctx.stop}. */
    static ActorCell<?> childToStop(ActorCell<?> parent, ActorRef<?> child) {
        ActorCell<?> c = CellContext.cellOf(child, "stop");
        if (c.parent != parent) {
            throw new IllegalArgumentException("only children can be stopped with ctx.stop: " + child.path()
                    + " is not a child of " + parent.path()
                    + (c == parent ? "; return Behaviors.stopped() to stop this actor" : ""));
        }
        if (parent.system.hooks != null) {
            parent.system.hooks.stopping(parent, c);
        }
        return c;
    }

    /** Any thread. */
    static void forEach(ActorCell<?> parent, Consumer<ActorCell<?>> action) {
        Children k = parent.children;
        if (k != null) {
            k.map.values().forEach(action);
        }
    }

    /** The living child of that name, or null. Any thread. */
    static ActorCell<?> get(ActorCell<?> parent, String childName) {
        Children k = parent.children;
        return k == null ? null : k.map.get(ActorNames.keyOf(childName));
    }

    /** A snapshot of the children's refs. */
    static List<ActorRef<Void>> refs(ActorCell<?> parent) {
        Children k = parent.children;
        if (k == null) {
            return List.of();
        }
        List<ActorRef<Void>> out = new ArrayList<>(k.map.size());
        for (ActorCell<?> c : k.map.values()) {
            out.add(c.self.unsafeCast());
        }
        return out;
    }
}
