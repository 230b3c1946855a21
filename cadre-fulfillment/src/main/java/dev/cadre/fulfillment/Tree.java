package dev.cadre.fulfillment;

import dev.cadre.actor.ActorMetrics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Renders the fulfilment graph's supervision tree from the living actors' paths, with a note per kind. */
final class Tree {
    private Tree() {
    }

    private static final Map<String, String> NOTES = new LinkedHashMap<>();

    static {
        NOTES.put("fulfilment", "supervisor: one-for-one (independent services)");
        NOTES.put("ledger", "single writer of terminal states; resumes after a crash");
        NOTES.put("inventory", "supervisor: one-for-one");
        NOTES.put("shard", "single writer of its SKUs' stock; resumes after a crash");
        NOTES.put("payments", "supervisor: pool, one-for-one, restart with backoff");
        NOTES.put("worker", "calls the provider; lets it crash (provider 500s: backoff)");
        NOTES.put("warehouse", "supervisor: rest-for-one (a linear pipeline)");
        NOTES.put("pick", "stage 1");
        NOTES.put("pack", "stage 2: holds partial parcels from pick");
        NOTES.put("label", "stage 3");
        NOTES.put("shipping", "supervisor: one-for-all (dock and carrier share a session)");
        NOTES.put("carrier", "accepts the dock's manifest lines in order");
        NOTES.put("dock", "blocks senders when full: backpressure to the orders");
        NOTES.put("notifications", "drops the oldest when full (counted); restarts after a crash");
        NOTES.put("intake", "validates, de-duplicates, spawns one order actor per order");
        NOTES.put("source", "reads the input on demand (pull)");
        NOTES.put("order", "the saga; resumes after a crash");
        NOTES.put("audit", "counts dead letters and crash reports for the checks");
    }

    /** Siblings in start order. */
    private static final List<String> ORDER = List.of("fulfilment", "ledger", "inventory", "shard", "payments",
            "worker", "warehouse", "pick", "pack", "label", "shipping", "carrier", "dock", "notifications",
            "intake", "source", "order", "audit");

    static String render(List<ActorMetrics> actors) {
        Map<String, List<ActorMetrics>> children = new TreeMap<>();
        for (ActorMetrics m : actors) {
            String p = m.path();
            children.computeIfAbsent(p.substring(0, p.lastIndexOf('/')), k -> new ArrayList<>()).add(m);
        }
        StringBuilder sb = new StringBuilder();
        walk("/user", children, 0, sb);
        return sb.toString();
    }

    private static void walk(String path, Map<String, List<ActorMetrics>> children, int depth, StringBuilder sb) {
        List<ActorMetrics> kids = new ArrayList<>(children.getOrDefault(path, List.of()));
        kids.removeIf(m -> name(m).startsWith("$") || kind(name(m)).equals("order"));
        kids.sort(Comparator.comparingInt((ActorMetrics m) -> rank(kind(name(m))))
                .thenComparingInt(m -> number(name(m))));
        for (int i = 0; i < kids.size(); i++) {
            ActorMetrics m = kids.get(i);
            String kind = kind(name(m));
            int same = 0;
            while (i + same < kids.size() && kind(name(kids.get(i + same))).equals(kind)) {
                same++;
            }
            String shown = name(m);
            if (same > 1 && !kind.equals(shown)) {
                shown = shown + " .. " + name(kids.get(i + same - 1)) + " (" + same + ")";
                i += same - 1;
            }
            sb.append("  ".repeat(depth + 1)).append(shown);
            if (m.capacity() > 0) {
                sb.append(" [bounded mailbox: ").append(m.capacity()).append(']');
            }
            String note = NOTES.get(kind);
            if (note != null) {
                sb.append("  -- ").append(note);
            }
            sb.append('\n');
            if (same <= 1) {
                walk(m.path(), children, depth + 1, sb);
            }
            if (kind.equals("intake")) {
                sb.append("  ".repeat(depth + 2)).append("order-1, order-2, ... (one per order in flight)  -- ")
                        .append(NOTES.get("order")).append('\n');
            }
        }
    }

    private static String name(ActorMetrics m) {
        return m.path().substring(m.path().lastIndexOf('/') + 1);
    }

    private static String kind(String name) {
        return name.replaceAll("-\\d+$", "");
    }

    private static int rank(String kind) {
        int i = ORDER.indexOf(kind);
        return i < 0 ? ORDER.size() : i;
    }

    private static int number(String name) {
        int i = name.lastIndexOf('-');
        try {
            return i < 0 ? 0 : Integer.parseInt(name.substring(i + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
