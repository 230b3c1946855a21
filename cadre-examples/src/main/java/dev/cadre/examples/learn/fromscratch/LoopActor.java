package dev.cadre.examples.learn.fromscratch;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BiFunction;

// tag::loop-actor[]
/**
 * Teaching code (step 5), not the runtime: step 2's three things plus the loop that runs them.
 *
 * <p>Invariants: {@code state} is read and written only by the loop thread, so it needs no lock
 * and no {@code volatile}. Any thread may {@link #tell}: the {@link BlockingQueue} is thread-safe,
 * and everything a thread did before {@code add} happens-before the loop's {@code take} returns
 * that message. One thread runs the behaviour, so messages are handled one at a time, in queue
 * order.
 *
 * @param <S> the state's type
 * @param <M> the message type
 */
public final class LoopActor<S, M> implements AutoCloseable {
    private S state;
    private final BlockingQueue<M> mailbox = new LinkedBlockingQueue<>();
    private final BiFunction<S, M, S> behaviour;
    private final Thread loop;

    /**
     * Starts the loop thread, which waits for the first message at once.
     *
     * @param name the loop thread's name
     * @param initial the state before the first message
     * @param behaviour computes the next state from the current one and one message; runs on the
     *     loop thread only
     */
    public LoopActor(String name, S initial, BiFunction<S, M, S> behaviour) {
        this.state = initial;
        this.behaviour = behaviour;
        this.loop = Thread.ofPlatform().name(name).start(this::run);
    }

    /**
     * Any thread may send; sending never waits for the message to be handled.
     *
     * @param message handled after every message this thread sent before it
     */
    public void tell(M message) {
        mailbox.add(message);
    }

    private void run() {
        while (true) {
            M message;
            try {
                message = mailbox.take();              // sleep until there is mail
            } catch (InterruptedException stop) {
                return;                                // close(): pending messages are dropped
            }
            state = behaviour.apply(state, message);   // one at a time: the only writer of state
        }
    }

    /** Stops the loop. Unlike Cadre, this drops pending messages without a trace. */
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
// end::loop-actor[]
