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
    void tell(M message);
}
// end::tiny-ref[]
