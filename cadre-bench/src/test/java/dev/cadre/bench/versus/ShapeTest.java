package dev.cadre.bench.versus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShapeTest {

    @Test
    void pairsSplitTheTotalEvenly() {
        Shape.Pairs p = Shape.pairs(64, 10, 20_480_000);
        assertThat(p.perBall()).isEqualTo(32_000);
        assertThat(p.messages()).isEqualTo(20_480_000);
        assertThat(Shape.pairs(1, 1, 2_000_000).messages()).isEqualTo(2_000_000);
        assertThat(Shape.pairs(64, 10, 5).perBall()).isEqualTo(1);
    }

    @Test
    void faninSplitsOverFourSenders() {
        assertThat(Shape.fanin(10_000_000).perSender()).isEqualTo(2_500_000);
        assertThat(Shape.fanin(10_000_001).messages()).isEqualTo(10_000_000);
    }

    @Test
    void skynetNeedsAPowerOfTen() {
        assertThat(Shape.skynetLeaves(1_000_000)).isEqualTo(1_000_000);
        assertThatThrownBy(() -> Shape.skynetLeaves(500_000)).hasMessageContaining("power of 10");
        assertThatThrownBy(() -> Shape.skynetLeaves(1)).hasMessageContaining("power of 10");
        assertThat(Contestant.skynetSum(10)).isEqualTo(45);
    }

    @Test
    void sizesOfEveryModeAreValid() {
        for (Scenario s : Scenario.values()) {
            for (long size : new long[] {s.fullSize(), s.quickSize(), s.smokeSize()}) {
                if (s == Scenario.SKYNET) {
                    Shape.skynetLeaves(size);
                }
                assertThat(size).isNotNegative();
            }
            assertThat(s.fullSize()).isPositive();
            assertThat(s.smokeSize()).isPositive();
        }
        assertThat(Scenario.byId("pingpong-parallel")).isEqualTo(Scenario.PINGPONG_PARALLEL);
        assertThat(Metric.byId("p99.9")).isEqualTo(Metric.P99_9);
        assertThat(Contender.byId("limit")).isEqualTo(Contender.LIMIT);
    }
}
