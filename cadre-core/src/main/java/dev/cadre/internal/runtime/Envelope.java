package dev.cadre.internal.runtime;

import java.util.function.Function;

/**
 * INTERNAL API. A queued message that is not yet the actor's own type: it is resolved on the
 * actor's thread. {@link #resolve} may return null: nothing to deliver (a cancelled timer).
 */
abstract class Envelope {
    abstract Object resolve();

    /** What to report if the envelope becomes a dead letter. */
    abstract Object original();

    /** What a dead letter about {@code m} shows: the original message, never an envelope. */
    static Object unwrap(Object m) {
        return m instanceof Envelope e ? e.original() : m;
    }

    /** Replies through a message adapter, and pipeToSelf completions. */
    static final class Adapted extends Envelope {
        private final Function<Object, ?> fn;
        private final Object value;

        @SuppressWarnings("unchecked")
        Adapted(Function<?, ?> fn, Object value) {
            this.fn = (Function<Object, ?>) fn;
            this.value = value;
        }

        @Override
        Object resolve() {
            Object r = fn.apply(value);
            if (r == null) {
                throw new IllegalStateException("a message adapter or pipeToSelf mapper returned null for "
                        + ActorCell.typeName(value));
            }
            return r;
        }

        @Override
        Object original() {
            return value;
        }
    }
}
