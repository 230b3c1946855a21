package dev.cadre.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.testkit.ModuleBoundary;
import org.junit.jupiter.api.Test;

/**
 * This module uses Cadre's public API only, and the compiler enforces it: a file of this module
 * that imports the runtime's internals, or the bridge between the API and the runtime, does not
 * compile. (The probes are compiled as files of this very module, with its own descriptor.)
 */
class ModuleBoundaryTest {

    @Test
    void theTestsRunInsideTheNamedModule() {
        assertThat(getClass().getModule().getName()).isEqualTo("dev.cadre.fulfillment");
    }

    @Test
    void thePublicApiCanBeImportedAndNeitherTheRuntimeNorTheBridgeCan() {
        ModuleBoundary.assertPublicApiOnly("dev.cadre.fulfillment", "dev.cadre.fulfillment");
    }
}
