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
    private static final String MODULE = "dev.cadre.fulfillment";

    private static ModuleBoundary.Result probe(String imported) {
        return ModuleBoundary.compileInModule(MODULE, "dev.cadre.fulfillment.BoundaryProbe", """
                package dev.cadre.fulfillment;

                import %s;

                class BoundaryProbe {
                }
                """.formatted(imported));
    }

    @Test
    void theTestsRunInsideTheNamedModule() {
        assertThat(getClass().getModule().getName()).isEqualTo(MODULE);
    }

    @Test
    void thePublicApiCanBeImported() {
        var result = probe("dev.cadre.actor.ActorRef");
        assertThat(result.compiled()).as(result.diagnostics()).isTrue();
    }

    @Test
    void theRuntimeCannotBeImported() {
        var result = probe("dev.cadre.internal.runtime.ActorCell");
        assertThat(result.compiled()).isFalse();
        assertThat(result.diagnostics()).contains("package dev.cadre.internal.runtime is not visible");
    }

    @Test
    void theBridgeBetweenApiAndRuntimeCannotBeImported() {
        var result = probe("dev.cadre.bridge.RuntimeAccess");
        assertThat(result.compiled()).isFalse();
        assertThat(result.diagnostics()).contains("package dev.cadre.bridge is not visible");
    }
}
