package dev.cadre.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The payment invariant is checked against the provider's own books: a provider that ignores
 * idempotency keys, under retries, charges twice, and the run says so.
 */
class BrokenProviderTest {

    @Test
    void aProviderWithoutIdempotencyIsCaughtDoubleCharging() throws Exception {
        RunConfig cfg = RunConfig.defaults().withOrders(1_000).withProvider(0.3, 1, 5).withFaults(0, 0, 3)
                .withIdempotentProvider(false);
        Fulfilment.Report r = Fulfilment.run(cfg, new Fulfilment.Listener() { });
        var payments = r.invariants().get(2);
        assertThat(payments.pass()).isFalse();
        assertThat(String.join("\n", payments.violations())).contains("times");
        assertThat(r.allHold()).isFalse();
        assertThat(r.invariants().get(0).pass()).as("orders still end").isTrue();
    }
}
