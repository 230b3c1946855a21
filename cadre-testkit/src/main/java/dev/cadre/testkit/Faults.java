package dev.cadre.testkit;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.Signal;
import dev.cadre.internal.runtime.ActorCell;
import dev.cadre.internal.runtime.RuntimeEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Faults to inject into a deterministic system, declared up front and drawn from the run's seed:
 * the same seed injects the same faults at the same points.
 *
 * <pre>{@code
 * Faults faults = Faults.none()
 *         .crash("/user/shop/worker-*", 0.05)                 // each message: 5% chance to crash the handler
 *         .crashAt("/user/shop/ledger", 3)                     // the ledger's 3rd message crashes it
 *         .drop("/user/shop/*", Reply.class, 0.1)              // lose 10% of the replies
 *         .duplicate("/user/shop/ledger", Record.class, 0.2)   // deliver a fifth of the records twice
 *         .delay("/user/shop/*", Reply.class, 0.1, Duration.ofSeconds(1))
 *         .failSignal("/user/shop/*", Terminated.class, 0.5)   // the handler of Terminated throws
 *         .slow("/user/shop/dock", Duration.ofMillis(50));     // a slow consumer: 50 ms per message
 * var kit = ActorTestKit.deterministic(DeterministicConfig.seed(7).withFaults(faults));
 * }</pre>
 *
 * <p><b>Two kinds of fault.</b> Crashes, failed signal handlers and slow consumers are things that
 * happen to real actors: the runtime's guarantees hold through them (a crash is reported and
 * supervised; nothing is lost silently). Drops, delays and duplicates are different: they test
 * <em>your protocol</em> against a lossy, reordering network, and deliberately break the runtime's
 * own guarantees (at-most-once, per-pair FIFO, nothing lost silently) for the messages they touch.
 * Each injection is listed in {@link ActorTestKit#injectedFaults()}, so a test knows exactly what
 * was done.
 *
 * <p>Paths are patterns: {@code *} matches within one path segment, {@code **} across segments. A
 * crash is an {@link InjectedFault} thrown where the handler would have been called (so the
 * handler has changed nothing): the actor fails exactly as if its handler had thrown.
 *
 * <p>Immutable; each method returns a copy with one more rule.
 */
public final class Faults {

    /** What a rule does. */
    enum Kind { CRASH, CRASH_AT, DROP, DUPLICATE, DELAY, FAIL_SIGNAL, SLOW }

    record Rule(Kind kind, String pattern, Pattern regex, @Nullable Class<?> type, double probability, long n,
            @Nullable Duration by) {
        boolean matches(String path, Object message) {
            return regex.matcher(path).matches() && (type == null || type.isInstance(message));
        }

        @Override
        public String toString() {
            String what = type == null ? "" : " " + type.getSimpleName();
            return switch (kind) {
                case CRASH -> "crash " + pattern + " p=" + probability;
                case CRASH_AT -> "crash " + pattern + " at message " + n;
                case DROP -> "drop" + what + " to " + pattern + " p=" + probability;
                case DUPLICATE -> "duplicate" + what + " to " + pattern + " p=" + probability;
                case DELAY -> "delay" + what + " to " + pattern + " by " + by + " p=" + probability;
                case FAIL_SIGNAL -> "fail signal" + what + " of " + pattern + " p=" + probability;
                case SLOW -> "slow " + pattern + " by " + by + " p=" + probability;
            };
        }
    }

    private final List<Rule> rules;
    private final Set<Integer> skipped;

    private Faults(List<Rule> rules, Set<Integer> skipped) {
        this.rules = rules;
        this.skipped = skipped;
    }

    /** {@return no faults} */
    public static Faults none() {
        return new Faults(List.of(), Set.of());
    }

    /**
     * Crashes matching actors' handlers, each message with probability {@code p}.
     *
     * @param path the actors (a pattern)
     * @param p the probability per message, in [0, 1]
     * @return a copy with the rule
     */
    public Faults crash(String path, double p) {
        return with(new Rule(Kind.CRASH, path, glob(path), null, probability(p), 0, null));
    }

    /**
     * Crashes each matching actor's handler at its {@code n}-th message (counted across restarts,
     * from 1).
     *
     * @param path the actors
     * @param n which message
     * @return a copy with the rule
     */
    public Faults crashAt(String path, long n) {
        if (n < 1) {
            throw new IllegalArgumentException("n counts from 1, was " + n);
        }
        return with(new Rule(Kind.CRASH_AT, path, glob(path), null, 1, n, null));
    }

    /**
     * Loses messages of {@code type} to matching actors (a protocol test: breaks at-most-once
     * delivery's "nothing lost silently" on purpose; each loss is in the injection log).
     *
     * @param path the recipients
     * @param type the message class (subclasses too)
     * @param p the probability per message
     * @return a copy with the rule
     */
    public Faults drop(String path, Class<?> type, double p) {
        return with(new Rule(Kind.DROP, path, glob(path), Objects.requireNonNull(type, "type"), probability(p), 0,
                null));
    }

    /**
     * Delivers messages of {@code type} twice: now, and again after the messages queued meanwhile.
     *
     * @param path the recipients
     * @param type the message class
     * @param p the probability per message
     * @return a copy with the rule
     */
    public Faults duplicate(String path, Class<?> type, double p) {
        return with(new Rule(Kind.DUPLICATE, path, glob(path), Objects.requireNonNull(type, "type"), probability(p),
                0, null));
    }

    /**
     * Delivers messages of {@code type} {@code by} later (virtual time), after what arrives
     * meanwhile: reorders them.
     *
     * @param path the recipients
     * @param type the message class
     * @param p the probability per message
     * @param by the delay
     * @return a copy with the rule
     */
    public Faults delay(String path, Class<?> type, double p, Duration by) {
        return with(new Rule(Kind.DELAY, path, glob(path), Objects.requireNonNull(type, "type"), probability(p), 0,
                positive(by)));
    }

    /**
     * Makes the signal handler of matching actors throw on signals of {@code type}.
     *
     * @param path the actors
     * @param type the signal class
     * @param p the probability per signal
     * @return a copy with the rule
     */
    public Faults failSignal(String path, Class<? extends Signal> type, double p) {
        return with(new Rule(Kind.FAIL_SIGNAL, path, glob(path), Objects.requireNonNull(type, "type"),
                probability(p), 0, null));
    }

    /**
     * A slow consumer: after each message, the actor is busy for {@code by} of virtual time (its
     * mailbox fills up meanwhile).
     *
     * @param path the actors
     * @param by the time each message takes
     * @return a copy with the rule
     */
    public Faults slow(String path, Duration by) {
        return slow(path, by, 1);
    }

    /**
     * A sometimes-slow consumer: with probability {@code p} a message takes {@code by}.
     *
     * @param path the actors
     * @param by the time such a message takes
     * @param p the probability per message
     * @return a copy with the rule
     */
    public Faults slow(String path, Duration by, double p) {
        return with(new Rule(Kind.SLOW, path, glob(path), null, probability(p), 0, positive(by)));
    }

    /**
     * The same rules, but the injections numbered in {@code indices} (see
     * {@link InjectedFault.Record#index()}) are drawn and then not applied: how the exploration
     * runner shrinks a failing run to fewer faults.
     *
     * @param indices injection numbers to leave out
     * @return a copy
     */
    public Faults skipping(Set<Integer> indices) {
        return new Faults(rules, Set.copyOf(indices));
    }

    /** {@return the injections left out (see {@link #skipping})} */
    public Set<Integer> skipped() {
        return skipped;
    }

    /** {@return whether there is no rule} */
    public boolean isEmpty() {
        return rules.isEmpty();
    }

    @Override
    public String toString() {
        return rules.isEmpty() ? "no faults" : rules.toString() + (skipped.isEmpty() ? "" : " skipping " + skipped);
    }

    private Faults with(Rule r) {
        List<Rule> more = new ArrayList<>(rules);
        more.add(r);
        return new Faults(List.copyOf(more), skipped);
    }

    private static double probability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("a probability must be in [0, 1], was " + p);
        }
        return p;
    }

    private static Duration positive(Duration d) {
        Objects.requireNonNull(d, "duration");
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("the duration must be positive, was " + d);
        }
        return d;
    }

    static Pattern glob(String path) {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("an actor path pattern starts with '/': " + path);
        }
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '*') {
                if (i + 1 < path.length() && path.charAt(i + 1) == '*') {
                    re.append(".*");
                    i++;
                } else {
                    re.append("[^/]*");
                }
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    /** Attaches the injector of one run to a scheduler. */
    Injector attach(DeterministicScheduler scheduler) {
        Injector i = new Injector(scheduler);
        scheduler.addPlugin(i);
        return i;
    }

    /** The state of one run: draws, message counts, the log. Driver thread only. */
    final class Injector implements RuntimeEnvironment.Hooks {
        private final DeterministicScheduler scheduler;
        private final SplittableRandom rng;
        private final Map<String, Long> counts = new HashMap<>();
        private final List<InjectedFault.Record> log = new ArrayList<>();
        /** Messages re-sent by a delay or duplicate: not touched again. */
        private final Set<Object> resent = Collections.newSetFromMap(new IdentityHashMap<>());
        private int next;

        Injector(DeterministicScheduler scheduler) {
            this.scheduler = scheduler;
            // the seed mixed with 0xFA17 * 0x9E3779B97F4A7C15 (the golden-ratio constant), wrapped
            this.rng = new SplittableRandom(scheduler.seed() ^ 0x63DB15F92CDDA7E3L);
        }

        synchronized List<InjectedFault.Record> log() {
            return List.copyOf(log);
        }

        @Override
        public boolean delivering(ActorCell<?> cell, Object message) throws Exception {
            if (rules.isEmpty()) {
                return true;
            }
            if (resent.remove(message)) {
                return true;
            }
            String path = scheduler.handle(cell).path();
            long n = counts.merge(path, 1L, Long::sum);
            boolean deliver = true;
            for (Rule r : rules) {
                if (r.kind == Kind.FAIL_SIGNAL || !r.matches(path, message)) {
                    continue;
                }
                boolean hit = r.kind == Kind.CRASH_AT ? n == r.n : rng.nextDouble() < r.probability;
                if (!hit || !inject(r, path, n, message)) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                ActorRef<Object> self = (ActorRef<Object>) cell.self();
                switch (r.kind) {
                    case CRASH, CRASH_AT -> throw new InjectedFault(r + " (message " + n + " of " + path + ", "
                            + message.getClass().getSimpleName() + ")");
                    case DROP -> deliver = false;
                    case DUPLICATE -> {
                        resent.add(message);
                        self.tell(message);
                    }
                    case DELAY -> {
                        deliver = false;
                        resent.add(message);
                        Duration by = Objects.requireNonNull(r.by, "a DELAY rule has a duration");
                        var unused = scheduler.time().schedule(by, () -> self.tell(message)); // on the manual clock
                    }
                    case SLOW -> scheduler.busy(cell, DeterministicScheduler.saturatedNanos(
                            Objects.requireNonNull(r.by, "a SLOW rule has a duration")));
                    default -> { }
                }
                if (!deliver) {
                    break;
                }
            }
            return deliver;
        }

        @Override
        public void signalling(ActorCell<?> cell, Signal signal) {
            for (Rule r : rules) {
                if (r.kind != Kind.FAIL_SIGNAL) {
                    continue;
                }
                String path = scheduler.handle(cell).path();
                if (r.matches(path, signal) && rng.nextDouble() < r.probability && inject(r, path, 0, signal)) {
                    throw new InjectedFault(r + " (" + signal.getClass().getSimpleName() + " to " + path + ")");
                }
            }
        }

        /** Numbers and logs an injection; false if this one is to be left out (shrinking). */
        private boolean inject(Rule r, String path, long n, Object what) {
            int index = next++;
            boolean applied = !skipped.contains(index);
            synchronized (this) {
                log.add(new InjectedFault.Record(index, r.toString(), path, n, what.getClass().getName(),
                        scheduler.time().now(), applied));
            }
            return applied;
        }
    }
}
