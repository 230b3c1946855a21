package dev.cadre.bench.versus;

import java.util.Arrays;
import java.util.List;

/**
 * The scenarios: micro-benchmarks of the runtime's paths (each on Cadre, Pekko and, for the
 * throughput ones, a raw queue between plain threads), workloads of the Savina actor benchmark
 * suite (Cadre and Pekko), and application rows (the fulfilment demo, Cadre only).
 *
 * <p>Sizes: {@link #fullSize} for a full run, {@link #quickSize} for {@code --quick},
 * {@link #smokeSize} for {@code --smoke} (CI); 0 means "not run in that mode". Each scenario
 * carries its {@link #parity()} note: what both sides do, and anything that differs.
 */
public enum Scenario {
    // --- micro: the runtime's paths -------------------------------------------------------------

    /** 2 actors, one message in flight. Size: messages. */
    PINGPONG("pingpong", Suite.MICRO, 2_000_000, 500_000, 20_000, true,
            "Both: 2 actors spawned top-level; one Ball record allocated per hop (left - 1, sender's ref); "
                    + "the actor that receives the last ball completes a CompletableFuture.",
            Metric.THROUGHPUT),
    /** 64 pairs, 10 messages in flight per pair. Size: messages, all pairs together. */
    PINGPONG_PARALLEL("pingpong-parallel", Suite.MICRO, 20_480_000, 4_096_000, 64_000, true,
            "As pingpong, 64 pairs with 10 balls each; an AtomicInteger counts finished balls.",
            Metric.THROUGHPUT),
    /** 4 plain threads telling one actor. Size: messages, all senders together. */
    FANIN("fanin", Suite.MICRO, 10_000_000, 2_000_000, 40_000, true,
            "Both: 4 plain threads tell one constant (enum) message; the actor counts to the total and completes a "
                    + "future. Same Senders class on both sides.",
            Metric.THROUGHPUT),
    /** As fanin, into a bounded (capacity 1,000) mailbox that blocks full senders for up to 10 s. */
    FANIN_BOUNDED("fanin-bounded", Suite.MICRO, 10_000_000, 2_000_000, 40_000, true,
            "As fanin, into a bounded mailbox of 1,000 that blocks a full sender up to 10 s. Cadre: "
                    + "Mailbox.bounded(1000, Overflow.block(10 s)); Pekko: its classic BoundedMailbox via "
                    + "MailboxSelector.fromConfig (mailbox-capacity 1000, push timeout 10 s), the only bounded "
                    + "blocking mailbox it has.",
            Metric.THROUGHPUT),
    /** Idle actors spawned by one parent. Size: actors. */
    SPAWN("spawn", Suite.MICRO, 1_000_000, 100_000, 10_000, false,
            "Both: one parent spawns N children with spawnAnonymous in one message; each child's setup increments "
                    + "an AtomicInteger, the last completes a future. Bytes per actor: used heap after 4 System.gc() "
                    + "with all children alive minus the same before, divided by N.",
            Metric.TIME, Metric.BYTES_PER_ACTOR),
    /** A tree of actors, 10 children each, down to {@code size} leaves (a power of 10); sums flow up. */
    SKYNET("skynet", Suite.MICRO, 1_000_000, 100_000, 10_000, false,
            "Both: each actor spawns 10 children in its setup until the leaves; a leaf tells its number and stops, "
                    + "a parent tells the sum of its 10 children and stops; the root's sum is checked. Cadre's root "
                    + "is spawned with system.spawn, Pekko's through SpawnProtocol (one more hop), inside the timed "
                    + "region on both sides.",
            Metric.TIME),
    /** Sequential asks from a plain thread. Size: asks. */
    ASK("ask", Suite.MICRO, 200_000, 50_000, 2_000, false,
            "Both: a plain thread asks one responder (timeout 10 s) and joins the future, one ask at a time; a "
                    + "Ping record with a fresh reply-to per ask on both sides; latency of each ask by "
                    + "System.nanoTime, quantiles by nearest rank.",
            Metric.P50, Metric.P99, Metric.P99_9),

    // --- Savina --------------------------------------------------------------------------------

    /** Savina ThreadRing: a token passed around a ring of 100 actors. Size: hops. */
    THREADRING("threadring", Suite.SAVINA, 5_000_000, 1_000_000, 10_000, false,
            "Both: 100 actors in a ring (each learns its successor by a message), one token record allocated per "
                    + "hop with the hops left; the actor that gets 0 completes a future. Checked: that actor is "
                    + "number hops mod 100.",
            Metric.TIME),
    /** Savina Counting: one actor tells another N increments, then asks for the count. Size: N. */
    COUNTING("counting", Suite.SAVINA, 10_000_000, 2_000_000, 10_000, false,
            "Both: a producer actor tells a counter actor N constant Increment messages in one handler, then a "
                    + "Get with its own ref; the counter replies with its count. Checked: count = N.",
            Metric.TIME),
    /** Savina Fork-Join (actor creation): N actors each handle one message and stop. Size: N. */
    FJ_CREATE("fj-create", Suite.SAVINA, 200_000, 40_000, 2_000, false,
            "Both: a parent actor spawns N children (spawnAnonymous), tells each one constant message; a child "
                    + "computes sin(37.2)^2 (Savina's unit of work), tells the parent Done and stops. Checked: N Done.",
            Metric.TIME),
    /** Savina Fork-Join (throughput): 60 actors each handle N messages with a little work. Size: messages. */
    FJ_THROUGHPUT("fj-throughput", Suite.SAVINA, 6_000_000, 1_200_000, 6_000, false,
            "Both: a plain thread tells 60 actors one constant message each, round-robin, size/60 rounds; each "
                    + "handles it with sin(37.2)^2 and counts; the last actor to reach its count completes a future. "
                    + "Checked: every actor counted size/60.",
            Metric.TIME),
    /** Savina Chameneos: 100 creatures meet through a broker (the mall). Size: meetings. */
    CHAMENEOS("chameneos", Suite.SAVINA, 1_000_000, 200_000, 2_000, false,
            "Both: a mall actor pairs Meet requests of 100 chameneos; each meeting changes colours (Savina's "
                    + "complement table); after the last meeting the mall tells every creature to stop and report "
                    + "its count. Checked: the counts sum to 2 x meetings.",
            Metric.TIME),
    /** Savina Big: 120 actors ping random neighbours and wait for the pong. Size: pings, all actors together. */
    BIG("big", Suite.SAVINA, 2_400_000, 480_000, 6_000, false,
            "Both: 120 actors, each sends size/120 pings one at a time to pseudo-random neighbours (seeded, same "
                    + "sequence on both sides) and waits for the pong; constant messages carrying the sender's "
                    + "index; a sink counts finished actors. Checked: every pong came from the actor pinged, and "
                    + "every actor finished.",
            Metric.TIME),
    /** Savina Banking: a teller moves money between 1,000 accounts; each transfer is a request-reply chain. */
    BANKING("banking", Suite.SAVINA, 200_000, 50_000, 1_000, false,
            "Both: a teller sends N transfers (seeded amounts and accounts, same on both sides) to 1,000 account "
                    + "actors; the source debits, tells the destination to credit and stashes other requests until "
                    + "the acknowledgement, then replies to the teller (Behaviors.withStash on both sides). Checked: "
                    + "every account's final balance equals the sequential replay of the transfers, and money is "
                    + "conserved.",
            Metric.TIME),
    /** Savina Dining Philosophers (arbitrator version). Size: meals, all philosophers together. */
    PHILOSOPHERS("philosophers", Suite.SAVINA, 1_000_000, 200_000, 1_000, false,
            "Both: 20 philosophers ask an arbitrator for both forks (Hungry), get Eat or Denied, and report Done "
                    + "after eating; size/20 meals each. Checked: every philosopher ate size/20 times, the arbitrator "
                    + "never granted a held fork, and all forks are free at the end.",
            Metric.TIME),

    // --- application ---------------------------------------------------------------------------

    /** The fulfilment demo at its default settings (Cadre only). Size: orders. */
    FULFILMENT("fulfilment", Suite.APP, 100_000, 20_000, 2_000, false,
            "Cadre only (the application is built on Cadre): ./cadre demo's graph at its defaults (1,000 SKUs, "
                    + "provider 500s 5%, latency 1-5 ms, crash rate 0.2%, slow rate 0.02%, window 500, seed 1) in "
                    + "process. Orders/s and latency are the application's own figures; a run whose invariants do "
                    + "not all hold is FAIL. The timed region is the whole run, with graph start and the checks.",
            Metric.ORDERS_PER_S, Metric.ORDER_P50, Metric.ORDER_P99),
    /** The fulfilment demo at 1M orders: throughput and whether memory stays flat (Cadre only). */
    FULFILMENT_1M("fulfilment-1m", Suite.APP, 1_000_000, 200_000, 5_000, false,
            "As fulfilment, with 1,000,000 orders (stock raised to 10,000 per SKU so that most complete), one run "
                    + "per JVM and no separate warm-up (the run is long: its first seconds are the warm-up). Heap: "
                    + "the heap after each GC, lowest while 10-20% and while 90-100% of the orders were done.",
            Metric.ORDERS_PER_S, Metric.ORDER_P99, Metric.HEAP_EARLY, Metric.HEAP_LATE, Metric.HEAP_PER_ORDER);

    /** Which table a scenario belongs to. */
    public enum Suite {
        /** The runtime's paths, against Pekko and the raw-queue limit. */
        MICRO("micro"),
        /** The Savina actor benchmark suite. */
        SAVINA("savina"),
        /** Applications built on Cadre. */
        APP("app");

        private final String id;

        Suite(String id) {
            this.id = id;
        }

        /** {@return the id used in the CSV} */
        public String id() {
            return id;
        }

        /**
         * {@return the suite}
         *
         * @param id {@code micro}, {@code savina} or {@code app}
         */
        public static Suite byId(String id) {
            return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown suite '" + id + "' (micro, savina, app)"));
        }
    }

    /** Capacity of the bounded mailbox in {@link #FANIN_BOUNDED}. */
    public static final int BOUNDED_CAPACITY = 1_000;
    /** Senders in {@link #FANIN} and {@link #FANIN_BOUNDED}. */
    public static final int FANIN_SENDERS = 4;
    /** Pairs in {@link #PINGPONG_PARALLEL}. */
    public static final int PARALLEL_PAIRS = 64;
    /** Messages in flight per pair in {@link #PINGPONG_PARALLEL}. */
    public static final int PARALLEL_IN_FLIGHT = 10;
    /** Children per actor in {@link #SKYNET}. */
    public static final int SKYNET_FANOUT = 10;

    private final String id;
    private final Suite suite;
    private final long fullSize;
    private final long quickSize;
    private final long smokeSize;
    private final boolean hasLimit;
    private final String parity;
    @SuppressWarnings("ImmutableEnumChecker") // List.of: unmodifiable
    private final List<Metric> metrics;

    Scenario(String id, Suite suite, long fullSize, long quickSize, long smokeSize, boolean hasLimit, String parity,
            Metric... metrics) {
        this.id = id;
        this.suite = suite;
        this.fullSize = fullSize;
        this.quickSize = quickSize;
        this.smokeSize = smokeSize;
        this.hasLimit = hasLimit;
        this.parity = parity;
        this.metrics = List.of(metrics);
    }

    /** {@return the id used on the command line and in the CSV} */
    public String id() {
        return id;
    }

    /** {@return its suite} */
    public Suite suite() {
        return suite;
    }

    /** {@return the size of a full run} */
    public long fullSize() {
        return fullSize;
    }

    /** {@return the size for {@code --quick}, 0 if not run then} */
    public long quickSize() {
        return quickSize;
    }

    /** {@return the size for {@code --smoke} (CI)} */
    public long smokeSize() {
        return smokeSize;
    }

    /** {@return whether a raw-queue baseline exists (the throughput scenarios)} */
    public boolean hasLimit() {
        return hasLimit;
    }

    /** {@return what each contender does, and anything that differs between them} */
    public String parity() {
        return parity;
    }

    /** {@return the metrics reported, in order} */
    public List<Metric> metrics() {
        return metrics;
    }

    /**
     * {@return who runs it: Cadre and Pekko (and the raw-queue limit), or Cadre alone for
     * applications}
     */
    public List<Contender> contenders() {
        if (suite == Suite.APP) {
            return List.of(Contender.CADRE);
        }
        return hasLimit ? List.of(Contender.CADRE, Contender.PEKKO, Contender.LIMIT)
                : List.of(Contender.CADRE, Contender.PEKKO);
    }

    /**
     * Whether one long run per JVM replaces the warm-up and timed iterations (the 1M-order run:
     * its own first seconds warm it up, and seven of it would take a quarter of an hour).
     *
     * @return true for a single-run scenario
     */
    public boolean singleRun() {
        return this == FULFILMENT_1M;
    }

    /**
     * {@return the scenario}
     *
     * @param id e.g. {@code pingpong-parallel}
     */
    public static Scenario byId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scenario '" + id + "'; known: "
                        + Arrays.stream(values()).map(Scenario::id).toList()));
    }
}
