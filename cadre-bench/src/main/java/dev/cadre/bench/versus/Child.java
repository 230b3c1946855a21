package dev.cadre.bench.versus;

/**
 * One run in a fresh JVM: {@code Child <cadre|pekko|limit> <scenario> <size> <warmups>}. Runs
 * {@code warmups} unmeasured iterations, then one measured iteration, and prints one
 * {@link Result} line on stdout. Exit code 0 with a result (or an {@code NA} line for a scenario
 * the contender cannot run), 1 on failure.
 */
public final class Child {
    /** {@code -Dbench.profile=true}: tear down normally and exit with shutdown hooks (for JFR). */
    static final boolean PROFILE = Boolean.getBoolean("bench.profile");

    private Child() {
    }

    /**
     * @param args contender, scenario, size, warm-up iterations
     */
    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: Child <cadre|pekko|limit> <scenario> <size> <warmups>");
            System.exit(2);
        }
        int code;
        try {
            Contender contender = Contender.byId(args[0]);
            Scenario scenario = Scenario.byId(args[1]);
            long size = Long.parseLong(args[2]);
            int warmups = Integer.parseInt(args[3]);
            // The measured iteration prints its result and halts before tearing its system down,
            // unless profiling (-Dbench.profile=true), where shutdown hooks must run (JFR's dump).
            System.out.println(run(contender, scenario, size, warmups, !PROFILE).toLine());
            code = 0;
        } catch (Throwable t) {
            t.printStackTrace();
            code = 1;
        }
        System.out.flush();
        if (PROFILE) {
            System.exit(code);
        }
        // Pekko and the senders may leave non-daemon threads behind on failure; the JVM is ours.
        Runtime.getRuntime().halt(code);
    }

    /**
     * Runs warm-ups and the measured iteration in this JVM.
     *
     * @param contender who
     * @param scenario what
     * @param size how big
     * @param warmups unmeasured iterations first (at {@link Scenario#warmupSize})
     * @param haltAfterMeasured print the measured result and halt the JVM before teardown
     * @return the measured result, or a not-available one
     * @throws Exception if a run fails
     */
    public static Result run(Contender contender, Scenario scenario, long size, int warmups,
            boolean haltAfterMeasured) throws Exception {
        Contestant c = contestant(contender);
        try {
            for (int i = 0; i < warmups; i++) {
                c.run(scenario, scenario.warmupSize(size));
                System.gc();
            }
            if (haltAfterMeasured) {
                Measured.sink(r -> {
                    System.out.println(r.toLine());
                    System.out.flush();
                    Runtime.getRuntime().halt(0);
                });
            }
            return c.run(scenario, size);
        } catch (UnsupportedOperationException e) {
            return Result.notAvailable(e.getMessage() == null ? "not supported" : e.getMessage());
        }
    }

    static Contestant contestant(Contender c) {
        return switch (c) {
            case CADRE -> new CadreContestant();
            case PEKKO -> new PekkoContestant();
            case LIMIT -> new RawQueueContestant();
        };
    }
}
