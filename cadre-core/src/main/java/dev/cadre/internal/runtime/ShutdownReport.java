package dev.cadre.internal.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * INTERNAL API. Says who a shutdown still waits for, and what each is doing: the actors that are
 * not waiting on children of their own (the ones actually holding the shutdown up), with their
 * state, and for one in a handler the thread, its stack top, and for how long the handler has
 * been seen running (tracked across reports: same thread, same processed count).
 *
 * <p>Runs on the timer thread or a caller's thread, reading the tree racily (diagnostics only). The
 * tree walk is iterative. Synchronized: reports are rare and may come from two threads.
 */
final class ShutdownReport {
    private static final int MAX_LINES = 20;
    private static final int MAX_FRAMES = 4;

    /** What a report saw of an actor in a handler: to say "for at least N s" next time. */
    private record Seen(Thread thread, long processed, long sinceNanos) {
    }

    private final Map<ActorCell<?>, Seen> seen = new WeakHashMap<>();

    /** What the actor is doing, for the shutdown report and diagnostics; racy by design. */
    static String describeState(ActorCell<?> c) {
        int s = c.stage;
        String what = switch (s) {
            case ActorCell.NEW -> "not started yet";
            case ActorCell.RUNNING -> "running";
            case ActorCell.WAITING -> "failed, waiting for its supervisor's decision";
            case ActorCell.RESETTING -> "restarting, waiting for its children to stop";
            case ActorCell.IDLE -> "between incarnations (backoff, or waiting for its group's restart)";
            case ActorCell.TERMINATING -> "stopping, waiting for its children to stop";
            default -> "stopped";
        };
        int kids = c.childCount();
        return kids > 0 && (s == ActorCell.TERMINATING || s == ActorCell.RESETTING) ? what + " (" + kids + " left)"
                : what;
    }

    synchronized String describe(ActorCell<?> root, long now) {
        List<ActorCell<?>> blockers = new ArrayList<>();
        int waiting = 0;
        ArrayDeque<ActorCell<?>> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            ActorCell<?> c = todo.pop();
            if (c.isTerminated()) {
                continue;
            }
            int[] living = {0};
            Children.forEach(c, k -> {
                if (!k.isTerminated()) {
                    living[0]++;
                    todo.push(k);
                }
            });
            if (living[0] == 0) {
                blockers.add(c);
            } else {
                waiting++;
            }
        }
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (ActorCell<?> c : blockers) {
            if (shown++ == MAX_LINES) {
                sb.append("  ... and ").append(blockers.size() - MAX_LINES).append(" more\n");
                break;
            }
            sb.append("  ").append(c.path()).append(": ").append(describeState(c));
            Thread t = c.currentRunner();
            if (t != null) {
                long processed = c.processedCount();
                Seen before = seen.get(c);
                long since = before != null && before.thread == t && before.processed == processed ? before.sinceNanos
                        : now;
                seen.put(c, new Seen(t, processed, since));
                sb.append("; in a handler on thread ").append(t.getName());
                if (since != now) {
                    sb.append(" for at least ").append((now - since) / 1_000_000_000L).append(" s");
                }
                StackTraceElement[] frames = t.getStackTrace();
                for (int i = 0; i < Math.min(MAX_FRAMES, frames.length); i++) {
                    sb.append("\n      at ").append(frames[i]);
                }
            } else {
                seen.remove(c);
            }
            sb.append('\n');
        }
        if (waiting > 0) {
            sb.append("  (and ").append(waiting).append(" ancestors of these, waiting for their children)\n");
        }
        return sb.toString();
    }
}
