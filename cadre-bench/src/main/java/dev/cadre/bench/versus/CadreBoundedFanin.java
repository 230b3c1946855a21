package dev.cadre.bench.versus;

import dev.cadre.actor.Mailbox;
import dev.cadre.actor.Overflow;
import dev.cadre.actor.Props;
import java.time.Duration;

/**
 * The Cadre side of {@code fanin-bounded}: a bounded mailbox of {@link Scenario#BOUNDED_CAPACITY}
 * that blocks a sender for up to 10 s when full (then {@code tell} throws
 * {@code MailboxFullException}, which fails the run). The Pekko side is its classic blocking
 * {@code BoundedMailbox} with the same capacity and push timeout.
 */
final class CadreBoundedFanin {
    private CadreBoundedFanin() {
    }

    /** {@return the props of the bounded blocking mailbox} */
    static Props props() {
        return Props.defaults().withMailbox(
                Mailbox.bounded(Scenario.BOUNDED_CAPACITY, Overflow.block(Duration.ofSeconds(10))));
    }
}
