package dev.cadre.bench.versus;

import dev.cadre.actor.Props;

/**
 * The Cadre side of {@code fanin-bounded}: the props of a bounded blocking mailbox of
 * {@link Scenario#BOUNDED_CAPACITY} with a 10 s push timeout. Kept apart because it needs the
 * bounded-mailbox API ({@code Mailbox}, {@code Overflow}).
 */
final class CadreBoundedFanin {
    private CadreBoundedFanin() {
    }

    /**
     * @return the props
     * @throws UnsupportedOperationException while cadre-core has no bounded mailbox
     */
    static Props props() {
        // TODO(issue 7): replace once the bounded-mailbox API lands on main.
        throw new UnsupportedOperationException("bounded mailbox API not in cadre-core yet");
    }
}
