package dev.cadre.actor;

import java.time.Duration;

/** How the API's descriptions (toString, tools) write durations and strategies: one place. */
final class Texts {
    private Texts() {
    }

    /** A short duration for people: {@code 5s}, {@code 250ms}, {@code 1m30s}, {@code 10us}. */
    static String duration(Duration d) {
        if (d.toNanos() % 1_000_000 != 0) {
            return d.toNanos() / 1000 + "us";
        }
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        if (s % 60 == 0 && s > 0) {
            return s / 60 + "m";
        }
        return s >= 60 ? s / 60 + "m" + s % 60 + "s" : s + "s";
    }

    /** A strategy in a few words, e.g. {@code "restart with backoff 1ms..4ms"}. */
    static String strategy(SupervisorStrategy s) {
        return switch (s) {
            case SupervisorStrategy.Restart r -> r.maxRestarts() < 0 ? "restart"
                    : "restart (at most " + r.maxRestarts() + " in " + duration(r.within()) + ")";
            case SupervisorStrategy.Resume r -> "resume";
            case SupervisorStrategy.Stop r -> "stop";
            case SupervisorStrategy.Escalate r -> "escalate";
            case SupervisorStrategy.Backoff b -> "restart with backoff " + duration(b.minBackoff()) + ".."
                    + duration(b.maxBackoff());
        };
    }
}
