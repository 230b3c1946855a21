package dev.cadre.bench.versus;

import java.util.Arrays;

/** Who runs a scenario: Cadre, Pekko, or the raw-queue baseline (plain threads, no actors). */
public enum Contender {
    /** Cadre, through its public API ({@link CadreContestant}). */
    CADRE("cadre"),
    /** Apache Pekko typed, Java API, default configuration ({@link PekkoContestant}). */
    PEKKO("pekko"),
    /**
     * The same hand-off through a raw JDK concurrent queue between plain threads: the physical limit
     * ({@link RawQueueContestant}).
     */
    LIMIT("limit");

    private final String id;

    Contender(String id) {
        this.id = id;
    }

    /** {@return the command-line id} */
    public String id() {
        return id;
    }

    /**
     * {@return the contender}
     *
     * @param id {@code cadre}, {@code pekko} or {@code limit}
     */
    public static Contender byId(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown contender '" + id + "' (cadre, pekko, limit)"));
    }
}
