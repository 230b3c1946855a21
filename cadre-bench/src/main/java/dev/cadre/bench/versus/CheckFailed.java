package dev.cadre.bench.versus;

/**
 * A run computed a wrong result (a sum, a count, a conserved balance): the run is reported as
 * FAIL, never as a time.
 */
public final class CheckFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A failed check.
     *
     * @param what what was expected and what was found (the child prints it on its FAIL line)
     */
    public CheckFailed(String what) {
        super(what);
    }

    /**
     * Throws unless {@code expected == actual}.
     *
     * @param what what is checked, e.g. {@code "skynet sum"}
     * @param expected the right value
     * @param actual the computed value
     * @throws CheckFailed if they differ
     */
    public static void equal(String what, long expected, long actual) {
        if (expected != actual) {
            throw new CheckFailed(what + " " + actual + ", expected " + expected);
        }
    }

    /**
     * Throws unless {@code ok}.
     *
     * @param ok the condition
     * @param what what is wrong if it does not hold
     * @throws CheckFailed if not {@code ok}
     */
    public static void that(boolean ok, String what) {
        if (!ok) {
            throw new CheckFailed(what);
        }
    }
}
