package dev.cadre.testkit;

import java.time.Duration;

/**
 * The exception a {@link Faults} crash throws in place of a handler (or a signal handler).
 */
public final class InjectedFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the failure an injected fault throws.
     *
     * @param message what was injected, where
     */
    public InjectedFault(String message) {
        super("injected fault: " + message, null, false, false);
    }

    /**
     * One injection, as logged ({@link ActorTestKit#injectedFaults()}).
     *
     * @param index its number in the run (0, 1, 2, ...)
     * @param rule the rule that injected it
     * @param path the actor
     * @param messageNumber which message of that actor (from 1; 0 for a signal)
     * @param what the class of the message or signal
     * @param at the virtual time
     * @param applied false if the run was told to leave it out ({@link Faults#skipping})
     */
    @SuppressWarnings("JavaLangClash") // always read qualified, InjectedFault.Record; a rename would break callers
    public record Record(int index, String rule, String path, long messageNumber, String what, Duration at,
            boolean applied) {
    }
}
