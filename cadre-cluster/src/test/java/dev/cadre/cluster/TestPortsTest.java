package dev.cadre.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TestPortsTest {

    @Test
    void portsForSeedsAreDistinctAndBelowTheEphemeralRangeThatOutgoingConnectionsUse() {
        List<Integer> ports = TestPorts.free(20);
        assertThat(ports).doesNotHaveDuplicates().hasSize(20)
                .allSatisfy(p -> assertThat(p).isBetween(TestPorts.LOWEST, TestPorts.ephemeralStart() - 1));
    }
}
