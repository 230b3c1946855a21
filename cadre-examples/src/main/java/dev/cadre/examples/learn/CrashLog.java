package dev.cadre.examples.learn;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.SupervisionEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Collects a system's crash reports ({@link ActorSystem#supervisionEvents()}) as one line each, so
 * a lesson can print them where they belong in its story. ({@code ./cadre learn} turns the
 * runtime's own crash log, which has stack traces, off.)
 */
final class CrashLog {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final ActorSystem system;
    private final ActorRef<SupervisionEvent> listener;

    CrashLog(ActorSystem system) {
        this.system = system;
        this.listener = system.spawnAnonymous(Behaviors.receiveMessage(e -> {
            lines.add(switch (e) {
                case SupervisionEvent.Failed f -> "[crash report] " + f.actor().path() + " failed on "
                        + simpleName(f.messageType()) + ": " + f.cause();
                case SupervisionEvent.Restarted r -> "[crash report] " + r.actor().path() + " restarted ("
                        + r.restarts() + (r.restarts() == 1 ? " restart" : " restarts") + " so far)";
            });
            return Behaviors.same();
        }));
        system.supervisionEvents().subscribe(listener);
    }

    /** Waits until at least {@code n} lines have arrived (at most 10 s), then returns them all. */
    List<String> await(int n) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (lines.size() < n && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return List.copyOf(lines);
    }

    void close() {
        system.supervisionEvents().unsubscribe(listener);
        system.stop(listener);
    }

    private static String simpleName(String type) {
        int dot = Math.max(type.lastIndexOf('.'), type.lastIndexOf('$'));
        return dot < 0 ? type : type.substring(dot + 1);
    }
}
