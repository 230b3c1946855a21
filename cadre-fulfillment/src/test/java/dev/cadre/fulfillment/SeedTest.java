package dev.cadre.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.fulfillment.ingest.OrderSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed fixes the input and the fault points. */
class SeedTest {

    private static List<OrderSource.Item> generate(long seed) {
        OrderSource s = OrderSource.generated(2_000, new Catalogue(100, 10), seed);
        List<OrderSource.Item> out = new ArrayList<>();
        for (OrderSource.Item i; (i = s.next()) != null; ) {
            out.add(i);
        }
        return out;
    }

    @Test
    void theGeneratorIsAFunctionOfTheSeed() {
        assertThat(generate(5)).isEqualTo(generate(5)).isNotEqualTo(generate(6));
        List<OrderSource.Item> items = generate(5);
        long distinct = items.stream().map(i -> ((OrderSource.Good) i).order().id()).distinct().count();
        assertThat(distinct).isEqualTo(2_000);
        assertThat(items.size()).as("a few re-submissions").isBetween(2_001, 2_020);
    }

    @Test
    void crashPointsAreAFunctionOfSeedActorAndMessageCount() {
        List<Long> a = crashes(new FaultPlan(3, 0.05, 0).site("/user/x"));
        assertThat(a).isEqualTo(crashes(new FaultPlan(3, 0.05, 0).site("/user/x")));
        assertThat(a).isNotEqualTo(crashes(new FaultPlan(4, 0.05, 0).site("/user/x")));
        assertThat(a).isNotEqualTo(crashes(new FaultPlan(3, 0.05, 0).site("/user/y")));
        assertThat(a.size()).isBetween(30, 75); // about 5% of 1,000
    }

    @Test
    void aSiteKeepsCountingAcrossRestarts() {
        FaultPlan plan = new FaultPlan(3, 0.05, 0);
        assertThat(plan.site("/user/x")).isSameAs(plan.site("/user/x"));
    }

    private static List<Long> crashes(FaultPlan.Site site) {
        List<Long> at = new ArrayList<>();
        for (long n = 0; n < 1_000; n++) {
            try {
                site.maybeCrash();
            } catch (InjectedCrash e) {
                at.add(n);
            }
        }
        return at;
    }
}
