package dev.cadre.actor.spi;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.DeadLetter;
import dev.cadre.actor.ExitReason;
import dev.cadre.bridge.Bridge;
import java.util.Objects;

/**
 * How an extension that provides {@link RemoteActorRef}s reports back to the runtime. Safe to
 * call from any thread (a network thread included); never blocks.
 */
public final class Remoting {

    private Remoting() {
    }

    /**
     * The remote actor {@code target}, which {@code watcher} watches (see
     * {@link RemoteActorRef#watch}), has terminated with {@code reason}. The watcher gets
     * {@code Terminated(target, reason)} or its {@code watchWith} message, exactly once however often
     * this is called, and nothing if it no longer watches {@code target}. If the watcher has stopped,
     * nothing happens (a watcher that stops forgets what it watched).
     *
     * @param watcher the local actor that watches, as passed to {@link RemoteActorRef#watch}
     * @param target the remote actor
     * @param reason why it ended; {@link ExitReason#NODE_DOWN} if its node was declared down
     * @throws IllegalArgumentException if {@code watcher} is not a local actor's own ref
     * @throws NullPointerException if an argument is {@code null}
     */
    public static void terminated(ActorRef<?> watcher, RemoteActorRef<?> target, ExitReason reason) {
        Objects.requireNonNull(watcher, "watcher");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(reason, "reason");
        Bridge.runtime().remoteTerminated(watcher, target, reason);
    }

    /**
     * A message the extension could not deliver: published to {@code system}'s dead letters and
     * counted there with {@code reason}, like every other undelivered message.
     *
     * @param system the system that sent it, or that received it from another node
     * @param message the message (or, if it could not be decoded, something that describes it)
     * @param recipient whom it was for
     * @param reason why it was not delivered, typically {@link DeadLetter.Reason#NODE_DOWN},
     *     {@link DeadLetter.Reason#UNCONFIRMED}, {@link DeadLetter.Reason#UNDELIVERABLE} or
     *     {@link DeadLetter.Reason#RECIPIENT_TERMINATED} (no such actor on the receiving node)
     * @throws IllegalArgumentException if {@code system} is not one of Cadre's systems
     * @throws NullPointerException if an argument is {@code null}
     */
    public static void deadLetter(ActorSystem system, Object message, ActorRef<?> recipient, DeadLetter.Reason reason) {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(reason, "reason");
        Bridge.runtime().publishDeadLetter(system, message, recipient, reason);
    }
}
