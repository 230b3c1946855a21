package dev.cadre.actor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.testkit.ActorTestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A test's shared, ordered record of what actors did ("start:a", "poststop:a", ...), written from
 * any thread. The order is the order the events happened in (one list, appended atomically).
 */
final class Events {
    private final List<String> events = new CopyOnWriteArrayList<>();

    void add(String event) {
        events.add(event);
    }

    List<String> all() {
        return new ArrayList<>(events);
    }

    List<String> matching(Predicate<String> p) {
        return events.stream().filter(p).toList();
    }

    boolean contains(String event) {
        return events.contains(event);
    }

    int count(String event) {
        return (int) events.stream().filter(event::equals).count();
    }

    /** Waits (at most 10 s, to fail rather than hang) until {@code event} has been recorded. */
    void await(String event) {
        ActorTestKit.awaitAssert(Duration.ofSeconds(10), () -> assertThat(events).contains(event));
    }

    /** Waits until {@code n} events matching {@code p} have been recorded. */
    void awaitCount(Predicate<String> p, int n) {
        ActorTestKit.awaitAssert(Duration.ofSeconds(10), () -> assertThat(matching(p)).hasSizeGreaterThanOrEqualTo(n));
    }

    int indexOf(String event) {
        return events.indexOf(event);
    }

    /**
     * A worker that records start:NAME, prerestart:NAME, poststop:NAME and handles the {@link Worker}
     * protocol.
     */
    Behavior<Worker> worker(String name) {
        return Behaviors.setup(ctx -> {
            add("start:" + name);
            int[] count = {0};
            return Behaviors.<Worker>receiveMessage(msg -> switch (msg) {
                case Worker.Inc i -> {
                    count[0]++;
                    yield Behaviors.same();
                }
                case Worker.Crash c -> throw new IllegalStateException(c.why());
                case Worker.Stop s -> Behaviors.stopped();
                case Worker.Get g -> {
                    g.replyTo().tell(count[0]);
                    yield Behaviors.same();
                }
            }).onSignal((c, signal) -> {
                switch (signal) {
                    case PreRestart p -> add("prerestart:" + name);
                    case PostStop p -> add("poststop:" + name);
                    default -> { }
                }
                return Behaviors.same();
            });
        });
    }

    /** A worker whose setup also spawns a child worker named {@code child}. */
    Behavior<Worker> workerWithChild(String name, String child) {
        return Behaviors.setup(ctx -> {
            ctx.spawn(worker(child), child);
            return worker(name);
        });
    }

    @Override
    public String toString() {
        return events.toString();
    }
}
