package dev.cadre.examples.learn;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code ./cadre learn}: lists the fourteen steps of the learning path; {@code ./cadre learn N}
 * runs step N's example and narrates what happens. Each step has a page,
 * {@code docs/learn/NN-slug.md}, whose title is the step's title here ({@code LearnTest} checks
 * that they agree).
 */
public final class Learn {

    private Learn() {
    }

    /** One lesson's example: narrates a run and says whether the lesson's claim held. */
    @FunctionalInterface
    public interface Lesson {
        /**
         * Runs the example, printing what happens.
         *
         * @param out where to narrate
         * @return whether everything the lesson claims held in this run
         * @throws Exception if the example could not run
         */
        boolean narrate(PrintStream out) throws Exception;
    }

    /**
     * A step of the path.
     *
     * @param number 1 to 14
     * @param slug the page's file name without number and extension
     * @param title the page's title
     * @param lesson the runnable example
     */
    public record Step(int number, String slug, String title, Lesson lesson) {
        /**
         * The page, relative to the repository root.
         *
         * @return e.g. {@code docs/learn/01-shared-state.md}
         */
        public String page() {
            return "docs/learn/%02d-%s.md".formatted(number, slug);
        }
    }

    /** The path, in order. */
    public static final List<Step> STEPS = List.of(
            new Step(1, "shared-state", "Shared memory is the concurrency bug, not the solution",
                    Step01SharedState::narrate),
            new Step(2, "three-things", "An actor is exactly three things: state, mailbox, behaviour",
                    Step02ThreeThings::narrate),
            new Step(3, "messages-are-facts", "A message is a fact; a method call is a request",
                    Step03MessagesAreFacts::narrate),
            new Step(4, "addresses", "Actors are addressed, not called, and that changes everything",
                    Step04Addresses::narrate),
            new Step(5, "the-loop", "An actor is a loop that reads a queue and updates state",
                    Step05TheLoop::narrate),
            new Step(6, "the-mailbox", "The mailbox is the contract; everything else is implementation",
                    Step06TheMailbox::narrate),
            new Step(7, "reply-to", "Reply-to turns fire-and-forget into request-response",
                    Step07ReplyTo::narrate),
            new Step(8, "one-actor-per-concept", "One actor per concept: scale the graph, not the actor",
                    Step08OneActorPerConcept::narrate),
            new Step(9, "spawn-and-link", "Actors spawn actors, and links make crashes propagate",
                    Step09SpawnAndLink::narrate),
            new Step(10, "let-it-crash", "Your payment worker just got a 500 from the provider: the handler crashes, "
                    + "the supervisor restarts", Step10LetItCrash::narrate),
            new Step(11, "strategies", "One of 100 upload workers crashed on a corrupt file: match the strategy "
                    + "to the coupling", Step11Strategies::narrate),
            new Step(12, "single-writer", "Two services share a profile cache behind a distributed lock: make one "
                    + "actor the single writer", Step12SingleWriter::narrate),
            new Step(13, "backpressure", "An ingestion pipeline has a 1M-deep mailbox: bound it, and block or "
                    + "drop explicitly", Step13Backpressure::narrate),
            new Step(14, "fulfilment", "Model an order-fulfilment workflow as a running actor graph",
                    Step14Fulfilment::narrate));

    /**
     * Lists the steps, or runs one.
     *
     * @param args none to list, or a step number
     * @throws Exception if the example could not run
     */
    public static void main(String[] args) throws Exception {
        // The lessons crash actors on purpose and print one-line crash reports where they belong in
        // the story; the runtime's own crash log (with stack traces) would drown them. Turn it back on with
        // -Dorg.slf4j.simpleLogger.log.dev.cadre.actor=info (CADRE_JAVA_OPTS for ./cadre learn).
        for (String logger : new String[] {"dev.cadre.actor", "dev.cadre.supervisor"}) {
            if (System.getProperty("org.slf4j.simpleLogger.log." + logger) == null) {
                System.setProperty("org.slf4j.simpleLogger.log." + logger, "off");
            }
        }
        System.exit(run(args, System.out, System.err));
    }

    /**
     * What {@link #main} does, with the exit code returned instead.
     *
     * @param args none to list, or a step number
     * @param out where to narrate
     * @param err where errors go
     * @return 0 if the step's claims held (or the list was printed), 1 if not, 2 for bad arguments
     * @throws Exception if the example could not run
     */
    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0) {
            list(out);
            return 0;
        }
        if (args.length > 1) {
            err.println("cadre learn: expected one step number, got " + args.length + " arguments");
            return 2;
        }
        int n;
        try {
            n = Integer.parseInt(args[0]);
        } catch (NumberFormatException e) {
            err.println("cadre learn: '" + args[0] + "' is not a step number (1-" + STEPS.size() + ")");
            return 2;
        }
        if (n < 1 || n > STEPS.size()) {
            err.println("cadre learn: there is no step " + n + " (the steps are 1-" + STEPS.size() + ")");
            return 2;
        }
        Step step = STEPS.get(n - 1);
        out.println("Step " + step.number() + ". " + step.title());
        out.println("(read along: " + step.page() + ")");
        out.println();
        boolean held = step.lesson().narrate(out);
        out.println();
        if (held) {
            out.println("Step " + n + ": everything the lesson claims held in this run.");
        } else {
            out.println("Step " + n + ": a claim of the lesson did NOT hold in this run (see above).");
        }
        if (n < STEPS.size()) {
            out.println("Next: ./cadre learn " + (n + 1) + "  (" + STEPS.get(n).title() + ")");
        }
        return held ? 0 : 1;
    }

    private static void list(PrintStream out) {
        out.println("The Cadre learning path: fourteen steps, each a page, a runnable example and a test.");
        out.println("Start at docs/README.md; run a step's example with ./cadre learn N.");
        out.println();
        for (Step s : STEPS) {
            out.printf("%3d. %s%n     %s%n", s.number(), s.title(), s.page());
        }
    }
}
