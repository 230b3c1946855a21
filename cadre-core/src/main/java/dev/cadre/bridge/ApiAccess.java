package dev.cadre.bridge;

import dev.cadre.actor.ActorContext;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Signal;

/**
 * INTERNAL API. The runtime's view of the package-private parts of {@code dev.cadre.actor}: the
 * behaviour kinds and the behaviours' hooks, reached without making them public (the JDK's "shared secrets"
 * pattern). The one implementation is installed by {@code Behavior}'s static initialiser; the
 * runtime gets it from {@link Bridge#api()}.
 */
public interface ApiAccess {
    /** A behaviour that handles messages (functional or class-based). */
    int LIVE = 0;
    /** {@code Behaviors.same()}: keep the current behaviour. */
    int SAME = 1;
    /** {@code Behaviors.unhandled()}: keep the current behaviour, report the message unhandled. */
    int UNHANDLED = 2;
    /** {@code Behaviors.stopped()}: stop the actor. */
    int STOPPED = 3;
    /** {@code Behaviors.setup(..)}: must be started with a context before use. */
    int DEFERRED = 4;
    /** {@code StashBuffer.unstashAll(..)}: replay messages, then continue as the target. */
    int UNSTASH = 5;
    /** {@code Behaviors.supervise(..)}: local supervision rules around an inner behaviour. */
    int SUPERVISE = 6;

    /** @return the kind of {@code b}, one of the constants above */
    int kind(Behavior<?> b);

    /** Delivers a message to a {@link #LIVE} behaviour; returns its next behaviour (maybe a marker). */
    <T> Behavior<T> receive(Behavior<T> b, ActorContext<T> ctx, T msg) throws Exception;

    /** Delivers a signal to a {@link #LIVE} behaviour; returns its next behaviour (maybe a marker). */
    <T> Behavior<T> receiveSignal(Behavior<T> b, ActorContext<T> ctx, Signal signal) throws Exception;

    /** Runs a {@link #DEFERRED} behaviour's factory once; the result may itself be deferred. */
    <T> Behavior<T> start(Behavior<T> b, ActorContext<T> ctx) throws Exception;

    /** The messages to replay of an {@link #UNSTASH} behaviour. */
    java.util.List<Object> unstashMessages(Behavior<?> unstash);

    /** The behaviour to continue as after an {@link #UNSTASH}. */
    <T> Behavior<T> unstashTarget(Behavior<T> unstash);

    /** The behaviour inside a {@link #SUPERVISE} wrapper. */
    <T> Behavior<T> supervisedInner(Behavior<T> supervise);

    /** The first rule of a {@link #SUPERVISE} wrapper matching {@code failure}, or null. */
    dev.cadre.actor.Directive directiveFor(Behavior<?> supervise, Throwable failure);

    /** Runs the callback of a {@link #STOPPED} behaviour, if it has one. */
    void runStopCallback(Behavior<?> stopped);

    /**
     * A short duration for people, as the API's descriptions write it: {@code 5s}, {@code 250ms}.
     *
     * @param d the duration
     * @return the text
     */
    String formatDuration(java.time.Duration d);
}
