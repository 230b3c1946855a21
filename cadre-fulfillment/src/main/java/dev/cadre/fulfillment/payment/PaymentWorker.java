package dev.cadre.fulfillment.payment;

import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.Directive;
import dev.cadre.fulfillment.FaultPlan;
import dev.cadre.fulfillment.Traffic;
import java.time.Duration;

/**
 * A payment worker: calls the provider for captures and refunds, several calls in flight at once
 * (the call is asynchronous; its answer comes back through {@code pipeToSelf}, so no thread waits).
 * It keeps no state, and it <b>lets it crash</b>: a 500 from the provider throws
 * {@link ProviderException}; the failed call's requester (an order) times out and retries with the
 * same idempotency key, maybe on another worker.
 *
 * <p>Supervision: provider errors restart the worker after a short exponential backoff, decided in
 * the worker itself (the provider is unhealthy: back off from it); any other crash goes to the
 * pool's one-for-one supervisor.
 */
public final class PaymentWorker {

    /** Backoff after a provider error: 1 ms doubling to 4 ms, reset after 10 ms without errors. */
    public static final Directive.RestartWithBackoff PROVIDER_BACKOFF =
            Directive.restartWithBackoff(Duration.ofMillis(1), Duration.ofMillis(4), 0.2)
                    .withResetAfter(Duration.ofMillis(10));

    private PaymentWorker() {
    }

    /**
     * The worker's behaviour (every worker of the pool runs it; each finds its own fault site by name).
     *
     * @param provider the payment provider
     * @param traffic the message accounting
     * @param faults the fault plan
     * @return the behaviour
     */
    public static Behavior<PaymentMsg> create(PaymentProvider provider, Traffic traffic, FaultPlan faults) {
        Behavior<PaymentMsg> worker = Behaviors.setup(ctx -> {
            FaultPlan.Site site = faults.site(ctx.self().path());
            return Behaviors.receive((c, msg) -> {
                traffic.received(msg);
                switch (msg) {
                    case PaymentMsg.Capture cap -> {
                        site.maybeCrash();
                        c.pipeToSelf(provider.capture(cap.orderId(), cap.amountCents()),
                                (r, e) -> new PaymentMsg.ProviderAnswered(cap, r));
                    }
                    case PaymentMsg.Refund ref -> {
                        site.maybeCrash();
                        c.pipeToSelf(provider.refund(ref.orderId()), (r, e) -> new PaymentMsg.ProviderAnswered(ref, r));
                    }
                    case PaymentMsg.ProviderAnswered a -> answer(a, traffic);
                }
                return Behaviors.same();
            });
        });
        return Behaviors.supervise(worker).onFailure(ProviderException.class, PROVIDER_BACKOFF);
    }

    private static void answer(PaymentMsg.ProviderAnswered a, Traffic traffic) {
        PaymentProvider.Response r = a.response();
        switch (r.status()) {
            case ERROR -> throw new ProviderException(r.key()); // let it crash
            case CAPTURED -> traffic.tell(((PaymentMsg.Capture) a.request()).replyTo(),
                    new PaymentReply.Captured(r.key(), r.amountCents()));
            case DECLINED -> traffic.tell(((PaymentMsg.Capture) a.request()).replyTo(),
                    new PaymentReply.Declined(r.key()));
            case REFUNDED -> traffic.tell(((PaymentMsg.Refund) a.request()).replyTo(),
                    new PaymentReply.Refunded(r.key(), r.amountCents()));
        }
    }
}
