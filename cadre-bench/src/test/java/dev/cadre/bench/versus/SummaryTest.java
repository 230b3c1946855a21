package dev.cadre.bench.versus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void medianOfOddCountIsTheMiddleValue() {
        Summary s = Summary.of(List.of(5.0, 1.0, 3.0, 9.0, 7.0));
        assertThat(s.median()).isEqualTo(5.0);
        assertThat(s.min()).isEqualTo(1.0);
        assertThat(s.max()).isEqualTo(9.0);
        assertThat(s.count()).isEqualTo(5);
    }

    @Test
    void quartilesInterpolateBetweenOrderStatistics() {
        Summary s = Summary.of(List.of(1.0, 2.0, 3.0, 4.0, 5.0));
        assertThat(s.p25()).isEqualTo(2.0);
        assertThat(s.p75()).isEqualTo(4.0);
        Summary t = Summary.of(List.of(10.0, 20.0));
        assertThat(t.p25()).isEqualTo(12.5);
        assertThat(t.p75()).isEqualTo(17.5);
        assertThat(s.relativeIqr()).isEqualTo(2.0 / 3.0);
    }

    @Test
    void medianOfEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Summary.of(List.of(4.0, 1.0, 2.0, 10.0)).median()).isEqualTo(3.0);
        assertThat(Summary.of(List.of(7.0)).median()).isEqualTo(7.0);
    }

    @Test
    void emptyIsRejected() {
        assertThatThrownBy(() -> Summary.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void quantilesUseNearestRank() {
        long[] samples = new long[1000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = 1000 - i; // 1000 .. 1, unsorted
        }
        long[] sorted = Summary.sorted(samples);
        assertThat(Summary.quantile(sorted, 0.5)).isEqualTo(500);
        assertThat(Summary.quantile(sorted, 0.99)).isEqualTo(990);
        assertThat(Summary.quantile(sorted, 0.999)).isEqualTo(999);
        assertThat(Summary.quantile(sorted, 1.0)).isEqualTo(1000);
        assertThat(Summary.quantile(new long[] {42}, 0.999)).isEqualTo(42);
        assertThat(samples[0]).as("input left unsorted").isEqualTo(1000);
    }
}
