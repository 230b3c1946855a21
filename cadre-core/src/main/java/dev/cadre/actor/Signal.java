package dev.cadre.actor;

/**
 * A lifecycle notification delivered to a behaviour by the runtime, not by another actor.
 * Signals are processed one at a time like messages, but ahead of queued user messages.
 *
 * <ul>
 *   <li>{@link PostStop}: the actor has stopped (all its children stopped first); release resources.
 *   <li>{@link PreRestart}: the actor is about to be restarted by its supervisor.
 *   <li>{@link Terminated}: an actor this one {@linkplain ActorContext#watch watches} has stopped.
 *   <li>{@link ExitSignal}: an actor this one is {@linkplain ActorContext#link linked} to has
 *       stopped, and this one traps exits.
 * </ul>
 */
public sealed interface Signal permits PostStop, PreRestart, Terminated, ExitSignal {
}
