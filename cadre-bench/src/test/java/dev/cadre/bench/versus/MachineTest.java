package dev.cadre.bench.versus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MachineTest {

    @Test
    void cpuTicksAreParsedFromTheProcStatLine() {
        Machine.CpuTicks t = Machine.CpuTicks.parse("cpu  5181 7 1857 40437 83 2 18 12 0 0");
        assertThat(t.busy()).isEqualTo(5181 + 7 + 1857 + 2 + 18 + 12);
        assertThat(t.total()).isEqualTo(t.busy() + 40437 + 83);
    }

    @Test
    void theBusyShareNeedsEnoughTicksToMeanSomething() {
        Machine.CpuTicks a = new Machine.CpuTicks(100, 1000);
        assertThat(new Machine.CpuTicks(130, 1040).busyShareSince(a)).isEqualTo(0.75);
        assertThat(new Machine.CpuTicks(102, 1002).busyShareSince(a)).as("2 ticks: too few").isNaN();
        assertThat(Machine.CpuTicks.NONE.busyShareSince(a)).isNaN();
    }
}
