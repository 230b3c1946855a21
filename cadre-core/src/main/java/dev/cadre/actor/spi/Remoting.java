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
     * Offers {@code messages[from..to)} to {@code recipient}, in order: what
     * {@link ActorRef#offer} does for each, but an unbounded mailbox takes them all at once (one
     * atomic append for the lot instead of one per message), so a network thread delivering a
     * batch from another node hands the recipient's mailbox back and forth with the recipient's
     * thread once per batch, not once per message. It stops at the first message that finds the
     * mailbox full (a bounded mailbox that blocks or rejects): that message and the rest are
     * neither enqueued nor counted, and the caller decides what becomes of them (typically a
     * blocking {@link ActorRef#tell} on a thread that may wait). A terminated recipient's
     * messages are dead letters, as for {@code offer}. Never blocks.
     *
     * @param recipient a ref of this node (or any ref: others take the messages one by one)
     * @param messages the messages, none null, each of the recipient's message type (the
     *     extension's codecs decide that; it is not checked here)
     * @param from the first index
     * @param to one past the last index
     * @return the index of the first message that found the mailbox full, or {@code to} if none did
     * @throws IndexOutOfBoundsException if the range is not within {@code messages}
     * @throws NullPointerException if {@code recipient}, {@code messages} or a message in the range
     *     is {@code null} (then none is offered)
     */
    public static int offerAll(ActorRef<?> recipient, Object[] messages, int from, int to) {
        Objects.requireNonNull(recipient, "recipient");
        Objects.checkFromToIndex(from, to, messages.length);
        for (int i = from; i < to; i++) {
            if (messages[i] == null) {
                throw new NullPointerException("message " + i + " is null; none was offered");
            }
        }
        return Bridge.runtime().offerAll(recipient, messages, from, to);
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

    /**
     * A reply-to for an ask the extension makes itself (an ask sent to another node): a ref whose
     * first message completes {@link Reply#future()}, and whose later messages are dead letters
     * ({@code ASK_ALREADY_COMPLETED}), like the reply-to of {@code ActorRef.ask}. Its
     * {@code path()} is {@code path}, so the extension can send it as an address and find it again
     * when the reply comes back. The extension keeps its own timeout (failing the future with an
     * {@link dev.cadre.actor.AskTimeoutException}) and forgets the ref when the future completes.
     *
     * @param system the system that asks
     * @param path the ref's path, e.g. {@code /temp/ask-17}; unique among the extension's pending asks
     * @param <R> the reply type
     * @return the ref and its future
     * @throws IllegalArgumentException if {@code system} is not one of Cadre's systems, or the path
     *     does not start with {@code /}
     * @throws NullPointerException if an argument is {@code null}
     */
    public static <R> Reply<R> replyTo(ActorSystem system, String path) {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a reply-to's path must start with '/', was '" + path + "'");
        }
        return Bridge.runtime().replyTo(system, path);
    }

    /**
     * A reply-to and the future its first message completes.
     *
     * @param ref the reply-to, to put in the request
     * @param future completed with the first reply
     * @param <R> the reply type
     */
    public record Reply<R>(ActorRef<R> ref, java.util.concurrent.CompletableFuture<R> future) {
        /**
         * Validates the pair.
         *
         * @param ref not null
         * @param future not null
         */
        public Reply {
            Objects.requireNonNull(ref, "ref");
            Objects.requireNonNull(future, "future");
        }
    }
}
