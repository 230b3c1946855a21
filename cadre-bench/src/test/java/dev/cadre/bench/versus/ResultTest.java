package dev.cadre.bench.versus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultTest {

    @Test
    void resultLineRoundTrips() {
        Result r = Result.of(Map.of(Metric.P50, 12.5, Metric.P99, 40.25, Metric.P99_9, 1234.5));
        String line = r.toLine();
        assertThat(line).startsWith("RESULT ").contains("p99.9=1234.50");
        Result back = Result.parse("noise before\n" + line + "\nnoise after").orElseThrow();
        assertThat(back.get(Metric.P50)).contains(12.5);
        assertThat(back.get(Metric.P99)).contains(40.25);
        assertThat(back.get(Metric.P99_9)).contains(1234.5);
    }

    @Test
    void keepsSixSignificantDigits() {
        Result back = Result.parse(Result.of(Metric.THROUGHPUT, 12_345_678.9).toLine()).orElseThrow();
        assertThat(back.get(Metric.THROUGHPUT).orElseThrow()).isEqualTo(12_345_700.0);
    }

    @Test
    void notAvailableRoundTrips() {
        Result back = Result.parse(Result.notAvailable("no bounded mailbox\nyet").toLine()).orElseThrow();
        assertThat(back.available()).isFalse();
        assertThat(back.unavailable()).isEqualTo("no bounded mailbox yet");
    }

    @Test
    void noResultLineIsEmpty() {
        assertThat(Result.parse("[main] INFO something\n")).isEmpty();
    }

    @Test
    void malformedLinesAreRejected() {
        assertThatThrownBy(() -> Result.parse("RESULT throughput")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Result.parse("RESULT speed=3")).hasMessageContaining("unknown metric 'speed'");
        assertThatThrownBy(() -> Result.parse("RESULT time=NaN")).hasMessageContaining("non-finite");
        assertThatThrownBy(() -> Result.parse("RESULT ")).hasMessageContaining("without values");
    }
}
