package dev.cadre.cluster.transport;

import dev.cadre.actor.ActorRef;

/**
 * How remote refs forward the runtime's watch requests ({@code ctx.watch(remoteRef)}) to the node's
 * watch machinery. Installed by {@code ClusterNode}; a transport without one refuses such watches.
 */
public interface WatchHooks {

    /**
     * {@code watcher} (a local actor) now watches {@code target}. Must not block.
     *
     * @param target the remote actor
     * @param watcher the local actor's own ref
     */
    void watch(dev.cadre.actor.spi.RemoteActorRef<?> target, ActorRef<?> watcher);

    /**
     * {@code watcher} no longer watches {@code target}. Must not block.
     *
     * @param target the remote actor
     * @param watcher the local actor's own ref
     */
    void unwatch(dev.cadre.actor.spi.RemoteActorRef<?> target, ActorRef<?> watcher);
}
