package dev.cadre.observe.jfr;

import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.DeadLetter;
import dev.cadre.actor.Introspection;
import dev.cadre.actor.SupervisionEvent;
import dev.cadre.actor.Terminated;
import dev.cadre.observe.MailboxAlert;
import dev.cadre.observe.Observer;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import jdk.jfr.Recording;
import org.jspecify.annotations.Nullable;

/**
 * Records an actor system's life as JDK Flight Recorder events, visible in JDK Mission Control
 * under "Cadre": {@code dev.cadre.ActorFailed}, {@code dev.cadre.ActorRestarted},
 * {@code dev.cadre.ActorStopped}, {@code dev.cadre.DeadLetter}, {@code dev.cadre.MailboxOverflow}
 * (a full mailbox dropped or refused a message) and, with an {@link Observer},
 * {@code dev.cadre.LongMailbox}.
 *
 * <pre>{@code
 * try (var events = FlightRecorderEvents.install(system)) {   // and run with -XX:StartFlightRecording
 *     ...
 * }
 * }</pre>
 *
 * <p>Events are committed on the thread that publishes them (see
 * {@link dev.cadre.actor.EventTopic#addListener}); when no recording has them enabled, a listener
 * costs one check. A blocking mailbox's timeout is not a dead letter (the sender gets a
 * {@link dev.cadre.actor.MailboxFullException}), so it is not an event here; the actor's
 * {@code dropped} counter counts it.
 */
public final class FlightRecorderEvents implements AutoCloseable {

    /** The names of Cadre's event types, for {@link Recording#enable(String)}. */
    public static final List<String> EVENT_NAMES = List.of("dev.cadre.ActorFailed", "dev.cadre.ActorRestarted",
            "dev.cadre.ActorStopped", "dev.cadre.DeadLetter", "dev.cadre.MailboxOverflow", "dev.cadre.LongMailbox");

    private final ActorSystem system;
    private final @Nullable Observer observer;
    private final Consumer<SupervisionEvent> onCrash = FlightRecorderEvents::supervision;
    private final Consumer<DeadLetter> onDeadLetter = FlightRecorderEvents::deadLetter;
    private final Consumer<Terminated> onStop = FlightRecorderEvents::stopped;
    private final Consumer<MailboxAlert> onAlert = FlightRecorderEvents::longMailbox;

    private FlightRecorderEvents(ActorSystem system, @Nullable Observer observer) {
        this.system = system;
        this.observer = observer;
        system.supervisionEvents().addListener(onCrash);
        system.deadLetters().addListener(onDeadLetter);
        Introspection.of(system).terminations().addListener(onStop);
        if (observer != null) {
            observer.addMailboxListener(onAlert);
        }
    }

    /**
     * Records failures, restarts, stops, dead letters and overflows of {@code system}.
     *
     * @param system the system
     * @return the installation; close it to stop
     */
    public static FlightRecorderEvents install(ActorSystem system) {
        return new FlightRecorderEvents(Objects.requireNonNull(system, "system"), null);
    }

    /**
     * As {@link #install(ActorSystem)} for the observer's system, plus its long-mailbox alerts.
     *
     * @param observer the observer
     * @return the installation; close it to stop
     */
    public static FlightRecorderEvents install(Observer observer) {
        Objects.requireNonNull(observer, "observer");
        return new FlightRecorderEvents(observer.system(), observer);
    }

    /**
     * Starts a recording with the JDK's default settings plus every Cadre event, to be written
     * to {@code file} when it is closed or stopped ({@link Recording#stop()} then
     * {@link Recording#close()}); for {@code ./cadre demo --jfr FILE}.
     *
     * @param file where to write it
     * @return the running recording
     * @throws java.io.IOException if the file cannot be set as the destination
     * @throws java.text.ParseException never for the JDK's own settings
     */
    public static Recording startRecording(Path file) throws java.io.IOException, java.text.ParseException {
        Recording r = new Recording(jdk.jfr.Configuration.getConfiguration("default"));
        for (String name : EVENT_NAMES) {
            r.enable(name);
        }
        r.setName("cadre");
        r.setToDisk(true);
        r.setDestination(file);
        r.start();
        return r;
    }

    /** Stops recording this system's events. */
    @Override
    public void close() {
        system.supervisionEvents().removeListener(onCrash);
        system.deadLetters().removeListener(onDeadLetter);
        Introspection.of(system).terminations().removeListener(onStop);
        if (observer != null) {
            observer.removeMailboxListener(onAlert);
        }
    }

    private static void supervision(SupervisionEvent e) {
        switch (e) {
            case SupervisionEvent.Failed f -> {
                Events.ActorFailed ev = new Events.ActorFailed();
                if (ev.isEnabled()) {
                    ev.actor = f.actor().path();
                    ev.messageType = f.messageType();
                    ev.exception = f.cause().getClass().getName();
                    ev.exceptionMessage = f.cause().getMessage();
                    ev.restarts = f.restarts();
                    ev.commit();
                }
            }
            case SupervisionEvent.Restarted r -> {
                Events.ActorRestarted ev = new Events.ActorRestarted();
                if (ev.isEnabled()) {
                    ev.actor = r.actor().path();
                    ev.restarts = r.restarts();
                    ev.commit();
                }
            }
        }
    }

    private static void deadLetter(DeadLetter d) {
        Events.DeadLetter ev = new Events.DeadLetter();
        if (ev.isEnabled()) {
            ev.recipient = d.recipient().path();
            ev.reason = d.reason().name();
            ev.messageType = d.message().getClass().getName();
            ev.commit();
        }
        if (d.reason() == DeadLetter.Reason.DROPPED_NEWEST || d.reason() == DeadLetter.Reason.DROPPED_OLDEST
                || d.reason() == DeadLetter.Reason.REJECTED) {
            Events.MailboxOverflow o = new Events.MailboxOverflow();
            if (o.isEnabled()) {
                o.actor = d.recipient().path();
                o.reason = d.reason().name();
                o.messageType = d.message().getClass().getName();
                o.commit();
            }
        }
    }

    private static void stopped(Terminated t) {
        Events.ActorStopped ev = new Events.ActorStopped();
        if (ev.isEnabled()) {
            ev.actor = t.ref().path();
            ev.failed = t.failed();
            ev.failure = t.failure() == null ? null : t.failure().toString();
            ev.commit();
        }
    }

    private static void longMailbox(MailboxAlert a) {
        Events.LongMailbox ev = new Events.LongMailbox();
        if (ev.isEnabled()) {
            ev.actor = a.path();
            ev.recovered = a.kind() == MailboxAlert.Kind.RECOVERED;
            ev.depth = a.depth();
            ev.threshold = a.threshold();
            ev.commit();
        }
    }
}
