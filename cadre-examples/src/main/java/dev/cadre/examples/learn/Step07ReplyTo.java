package dev.cadre.examples.learn;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.AskTimeoutException;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.DeadLetter;
import dev.cadre.examples.learn.fromscratch.MailboxActor;
import dev.cadre.examples.learn.fromscratch.TinyAsk;
import dev.cadre.examples.learn.fromscratch.TinyMailbox;
import dev.cadre.examples.learn.fromscratch.TinyRef;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * Step 7: reply-to turns fire-and-forget into request-response. {@code ask} from scratch in ten
 * lines, then Cadre's: timeouts, late replies, and asking from inside an actor without blocking.
 * Page: {@code docs/learn/07-reply-to.md}.
 */
final class Step07ReplyTo {

    private Step07ReplyTo() {
    }

    static final double ROOM = 21.5;

    // tag::tiny-thermometer[]
    /** The tiny thermometer's messages: a reading request carries the address for the answer. */
    public sealed interface TinyThermoMsg {
        record Read(TinyRef<Double> replyTo) implements TinyThermoMsg {
        }

        record StartCalibration() implements TinyThermoMsg {
        }

        record FinishCalibration() implements TinyThermoMsg {
        }
    }

    /** While calibrating, reads wait; they are all answered when calibration finishes. */
    record Thermo(boolean calibrating, List<TinyRef<Double>> waiting) {
    }

    static Thermo tinyThermometer(Thermo t, TinyThermoMsg msg) {
        return switch (msg) {
            case TinyThermoMsg.Read r when t.calibrating() -> {
                List<TinyRef<Double>> w = new ArrayList<>(t.waiting());
                w.add(r.replyTo());
                yield new Thermo(true, w);
            }
            case TinyThermoMsg.Read r -> {
                r.replyTo().tell(ROOM);
                yield t;
            }
            case TinyThermoMsg.StartCalibration s -> new Thermo(true, t.waiting());
            case TinyThermoMsg.FinishCalibration f -> {
                t.waiting().forEach(replyTo -> replyTo.tell(ROOM));
                yield new Thermo(false, List.of());
            }
        };
    }
    // end::tiny-thermometer[]

    /**
     * What the tiny run observed.
     *
     * @param reading the answer to a normal read
     * @param whileCalibrating what became of a read sent while calibrating, with a 100 ms timeout
     */
    public record TinyRun(double reading, String whileCalibrating) {
    }

    // tag::tiny-run[]
    /** Asks the tiny thermometer twice: once normally, once while it is calibrating. */
    public static TinyRun tinyRun() throws InterruptedException {
        try (var thermometer = new MailboxActor<>("thermometer", TinyMailbox.<TinyThermoMsg>fifo(),
                new Thermo(false, List.of()), Step07ReplyTo::tinyThermometer)) {
            double reading = TinyAsk.<TinyThermoMsg, Double>ask(thermometer, TinyThermoMsg.Read::new,
                    Duration.ofSeconds(5)).join();
            thermometer.tell(new TinyThermoMsg.StartCalibration());
            String outcome;
            try {
                TinyAsk.<TinyThermoMsg, Double>ask(thermometer, TinyThermoMsg.Read::new, Duration.ofMillis(100))
                        .join();
                outcome = "answered";
            } catch (CompletionException e) {
                outcome = e.getCause() instanceof TimeoutException ? "timed out" : String.valueOf(e.getCause());
            }
            thermometer.tell(new TinyThermoMsg.FinishCalibration());   // the late answer: silently ignored
            return new TinyRun(reading, outcome);
        }
    }
    // end::tiny-run[]

    // tag::thermometer[]
    /** Cadre's thermometer: the same protocol with {@link ActorRef}s. */
    public sealed interface ThermoMsg {
        record Read(ActorRef<Double> replyTo) implements ThermoMsg {
        }

        record StartCalibration() implements ThermoMsg {
        }

        record FinishCalibration() implements ThermoMsg {
        }
    }

    public static Behavior<ThermoMsg> thermometer() {
        return Behaviors.setup(ctx -> {
            List<ActorRef<Double>> waiting = new ArrayList<>();
            boolean[] calibrating = {false};
            return Behaviors.receiveMessage(msg -> {
                switch (msg) {
                    case ThermoMsg.Read r when calibrating[0] -> waiting.add(r.replyTo());
                    case ThermoMsg.Read r -> r.replyTo().tell(ROOM);
                    case ThermoMsg.StartCalibration s -> calibrating[0] = true;
                    case ThermoMsg.FinishCalibration f -> {
                        waiting.forEach(replyTo -> replyTo.tell(ROOM));
                        waiting.clear();
                        calibrating[0] = false;
                    }
                }
                return Behaviors.same();
            });
        });
    }
    // end::thermometer[]

    // tag::thermostat[]
    /** A thermostat asks the thermometer from inside an actor: the reply is just another message. */
    public sealed interface ThermostatMsg {
        record Check(ActorRef<String> replyTo) implements ThermostatMsg {
        }

        record Reading(double celsius) implements ThermostatMsg {
        }
    }

    public static Behavior<ThermostatMsg> thermostat(ActorRef<ThermoMsg> thermometer, double target) {
        return Behaviors.setup(ctx -> {
            // An address that accepts the thermometer's Double replies and delivers them to this
            // actor as Reading messages.
            ActorRef<Double> readings = ctx.messageAdapter(Double.class, ThermostatMsg.Reading::new);
            List<ActorRef<String>> waiting = new ArrayList<>();
            return Behaviors.receiveMessage(msg -> {
                switch (msg) {
                    case ThermostatMsg.Check c -> {
                        waiting.add(c.replyTo());
                        thermometer.tell(new ThermoMsg.Read(readings));   // no join(), no blocking
                    }
                    case ThermostatMsg.Reading r -> {
                        String decision = r.celsius() < target ? "heating on" : "heating off";
                        waiting.forEach(w -> w.tell(decision + " at " + r.celsius() + " C"));
                        waiting.clear();
                    }
                }
                return Behaviors.same();
            });
        });
    }
    // end::thermostat[]

    /**
     * What the Cadre run observed.
     *
     * @param reading the answer to a normal ask
     * @param timeoutMessage the message of the ask that timed out
     * @param lateReplies late replies that became dead letters
     * @param thermostat the thermostat's answer
     */
    public record CadreRun(double reading, String timeoutMessage, long lateReplies, String thermostat) {
    }

    // tag::cadre-run[]
    /** Cadre's ask: a normal read, a read that times out, its late reply, and the thermostat. */
    public static CadreRun cadreRun(ActorSystem system) {
        ActorRef<ThermoMsg> thermometer = system.spawn(thermometer(), "thermometer");
        double reading = thermometer.<Double>ask(ThermoMsg.Read::new, Duration.ofSeconds(5)).join();

        thermometer.tell(new ThermoMsg.StartCalibration());
        long lateBefore = system.deadLetters().count(DeadLetter.Reason.ASK_ALREADY_COMPLETED);
        String timeout = "answered";
        try {
            thermometer.<Double>ask(ThermoMsg.Read::new, Duration.ofMillis(100)).join();
        } catch (CompletionException e) {
            timeout = String.valueOf(e.getCause() instanceof AskTimeoutException t ? t.getMessage() : e.getCause());
        }
        thermometer.tell(new ThermoMsg.FinishCalibration());   // the late reply becomes a dead letter
        long late = awaitCount(system, DeadLetter.Reason.ASK_ALREADY_COMPLETED, lateBefore + 1) - lateBefore;

        ActorRef<ThermostatMsg> thermostat = system.spawn(thermostat(thermometer, 20.0), "thermostat");
        String decision = thermostat.<String>ask(ThermostatMsg.Check::new, Duration.ofSeconds(5)).join();
        system.stop(thermostat);
        system.stop(thermometer);
        return new CadreRun(reading, timeout, late, decision);
    }
    // end::cadre-run[]

    private static long awaitCount(ActorSystem system, DeadLetter.Reason reason, long atLeast) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long n;
        while ((n = system.deadLetters().count(reason)) < atLeast && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return n;
    }

    /**
     * Narrates both runs.
     *
     * @param out where to narrate
     * @return whether every claim held
     */
    public static boolean narrate(PrintStream out) throws InterruptedException {
        out.println("The tiny thermometer, asked with TinyAsk (a future, a temporary reply-to, a timeout):");
        TinyRun tiny = tinyRun();
        out.println("  a normal read: " + tiny.reading() + " C");
        out.println("  a read while calibrating, 100 ms timeout: " + tiny.whileCalibrating()
                + " (the late answer completes nothing and vanishes without a trace)");
        out.println();
        out.println("Cadre's ask, on the same protocol:");
        CadreRun cadre;
        try (ActorSystem system = ActorSystem.create("step7")) {
            cadre = cadreRun(system);
        }
        out.println("  a normal read: " + cadre.reading() + " C");
        out.println("  a read while calibrating, 100 ms timeout: " + cadre.timeoutMessage());
        out.println("  its late reply: " + cadre.lateReplies() + " dead letter (ASK_ALREADY_COMPLETED), counted");
        out.println("  the thermostat, asking from inside an actor through a message adapter: " + cadre.thermostat());
        return tiny.reading() == ROOM && tiny.whileCalibrating().equals("timed out") && cadre.reading() == ROOM
                && cadre.timeoutMessage().contains("/user/thermometer") && cadre.timeoutMessage().contains("Read")
                && cadre.lateReplies() == 1 && cadre.thermostat().equals("heating off at 21.5 C");
    }
}
