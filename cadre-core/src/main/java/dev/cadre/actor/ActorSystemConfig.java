package dev.cadre.actor;

/**
 * Settings of an {@link ActorSystem}. Immutable; start from {@link #defaults()} and refine with
 * the {@code withX} methods. Every value is validated when the config is built.
 *
 * @param parallelism threads in the shared dispatcher pool; default: the number of cores
 * @param throughput messages an actor processes before yielding its thread to other actors
 *     (fairness); default {@value #DEFAULT_THROUGHPUT}
 * @param defaultMailbox the mailbox of actors whose {@link Props} name none; default
 *     {@link Mailbox#unbounded()} (see {@link Mailbox} for why)
 */
public record ActorSystemConfig(int parallelism, int throughput, Mailbox defaultMailbox) {

    /** Default {@link #throughput()}: large enough to amortise scheduling, small enough to be fair. */
    public static final int DEFAULT_THROUGHPUT = 64;

    /**
     * Validates the config.
     *
     * @param parallelism at least 1
     * @param throughput at least 1
     * @param defaultMailbox not null
     * @throws IllegalArgumentException naming the bad field
     */
    public ActorSystemConfig {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, was " + parallelism);
        }
        if (throughput < 1) {
            throw new IllegalArgumentException("throughput must be >= 1, was " + throughput);
        }
        java.util.Objects.requireNonNull(defaultMailbox, "defaultMailbox");
    }

    /**
     * The defaults: one dispatcher thread per core, throughput {@value #DEFAULT_THROUGHPUT}.
     *
     * @return the default config
     */
    public static ActorSystemConfig defaults() {
        return new ActorSystemConfig(Runtime.getRuntime().availableProcessors(), DEFAULT_THROUGHPUT,
                Mailbox.unbounded());
    }

    /**
     * A copy with another parallelism.
     *
     * @param parallelism threads in the shared pool, at least 1
     * @return the new config
     */
    public ActorSystemConfig withParallelism(int parallelism) {
        return new ActorSystemConfig(parallelism, throughput, defaultMailbox);
    }

    /**
     * A copy with another throughput.
     *
     * @param throughput messages per activation, at least 1
     * @return the new config
     */
    public ActorSystemConfig withThroughput(int throughput) {
        return new ActorSystemConfig(parallelism, throughput, defaultMailbox);
    }

    /**
     * A copy with another default mailbox.
     *
     * @param mailbox the mailbox of actors whose props name none
     * @return the new config
     */
    public ActorSystemConfig withDefaultMailbox(Mailbox mailbox) {
        return new ActorSystemConfig(parallelism, throughput, mailbox);
    }
}
