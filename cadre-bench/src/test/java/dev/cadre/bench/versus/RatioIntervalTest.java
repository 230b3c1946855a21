package dev.cadre.bench.versus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RatioIntervalTest {

    @Test
    void identicalRunsGiveAPointInterval() {
        RatioInterval i = RatioInterval.bootstrap(List.of(List.of(2.0, 2.0), List.of(2.0)),
                List.of(List.of(4.0, 4.0, 4.0)), 1);
        assertThat(i.ratio()).isEqualTo(0.5);
        assertThat(i.lo()).isEqualTo(0.5);
        assertThat(i.hi()).isEqualTo(0.5);
        assertThat(i.widthFactor()).isEqualTo(1.0);
    }

    @Test
    void theIntervalContainsTheRatioAndIsReproducible() {
        List<List<Double>> c = List.of(List.of(10.0, 11.0, 12.0, 10.5, 11.5), List.of(9.0, 9.5, 10.0, 9.8, 9.9));
        List<List<Double>> p = List.of(List.of(5.0, 5.5, 6.0, 5.2, 5.8), List.of(5.1, 5.3, 5.6, 5.4, 5.0));
        RatioInterval a = RatioInterval.bootstrap(c, p, 42);
        assertThat(a.lo()).isLessThanOrEqualTo(a.ratio()).isGreaterThan(1.5);
        assertThat(a.hi()).isGreaterThanOrEqualTo(a.ratio()).isLessThan(2.5);
        assertThat(RatioInterval.bootstrap(c, p, 42)).isEqualTo(a);
    }

    @Test
    void aJvmThatRanSlowAsAWholeWidensTheIntervalMoreThanItsIterationsSuggest() {
        // Each JVM is tight, but the JVMs disagree by 2x: the ratio is not known to better than that.
        List<List<Double>> c = List.of(List.of(10.0, 10.1, 10.2, 10.0, 10.1), List.of(20.0, 20.1, 20.2, 20.0, 20.1),
                List.of(10.0, 10.1, 10.0, 10.2, 10.1));
        List<List<Double>> p = List.of(List.of(5.0, 5.0, 5.0, 5.0, 5.0), List.of(5.0, 5.0, 5.0, 5.0, 5.0),
                List.of(5.0, 5.0, 5.0, 5.0, 5.0));
        RatioInterval i = RatioInterval.bootstrap(c, p, 7);
        assertThat(i.widthFactor()).isGreaterThan(Report.WIDE_FACTOR);
    }
}
