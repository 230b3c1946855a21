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

    /** A directive in a few words, e.g. {@code "restart with backoff 1ms..4ms"}. */
    static String directive(Directive d) {
        return switch (d) {
            case Directive.Restart r -> !r.limited() ? "restart"
                    : "restart (at most " + r.maxRestarts() + " in " + duration(r.within()) + ")";
            case Directive.Resume r -> "resume";
            case Directive.Stop r -> "stop";
            case Directive.Escalate r -> "escalate";
            case Directive.RestartWithBackoff b -> "restart with " + b.backoff();
        };
    }
}
