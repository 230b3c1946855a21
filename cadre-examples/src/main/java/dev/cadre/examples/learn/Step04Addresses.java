package dev.cadre.examples.learn;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.DeadLetter;
import dev.cadre.actor.Directive;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Step 4: actors are addressed, not called. A caller holding an object is tied to its lifecycle;
 * a caller holding an {@link ActorRef} is not. Page: {@code docs/learn/04-addresses.md}.
 */
final class Step04Addresses {

    private Step04Addresses() {
    }

    // tag::called[]
    /** A service called directly: its lifecycle and its exceptions are the caller's problem. */
    public static final class PrinterService {
        private final List<String> printed = new ArrayList<>();
        private boolean closed;

        public synchronized void print(String page) {
            if (closed) {
                throw new IllegalStateException("printer closed");   // thrown in the caller's thread
            }
            printed.add(page);
        }

        public synchronized void close() {
            closed = true;
        }
    }

    /** A caller that prints two pages, with the printer closed (say, redeployed) in between. */
    public static String callDirectly() {
        PrinterService printer = new PrinterService();
        printer.print("page 1");
        printer.close();
        try {
            printer.print("page 2");
            return "printed";
        } catch (IllegalStateException e) {
            return "the caller got: " + e;                            // and must decide what now
        }
    }
    // end::called[]

    // tag::printer-actor[]
    /** What the printer understands. */
    public sealed interface PrinterMsg {
        record Print(String page) implements PrinterMsg {
        }

        record Printed(ActorRef<List<String>> replyTo) implements PrinterMsg {
        }
    }

    /** A printer that jams (throws) on a page named "jam"; its supervisor restarts it in place. */
    public static Behavior<PrinterMsg> printer() {
        Behavior<PrinterMsg> printer = Behaviors.setup(ctx -> {
            List<String> printed = new ArrayList<>();
            return Behaviors.receiveMessage(msg -> {
                switch (msg) {
                    case PrinterMsg.Print p when p.page().equals("jam") -> throw new IllegalStateException("paper jam");
                    case PrinterMsg.Print p -> printed.add(p.page());
                    case PrinterMsg.Printed p -> p.replyTo().tell(List.copyOf(printed));
                }
                return Behaviors.same();
            });
        });
        return Behaviors.supervise(printer).onFailure(Directive.restart());
    }
    // end::printer-actor[]

    /** What the addressed run observed. */
    public record AddressedRun(boolean lookupFoundTheSameRef, List<String> printedAfterRestart,
            String tellAfterStop, long deadLettersForTheStoppedPrinter) {
    }

    // tag::addressed[]
    /** A caller that only knows the printer's address. */
    public static AddressedRun addressed(ActorSystem system) {
        ActorRef<PrinterMsg> spawned = system.spawn(printer(), "printer");
        ActorRef<PrinterMsg> printer = system.<PrinterMsg>lookup("/user/printer").orElseThrow(); // by name
        printer.tell(new PrinterMsg.Print("page 1"));
        printer.tell(new PrinterMsg.Print("jam"));       // the printer crashes and is restarted in place
        printer.tell(new PrinterMsg.Print("page 2"));    // same ref, new incarnation: it just works
        List<String> printed = printer.<List<String>>ask(PrinterMsg.Printed::new, Duration.ofSeconds(5)).join();

        long before = system.deadLetters().count(DeadLetter.Reason.RECIPIENT_TERMINATED);
        system.stop(printer);
        awaitTerminated(system, printer);
        String outcome;
        try {
            printer.tell(new PrinterMsg.Print("page 3"));   // to a stopped actor: never throws
            outcome = "tell returned normally";
        } catch (RuntimeException e) {
            outcome = "tell threw " + e;
        }
        long deadLetters = system.deadLetters().count(DeadLetter.Reason.RECIPIENT_TERMINATED) - before;
        return new AddressedRun(printer.equals(spawned), printed, outcome, deadLetters);
    }
    // end::addressed[]

    private static void awaitTerminated(ActorSystem system, ActorRef<?> ref) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!system.metrics(ref).terminated()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(ref.path() + " did not stop");
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Narrates both runs.
     *
     * @param out where to narrate
     * @return whether the direct call threw at the caller and the addressed printer behaved as claimed
     */
    public static boolean narrate(PrintStream out) {
        out.println("Calling a printer object directly; it is closed between two pages:");
        String called = callDirectly();
        out.println("  " + called);
        out.println();
        out.println("Addressing a printer actor (found by its name, /user/printer):");
        AddressedRun run;
        List<String> crashes;
        try (ActorSystem system = ActorSystem.create("step4")) {
            CrashLog log = new CrashLog(system);
            run = addressed(system);
            crashes = log.await(2);
        }
        out.println("  lookup(\"/user/printer\") gives the same ref spawn returned: " + run.lookupFoundTheSameRef());
        out.println("  print page 1, jam, page 2:");
        crashes.forEach(c -> out.println("    " + c));
        out.println("  printed since the restart (fresh state, same ref): " + run.printedAfterRestart());
        out.println("  after the printer is stopped, tell(page 3): " + run.tellAfterStop());
        out.println("  page 3 became a dead letter (RECIPIENT_TERMINATED), counted: "
                + run.deadLettersForTheStoppedPrinter());
        return called.contains("IllegalStateException") && run.lookupFoundTheSameRef()
                && run.printedAfterRestart().equals(List.of("page 2"))
                && run.tellAfterStop().equals("tell returned normally") && run.deadLettersForTheStoppedPrinter() == 1;
    }
}
