package dev.cadre.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The check fails where it should: the testkit itself may read the runtime (the core exports
 * {@code dev.cadre.internal.runtime} to it, for the deterministic seam), so "public API only"
 * does not hold for it, and the assertion names what it could see.
 */
class ModuleBoundaryTest {

    @Test
    void aModuleThatCanSeeTheRuntimeFailsThePublicApiOnlyCheckWithTheReason() {
        assertThatThrownBy(() -> ModuleBoundary.assertPublicApiOnly("dev.cadre.testkit", "dev.cadre.testkit"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("dev.cadre.testkit must not see dev.cadre.internal.runtime")
                .hasMessageContaining("a probe importing it compiled");
    }
}
