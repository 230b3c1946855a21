package dev.cadre.observe.metrics;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.DeadLetter;
import dev.cadre.observe.ActorStat;
import dev.cadre.observe.Observer;
import dev.cadre.observe.Snapshot;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micrometer metrics of an actor system, from an {@link Observer}: whole-system meters always,
 * per-actor meters only for the actors you name by path pattern, so that a million actors do not
 * become a million time series.
 *
 * <pre>{@code
 * var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * CadreMetrics.of(observer)
 *         .withActors("/user/fulfilment/*", "/user/fulfilment/shipping/**")
 *         .bindTo(registry);
 * }</pre>
 *
 * <p>Every meter has the tag {@code system} (the actor system's name). Whole-system meters:
 * <ul>
 *   <li>{@code cadre.actors} (gauge): living actors under {@code /user};
 *   <li>{@code cadre.mailbox.depth} (gauge): messages waiting in all mailboxes;
 *   <li>{@code cadre.mailbox.long} (gauge): mailboxes over the long-mailbox threshold;
 *   <li>{@code cadre.messages.processed} (counter): messages processed since the observer started;
 *   <li>{@code cadre.dead.letters} (counter, tag {@code reason}): the runtime's exact counts;
 *   <li>{@code cadre.actor.failures}, {@code cadre.actor.restarts} (counters): crash reports and
 *       restarts in place.
 * </ul>
 * Per-actor meters (tag {@code actor}, the path), for actors matching a pattern, at most
 * {@link #withMaxTaggedActors} of them (default 1,000; the rest are left out, with one warning):
 * {@code cadre.actor.mailbox.depth}, {@code cadre.actor.mailbox.high.water},
 * {@code cadre.actor.mailbox.capacity} (bounded mailboxes only) (gauges),
 * {@code cadre.actor.messages.processed}, {@code cadre.actor.messages.dropped},
 * {@code cadre.actor.handler.failures} (counters). They are registered when the observer first
 * samples a matching actor and removed when it has stopped.
 *
 * <p>Patterns: {@code *} matches within one path segment, {@code **} across segments;
 * {@code /user/fulfilment/*} is every child of {@code /user/fulfilment}. Values are those of the
 * observer's latest sample (at most one interval old), except the dead-letter counts, which are
 * read from the runtime at each scrape.
 */
public final class CadreMetrics implements MeterBinder {
    private static final Logger LOG = LoggerFactory.getLogger("dev.cadre.observe");

    private final Observer observer;
    private final List<Pattern> patterns;
    private final List<String> globs;
    private final int maxTaggedActors;
    private final CopyOnWriteArrayList<MeterRegistry> registries = new CopyOnWriteArrayList<>();

    // --- observer's thread only ---
    private final Map<ActorRef<?>, Tagged> tagged = new HashMap<>();
    private boolean warned;

    /** One tagged actor: its latest values (written by the observer's thread) and its meters. */
    private static final class Tagged {
        volatile ActorStat stat;
        final List<Meter> meters = new ArrayList<>();

        Tagged(ActorStat stat) {
            this.stat = stat;
        }
    }

    private final Consumer<Snapshot> onSample = this::update;

    private CadreMetrics(Observer observer, List<String> globs, int maxTaggedActors) {
        this.observer = observer;
        this.globs = List.copyOf(globs);
        this.patterns = globs.stream().map(CadreMetrics::glob).toList();
        this.maxTaggedActors = maxTaggedActors;
    }

    /**
     * Whole-system meters only.
     *
     * @param observer the source
     * @return the binder
     */
    public static CadreMetrics of(Observer observer) {
        return new CadreMetrics(Objects.requireNonNull(observer, "observer"), List.of(), 1000);
    }

    /**
     * A copy that also has per-actor meters for the actors matching any of {@code patterns}.
     *
     * @param patterns path patterns, each starting with {@code /user}
     * @return the copy
     * @throws IllegalArgumentException if a pattern does not start with {@code /user}
     */
    public CadreMetrics withActors(String... patterns) {
        List<String> all = new ArrayList<>(globs);
        for (String p : patterns) {
            Objects.requireNonNull(p, "pattern");
            if (!(p.equals("/user") || p.startsWith("/user/"))) {
                throw new IllegalArgumentException("an actor pattern must start with /user, was '" + p + "'");
            }
            all.add(p);
        }
        return new CadreMetrics(observer, all, maxTaggedActors);
    }

    /**
     * A copy that tags at most {@code max} actors.
     *
     * @param max at least 1
     * @return the copy
     */
    public CadreMetrics withMaxTaggedActors(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max tagged actors must be >= 1, was " + max);
        }
        return new CadreMetrics(observer, globs, max);
    }

    static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
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

    boolean matches(String path) {
        for (Pattern p : patterns) {
            if (p.matcher(path).matches()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        Tags sys = Tags.of("system", observer.system().name());
        Observer o = observer;
        Gauge.builder("cadre.actors", o, x -> x.latest().system().actors()).tags(sys)
                .description("Living actors under /user").register(registry);
        Gauge.builder("cadre.mailbox.depth", o, x -> x.latest().system().mailboxDepth()).tags(sys)
                .description("Messages waiting in all mailboxes").register(registry);
        Gauge.builder("cadre.mailbox.long", o, x -> x.latest().system().longMailboxes()).tags(sys)
                .description("Mailboxes at or over the long-mailbox threshold").register(registry);
        FunctionCounter.builder("cadre.messages.processed", o, x -> x.latest().system().processed()).tags(sys)
                .description("Messages processed since the observer started").register(registry);
        for (DeadLetter.Reason reason : DeadLetter.Reason.values()) {
            FunctionCounter.builder("cadre.dead.letters", o.system(), s -> s.deadLetters().count(reason))
                    .tags(sys.and("reason", reason.name()))
                    .description("Messages not delivered, by reason").register(registry);
        }
        FunctionCounter.builder("cadre.actor.failures", o, x -> x.latest().system().failures()).tags(sys)
                .description("Handler failures (crash reports)").register(registry);
        FunctionCounter.builder("cadre.actor.restarts", o, x -> x.latest().system().restarts()).tags(sys)
                .description("Restarts in place").register(registry);
        boolean first = registries.isEmpty();
        registries.add(registry);
        if (!patterns.isEmpty() && first) {
            observer.addSampleListener(onSample);
            // Meters for the actors already sampled appear with the next sample.
        }
    }

    /** Registers meters for new matching actors and removes those of stopped ones (observer's thread). */
    private void update(Snapshot s) {
        Set<ActorRef<?>> alive = new HashSet<>();
        for (ActorStat a : s.actors()) {
            if (!matches(a.path())) {
                continue;
            }
            ActorRef<?> ref = a.info().ref();
            alive.add(ref);
            Tagged t = tagged.get(ref);
            if (t != null) {
                t.stat = a;
            } else if (tagged.size() < maxTaggedActors) {
                t = new Tagged(a);
                tagged.put(ref, t);
                for (MeterRegistry r : registries) {
                    register(r, t, a);
                }
            } else if (!warned) {
                warned = true;
                LOG.warn("cadre metrics: more than {} actors match {}; the others get no per-actor meters "
                        + "(narrow the patterns or raise withMaxTaggedActors)", maxTaggedActors, globs);
            }
        }
        for (var it = tagged.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!alive.contains(e.getKey())) {
                it.remove();
                for (Meter m : e.getValue().meters) {
                    for (MeterRegistry r : registries) {
                        r.remove(m);
                    }
                }
            }
        }
    }

    private void register(MeterRegistry r, Tagged t, ActorStat a) {
        Tags tags = Tags.of("system", observer.system().name(), "actor", a.path());
        t.meters.add(Gauge.builder("cadre.actor.mailbox.depth", t, x -> x.stat.depth()).tags(tags)
                .description("Messages waiting in this actor's mailbox").register(r));
        t.meters.add(Gauge.builder("cadre.actor.mailbox.high.water", t, x -> x.stat.info().metrics().highWaterMark())
                .tags(tags).description("The deepest this mailbox has been").register(r));
        if (a.info().metrics().capacity() >= 0) {
            t.meters.add(Gauge.builder("cadre.actor.mailbox.capacity", t, x -> x.stat.info().metrics().capacity())
                    .tags(tags).description("This bounded mailbox's capacity").register(r));
        }
        t.meters.add(FunctionCounter.builder("cadre.actor.messages.processed", t,
                x -> x.stat.info().metrics().processed()).tags(tags)
                .description("Messages this actor processed").register(r));
        t.meters.add(FunctionCounter.builder("cadre.actor.messages.dropped", t,
                x -> x.stat.info().metrics().dropped()).tags(tags)
                .description("Messages this actor's full mailbox dropped or refused").register(r));
        t.meters.add(FunctionCounter.builder("cadre.actor.handler.failures", t,
                x -> x.stat.info().metrics().failures()).tags(tags)
                .description("Exceptions thrown by this actor's handlers").register(r));
    }
}
