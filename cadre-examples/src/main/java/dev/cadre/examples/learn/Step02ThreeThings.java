package dev.cadre.examples.learn;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.examples.learn.fromscratch.TinyActor;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Step 2: an actor is state + mailbox + behaviour. First a tiny one from scratch (driven by hand),
 * then the same counter in Cadre. Page: {@code docs/learn/02-three-things.md}.
 */
final class Step02ThreeThings {

    private Step02ThreeThings() {
    }

    // tag::tiny-counter[]
    /** The tiny counter's messages. The only way to read its state is to ask for it. */
    public sealed interface TinyCounterMsg {
        record Add(int n) implements TinyCounterMsg {
        }

        record Get(Consumer<Integer> replyTo) implements TinyCounterMsg {
        }
    }

    /** The behaviour: a pure function of (state, message) to the next state. */
    static Integer tinyCounter(Integer total, TinyCounterMsg msg) {
        return switch (msg) {
            case TinyCounterMsg.Add a -> total + a.n();
            case TinyCounterMsg.Get g -> {
                g.replyTo().accept(total);
                yield total;
            }
        };
    }
    // end::tiny-counter[]

    /** What the hand-driven run observed. */
    public record TinyRun(int pendingAfterTells, List<Integer> repliesBeforeProcessing, List<Integer> repliesAfter,
            int processed) {
    }

    // tag::tiny-run[]
    /** Tells three Adds and a Get, then processes them one at a time, by hand. */
    public static TinyRun tinyRun() {
        List<Integer> replies = new ArrayList<>();
        TinyActor<Integer, TinyCounterMsg> counter = new TinyActor<>(0, Step02ThreeThings::tinyCounter);
        counter.tell(new TinyCounterMsg.Add(1));
        counter.tell(new TinyCounterMsg.Add(2));
        counter.tell(new TinyCounterMsg.Add(3));
        counter.tell(new TinyCounterMsg.Get(replies::add));
        int pending = counter.pending();               // 4: all waiting, nothing has happened yet
        List<Integer> before = List.copyOf(replies);   // []: the Get has not been processed
        int processed = 0;
        while (counter.processOne()) {                 // one message at a time, oldest first
            processed++;
        }
        return new TinyRun(pending, before, List.copyOf(replies), processed);  // replies: [6]
    }
    // end::tiny-run[]

    // tag::cadre-counter[]
    /** Cadre's counter: the same three things, with the runtime providing mailbox and loop. */
    public sealed interface Counter {
        record Add(int n) implements Counter {
        }

        record Get(ActorRef<Integer> replyTo) implements Counter {
        }
    }

    /** The state is the parameter; the behaviour returns the behaviour for the next message. */
    public static Behavior<Counter> counter(int total) {
        return Behaviors.receive((ctx, msg) -> switch (msg) {
            case Counter.Add a -> counter(total + a.n());     // new state = new behaviour
            case Counter.Get g -> {
                g.replyTo().tell(total);
                yield Behaviors.same();                        // state unchanged
            }
        });
    }
    // end::cadre-counter[]

    // tag::cadre-run[]
    /** The same messages to Cadre's counter: the runtime delivers them, one at a time, in order. */
    public static int cadreRun(ActorSystem system) {
        ActorRef<Counter> counter = system.spawnAnonymous(counter(0));
        counter.tell(new Counter.Add(1));
        counter.tell(new Counter.Add(2));
        counter.tell(new Counter.Add(3));
        int total = counter.<Integer>ask(Counter.Get::new, Duration.ofSeconds(5)).join();   // 6
        system.stop(counter);
        return total;
    }
    // end::cadre-run[]

    /**
     * Narrates both runs.
     *
     * @param out where to narrate
     * @return whether both counters reached 6, the tiny one only once its messages were processed
     */
    public static boolean narrate(PrintStream out) {
        out.println("A tiny actor from scratch: three fields (state, mailbox, behaviour), no threads yet.");
        out.println("We tell it Add(1), Add(2), Add(3), Get(replyTo), then process its mailbox by hand:");
        TinyRun t = tinyRun();
        out.printf("  after the four tells: %d messages pending, replies so far %s (nothing has happened)%n",
                t.pendingAfterTells(), t.repliesBeforeProcessing());
        out.printf("  after processing %d messages one by one: replies %s%n", t.processed(), t.repliesAfter());
        out.println();
        out.println("Cadre's counter: the same three things; the runtime owns the mailbox and runs the loop.");
        int cadre;
        try (ActorSystem system = ActorSystem.create("step2")) {
            cadre = cadreRun(system);
        }
        out.printf("  Add(1), Add(2), Add(3), then ask Get: %d%n", cadre);
        return t.pendingAfterTells() == 4 && t.repliesBeforeProcessing().isEmpty()
                && t.repliesAfter().equals(List.of(6)) && cadre == 6;
    }
}
