package dev.cadre.examples.learn.fromscratch;

// tag::tiny-ref[]
/**
 * Teaching code (step 7), not the runtime: an address. Anything that accepts messages is one,
 * including a lambda that completes a future.
 *
 * @param <M> the message type
 */
@FunctionalInterface
public interface TinyRef<M> {
    /**
     * Sends a message to this address and returns at once: it never waits for the message to be
     * handled, nor for a reply.
     *
     * @param message what to send: an immutable fact (step 3)
     */
    void tell(M message);
}
// end::tiny-ref[]
