package dev.cadre.examples.learn;

import dev.cadre.actor.AbstractBehavior;
import dev.cadre.actor.ActorContext;
import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.DeadLetter;
import dev.cadre.actor.ExitSignal;
import dev.cadre.actor.PostStop;
import dev.cadre.actor.Signal;
import dev.cadre.actor.Terminated;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Step 9: actors spawn actors, and links make crashes propagate. A session spawns its connection;
 * when the connection crashes, an unlinked session lives on uselessly, a linked one fails with it,
 * and one that traps exits reconnects. Page: {@code docs/learn/09-spawn-and-link.md}.
 */
final class Step09SpawnAndLink {

    private Step09SpawnAndLink() {
    }

    /** How the session relates to its connection. */
    public enum Mode {
        /** Parent and child, nothing more. */
        NONE,
        /** Linked: the connection's crash fails the session too. */
        LINK,
        /** Linked, trapping exits: the crash arrives as an {@link ExitSignal}. */
        TRAP
    }

    // tag::connection[]
    /** A connection to a payment gateway. The gateway resets it on a message it does not like. */
    static Behavior<String> connection(String name, List<String> events) {
        return Behaviors.<String>receiveMessage(payload -> {
            if (payload.equals("bad request")) {
                throw new IllegalStateException("connection reset by peer");
            }
            events.add(name + " sent '" + payload + "'");
            return Behaviors.same();
        }).onSignal((ctx, signal) -> {
            if (signal instanceof PostStop) {
                events.add(name + " stopped");
            }
            return Behaviors.same();
        });
    }
    // end::connection[]

    // tag::session[]
    /** What a session understands: a payload to send through its connection. */
    public record Send(String payload) {
    }

    /** A checkout session. It spawns its connection as a child, and links to it unless mode is NONE. */
    static final class Session extends AbstractBehavior<Send> {
        private final Mode mode;
        private final List<String> events;
        private ActorRef<String> connection;
        private int attempts = 1;

        Session(ActorContext<Send> ctx, Mode mode, List<String> events) {
            super(ctx);
            this.mode = mode;
            this.events = events;
            if (mode == Mode.TRAP) {
                ctx.trapExits(true);   // a linked actor's exit arrives as an ExitSignal, not as a failure
            }
            connection = connect();
        }

        private ActorRef<String> connect() {
            String name = "connection-" + attempts;
            ActorRef<String> c = context().spawn(connection(name, events), name);   // a child
            if (mode != Mode.NONE) {
                context().link(c);   // both ways: if either fails, the other learns of it
            }
            events.add("session spawned " + c.path());
            return c;
        }

        @Override
        public Behavior<Send> receive(Send send) {
            connection.tell(send.payload());
            return this;
        }

        @Override
        public Behavior<Send> receiveSignal(Signal signal) {
            switch (signal) {
                case ExitSignal exit when exit.failed() -> {
                    events.add("session got an exit signal: " + exit.from().name() + " failed");
                    attempts++;
                    connection = connect();   // reconnect
                }
                case PostStop stop -> events.add("session stopped");
                default -> {
                }
            }
            return this;
        }
    }

    static Behavior<Send> session(Mode mode, List<String> events) {
        return Behaviors.setup(ctx -> new Session(ctx, mode, events));
    }
    // end::session[]

    /**
     * What happened to the session.
     *
     * @param events what the actors recorded, in order
     * @param sessionAlive whether the session was still running at the end (before it was stopped)
     * @param sessionFailure why the session stopped if it failed; {@code null} if it did not fail
     * @param deadLetters messages that reached a dead connection
     */
    public record Outcome(List<String> events, boolean sessionAlive, @Nullable String sessionFailure,
            long deadLetters) {
    }

    // tag::scenario[]
    /** Sends "hello", then a bad request that crashes the connection, then "again"; then stops it all. */
    public static Outcome scenario(ActorSystem system, Mode mode) {
        List<String> events = new CopyOnWriteArrayList<>();
        CompletableFuture<Terminated> ended = new CompletableFuture<>();
        ActorRef<Send> session = system.spawn(session(mode, events), "session-" + mode.name().toLowerCase(Locale.ROOT));
        CompletableFuture<Void> watching = new CompletableFuture<>();
        system.spawnAnonymous(Behaviors.<Void>setup(ctx -> {   // a watcher, to learn how the session ends
            ctx.watch(session);
            watching.complete(null);
            return Behaviors.<Void>receiveSignal((c, s) -> {
                if (s instanceof Terminated t) {
                    ended.complete(t);
                }
                return Behaviors.same();
            });
        }));
        watching.join(); // watch before the crash: a watch of an actor already gone only learns "no such actor"
        long deadBefore = system.deadLetters().count(DeadLetter.Reason.RECIPIENT_TERMINATED);

        session.tell(new Send("hello"));
        session.tell(new Send("bad request"));   // connection-1 crashes
        Await.until("the crash to play out", () -> switch (mode) {
            case NONE -> events.contains("connection-1 stopped");
            case LINK -> ended.isDone();
            case TRAP -> events.contains("session spawned /user/session-trap/connection-2");
        });
        session.tell(new Send("again"));
        boolean alive = !ended.isDone();
        if (alive) {
            Await.until("'again' to be handled", () -> events.contains("connection-2 sent 'again'")
                    || system.deadLetters().count(DeadLetter.Reason.RECIPIENT_TERMINATED) > deadBefore);
        }
        long dead = system.deadLetters().count(DeadLetter.Reason.RECIPIENT_TERMINATED) - deadBefore;
        if (alive) {
            events.add("(we stop the session)");
        }
        system.stop(session);                      // stops its children first
        Terminated t = ended.join();
        return new Outcome(List.copyOf(events), alive, t.cause().map(Throwable::getMessage).orElse(null), dead);
    }
    // end::scenario[]

    /**
     * Narrates the three runs.
     *
     * @param out where to narrate
     * @return whether each mode behaved as the lesson says
     */
    public static boolean narrate(PrintStream out) {
        Outcome none;
        Outcome link;
        Outcome trap;
        try (ActorSystem system = ActorSystem.create("step9")) {
            none = scenario(system, Mode.NONE);
            link = scenario(system, Mode.LINK);
            trap = scenario(system, Mode.TRAP);
        }
        out.println("A session spawns its connection; we send 'hello', then a bad request (the connection");
        out.println("crashes), then 'again'.");
        print(out, "No link (parent and child only)", none);
        out.println("  -> the session lives on with a dead connection: 'again' is a dead letter, and nobody is told.");
        print(out, "Linked", link);
        out.println("  -> the connection's crash failed the session too: nothing half-alive is left behind.");
        print(out, "Linked, trapping exits", trap);
        out.println("  -> the session learned of the crash as a signal and reconnected.");
        return ok(none, link, trap);
    }

    static boolean ok(Outcome none, Outcome link, Outcome trap) {
        return none.sessionAlive() && none.deadLetters() == 1 && none.sessionFailure() == null
                && !link.sessionAlive() && link.sessionFailure() != null
                && link.sessionFailure().contains("connection-1")
                && trap.sessionAlive() && trap.deadLetters() == 0 && trap.events().contains("connection-2 sent 'again'")
                && trap.events().indexOf("connection-2 stopped") < trap.events().indexOf("session stopped");
    }

    private static void print(PrintStream out, String title, Outcome o) {
        out.println();
        out.println(title + ":");
        o.events().forEach(e -> out.println("  " + e));
        out.println("  session " + (o.sessionAlive() ? "was still running" : "had stopped")
                + (o.sessionFailure() == null ? "" : ", failed: " + o.sessionFailure())
                + "; dead letters: " + o.deadLetters());
    }
}
