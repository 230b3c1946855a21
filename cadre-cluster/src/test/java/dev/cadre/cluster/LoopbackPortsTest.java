package dev.cadre.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LoopbackPortsTest {

    @Test
    void portsForSeedsAreDistinctAndBelowTheEphemeralRangeThatOutgoingConnectionsUse() {
        List<Integer> ports = LoopbackPorts.free(20);
        assertThat(ports).doesNotHaveDuplicates().hasSize(20)
                .allSatisfy(p -> assertThat(p).isBetween(LoopbackPorts.LOWEST, LoopbackPorts.ephemeralStart() - 1));
    }
}
