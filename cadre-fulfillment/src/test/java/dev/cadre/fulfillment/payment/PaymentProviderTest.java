package dev.cadre.fulfillment.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.fulfillment.payment.PaymentProvider.Account;
import dev.cadre.fulfillment.payment.PaymentProvider.Status;
import org.junit.jupiter.api.Test;

class PaymentProviderTest {

    @Test
    void aRepeatedCaptureChargesOnceAndAnswersFromTheFirstCharge() {
        try (var psp = new PaymentProvider(1, 0, 0, 1, true)) {
            assertThat(psp.capture("o-1", 500).join().status()).isEqualTo(Status.CAPTURED);
            var again = psp.capture("o-1", 500).join();
            assertThat(again.status()).isEqualTo(Status.CAPTURED);
            assertThat(again.amountCents()).isEqualTo(500);
            assertThat(psp.books().get("o-1")).isEqualTo(new Account(1, 500, 0, 1, false));
        }
    }

    @Test
    void aRefundClosesTheKeySoALateCaptureIsDeclined() {
        try (var psp = new PaymentProvider(1, 0, 0, 1, true)) {
            psp.capture("o-1", 500).join();
            var refund = psp.refund("o-1").join();
            assertThat(refund.status()).isEqualTo(Status.REFUNDED);
            assertThat(refund.amountCents()).isEqualTo(500);
            assertThat(psp.capture("o-1", 500).join().status()).isEqualTo(Status.DECLINED);
            assertThat(psp.refund("o-1").join().amountCents()).as("refunds once").isZero();
            assertThat(psp.books().get("o-1")).isEqualTo(new Account(1, 500, 500, 0, true));

            assertThat(psp.refund("o-2").join().amountCents()).as("nothing to refund").isZero();
            assertThat(psp.capture("o-2", 300).join().status()).isEqualTo(Status.DECLINED);
            assertThat(psp.books().get("o-2")).isEqualTo(new Account(0, 0, 0, 0, true));
        }
    }

    @Test
    void failuresComeAtTheConfiguredRateAndHalfOfThemChargeAnyway() {
        try (var psp = new PaymentProvider(42, 0.3, 0, 0, true)) {
            int errors = 0;
            for (int i = 0; i < 4000; i++) {
                if (psp.capture("o-" + i, 100).join().status() == Status.ERROR) {
                    errors++;
                }
            }
            assertThat(errors).isBetween(1000, 1400);
            assertThat(psp.errors()).isEqualTo(errors);
            long charged = psp.books().values().stream().filter(a -> a.charges() == 1).count();
            assertThat(4000 - charged).as("failed before charging").isBetween(400L, 800L);
            // a call stops counting just after its answer (so the answer's callbacks run first):
            // join() may return a moment before the last decrement
            dev.cadre.testkit.ActorTestKit.awaitAssert(java.time.Duration.ofSeconds(5),
                    () -> assertThat(psp.inFlight()).isZero());
        }
    }

    @Test
    void withoutIdempotencyARetryChargesAgain() {
        try (var psp = new PaymentProvider(1, 0, 0, 1, false)) {
            psp.capture("o-1", 500).join();
            psp.capture("o-1", 500).join();
            assertThat(psp.books().get("o-1").charges()).isEqualTo(2);
        }
    }

    @Test
    void theSameSeedFailsTheSameCalls() {
        try (var a = new PaymentProvider(7, 0.3, 0, 0, true); var b = new PaymentProvider(7, 0.3, 0, 0, true)) {
            for (int i = 0; i < 200; i++) {
                assertThat(a.capture("o-" + i, 1).join().status()).isEqualTo(b.capture("o-" + i, 1).join().status());
            }
        }
    }
}
