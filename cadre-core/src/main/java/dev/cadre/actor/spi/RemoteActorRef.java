package dev.cadre.actor.spi;

import dev.cadre.actor.ActorContext;
import dev.cadre.actor.ActorRef;

/**
 * A ref to an actor on another node, provided by an extension (the runtime makes every other
 * kind of ref itself). It sends through the extension's transport; the runtime treats it as an
 * actor it does not host.
 *
 * <p><b>What the runtime does with it.</b> {@link ActorContext#watch}, {@code watchWith} and
 * {@code unwatch} on a remote ref record the watch in the watcher as for a local actor, and call
 * {@link #watch} / {@link #unwatch} once per change, so the extension can watch across the network.
 * When the watcher stops, the runtime calls {@link #unwatch} for every remote ref it still watched.
 * The extension reports the remote actor's end with {@link Remoting#terminated}; the watcher then
 * gets {@code Terminated(this, reason)} (or its {@code watchWith} message) exactly once, under the
 * same rules as for a local actor (a watcher restarting gets it in its next incarnation; one that
 * has unwatched gets nothing). Links do not cross nodes: {@code link} refuses a remote ref.
 *
 * <p><b>Contract for implementations.</b> {@code equals} and {@code hashCode} identify the remote
 * actor (its node and path): the runtime keys its watches by them. {@link #watch} and
 * {@link #unwatch} are called on the watcher's thread while it runs and must not block. Messages
 * the ref cannot deliver go to {@link Remoting#deadLetter}, never silently away.
 *
 * @param <T> the type of message the remote actor accepts
 */
public non-sealed interface RemoteActorRef<T> extends ActorRef<T> {

    /**
     * The node that hosts the actor, as the extension names it (for example
     * {@code node-2@127.0.0.1:7101}): shown in logs and in {@code toString}.
     *
     * @return the node's address, never {@code null}
     */
    String address();

    /**
     * The runtime's request to be told when the remote actor terminates: {@code watcher} (a local
     * actor's own ref) now watches this ref. Called once per watcher until {@link #unwatch}. The
     * extension must eventually call {@link Remoting#terminated} for it, unless unwatched first: with
     * the actor's reason, with {@code NO_SUCH_ACTOR} if it was already gone, or with
     * {@code NODE_DOWN} if its node was declared down.
     *
     * @param watcher the local actor that watches
     */
    void watch(ActorRef<?> watcher);

    /**
     * {@code watcher} no longer watches this ref (it unwatched, was told, or stopped). Must not block.
     *
     * @param watcher the local actor that watched
     */
    void unwatch(ActorRef<?> watcher);
}
