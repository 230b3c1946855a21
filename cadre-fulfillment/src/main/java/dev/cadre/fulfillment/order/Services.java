package dev.cadre.fulfillment.order;

import dev.cadre.actor.ActorRef;
import dev.cadre.fulfillment.FaultPlan;
import dev.cadre.fulfillment.Traffic;
import dev.cadre.fulfillment.inventory.InventoryMsg;
import dev.cadre.fulfillment.ledger.LedgerMsg;
import dev.cadre.fulfillment.notification.Notifier;
import dev.cadre.fulfillment.payment.PaymentMsg;
import dev.cadre.fulfillment.shipping.ShippingMsg;
import dev.cadre.fulfillment.warehouse.WarehouseMsg;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What an order talks to, and its timing rules. Refs stay valid across restarts (Cadre restarts
 * actors in place), so orders can hold them for their whole life.
 *
 * @param shards the inventory shards, by shard number
 * @param workers the payment workers
 * @param pick the head of the warehouse pipeline
 * @param dock the shipping dock
 * @param notifier the notifier
 * @param ledger the ledger
 * @param traffic the message accounting
 * @param faults the fault plan
 * @param timeouts the per-step timeouts and retry limits
 * @param shipping where orders report how long their hand-over to the dock took
 * @param journal where orders and the intake keep their events in a durable run; null in memory
 */
public record Services(List<ActorRef<InventoryMsg>> shards, List<ActorRef<PaymentMsg>> workers,
        ActorRef<WarehouseMsg> pick, ActorRef<ShippingMsg> dock, ActorRef<Notifier.Notify> notifier,
        ActorRef<LedgerMsg> ledger, Traffic traffic, FaultPlan faults, Timeouts timeouts,
        dev.cadre.fulfillment.shipping.Shipping.Stats shipping, dev.cadre.persistence.journal.@Nullable Journal journal) {

    /**
     * Per-step timeouts (the first attempt's; later attempts wait twice as long, up to 4 times)
     * and how many attempts a step may take before the order is cancelled. Steps after the pivot
     * (shipping) never give up.
     *
     * @param inventory reserve, commit, release
     * @param payment capture and refund (should exceed the provider's worst latency)
     * @param warehouse pick, pack and label
     * @param shipping hand-over to the dock
     * @param ledger recording the terminal state
     * @param maxAttempts attempts of reserve and warehouse before cancelling
     * @param maxPaymentAttempts attempts of capture before cancelling
     */
    public record Timeouts(Duration inventory, Duration payment, Duration warehouse, Duration shipping,
            Duration ledger, int maxAttempts, int maxPaymentAttempts) {

        /**
         * Defaults for a provider whose latency is at most {@code maxPspLatencyMs}.
         *
         * @param maxPspLatencyMs the provider's worst latency
         * @return the timeouts
         */
        public static Timeouts defaults(int maxPspLatencyMs) {
            return new Timeouts(Duration.ofMillis(100), Duration.ofMillis(maxPspLatencyMs + 50L),
                    Duration.ofMillis(100), Duration.ofMillis(150), Duration.ofMillis(100), 5, 8);
        }

        /**
         * Defaults for a durable run: the shards and the ledger answer after a commit (one write in
         * flight each), so their timeouts are longer, lest orders flood them with retries.
         *
         * @param maxPspLatencyMs the provider's worst latency
         * @return the timeouts
         */
        public static Timeouts durable(int maxPspLatencyMs) {
            return new Timeouts(Duration.ofMillis(300), Duration.ofMillis(maxPspLatencyMs + 50L),
                    Duration.ofMillis(100), Duration.ofMillis(150), Duration.ofMillis(300), 5, 8);
        }
    }
}
