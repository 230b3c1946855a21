package dev.cadre.cluster;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.ExitReason;
import dev.cadre.actor.Terminated;
import dev.cadre.cluster.transport.GrpcTransport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One per node, at {@code /user/cadre-watch}: watches across nodes. It is the single writer of
 * both tables, so each watch ends exactly once (by the target's end or by its node's loss,
 * whichever it sees first).
 *
 * <ul>
 *   <li>{@code here}: local targets → who to tell (local watchers, and other nodes' watch actors).</li>
 *   <li>{@code away}: node → remote target (by path) → local watchers.</li>
 * </ul>
 */
final class WatchActor {

    static final String NAME = "cadre-watch";

    sealed interface Msg {
    }

    /** From {@link ClusterNode#watch}, on this node (never sent to another node). */
    record WatchFor(ActorRef<?> target, ActorRef<RemoteTerminated> watcher,
                    @com.fasterxml.jackson.annotation.JsonIgnore CompletableFuture<Void> established) implements Msg {
    }

    /** From a remote ref's watch hook ({@code ctx.watch(remoteRef)} in a local actor): never leaves this node. */
    record CoreWatch(dev.cadre.actor.spi.RemoteActorRef<?> target, ActorRef<?> watcher) implements Msg {
    }

    /** From a remote ref's unwatch hook: never leaves this node. */
    record CoreUnwatch(dev.cadre.actor.spi.RemoteActorRef<?> target, ActorRef<?> watcher) implements Msg {
    }

    /** To another node's watch actor: its watch of the target is in place. */
    record Watching(ActorRef<Object> target) implements Msg {
    }

    /** From another node's watch actor: tell {@code tellWhenGone} when the (local) target ends. */
    record Watch(ActorRef<Object> target, ActorRef<Msg> tellWhenGone) implements Msg {
    }

    /** To another node's watch actor: a target it asked about has ended. */
    record Died(ActorRef<Object> target, RemoteTerminated.Reason reason) implements Msg {
    }

    /** From the membership listener: a node is gone. */
    record NodeDown(NodeId node) implements Msg {
    }

    private WatchActor() {
    }

    static RemoteTerminated.Reason reasonOf(ExitReason r) {
        return switch (r) {
            case ExitReason.Normal n -> RemoteTerminated.Reason.NORMAL;
            case ExitReason.Shutdown s -> RemoteTerminated.Reason.SHUTDOWN;
            case ExitReason.Killed k -> RemoteTerminated.Reason.KILLED;
            case ExitReason.NoSuchActor n -> RemoteTerminated.Reason.NO_SUCH_ACTOR;
            case ExitReason.NodeDown d -> RemoteTerminated.Reason.NODE_DOWN;
            case ExitReason.Failure f -> RemoteTerminated.Reason.FAILURE;
        };
    }

    /** What a local actor that watched through {@code ctx.watch} sees (the cause of a remote failure stays there). */
    static ExitReason exitReasonOf(ActorRef<?> target, RemoteTerminated.Reason r) {
        return switch (r) {
            case NORMAL -> ExitReason.NORMAL;
            case SHUTDOWN -> ExitReason.SHUTDOWN;
            case KILLED -> ExitReason.KILLED;
            case NO_SUCH_ACTOR -> ExitReason.NO_SUCH_ACTOR;
            case NODE_DOWN -> ExitReason.NODE_DOWN;
            case FAILURE -> ExitReason.failure(new RemoteActorFailedException(target));
        };
    }

    /** Tells every watcher of {@code watched}: message watchers by message, core watchers through the SPI. */
    private static void tellAll(Watched watched, RemoteTerminated.Reason reason) {
        watched.watchers().forEach(w -> w.tell(new RemoteTerminated(watched.target(), reason)));
        watched.coreWatchers().forEach((w, target) -> dev.cadre.actor.spi.Remoting.terminated(w, target,
                exitReasonOf(target, reason)));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Watched watchAway(dev.cadre.actor.ActorContext<Msg> c, GrpcTransport transport,
            Map<NodeId, Map<String, Watched>> away, NodeId node, ActorRef<?> target) {
        var byPath = away.computeIfAbsent(node, n -> new HashMap<>());
        Watched watched = byPath.get(target.path());
        if (watched == null) {
            watched = new Watched(target, new LinkedHashSet<>(), new LinkedHashMap<>(), new ArrayList<>(), new boolean[1]);
            byPath.put(target.path(), watched);
            ActorRef<Msg> theirs = transport.sibling(target, "/user/" + NAME);
            theirs.tell(new Watch((ActorRef<Object>) target, c.self()));
        }
        return watched;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Behavior<Msg> behavior(GrpcTransport transport) {
        return Behaviors.setup(ctx -> {
            Map<ActorRef<?>, Set<ActorRef<?>>> here = new HashMap<>();
            Map<NodeId, Map<String, Watched>> away = new HashMap<>();
            NodeId self = transport.self();
            return Behaviors.<Msg>receive((c, msg) -> {
                switch (msg) {
                    case WatchFor w -> {
                        NodeId node = transport.nodeOf(w.target());
                        if (transport.isLocal(w.target())) {
                            watchHere(c, here, w.target(), w.watcher());
                            w.established().complete(null);
                        } else if (node.equals(self)) {
                            w.watcher().tell(new RemoteTerminated(w.target(), RemoteTerminated.Reason.NO_SUCH_ACTOR));
                            w.established().complete(null);
                        } else {
                            Watched watched = watchAway(c, transport, away, node, w.target());
                            watched.watchers().add(w.watcher());
                            if (watched.confirmed()[0]) {
                                w.established().complete(null);
                            } else {
                                watched.pending().add(w.established());
                            }
                        }
                    }
                    case CoreWatch w -> {
                        NodeId node = transport.nodeOf(w.target());
                        if (node.equals(self) || transport.isDown(node)) {
                            // on this node yet not found here, or on a node already gone
                            dev.cadre.actor.spi.Remoting.terminated(w.watcher(), w.target(),
                                    node.equals(self) ? ExitReason.NO_SUCH_ACTOR : ExitReason.NODE_DOWN);
                        } else {
                            watchAway(c, transport, away, node, w.target()).coreWatchers().put(w.watcher(), w.target());
                        }
                    }
                    case CoreUnwatch u -> {
                        var byPath = away.get(transport.nodeOf(u.target()));
                        Watched watched = byPath == null ? null : byPath.get(u.target().path());
                        if (watched != null) {
                            watched.coreWatchers().remove(u.watcher());
                        }
                    }
                    case Watch w -> {
                        w.tellWhenGone().tell(new Watching(w.target()));
                        if (transport.isLocal(w.target())) {
                            watchHere(c, here, w.target(), w.tellWhenGone());
                        } else {
                            w.tellWhenGone().tell(new Died(w.target(), RemoteTerminated.Reason.NO_SUCH_ACTOR));
                        }
                    }
                    case Watching w -> {
                        var byPath = away.get(transport.nodeOf(w.target()));
                        Watched watched = byPath == null ? null : byPath.get(w.target().path());
                        if (watched != null) {
                            watched.confirmed()[0] = true;
                            watched.pending().forEach(f -> f.complete(null));
                            watched.pending().clear();
                        }
                    }
                    case Died d -> {
                        var byPath = away.get(transport.nodeOf(d.target()));
                        Watched watched = byPath == null ? null : byPath.remove(d.target().path());
                        if (watched != null) {
                            watched.pending().forEach(f -> f.complete(null));
                            tellAll(watched, d.reason());
                        }
                    }
                    case NodeDown n -> {
                        var byPath = away.remove(n.node());
                        if (byPath != null) {
                            byPath.values().forEach(watched -> {
                                watched.pending().forEach(f -> f.complete(null));
                                tellAll(watched, RemoteTerminated.Reason.NODE_DOWN);
                            });
                        }
                        // its watch actor no longer needs to hear about our actors
                        here.values().forEach(set -> set.removeIf(r -> transport.nodeOf(r).equals(n.node())));
                    }
                }
                return Behaviors.same();
            }).onSignal((c, signal) -> {
                if (signal instanceof Terminated t) {
                    Set<ActorRef<?>> tellers = here.remove(t.ref());
                    if (tellers != null) {
                        RemoteTerminated.Reason reason = reasonOf(t.reason());
                        for (ActorRef<?> r : tellers) {
                            if (transport.nodeOf(r).equals(self)) {
                                ((ActorRef<RemoteTerminated>) r).tell(new RemoteTerminated(t.ref(), reason));
                            } else {
                                ((ActorRef<Msg>) r).tell(new Died((ActorRef<Object>) t.ref(), reason));
                            }
                        }
                    }
                }
                return Behaviors.same();
            });
        });
    }

    private static void watchHere(dev.cadre.actor.ActorContext<Msg> c, Map<ActorRef<?>, Set<ActorRef<?>>> here,
                                  ActorRef<?> target, ActorRef<?> teller) {
        Set<ActorRef<?>> tellers = here.get(target);
        if (tellers == null) {
            tellers = new LinkedHashSet<>();
            here.put(target, tellers);
            c.watch(target); // an actor already gone yields Terminated(NO_SUCH_ACTOR)
        }
        tellers.add(teller);
    }

    /** {@code coreWatchers}: local actors that watch through {@code ctx.watch}, each with the ref it watched. */
    private record Watched(ActorRef<?> target, Set<ActorRef<RemoteTerminated>> watchers,
                           Map<ActorRef<?>, dev.cadre.actor.spi.RemoteActorRef<?>> coreWatchers,
                           List<CompletableFuture<Void>> pending, boolean[] confirmed) {
    }
}
