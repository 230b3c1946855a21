package dev.cadre.observe.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import org.jspecify.annotations.Nullable;

/**
 * The JFR event types Cadre records (category "Cadre" in JDK Mission Control). Stack traces are
 * off: they would show the runtime's publishing thread, not the actor's failure.
 */
final class Events {
    // A String field of an event is null until it is set (JFR records null as an empty value).

    private Events() {
    }

    @Name("dev.cadre.ActorFailed")
    @Label("Actor Failed")
    @Category({"Cadre", "Supervision"})
    @Description("An actor's handler (or setup) threw: a crash report")
    @StackTrace(false)
    static final class ActorFailed extends Event {
        @Label("Actor")
        @Nullable String actor;
        @Label("Message Type")
        @Nullable String messageType;
        @Label("Exception")
        @Nullable String exception;
        @Label("Exception Message")
        @Nullable String exceptionMessage;
        @Label("Restarts Before")
        int restarts;
    }

    @Name("dev.cadre.ActorRestarted")
    @Label("Actor Restarted")
    @Category({"Cadre", "Supervision"})
    @Description("An actor was restarted in place (fresh state, same ref, mailbox kept)")
    @StackTrace(false)
    static final class ActorRestarted extends Event {
        @Label("Actor")
        @Nullable String actor;
        @Label("Restarts")
        int restarts;
    }

    @Name("dev.cadre.ActorStopped")
    @Label("Actor Stopped")
    @Category({"Cadre", "Lifecycle"})
    @Description("An actor stopped, normally or with a failure")
    @StackTrace(false)
    static final class ActorStopped extends Event {
        @Label("Actor")
        @Nullable String actor;
        @Label("Failed")
        boolean failed;
        @Label("Failure")
        @Nullable String failure;
    }

    @Name("dev.cadre.DeadLetter")
    @Label("Dead Letter")
    @Category({"Cadre", "Messages"})
    @Description("A message that was not delivered, with the reason")
    @StackTrace(false)
    static final class DeadLetter extends Event {
        @Label("Recipient")
        @Nullable String recipient;
        @Label("Reason")
        @Nullable String reason;
        @Label("Message Type")
        @Nullable String messageType;
    }

    @Name("dev.cadre.MailboxOverflow")
    @Label("Mailbox Overflow")
    @Category({"Cadre", "Messages"})
    @Description("A full bounded mailbox dropped or refused a message (also recorded as a dead letter)")
    @StackTrace(false)
    static final class MailboxOverflow extends Event {
        @Label("Actor")
        @Nullable String actor;
        @Label("Policy Outcome")
        @Nullable String reason;
        @Label("Message Type")
        @Nullable String messageType;
    }

    @Name("dev.cadre.LongMailbox")
    @Label("Long Mailbox")
    @Category({"Cadre", "Messages"})
    @Description("A mailbox reached the long-mailbox threshold, or recovered")
    @StackTrace(false)
    static final class LongMailbox extends Event {
        @Label("Actor")
        @Nullable String actor;
        @Label("Recovered")
        boolean recovered;
        @Label("Depth")
        int depth;
        @Label("Threshold")
        int threshold;
    }
}
