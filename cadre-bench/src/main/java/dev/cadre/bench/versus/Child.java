package dev.cadre.bench.versus;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The runs of one contender in a fresh JVM:
 * {@code Child <cadre|pekko|limit> <warmups> <iterations> <scenario>=<size>...}.
 *
 * <p>For each scenario in turn: {@code warmups} unmeasured iterations at full size, then
 * {@code iterations} timed ones, each in a new actor system that is shut down before the next,
 * with a {@link System#gc()} between iterations (outside the timed region), so that every
 * iteration starts from the same heap. Each timed iteration prints one {@link Outcome} line.
 * An iteration whose result check fails prints {@code FAIL} and ends that scenario. The harness
 * runs one scenario per JVM; {@code --smoke} passes them all to one JVM per contender.
 *
 * <p>The very last timed iteration prints its line and halts the JVM before tearing its system
 * down: stopping a million Pekko actors takes longer than spawning them and belongs to no
 * scenario (unless {@code -Dbench.profile=true}, which needs the shutdown hooks for JFR).
 *
 * <p>Exit code 0 if nothing failed, 1 otherwise, 2 for bad arguments.
 */
public final class Child {
    /** {@code -Dbench.profile=true}: tear down normally and exit with shutdown hooks (for JFR). */
    static final boolean PROFILE = Boolean.getBoolean("bench.profile");

    /**
     * A scenario and its size.
     *
     * @param scenario the scenario
     * @param size its size
     */
    public record Sized(Scenario scenario, long size) {
        /**
         * {@return the parsed pair}
         *
         * @param arg {@code scenario=size}
         */
        static Sized parse(String arg) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected scenario=size, was '" + arg + "'");
            }
            return new Sized(Scenario.byId(arg.substring(0, eq)), Long.parseLong(arg.substring(eq + 1)));
        }

        /** {@return {@code scenario=size}} */
        String toArg() {
            return scenario.id() + "=" + size;
        }
    }

    private Child() {
    }

    /**
     * Runs the work and halts the JVM with the exit code of the class comment (0, 1, or 2 for bad
     * arguments, with the usage on standard error).
     *
     * @param args contender, warm-ups, timed iterations, then {@code scenario=size} pairs
     */
    public static void main(String[] args) {
        Contender contender;
        int warmups;
        int iterations;
        List<Sized> work = new ArrayList<>();
        try {
            if (args.length < 4) {
                throw new IllegalArgumentException("not enough arguments");
            }
            contender = Contender.byId(args[0]);
            warmups = Integer.parseInt(args[1]);
            iterations = Integer.parseInt(args[2]);
            for (int i = 3; i < args.length; i++) {
                work.add(Sized.parse(args[i]));
            }
        } catch (RuntimeException e) {
            System.err.println("Child: " + e.getMessage());
            System.err.println("usage: Child <cadre|pekko|limit> <warmups> <iterations> <scenario>=<size>...");
            System.exit(2);
            return;
        }
        boolean ok = run(contender, warmups, iterations, work, !PROFILE, o -> {
            System.out.println(o.toLine());
            System.out.flush();
        });
        System.out.flush();
        int code = ok ? 0 : 1;
        if (PROFILE) {
            System.exit(code);
        }
        // Pekko and the senders may leave non-daemon threads behind on failure; the JVM is ours.
        Runtime.getRuntime().halt(code);
    }

    /**
     * Runs the work in this JVM.
     *
     * @param contender who
     * @param warmups unmeasured full-size iterations before the timed ones, per scenario
     * @param iterations timed iterations per scenario
     * @param work the scenarios and their sizes, in order
     * @param haltAfterLast print the very last timed iteration's outcome and halt the JVM before its teardown
     * @param out receives every outcome, in order
     * @return true if nothing failed
     */
    public static boolean run(Contender contender, int warmups, int iterations, List<Sized> work,
            boolean haltAfterLast, Consumer<Outcome> out) {
        Contestant c = contestant(contender);
        boolean ok = true;
        for (int w = 0; w < work.size(); w++) {
            Scenario s = work.get(w).scenario();
            long size = work.get(w).size();
            int warm = s.singleRun() ? 0 : warmups;
            int timed = s.singleRun() ? 1 : iterations;
            int iteration = 0;
            try {
                for (int i = 0; i < warm; i++) {
                    c.run(s, size);
                    System.gc();
                }
                for (iteration = 1; iteration <= timed; iteration++) {
                    boolean last = haltAfterLast && w == work.size() - 1 && iteration == timed;
                    int it = iteration;
                    Measured.sink(last ? r -> {
                        out.accept(new Outcome.Timed(s, it, r));
                        System.out.flush();
                        Runtime.getRuntime().halt(0);
                    } : null);
                    Result r = c.run(s, size);
                    Measured.sink(null);
                    out.accept(new Outcome.Timed(s, iteration, r));
                    System.gc();
                }
            } catch (UnsupportedOperationException e) {
                out.accept(new Outcome.Unavailable(s, e.getMessage() == null ? "not supported" : e.getMessage()));
            } catch (CheckFailed e) {
                ok = false;
                out.accept(new Outcome.Failed(s, iteration, "check failed: " + e.getMessage()));
            } catch (Throwable e) {
                ok = false;
                e.printStackTrace();
                out.accept(new Outcome.Failed(s, iteration, "error: " + e));
            } finally {
                Measured.sink(null);
            }
        }
        return ok;
    }

    static Contestant contestant(Contender c) {
        return switch (c) {
            case CADRE -> new CadreContestant();
            case PEKKO -> new PekkoContestant();
            case LIMIT -> new RawQueueContestant();
        };
    }
}
