package dev.cadre.testkit;

import dev.cadre.actor.ActorSystemConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Runs a test body on many seeds, each on a fresh deterministic system, and stops at the first
 * failure with a one-line command that replays exactly that run. Before reporting, it shrinks the
 * failure where it can: fewer injected faults (each left out in turn, kept out if the run still
 * fails) and a smaller input (if the body asks for one with {@link Run#size(int)}).
 *
 * <pre>{@code
 * @Test
 * void balancesNeverGoNegative() {
 *     Explorer.seeds(0, 1_000)
 *             .faults(Faults.none().crash("/user/bank/*", 0.05).duplicate("/user/bank/*", Deposit.class, 0.05))
 *             .run(run -> {
 *                 var kit = run.kit();
 *                 var bank = kit.spawn(Bank.create(), "bank");
 *                 for (int i = 0; i < run.size(20); i++) { ... }
 *                 assertThat(kit.await(bank.ask(Bank.Balance::new, Duration.ofSeconds(5)))).isNotNegative();
 *             });
 * }
 * }</pre>
 *
 * A failure reads:
 * <pre>
 * exploration failed at seed 417 (run 418 of 1000, strategy random): expected ... but was ...
 * shrunk: 1 of 6 injected faults needed ([#3 duplicate Deposit to /user/bank/* p=0.05 at /user/bank/acct-2 message 4]); size 3 of 20
 * replay: ./mvnw -q -pl my-module -am test -Dsurefire.failIfNoSpecifiedTests=false -Dtest='BankTest#balancesNeverGoNegative' -Dcadre.seed=417 -Dcadre.skip=0,1,2,4,5 -Dcadre.size=3
 * </pre>
 * Running the replay line runs that one configuration: the same execution, event for event (it
 * prints its trace hash and the last events).
 *
 * <p>System properties read: {@code cadre.seed} (replay one seed), {@code cadre.skip} (faults to
 * leave out), {@code cadre.size} (the size), {@code cadre.seeds} (how many seeds, overriding the
 * test's count, e.g. to explore longer locally).
 */
public final class Explorer {

    /** What a test runs for each seed. */
    @FunctionalInterface
    public interface Body {
        /**
         * Runs the test once.
         *
         * @param run the seed, a fresh deterministic kit, the size
         * @throws Exception a failure (an assertion, or anything thrown)
         */
        void run(Run run) throws Exception;
    }

    /** One run: its seed and its deterministic kit (closed by the explorer after the body). */
    public static final class Run {
        private final long seed;
        private final ActorTestKit kit;
        private final int sizeLimit;
        private int maxAsked = -1;

        Run(long seed, ActorTestKit kit, int sizeLimit) {
            this.seed = seed;
            this.kit = kit;
            this.sizeLimit = sizeLimit;
        }

        /** {@return the seed of this run} */
        public long seed() {
            return seed;
        }

        /** {@return the run's deterministic kit} */
        public ActorTestKit kit() {
            return kit;
        }

        /**
         * The size of this run's input (orders, messages...): {@code max} normally, less while the
         * explorer shrinks a failure.
         *
         * @param max the size the test wants
         * @return the size to use
         */
        public int size(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("max must be >= 0, was " + max);
            }
            maxAsked = Math.max(maxAsked, max);
            return sizeLimit < 0 ? max : Math.min(max, sizeLimit);
        }
    }

    /**
     * What an exploration covered.
     *
     * @param runs seeds run
     * @param distinctTraces distinct trace hashes among them (distinct schedules)
     * @param steps activations and timer firings, all runs together
     * @param wall real time taken
     */
    public record Result(long runs, long distinctTraces, long steps, Duration wall) {
        @Override
        public String toString() {
            return runs + " runs, " + distinctTraces + " distinct schedules, " + steps + " steps, " + wall.toMillis()
                    + " ms";
        }
    }

    private final long from;
    private final long count;
    private SchedulingStrategy strategy = SchedulingStrategy.random();
    private Faults faults = Faults.none();
    private ActorSystemConfig systemConfig = ActorSystemConfig.defaults().withThroughput(1);
    private String name = "explore";
    private int shrinkRuns = 200;
    private @Nullable String replayPrefix;

    private Explorer(long from, long count) {
        this.from = from;
        this.count = count;
    }

    /**
     * {@return an explorer}
     *
     * @param from the first seed
     * @param count how many consecutive seeds ({@code cadre.seeds} overrides it)
     */
    public static Explorer seeds(long from, long count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, was " + count);
        }
        return new Explorer(from, count);
    }

    /**
     * {@return this}
     *
     * @param s the scheduling strategy of every run
     */
    public Explorer strategy(SchedulingStrategy s) {
        this.strategy = Objects.requireNonNull(s, "strategy");
        return this;
    }

    /**
     * {@return this}
     *
     * @param f the faults every run injects (drawn from its seed)
     */
    public Explorer faults(Faults f) {
        this.faults = Objects.requireNonNull(f, "faults");
        return this;
    }

    /**
     * {@return this}
     *
     * @param c the settings of every run's system
     */
    public Explorer systemConfig(ActorSystemConfig c) {
        this.systemConfig = Objects.requireNonNull(c, "config");
        return this;
    }

    /**
     * {@return this}
     *
     * @param n the name of every run's system
     */
    public Explorer systemName(String n) {
        this.name = Objects.requireNonNull(n, "name");
        return this;
    }

    /**
     * {@return this}
     *
     * @param maxRuns how many re-runs shrinking may take (0: no shrinking); default 200
     */
    public Explorer shrinkRuns(int maxRuns) {
        if (maxRuns < 0) {
            throw new IllegalArgumentException("maxRuns must be >= 0, was " + maxRuns);
        }
        this.shrinkRuns = maxRuns;
        return this;
    }

    /**
     * {@return this}
     *
     * @param prefix the command that runs the test, to which the replay properties are appended
     *     (default: a Maven command for the calling test method, found from the stack)
     */
    public Explorer replayCommand(String prefix) {
        this.replayPrefix = Objects.requireNonNull(prefix, "prefix");
        return this;
    }

    /**
     * Runs {@code body} on every seed (or only the one named by {@code cadre.seed}).
     *
     * @param body the test
     * @return what was covered
     * @throws ExplorationFailure at the first failing seed, shrunk, with its replay line
     */
    public Result run(Body body) {
        Objects.requireNonNull(body, "body");
        String caller = replayPrefix != null ? replayPrefix : defaultReplayPrefix();
        String seedProp = System.getProperty("cadre.seed");
        if (seedProp != null && !seedProp.isBlank()) {
            Config c = new Config(parseLong("cadre.seed", seedProp), parseSet(System.getProperty("cadre.skip", "")),
                    Integer.parseInt(System.getProperty("cadre.size", "-1").trim()));
            return replay(body, c, caller);
        }
        long n = count;
        String seedsProp = System.getProperty("cadre.seeds");
        if (seedsProp != null && !seedsProp.isBlank()) {
            n = parseLong("cadre.seeds", seedsProp);
        }
        long start = System.nanoTime();
        Set<Long> hashes = new HashSet<>();
        long steps = 0;
        for (long i = 0; i < n; i++) {
            long seed = from + i;
            Outcome o = once(body, new Config(seed, Set.of(), -1), false);
            if (o.failure != null) {
                throw report(body, o, i + 1, n, caller);
            }
            hashes.add(o.hash);
            steps += o.steps;
        }
        return new Result(n, hashes.size(), steps, Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Runs one configuration, as a replay line does.
     *
     * @param body the test
     * @param seed the seed
     * @param skip injections to leave out
     * @param size the size limit, or -1 for none
     * @return what was covered (one run)
     * @throws ExplorationFailure if it fails
     */
    public Result replay(Body body, long seed, Set<Integer> skip, int size) {
        return replay(body, new Config(seed, skip, size), replayPrefix != null ? replayPrefix : defaultReplayPrefix());
    }

    private Result replay(Body body, Config c, String caller) {
        long start = System.nanoTime();
        Outcome o = once(body, c, true);
        System.out.println("cadre replay: " + c.describe() + ", trace hash " + Long.toHexString(o.hash) + ", "
                + o.steps + " steps; last events:\n" + o.traceTail);
        if (o.failure != null) {
            throw new ExplorationFailure("replay of " + c.describe() + " failed: " + o.failure + "\ntrace hash "
                    + Long.toHexString(o.hash) + "\nreplay: " + c.replayLine(caller) + "\nlast events:\n" + o.traceTail,
                    o.failure, c.seed, c.skip, c.size, c.replayLine(caller), o.hash);
        }
        return new Result(1, 1, o.steps, Duration.ofNanos(System.nanoTime() - start));
    }

    /** One configuration of a run: seed, faults left out, size limit. */
    private record Config(long seed, Set<Integer> skip, int size) {
        String describe() {
            return "seed " + seed + (skip.isEmpty() ? "" : ", skipping faults " + new TreeSet<>(skip))
                    + (size < 0 ? "" : ", size " + size);
        }

        String replayLine(String prefix) {
            StringBuilder sb = new StringBuilder(prefix).append(" -Dcadre.seed=").append(seed);
            if (!skip.isEmpty()) {
                sb.append(" -Dcadre.skip=");
                String sep = "";
                for (int i : new TreeSet<>(skip)) {
                    sb.append(sep).append(i);
                    sep = ",";
                }
            }
            if (size >= 0) {
                sb.append(" -Dcadre.size=").append(size);
            }
            return sb.toString();
        }
    }

    private record Outcome(@Nullable Throwable failure, long hash, long steps, List<InjectedFault.Record> injected,
            int maxSize, String traceTail) {
    }

    private Outcome once(Body body, Config c, boolean keepTrace) {
        DeterministicConfig dc = DeterministicConfig.seed(c.seed).withStrategy(strategy).withName(name)
                .withSystemConfig(systemConfig).withFaults(faults.skipping(c.skip));
        Throwable failure = null;
        ActorTestKit kit = ActorTestKit.deterministic(dc);
        kit.scheduler().recordTrace(keepTrace);
        Run run = new Run(c.seed, kit, c.size);
        long hash;
        long steps;
        List<InjectedFault.Record> injected;
        String tail;
        try {
            try {
                body.run(run);
            } catch (Throwable t) {
                failure = t;
            }
            hash = kit.scheduler().traceHash();
            steps = kit.scheduler().steps();
            injected = kit.injectedFaults();
            tail = keepTrace ? kit.scheduler().traceTail(40) : "";
        } finally {
            try {
                kit.close();
            } catch (Throwable t) {
                if (failure == null) {
                    failure = t;
                }
            }
        }
        return new Outcome(failure, hash, steps, injected, run.maxAsked, tail);
    }

    private ExplorationFailure report(Body body, Outcome first, long runNumber, long runs, String caller) {
        Config best = new Config(first.failure == null ? 0 : seedOf(runNumber), Set.of(), -1);
        Outcome bestOutcome = first;
        Class<?> kind = Objects.requireNonNull(first.failure, "only a failed run is reported").getClass();
        int budget = shrinkRuns;
        // 1. a smaller input, if the body asked for a size
        if (first.maxSize > 0) {
            int lo = 0;
            int hi = first.maxSize; // fails at hi
            while (lo < hi && budget > 0) {
                int mid = (lo + hi) / 2;
                budget--;
                Outcome o = once(body, new Config(best.seed, best.skip, mid), false);
                if (o.failure != null && kind.isInstance(o.failure)) {
                    hi = mid;
                    bestOutcome = o;
                } else {
                    lo = mid + 1;
                }
            }
            if (hi < first.maxSize) {
                best = new Config(best.seed, best.skip, hi);
            }
        }
        // 2. fewer faults: leave out each applied injection in turn; keep it out if the run still fails
        Set<Integer> skip = new LinkedHashSet<>();
        for (InjectedFault.Record r : bestOutcome.injected) {
            if (budget <= 0) {
                break;
            }
            if (!r.applied()) {
                continue;
            }
            Set<Integer> trial = new LinkedHashSet<>(skip);
            trial.add(r.index());
            budget--;
            Outcome o = once(body, new Config(best.seed, trial, best.size), false);
            if (o.failure != null && kind.isInstance(o.failure)) {
                skip = trial;
            }
        }
        if (!skip.isEmpty()) {
            best = new Config(best.seed, Set.copyOf(skip), best.size);
        }
        // the final configuration, with its trace
        Outcome fin = once(body, best, true);
        if (fin.failure == null) { // cannot happen for a deterministic body; fall back to the unshrunk run
            best = new Config(best.seed, Set.of(), -1);
            fin = once(body, best, true);
        }
        List<InjectedFault.Record> needed = new ArrayList<>();
        for (InjectedFault.Record r : fin.injected) {
            if (r.applied()) {
                needed.add(r);
            }
        }
        long applied = first.injected.stream().filter(InjectedFault.Record::applied).count();
        String line = best.replayLine(caller);
        String msg = "exploration failed at seed " + best.seed + " (run " + runNumber + " of " + runs
                + ", strategy " + strategy + "): " + first.failure + '\n'
                + "shrunk: " + needed.size() + " of " + applied + " injected faults needed"
                + (needed.isEmpty() ? "" : " " + describe(needed))
                + (first.maxSize > 0
                        ? "; size " + (best.size < 0 ? first.maxSize : best.size) + " of " + first.maxSize
                        : "")
                + '\n'
                + "replay: " + line + '\n'
                + "trace hash " + Long.toHexString(fin.hash) + "; last events:\n"
                + fin.traceTail;
        return new ExplorationFailure(msg, fin.failure, best.seed, best.skip, best.size, line, fin.hash);
    }

    private long seedOf(long runNumber) {
        return from + runNumber - 1;
    }

    private static String describe(List<InjectedFault.Record> rs) {
        StringBuilder sb = new StringBuilder("[");
        for (InjectedFault.Record r : rs) {
            if (sb.length() > 1) {
                sb.append("; ");
            }
            sb.append('#').append(r.index()).append(' ').append(r.rule()).append(" at ").append(r.path())
                    .append(r.messageNumber() > 0 ? " message " + r.messageNumber() : "");
        }
        return sb.append(']').toString();
    }

    private static long parseLong(String prop, String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + prop + " must be a whole number, was '" + v + "'");
        }
    }

    private static Set<Integer> parseSet(String v) {
        Set<Integer> out = new HashSet<>();
        for (String p : v.split(",", -1)) { // blanks are skipped
            if (!p.isBlank()) {
                try {
                    out.add(Integer.parseInt(p.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("-Dcadre.skip must list fault numbers (0,3,7), had '" + p + "'");
                }
            }
        }
        return out;
    }

    /** A Maven command for the test method that called {@link #run}, in its module. */
    private static String defaultReplayPrefix() {
        StackWalker.StackFrame caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(s ->
                s.dropWhile(f -> f.getDeclaringClass() != Explorer.class)
                        .dropWhile(f -> f.getDeclaringClass() == Explorer.class)
                        .findFirst().orElse(null));
        if (caller == null) {
            return "(run the test again)";
        }
        Class<?> c = caller.getDeclaringClass();
        while (c.getEnclosingClass() != null) {
            c = c.getEnclosingClass();
        }
        String method = caller.getMethodName();
        if (method.startsWith("lambda$")) {
            method = method.substring("lambda$".length(), method.lastIndexOf('$'));
        }
        String module = moduleDir(c);
        return "./mvnw -q" + (module == null ? "" : " -pl " + module + " -am") + " test"
                + " -Dsurefire.failIfNoSpecifiedTests=false -Dtest='" + c.getSimpleName() + "#" + method + "'";
    }

    /** The Maven module of a test class: the directory above its {@code target/test-classes}. */
    private static @Nullable String moduleDir(Class<?> c) {
        try {
            var src = c.getProtectionDomain().getCodeSource();
            if (src == null) {
                return null;
            }
            Path p = Path.of(src.getLocation().toURI());
            if (p.getFileName() != null && p.getFileName().toString().endsWith("classes") && p.getParent() != null
                    && p.getParent().getFileName().toString().equals("target") && p.getParent().getParent() != null) {
                return p.getParent().getParent().getFileName().toString();
            }
        } catch (Exception e) {
            // no module name: the line still names the test
        }
        return null;
    }
}
