package dev.cadre.actor;

import dev.cadre.bridge.Bridge;
import dev.cadre.bridge.SystemIntrospection;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Read-only views of a running system, for tools (dashboards, metrics, monitors): walk the actor
 * tree, see each actor's lifecycle state, supervision and counters, and hear about every actor
 * that stops. Nothing here changes the system or adds an actor to it.
 *
 * <pre>{@code
 * Introspection in = Introspection.of(system);
 * in.walk(info -> {
 *     System.out.println(info.path() + " " + info.state() + " depth=" + info.metrics().depth());
 *     return !info.name().startsWith("order-");   // false: skip this actor's children
 * });
 * }</pre>
 *
 * <p><b>Cost.</b> A walk visits every living actor it is not told to skip and reads a few fields
 * of each without locking or stopping it (the reads are racy: see {@link ActorInfo}). It is meant
 * to run every second or so on a tool's thread, not on a hot path: about a microsecond per actor.
 *
 * <p>Thread-safe.
 */
public final class Introspection {
    private final ActorSystem system;
    private final SystemIntrospection introspector;

    private Introspection(ActorSystem system, SystemIntrospection introspector) {
        this.system = system;
        this.introspector = introspector;
    }

    /**
     * The views of {@code system}.
     *
     * @param system a system created by {@link ActorSystem#create}
     * @return its introspection
     * @throws IllegalArgumentException if the system is not one of Cadre's
     */
    public static Introspection of(ActorSystem system) {
        Objects.requireNonNull(system, "system");
        return new Introspection(system, Bridge.runtime().introspect(system));
    }

    /**
     * Visits every living actor under {@code /user}, depth first, each parent before its
     * children (siblings in no particular order). Actors spawned or stopped during the walk may or
     * may not be visited.
     *
     * @param visitor called once per actor; returns {@code false} to skip that actor's children
     */
    public void walk(Predicate<ActorInfo> visitor) {
        introspector.walk(null, Objects.requireNonNull(visitor, "visitor"));
    }

    /**
     * Visits {@code root} and its living descendants, as {@link #walk(Predicate)} does.
     *
     * @param root where to start
     * @param visitor called once per actor; returns {@code false} to skip that actor's children
     * @throws IllegalArgumentException if {@code root} is not an actor of this system
     */
    public void walk(ActorRef<?> root, Predicate<ActorInfo> visitor) {
        introspector.walk(Objects.requireNonNull(root, "root"), Objects.requireNonNull(visitor, "visitor"));
    }

    /**
     * Every living actor under {@code /user}, parents before children.
     *
     * @return the actors' infos
     */
    public List<ActorInfo> snapshot() {
        List<ActorInfo> out = new ArrayList<>();
        walk(info -> {
            out.add(info);
            return true;
        });
        return out;
    }

    /**
     * One actor's info; works for a stopped actor too ({@link ActorInfo.State#STOPPED}, no
     * children, final counters).
     *
     * @param ref an actor of this system
     * @return its info
     * @throws IllegalArgumentException if {@code ref} is not an actor of this system
     */
    public ActorInfo info(ActorRef<?> ref) {
        return introspector.info(Objects.requireNonNull(ref, "ref"));
    }

    /**
     * The info of the living actor at {@code path}.
     *
     * @param path an absolute path starting with {@code /user}
     * @return its info, if it is alive
     * @throws IllegalArgumentException if the path does not start with {@code /user}
     */
    public Optional<ActorInfo> info(String path) {
        return system.lookup(path).map(this::info);
    }

    /**
     * Every actor of this system that stops from now on, with its failure if it failed
     * ({@link Terminated#failure()}): published once per actor, when it has stopped (after its
     * {@link PostStop}), or when its supervisor kills it. Use
     * {@link EventTopic#addListener listeners} for tools: subscribing an actor to a busy system's
     * terminations sends it a message per stop.
     *
     * @return the topic
     */
    public EventTopic<Terminated> terminations() {
        return introspector.terminations();
    }
}
