package dev.cadre.actor;

/**
 * Delivered to the failed incarnation's behaviour just before a supervisor restarts the actor
 * with a fresh state. Use it to release resources the old state held.
 */
public record PreRestart() implements Signal {
    /** The one instance. */
    public static final PreRestart INSTANCE = new PreRestart();
}
