package dev.cadre.fulfillment.notification;

import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.Mailbox;
import dev.cadre.actor.Overflow;
import dev.cadre.actor.Props;
import dev.cadre.actor.ServiceKey;
import dev.cadre.actor.Directive;
import dev.cadre.fulfillment.FaultPlan;
import dev.cadre.fulfillment.InjectedCrash;
import dev.cadre.fulfillment.Traffic;

/**
 * Sends customers a message when their order completes or is cancelled. Its mailbox is
 * <b>bounded, drop-oldest</b>: a notification is worth less than keeping up, so when the mail
 * server is slow (the slow-consumer fault: the notifier stalls) the oldest waiting notifications
 * are dropped, each counted by the runtime and published as a dead letter. Stateless, so an
 * injected crash simply restarts it.
 */
public final class Notifier {

    private Notifier() {
    }

    /**
     * A notification.
     *
     * @param orderId the order
     * @param customer whom to tell
     * @param text what to say
     */
    public record Notify(String orderId, String customer, String text) {
    }

    /** Where the notifier is registered with the receptionist. */
    public static final ServiceKey<Notify> KEY = ServiceKey.of(Notify.class, "notifications");

    /**
     * How the notifier runs: virtual threads (it may stall), drop-oldest mailbox.
     *
     * @param capacity the mailbox capacity
     * @return the props
     */
    public static Props props(int capacity) {
        return Props.virtualThreads().withMailbox(Mailbox.bounded(capacity, Overflow.dropOldest()));
    }

    /**
     * The notifier's behaviour.
     *
     * @param traffic the message accounting
     * @param faults the fault plan
     * @return the behaviour
     */
    public static Behavior<Notify> create(Traffic traffic, FaultPlan faults) {
        Behavior<Notify> b = Behaviors.setup(ctx -> {
            FaultPlan.Site site = faults.site(ctx.self().path());
            return Behaviors.receiveMessage(msg -> {
                traffic.received(msg);
                site.maybeCrash();
                site.maybeStall();
                return Behaviors.same(); // "sent"
            });
        });
        return Behaviors.supervise(b).onFailure(InjectedCrash.class, Directive.restart());
    }
}
