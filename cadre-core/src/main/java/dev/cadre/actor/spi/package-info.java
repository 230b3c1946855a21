/**
 * For extensions that provide refs to actors on other nodes (such as {@code cadre-cluster}); an
 * application does not need this package.
 *
 * <p>An extension implements {@link dev.cadre.actor.spi.RemoteActorRef} (the one kind of
 * {@link dev.cadre.actor.ActorRef} the runtime does not make itself), and reports back through
 * {@link dev.cadre.actor.spi.Remoting}: a watched remote actor's end, and the messages it could not
 * deliver, so that a watcher sees an ordinary {@link dev.cadre.actor.Terminated} and every lost
 * message is counted in one place, the system's {@link dev.cadre.actor.DeadLetters}.
 */
@NullMarked
package dev.cadre.actor.spi;

import org.jspecify.annotations.NullMarked;
