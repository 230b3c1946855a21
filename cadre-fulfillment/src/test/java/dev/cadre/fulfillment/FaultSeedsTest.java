package dev.cadre.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.fulfillment.invariants.Invariants;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole graph, small, across 24 seeds with heavy faults: 30% provider failures, crash rates up
 * to 5%, slow consumers. Every invariant must hold for every seed.
 */
class FaultSeedsTest {

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> seeds() {
        double[] crashRates = {0.0, 0.01, 0.02, 0.05};
        return java.util.stream.IntStream.rangeClosed(1, 24).mapToObj(seed -> org.junit.jupiter.params.provider
                .Arguments.of(seed, crashRates[seed % crashRates.length]));
    }

    @ParameterizedTest(name = "seed {0}, crash rate {1}")
    @MethodSource("seeds")
    void invariantsHold(long seed, double crashRate) throws Exception {
        RunConfig cfg = RunConfig.defaults().withOrders(2_000).withCatalogue(200, 40)
                .withProvider(0.3, 1, 5).withFaults(crashRate, 0.002, seed);
        Fulfilment.Report r = Fulfilment.run(cfg, new Fulfilment.Listener() { });
        String why = r.invariants().stream().filter(i -> !i.pass())
                .map(i -> i.name() + ": " + i.violations()).collect(Collectors.joining("\n"));
        assertThat(r.aborted()).isNull();
        assertThat(r.invariants()).as(why).allMatch(Invariants.Result::pass);
        assertThat(r.accepted()).isEqualTo(2_000);
        assertThat(r.completed()).isPositive();
        if (crashRate > 0) {
            assertThat(r.crashesInjected()).isPositive();
            assertThat(r.audit().restarts()).isPositive();
        }
        assertThat(r.providerErrors()).isPositive();
    }
}
