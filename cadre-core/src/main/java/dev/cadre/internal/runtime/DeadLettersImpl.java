package dev.cadre.internal.runtime;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.DeadLetter;
import dev.cadre.actor.DeadLetters;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API. Counts dead letters per reason ({@link LongAdder}: publishers are any thread and
 * rarely contend on one cell) and tells each subscriber. A dead letter about a {@link DeadLetter}
 * is counted but not re-published, so a dead subscriber cannot cause a feedback loop.
 */
public final class DeadLettersImpl implements DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger("dev.cadre.deadletters");
    private final LongAdder[] counts = new LongAdder[DeadLetter.Reason.values().length];
    private final Topic<DeadLetter> subscribers = new Topic<>();

    DeadLettersImpl() {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    @SuppressWarnings("EnumOrdinal") // one counter per reason, indexed by ordinal: the array is sized by values()
    void publish(Object message, ActorRef<?> recipient, DeadLetter.Reason reason) {
        counts[reason.ordinal()].increment();
        if (message instanceof DeadLetter) {
            return;
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("dead letter ({}) to {}: {}", reason, recipient.path(), message.getClass().getName());
        }
        if (subscribers.hasSubscribers()) {
            subscribers.publish(new DeadLetter(message, recipient, reason));
        }
    }

    @Override
    public long count() {
        long sum = 0;
        for (LongAdder c : counts) {
            sum += c.sum();
        }
        return sum;
    }

    @Override
    @SuppressWarnings("EnumOrdinal") // one counter per reason, indexed by ordinal: the array is sized by values()
    public long count(DeadLetter.Reason reason) {
        return counts[Objects.requireNonNull(reason, "reason").ordinal()].sum();
    }

    @Override
    public void subscribe(ActorRef<DeadLetter> subscriber) {
        subscribers.subscribe(subscriber);
    }

    @Override
    public void unsubscribe(ActorRef<DeadLetter> subscriber) {
        subscribers.unsubscribe(subscriber);
    }

    @Override
    public void addListener(java.util.function.Consumer<? super DeadLetter> listener) {
        subscribers.addListener(listener);
    }

    @Override
    public void removeListener(java.util.function.Consumer<? super DeadLetter> listener) {
        subscribers.removeListener(listener);
    }
}
