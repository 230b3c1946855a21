package dev.cadre.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.actor.Supervisor;
import dev.cadre.testkit.ActorTestKit;
import dev.cadre.testkit.CadreExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CadreExtension.class)
class SupervisionExamplesTest {

    @Test
    void aPaymentWorkerThatCrashesOn500sIsRestartedAndNobodyIsChargedTwice(ActorTestKit kit) {
        var r = SupervisionExamples.payments(kit.system(), 200, 0.3, 7, java.time.Duration.ofMillis(50));
        assertThat(r.captured()).isEqualTo(200);
        assertThat(r.workerCrashes()).as("the provider did fail, and the worker did crash").isPositive();
        assertThat(r.providerCalls()).isGreaterThan(200);
        assertThat(r.maxChargesPerOrder()).as("no double charge").isEqualTo(1);
    }

    @Test
    void theProvidersFailuresFollowItsRateWhateverTheSeed() {
        // Seeds 1234 and 1235 used to fail every call: java.util.Random seeded with consecutive
        // numbers gives nearly equal first doubles.
        for (long seed : new long[] {1, 7, 42, 1234, 1235, 99_999}) {
            SupervisionExamples.PaymentProvider provider = new SupervisionExamples.PaymentProvider(0.3, seed);
            int failures = 0;
            for (int i = 0; i < 2_000; i++) {
                try {
                    provider.charge("o-" + i);
                } catch (SupervisionExamples.ProviderException e) {
                    failures++;
                }
            }
            assertThat(failures).as("500s in 2,000 calls at rate 0.3, seed %d", seed).isBetween(450, 750);
        }
    }

    @Test
    void oneForOneRestartsOnlyTheUploadWorkerThatCrashed(ActorTestKit kit) {
        var r = SupervisionExamples.uploads(kit.system());
        assertThat(r.restarted()).containsExactly("upload-42");
        assertThat(r.workersWithState()).isEqualTo(99);
    }

    @Test
    void restForOneRestartsTheParserAndTheWriterButNotTheReader(ActorTestKit kit) {
        List<String> events = SupervisionExamples.crashUnder(kit.system(), "pipeline",
                Supervisor.Strategy.REST_FOR_ONE, "parser", "reader", "parser", "writer");
        // OTP's order: the crashed child's incarnation ends first, then the later ones right to
        // left; only then do they start again, left to right
        assertThat(events).containsExactly("restart parser", "restart writer", "start parser", "start writer");
    }

    @Test
    void oneForAllRestartsBothCoupledActorsWhicheverCrashes(ActorTestKit kit) {
        assertThat(SupervisionExamples.crashUnder(kit.system(), "coupled-a", Supervisor.Strategy.ONE_FOR_ALL,
                "left", "left", "right"))
                .containsExactly("restart left", "restart right", "start left", "start right");
        assertThat(SupervisionExamples.crashUnder(kit.system(), "coupled-b", Supervisor.Strategy.ONE_FOR_ALL,
                "right", "left", "right"))
                .containsExactly("restart right", "restart left", "start left", "start right");
    }
}
