package dev.cadre.testkit;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An {@link Explorer} run failed: the message has the seed, the shrunk configuration, the replay
 * line and the last events; the cause is the test's own failure.
 */
public final class ExplorationFailure extends AssertionError {
    private static final long serialVersionUID = 1L;

    private final long seed;
    private final Set<Integer> skipped;
    private final int size;
    private final String replayLine;
    private final long traceHash;

    ExplorationFailure(String message, @Nullable Throwable cause, long seed, Set<Integer> skipped, int size, String replayLine,
            long traceHash) {
        super(message, cause);
        this.seed = seed;
        this.skipped = Set.copyOf(skipped);
        this.size = size;
        this.replayLine = replayLine;
        this.traceHash = traceHash;
    }

    /** {@return the failing seed} */
    public long seed() {
        return seed;
    }

    /** {@return the injections left out by shrinking} */
    public Set<Integer> skipped() {
        return skipped;
    }

    /** {@return the size limit found by shrinking, or -1} */
    public int size() {
        return size;
    }

    /** {@return the command that replays this run} */
    public String replayLine() {
        return replayLine;
    }

    /** {@return the trace hash of the reported (shrunk) run} */
    public long traceHash() {
        return traceHash;
    }
}
