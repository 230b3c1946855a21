package dev.cadre.cluster;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.cluster.hazelcast.HazelcastClusterProvider;
import dev.cadre.cluster.transport.Codecs;
import dev.cadre.cluster.transport.GrpcTransport;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One Cadre node of a cluster: an actor system, its transport and its membership, tied together.
 * A member removed from the membership is declared down to the transport (what is queued for it
 * is counted {@code PEER_DOWN}) and ends every watch of its actors with
 * {@link RemoteTerminated.Reason#NODE_DOWN}.
 *
 * <pre>{@code
 * try (var node = ClusterNode.start(system, settings, Codecs.builder().jackson(1, Hello.class))) {
 *     ActorRef<Hello> there = node.ref(someMember, "/user/greeter");
 *     node.watch(there, myWatcher);          // RemoteTerminated(there, NODE_DOWN) if its node dies
 * }
 * }</pre>
 */
public final class ClusterNode implements AutoCloseable {

    private static final int INTERNAL_IDS = 65_000;

    private final ActorSystem system;
    private final ClusterSettings settings;
    private final GrpcTransport transport;
    private final HazelcastClusterProvider membership;
    private final ActorRef<WatchActor.Msg> watcher;
    private final List<Consumer<? super MembershipEvent>> listeners = new CopyOnWriteArrayList<>();

    private ClusterNode(ActorSystem system, ClusterSettings settings, GrpcTransport transport,
                        HazelcastClusterProvider membership, ActorRef<WatchActor.Msg> watcher) {
        this.system = system;
        this.settings = settings;
        this.transport = transport;
        this.membership = membership;
        this.watcher = watcher;
    }

    /**
     * Starts the transport, then joins the membership.
     *
     * @param system the node's actor system (the caller closes it, after this node)
     * @param settings membership, transport and the configured cluster size
     * @param codecs the application's message types (ids 1..64999; 65000 and up are Cadre's)
     * @return the running node
     */
    public static ClusterNode start(ActorSystem system, ClusterSettings settings, Codecs.Builder codecs) {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(codecs, "codecs");
        codecs.jackson(INTERNAL_IDS + 1, WatchActor.WatchFor.class)
                .jackson(INTERNAL_IDS + 2, WatchActor.Watch.class)
                .jackson(INTERNAL_IDS + 3, WatchActor.Died.class)
                .jackson(INTERNAL_IDS + 4, WatchActor.NodeDown.class)
                .jackson(INTERNAL_IDS + 5, WatchActor.Watching.class);
        int id = INTERNAL_IDS + 10;
        for (Class<?> wire : dev.cadre.cluster.sharding.ShardRegion.wireTypes()) {
            codecs.jackson(id++, wire);
        }
        NodeId self = NodeId.random();
        GrpcTransport transport = GrpcTransport.start(settings.transport(), self, system, codecs.build());
        ActorRef<WatchActor.Msg> watcher = system.spawn(WatchActor.behavior(transport), WatchActor.NAME);
        transport.watchHooks(new dev.cadre.cluster.transport.WatchHooks() { // ctx.watch(remoteRef) in any local actor
            @Override
            public void watch(dev.cadre.actor.spi.RemoteActorRef<?> target, ActorRef<?> w) {
                watcher.tell(new WatchActor.CoreWatch(target, w));
            }

            @Override
            public void unwatch(dev.cadre.actor.spi.RemoteActorRef<?> target, ActorRef<?> w) {
                watcher.tell(new WatchActor.CoreUnwatch(target, w));
            }
        });
        HazelcastClusterProvider membership;
        try {
            membership = HazelcastClusterProvider.start(settings.membership(), self, transport.address());
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
        ClusterNode node = new ClusterNode(system, settings, transport, membership, watcher);
        membership.subscribe(node::onMembership);
        return node;
    }

    private void onMembership(MembershipEvent event) {
        switch (event) {
            case MembershipEvent.MemberUp up -> transport.peerUp(up.member().id());
            case MembershipEvent.MemberRemoved removed -> {
                if (!removed.member().id().equals(self())) {
                    transport.peerDown(removed.member().id());
                    watcher.tell(new WatchActor.NodeDown(removed.member().id()));
                }
            }
            case MembershipEvent.PartitionsChanged changed -> {
            }
        }
        listeners.forEach(l -> l.accept(event));
    }

    /** @return this node's id */
    public NodeId self() {
        return transport.self();
    }

    /** @return this node as a member (its id and transport address) */
    public Member member() {
        return new Member(self(), transport.address());
    }

    /** @return the members this node sees now, itself included */
    public List<Member> members() {
        return membership.members();
    }

    /**
     * Whether this node sees a majority of the configured cluster size: the precondition for
     * serving sharded entities.
     *
     * @return {@code members().size() >= settings.majority()}
     */
    public boolean hasMajority() {
        return membership.members().size() >= settings.majority();
    }

    /**
     * A ref to the actor at {@code path} on {@code node}: a local ref if it is this node and the
     * actor exists here, otherwise one that sends through the transport.
     *
     * @param node a member
     * @param path the actor's path there
     * @param <T> the message type
     * @return the ref
     */
    @SuppressWarnings("unchecked")
    public <T> ActorRef<T> ref(Member node, String path) {
        if (node.id().equals(self())) {
            var local = system.lookup(path);
            if (local.isPresent()) {
                return (ActorRef<T>) local.get();
            }
        }
        return transport.remoteRef(node, path);
    }

    /**
     * Watches an actor wherever it lives: {@code watcher} receives one {@link RemoteTerminated}
     * when it stops (with its exit reason), when its node is removed from the membership
     * ({@code NODE_DOWN}), or at once if there is no such actor.
     *
     * @param target the actor
     * @param watcher who to tell
     * @return completes once the watch is in place on the target's node (or has already ended):
     *     whatever stops the target after that is seen
     */
    public java.util.concurrent.CompletionStage<Void> watch(ActorRef<?> target, ActorRef<RemoteTerminated> watcher) {
        var established = new java.util.concurrent.CompletableFuture<Void>();
        this.watcher.tell(new WatchActor.WatchFor(Objects.requireNonNull(target, "target"),
                Objects.requireNonNull(watcher, "watcher"), established));
        return established;
    }

    /**
     * Subscribes to membership events, after this node's own handling of each.
     *
     * @param listener must not block
     */
    public void subscribe(Consumer<? super MembershipEvent> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** @return the transport */
    public GrpcTransport transport() {
        return transport;
    }

    /** @return the membership provider */
    public HazelcastClusterProvider membership() {
        return membership;
    }

    /** @return the settings */
    public ClusterSettings settings() {
        return settings;
    }

    /** Leaves the membership (gracefully), then stops the transport. The actor system is the caller's. */
    @Override
    public void close() {
        membership.close();
        transport.close();
    }

    /** Stops without leaving gracefully: the others find out as after a crash (tests). */
    public void crash() {
        membership.terminateAbruptly();
        transport.close();
    }
}
