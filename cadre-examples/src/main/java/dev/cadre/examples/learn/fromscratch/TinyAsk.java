package dev.cadre.examples.learn.fromscratch;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Teaching code (step 7), not the runtime: request-response built on nothing but tell. */
public final class TinyAsk {

    private TinyAsk() {
    }

    // tag::tiny-ask[]
    /**
     * Sends a request that carries a temporary reply-to address, and returns the reply as a future
     * that fails with a {@link java.util.concurrent.TimeoutException} if no reply comes in time.
     *
     * @param <M> the target's message type
     * @param <R> the reply's type
     * @param target who is asked
     * @param request builds the request around the temporary reply-to address
     * @param timeout how long to wait for the reply
     * @return completes with the first reply, or fails after {@code timeout}
     */
    public static <M, R> CompletableFuture<R> ask(TinyRef<M> target, Function<TinyRef<R>, M> request,
            Duration timeout) {
        CompletableFuture<R> reply = new CompletableFuture<>();
        TinyRef<R> replyTo = reply::complete;   // an address whose only job is to complete the future
        target.tell(request.apply(replyTo));    // plain fire-and-forget
        return reply.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    // end::tiny-ask[]
}
