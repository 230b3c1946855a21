package dev.cadre.examples.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.examples.SupervisionExamples.PaymentResult;
import dev.cadre.testkit.ActorTestKit;
import org.junit.jupiter.api.Test;

class Step10LetItCrashTest {

    @Test
    void anUnsupervisedWorkerDiesOnTheFirst500AndEveryCaptureBehindItIsADeadLetter() {
        try (ActorTestKit kit = ActorTestKit.create("step10")) {
            Step10LetItCrash.Unsupervised u = Step10LetItCrash.unsupervised(kit.system(), 50, 0.3, 42);
            assertThat(u.workerStopped()).isTrue();
            assertThat(u.captured()).as("captured before the first 500").isLessThan(50);
            assertThat(u.deadLetters()).isPositive();
            assertThat(u.captured() + u.crashed() + u.deadLetters()).as("every capture accounted for").isEqualTo(50);
        }
    }

    @Test
    void aSupervisedWorkerCrashesIsRestartedAndEveryOrderIsCapturedOnce() {
        for (long seed : new long[] {42, 7, 1234}) {
            try (ActorTestKit kit = ActorTestKit.create("step10")) {
                PaymentResult r = Step10LetItCrash.supervised(kit.system(), 50, 0.3, seed);
                assertThat(r.captured()).isEqualTo(50);
                assertThat(r.workerCrashes()).as("the provider did fail, and the worker did crash").isPositive();
                assertThat(r.providerCalls()).isGreaterThan(50);
                assertThat(r.maxChargesPerOrder()).as("no double charge").isEqualTo(1);
            }
        }
    }
}
