package dev.cadre.actor;

import dev.cadre.bridge.ApiAccess;
import dev.cadre.bridge.Bridge;
import org.jspecify.annotations.Nullable;

/**
 * What an actor does with its next message: a behaviour receives a message and returns the
 * behaviour for the message after it. State lives in the returned behaviour (functional style,
 * {@link Behaviors#receive}) or in the fields of an {@link AbstractBehavior} (class style); the two
 * styles mix freely, since both are just {@code Behavior}s.
 *
 * <p>Create behaviours with {@link Behaviors} or by extending {@link AbstractBehavior}; this class
 * cannot be extended directly.
 *
 * <pre>
 *   spawn ──► setup(ctx) ──► receive(msg) ──► next behaviour ──► … ──► stopped ──► PostStop
 *                              ▲          │  (same / new state / unhandled)
 *                              └──────────┘
 * </pre>
 *
 * @param <T> the type of message this behaviour handles
 */
public abstract class Behavior<T> {

    static {
        Bridge.install(new Access());
    }

    final int kind;

    Behavior(int kind) {
        this.kind = kind;
    }

    /** Only {@link ApiAccess#LIVE} behaviours are asked to receive. */
    Behavior<T> receiveMessage(ActorContext<T> ctx, T msg) throws Exception {
        throw new IllegalStateException("not a receiving behaviour: " + this);
    }

    /** Signals are unhandled unless a behaviour says otherwise. */
    Behavior<T> receiveSignal(ActorContext<T> ctx, Signal signal) throws Exception {
        return Behaviors.unhandled();
    }

    /** Only {@link ApiAccess#DEFERRED} behaviours can be started. */
    Behavior<T> start(ActorContext<T> ctx) throws Exception {
        throw new IllegalStateException("not a deferred behaviour: " + this);
    }

    private static final class Access implements ApiAccess {
        @Override
        public int kind(Behavior<?> b) {
            return b.kind;
        }

        @Override
        public <T> Behavior<T> receive(Behavior<T> b, ActorContext<T> ctx, T msg) throws Exception {
            return b.receiveMessage(ctx, msg);
        }

        @Override
        public <T> Behavior<T> receiveSignal(Behavior<T> b, ActorContext<T> ctx, Signal signal) throws Exception {
            return b.receiveSignal(ctx, signal);
        }

        @Override
        public <T> Behavior<T> start(Behavior<T> b, ActorContext<T> ctx) throws Exception {
            return b.start(ctx);
        }

        @Override
        public java.util.List<Object> unstashMessages(Behavior<?> unstash) {
            return ((Behaviors.Unstash<?>) unstash).messages;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> Behavior<T> unstashTarget(Behavior<T> unstash) {
            return ((Behaviors.Unstash<T>) unstash).next;
        }

        @Override
        public <T> Behavior<T> supervisedInner(Behavior<T> supervise) {
            return ((Behaviors.Supervise<T>) supervise).inner;
        }

        @Override
        public @Nullable Directive directiveFor(Behavior<?> supervise, Throwable failure) {
            for (var rule : ((Behaviors.Supervise<?>) supervise).rules) {
                if (rule.getKey().isInstance(failure)) {
                    return rule.getValue();
                }
            }
            return null;
        }

        @Override
        public String formatDuration(java.time.Duration d) {
            return Texts.duration(d);
        }

        @Override
        public void runStopCallback(Behavior<?> stopped) {
            if (stopped instanceof Behaviors.Stopped<?> s && s.postStop != null) {
                s.postStop.run();
            }
        }
    }
}
