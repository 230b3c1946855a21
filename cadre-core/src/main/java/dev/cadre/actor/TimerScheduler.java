package dev.cadre.actor;

import java.time.Duration;

/**
 * An actor's timers, created by {@link Behaviors#withTimers}. A timer sends a message to the
 * actor itself, through its mailbox like any other message. Timers are keyed: starting a timer
 * with a key in use cancels the old one. A cancelled timer's message is never delivered, even if
 * it was already queued. All timers are cancelled when the actor stops or is restarted.
 *
 * <p>Use only from the actor's own handlers. If the mailbox is bounded and full when a timer
 * fires, the timer's message is dropped (counted, and published to dead letters as
 * {@link DeadLetter.Reason#REJECTED}): the timer thread never blocks.
 *
 * @param <T> the actor's message type
 */
public interface TimerScheduler<T> {

    /**
     * Sends {@code message} once, after {@code delay}.
     *
     * @param key identifies the timer; replaces a timer with the same key
     * @param message what to send
     * @param delay positive
     */
    void startSingleTimer(Object key, T message, Duration delay);

    /**
     * Sends {@code message} every {@code interval}, the first time after one interval.
     *
     * @param key identifies the timer; replaces a timer with the same key
     * @param message what to send
     * @param interval positive
     */
    void startTimerAtFixedRate(Object key, T message, Duration interval);

    /**
     * Sends {@code message} every {@code interval}, the first time after {@code initialDelay}.
     *
     * @param key identifies the timer; replaces a timer with the same key
     * @param message what to send
     * @param initialDelay zero or positive
     * @param interval positive
     */
    void startTimerAtFixedRate(Object key, T message, Duration initialDelay, Duration interval);

    /**
     * Tells whether a timer is running.
     *
     * @param key the timer's key
     * @return whether a timer with that key is active (a single timer stops being active once its
     *     message has been delivered)
     */
    boolean isTimerActive(Object key);

    /**
     * Cancels a timer; its message will not be delivered, even if already queued.
     *
     * @param key the timer's key; unknown keys are ignored
     */
    void cancel(Object key);

    /** Cancels every timer of this actor. */
    void cancelAll();
}
