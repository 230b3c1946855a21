package dev.cadre.examples.learn.fromscratch;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

// tag::mailbox-actor[]
/**
 * Teaching code (steps 6 and 7), not the runtime: {@link LoopActor} with its mailbox passed in,
 * and an address ({@link TinyRef}) that counts what the mailbox refuses. The behaviour does not
 * know which mailbox it has.
 *
 * <p>Invariants: as {@link LoopActor}'s; {@code refused} is written by senders, so it is atomic.
 *
 * @param <S> the state's type
 * @param <M> the message type
 */
public final class MailboxActor<S, M> implements TinyRef<M>, AutoCloseable {
    private S state;
    private final TinyMailbox<M> mailbox;
    private final BiFunction<S, M, S> behaviour;
    private final AtomicLong refused = new AtomicLong();
    private final Thread loop;

    /**
     * Starts the loop thread, which waits for the first message at once.
     *
     * @param name the loop thread's name
     * @param mailbox decides the order of the messages and how many may wait
     * @param initial the state before the first message
     * @param behaviour computes the next state from the current one and one message; runs on the
     *     loop thread only
     */
    public MailboxActor(String name, TinyMailbox<M> mailbox, S initial, BiFunction<S, M, S> behaviour) {
        this.state = initial;
        this.mailbox = mailbox;
        this.behaviour = behaviour;
        this.loop = Thread.ofPlatform().name(name).start(this::run);
    }

    /** Enqueues, or counts the message as refused when the mailbox is full: never silently lost. */
    @Override
    public void tell(M message) {
        if (!mailbox.offer(message)) {
            refused.incrementAndGet();
        }
    }

    /** {@return how many messages the full mailbox refused so far} */
    public long refused() {
        return refused.get();
    }

    private void run() {
        while (true) {
            M message;
            try {
                message = mailbox.take();
            } catch (InterruptedException stop) {
                return;
            }
            state = behaviour.apply(state, message);
        }
    }

    @Override
    public void close() {
        loop.interrupt();
        try {
            loop.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
// end::mailbox-actor[]
