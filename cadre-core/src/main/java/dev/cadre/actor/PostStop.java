package dev.cadre.actor;

/**
 * Delivered once, as the last thing an actor processes: after all its children have stopped and
 * before its watchers are told. Use it to release resources. An exception thrown while handling it
 * is logged and otherwise ignored: the actor is stopping anyway.
 */
public record PostStop() implements Signal {
    /** The one instance. */
    public static final PostStop INSTANCE = new PostStop();
}
