package dev.cadre.fulfillment.inventory;

/**
 * One shard's own record of its stock: per SKU it owns, the units on hand, reserved and shipped
 * now, and the lowest on-hand and reserved counts it ever held.
 *
 * @param shard the shard
 * @param skus the SKU indexes it owns
 * @param onHand units on hand, per owned SKU
 * @param reserved units reserved by open orders
 * @param shipped units shipped
 * @param minOnHand the lowest on-hand count ever held
 * @param minReserved the lowest reserved count ever held
 * @param openReservations orders whose units are still reserved
 * @param anomalies requests that made no sense (e.g. a commit without a reservation)
 */
@SuppressWarnings("ArrayRecordComponent") // a report's columns, built once and only read, never compared
public record StockReport(int shard, int[] skus, long[] onHand, long[] reserved, long[] shipped, long[] minOnHand,
        long[] minReserved, int openReservations, long anomalies) {
}
