package dev.cadre.observe.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.cadre.actor.ActorInfo;
import dev.cadre.observe.ActorStat;
import dev.cadre.observe.FeedEntry;
import dev.cadre.observe.Observer;
import dev.cadre.observe.Snapshot;
import dev.cadre.observe.SystemStats;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Renders what the page shows as JSON: the supervision tree with big families of children folded
 * into groups by kind ({@code order-17} is of kind {@code order-*}), the whole-system figures, the
 * top mailboxes and the feed; and one parent's children, for expanding a group on demand.
 * Pure functions of a {@link Snapshot}.
 */
final class JsonView {
    private static final JsonFactory JSON = new JsonFactory();
    static final String ROOT = "/user";

    private JsonView() {
    }

    /** The kind of a name: trailing digits (after '-' or '$') become '*': order-17 -> order-*. */
    static String kind(String name) {
        int i = name.length();
        while (i > 0 && Character.isDigit(name.charAt(i - 1))) {
            i--;
        }
        if (i == name.length() || i == 0) {
            return name;
        }
        char sep = name.charAt(i - 1);
        return sep == '-' || sep == '$' || sep == '_' ? name.substring(0, i) + "*" : name;
    }

    /** Children of each parent path, in walk order. */
    static Map<String, List<ActorStat>> byParent(Snapshot s) {
        Map<String, List<ActorStat>> kids = new HashMap<>();
        for (ActorStat a : s.actors()) {
            kids.computeIfAbsent(a.info().parent(), k -> new ArrayList<>()).add(a);
        }
        return kids;
    }

    static String snapshot(Snapshot s, Observer observer, int groupAbove, long droppedUpdates, int topN) {
        return write(g -> {
            g.writeStartObject();
            g.writeNumberField("seq", s.seq());
            g.writeStringField("at", s.at().toString());
            g.writeStringField("system", s.systemName());
            g.writeStringField("status", s.status());
            g.writeBooleanField("terminated", s.terminated());
            g.writeNumberField("droppedUpdates", droppedUpdates);
            g.writeNumberField("interval", observer.config().interval().toMillis());
            stats(g, s.system());
            g.writeArrayFieldStart("topDepth");
            for (ActorStat a : top(s, topN, Comparator.comparingInt(ActorStat::depth), true)) {
                mailbox(g, a);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("topGrowth");
            for (ActorStat a : top(s, topN, Comparator.comparingDouble(ActorStat::growthPerSecond), false)) {
                mailbox(g, a);
            }
            g.writeEndArray();
            Map<String, List<ActorStat>> kids = byParent(s);
            g.writeObjectFieldStart("tree");
            g.writeStringField("path", ROOT);
            g.writeStringField("name", "user");
            children(g, ROOT, kids, groupAbove);
            g.writeEndObject();
            g.writeArrayFieldStart("feed");
            for (FeedEntry e : s.feed()) {
                g.writeStartObject();
                g.writeNumberField("seq", e.seq());
                g.writeStringField("at", e.at().toString());
                g.writeStringField("kind", e.kind());
                g.writeStringField("path", e.path());
                g.writeStringField("detail", e.detail());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** One parent's children (optionally of one kind), deepest mailbox first, at most {@code limit}. */
    static String children(Snapshot s, String parent, @Nullable String kind, int limit) {
        List<ActorStat> rows = new ArrayList<>();
        Map<String, List<ActorStat>> kids = byParent(s);
        for (ActorStat a : kids.getOrDefault(parent, List.of())) {
            if (kind == null || kind(a.info().name()).equals(kind)) {
                rows.add(a);
            }
        }
        rows.sort(Comparator.comparingInt(ActorStat::depth).reversed()
                .thenComparing(Comparator.comparingDouble(ActorStat::processedPerSecond).reversed())
                .thenComparing(ActorStat::path));
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("path", parent);
            if (kind != null) {
                g.writeStringField("kind", kind);
            }
            g.writeNumberField("total", rows.size());
            g.writeArrayFieldStart("rows");
            for (ActorStat a : rows.subList(0, Math.min(limit, rows.size()))) {
                g.writeStartObject();
                actor(g, a);
                g.writeNumberField("children", a.info().children());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static void children(JsonGenerator g, String path, Map<String, List<ActorStat>> kids, int groupAbove)
            throws IOException {
        List<ActorStat> mine = kids.getOrDefault(path, List.of());
        g.writeNumberField("children", mine.size());
        if (mine.size() > groupAbove) {
            Map<String, List<ActorStat>> byKind = new LinkedHashMap<>();
            for (ActorStat a : mine) {
                byKind.computeIfAbsent(kind(a.info().name()), k -> new ArrayList<>()).add(a);
            }
            // A kind with one member (the intake's source among its orders) is shown as itself.
            List<ActorStat> single = new ArrayList<>();
            byKind.values().removeIf(members -> members.size() == 1 && single.add(members.getFirst()));
            kids(g, single, kids, groupAbove);
            g.writeArrayFieldStart("groups");
            for (var e : byKind.entrySet()) {
                group(g, path, e.getKey(), e.getValue());
            }
            g.writeEndArray();
            return;
        }
        kids(g, mine, kids, groupAbove);
    }

    private static void kids(JsonGenerator g, List<ActorStat> mine, Map<String, List<ActorStat>> kids, int groupAbove)
            throws IOException {
        List<ActorStat> sorted = new ArrayList<>(mine);
        sorted.sort(Comparator.comparing(ActorStat::path, JsonView::naturalOrder));
        g.writeArrayFieldStart("kids");
        for (ActorStat a : sorted) {
            g.writeStartObject();
            actor(g, a);
            children(g, a.path(), kids, groupAbove);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** "worker-2" before "worker-10". */
    static int naturalOrder(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                int c = Long.compare(Long.parseLong(a.substring(si, Math.min(i, si + 18))),
                        Long.parseLong(b.substring(sj, Math.min(j, sj + 18))));
                if (c != 0) {
                    return c;
                }
            } else {
                if (x != y) {
                    return Character.compare(x, y);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static void group(JsonGenerator g, String parent, String kind, List<ActorStat> members) throws IOException {
        long depth = 0;
        int maxDepth = 0;
        int hwm = 0;
        double rate = 0;
        long restarts = 0;
        long dropped = 0;
        long failures = 0;
        long processed = 0;
        int capacity = members.getFirst().info().metrics().capacity();
        Map<ActorInfo.State, Integer> states = new EnumMap<>(ActorInfo.State.class);
        for (ActorStat a : members) {
            var m = a.info().metrics();
            depth += m.depth();
            maxDepth = Math.max(maxDepth, m.depth());
            hwm = Math.max(hwm, m.highWaterMark());
            rate += a.processedPerSecond();
            restarts += a.info().restarts();
            dropped += m.dropped();
            failures += m.failures();
            processed += m.processed();
            if (m.capacity() != capacity) {
                capacity = -2; // mixed
            }
            states.merge(a.info().state(), 1, Integer::sum);
        }
        g.writeStartObject();
        g.writeStringField("parent", parent);
        g.writeStringField("kind", kind);
        g.writeNumberField("count", members.size());
        g.writeNumberField("depth", depth);
        g.writeNumberField("maxDepth", maxDepth);
        g.writeNumberField("hwm", hwm);
        g.writeNumberField("capacity", capacity);
        g.writeNumberField("rate", round(rate));
        g.writeNumberField("processed", processed);
        g.writeNumberField("restarts", restarts);
        g.writeNumberField("dropped", dropped);
        g.writeNumberField("failures", failures);
        g.writeObjectFieldStart("states");
        for (var e : states.entrySet()) {
            g.writeNumberField(e.getKey().name(), e.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void actor(JsonGenerator g, ActorStat a) throws IOException {
        ActorInfo i = a.info();
        var m = i.metrics();
        g.writeStringField("path", i.path());
        g.writeStringField("name", i.name());
        g.writeStringField("state", i.state().name());
        g.writeStringField("strategy", i.strategy());
        g.writeStringField("local", i.localSupervision());
        g.writeBooleanField("supervised", i.supervisedByParent());
        g.writeNumberField("depth", m.depth());
        g.writeNumberField("hwm", m.highWaterMark());
        g.writeNumberField("capacity", m.capacity());
        g.writeNumberField("processed", m.processed());
        g.writeNumberField("rate", round(a.processedPerSecond()));
        g.writeNumberField("growth", round(a.growthPerSecond()));
        g.writeNumberField("restarts", i.restarts());
        g.writeNumberField("dropped", m.dropped());
        g.writeNumberField("failures", m.failures());
    }

    private static void mailbox(JsonGenerator g, ActorStat a) throws IOException {
        var m = a.info().metrics();
        g.writeStartObject();
        g.writeStringField("path", a.path());
        g.writeNumberField("depth", m.depth());
        g.writeNumberField("hwm", m.highWaterMark());
        g.writeNumberField("capacity", m.capacity());
        g.writeNumberField("growth", round(a.growthPerSecond()));
        g.writeEndObject();
    }

    private static void stats(JsonGenerator g, SystemStats t) throws IOException {
        g.writeObjectFieldStart("stats");
        g.writeNumberField("actors", t.actors());
        g.writeNumberField("mailboxDepth", t.mailboxDepth());
        g.writeNumberField("processed", t.processed());
        g.writeNumberField("processedPerSecond", round(t.processedPerSecond()));
        g.writeNumberField("deadLetters", t.deadLetters());
        g.writeNumberField("deadLettersPerSecond", round(t.deadLettersPerSecond()));
        g.writeNumberField("overflowDrops", t.overflowDrops());
        g.writeNumberField("failures", t.failures());
        g.writeNumberField("failuresPerSecond", round(t.failuresPerSecond()));
        g.writeNumberField("restarts", t.restarts());
        g.writeNumberField("restartsPerSecond", round(t.restartsPerSecond()));
        g.writeNumberField("longMailboxes", t.longMailboxes());
        g.writeNumberField("feedSuppressed", t.feedSuppressed());
        g.writeEndObject();
    }

    private static List<ActorStat> top(Snapshot s, int n, Comparator<ActorStat> by, boolean depth) {
        return s.actors().stream().filter(a -> depth ? a.depth() > 0 : a.growthPerSecond() > 0)
                .sorted(by.reversed().thenComparing(ActorStat::path)).limit(n).toList();
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    @FunctionalInterface
    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    static String write(Body body) {
        StringWriter w = new StringWriter(1024);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
