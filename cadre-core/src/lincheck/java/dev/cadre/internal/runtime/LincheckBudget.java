package dev.cadre.internal.runtime;

/** How much each Lincheck test explores: bounded, so CI's run of the profile stays short. */
public final class LincheckBudget {
    /** Scenarios per test (override: -Dlincheck.iterations=N). */
    public static final int ITERATIONS = Integer.getInteger("lincheck.iterations", 20);
    /** Interleavings (model checking) or runs (stress) per scenario (-Dlincheck.invocations=N). */
    public static final int INVOCATIONS = Integer.getInteger("lincheck.invocations", 1_000);

    private LincheckBudget() {
    }
}
