package dev.cadre.fulfillment.cli;

import dev.cadre.actor.ActorMetrics;
import dev.cadre.fulfillment.Fulfilment;
import dev.cadre.fulfillment.ingest.IntakeMsg;
import dev.cadre.fulfillment.invariants.Invariants;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Prints a run's report: rejected lines, the summary table, then the invariants (last line: {@code invariants:}). */
final class Summary {

    private Summary() {
    }

    static void print(Fulfilment.Report r, PrintStream out, int rejectionsToList) {
        List<IntakeMsg.Rejection> rej = r.rejections();
        if (!rej.isEmpty() && rejectionsToList > 0) {
            out.println("rejected lines:");
            rej.stream().limit(rejectionsToList).forEach(x -> out.println("  line " + x.line() + ": " + x.reason()));
            if (rej.size() > rejectionsToList) {
                out.printf("  ... and %,d more (all counted below)%n", rej.size() - rejectionsToList);
            }
        }
        long cancelled = r.cancelledByReason().values().stream().mapToLong(Long::longValue).sum();
        out.println();
        out.println("== summary ==");
        row(out, "input", String.format("%,d lines: accepted %,d, rejected %,d", r.lines(), r.accepted(), rej.size()));
        row(out, "completed", String.format("%,d", r.completed()));
        row(out, "cancelled", String.format("%,d", cancelled) + (cancelled == 0 ? "" : "  (" + r.cancelledByReason()
                .entrySet().stream().map(e -> String.format("%s %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ")) + ")"));
        row(out, "rejected", String.format("%,d", rej.size()));
        row(out, "wall time", String.format("%.2f s", r.wall().toNanos() / 1e9));
        row(out, "throughput", String.format("%,.0f orders/s", r.ordersPerSecond()));
        if (r.config().durable()) {
            row(out, "journal", String.format("%,d orders had ended in earlier runs, %,d ended in this one",
                    r.endedBefore(), r.accepted() - r.endedBefore()));
        }
        row(out, "order latency", "p50 " + ms(r.p50()) + ", p99 " + ms(r.p99()));
        row(out, "faults", String.format("crashes injected %,d; provider calls %,d, 500s %,d; consumer stalls %,d",
                r.crashesInjected(), r.providerCalls(), r.providerErrors(), r.stalls()));
        Map<String, Long> restarts = r.audit().restartsBySupervisor();
        row(out, "restarts", restarts.isEmpty() ? "0" : String.format("%,d: ", r.audit().restarts())
                + restarts.entrySet().stream().map(e -> String.format("%s %,d", shortPath(e.getKey()), e.getValue()))
                .collect(Collectors.joining(", ")));
        Map<String, Long> byReason = new java.util.TreeMap<>();
        r.audit().deadByType().values().forEach(m -> m.forEach((k, v) -> byReason.merge(k, v, Long::sum)));
        row(out, "dead letters", String.format("%,d", r.deadLetters()) + (byReason.isEmpty() ? "" : "  ("
                + byReason.entrySet().stream().map(e -> String.format("%s %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ")) + ")"));
        row(out, "notifications", String.format("dropped %,d (drop-oldest mailbox, capacity %d)",
                r.notificationsDropped(), r.config().notifierCapacity()));
        row(out, "shipping", String.format("hand-overs that waited for room in the dock %,d (longest %s), refused "
                + "after the block timeout %,d; parcels of broken sessions re-sent %,d", r.dockWaits(),
                ms(r.longestDockWait()), r.shipRefused(), r.staleShipments()));
        row(out, "mailbox peaks", r.busiest().stream().filter(m -> m.highWaterMark() > 0)
                .map(Summary::peak).collect(Collectors.joining(", ")));
        row(out, "peak threads", String.valueOf(r.peakThreads()));
        if (r.aborted() != null) {
            row(out, "ABORTED", r.aborted());
        }
        out.println();
        out.println("== invariants ==");
        int pass = 0;
        for (Invariants.Result inv : r.invariants()) {
            if (inv.pass()) {
                pass++;
            }
            out.println((inv.pass() ? "PASS  " : "FAIL  ") + inv.name());
            out.println("      " + inv.counts());
            inv.violations().forEach(v -> out.println("      violation: " + v));
        }
        boolean ok = r.allHold();
        out.println("invariants: " + (ok ? "PASS" : "FAIL") + " (" + pass + "/" + r.invariants().size()
                + " hold" + (r.aborted() != null ? "; run aborted" : "") + ")");
    }

    private static void row(PrintStream out, String name, String value) {
        out.printf("%-15s %s%n", name, value);
    }

    private static String peak(ActorMetrics m) {
        return shortPath(m.path()) + " " + m.highWaterMark() + (m.capacity() > 0 ? "/" + m.capacity() : "");
    }

    static String shortPath(String path) {
        return path.startsWith("/user/fulfilment/") ? path.substring("/user/fulfilment/".length())
                : path.startsWith("/user/") ? path.substring("/user/".length()) : path;
    }

    static String ms(Duration d) {
        return String.format("%.1f ms", d.toNanos() / 1e6);
    }
}
