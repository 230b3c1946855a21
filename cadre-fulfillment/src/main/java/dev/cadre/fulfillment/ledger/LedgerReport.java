package dev.cadre.fulfillment.ledger;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The ledger's own record of terminal states.
 *
 * @param entries the first terminal state recorded per order
 * @param repeats records that repeated an existing one (an order retrying after a lost ack)
 * @param conflicts records that contradicted an existing one (each is a violation)
 * @param latenciesNanos order latencies, in the order recorded
 */
@SuppressWarnings("ArrayRecordComponent") // latencies: built once and only read, never compared
public record LedgerReport(Map<String, Entry> entries, long repeats, List<String> conflicts, long[] latenciesNanos) {

    /**
     * One order's terminal state.
     *
     * @param outcome completed or cancelled
     * @param reason why it was cancelled, or null
     */
    public record Entry(LedgerMsg.Outcome outcome, @Nullable String reason) {
    }
}
