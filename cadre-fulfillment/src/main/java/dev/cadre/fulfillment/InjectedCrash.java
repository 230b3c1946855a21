package dev.cadre.fulfillment;

/**
 * Thrown by a handler that the {@link FaultPlan} chose to crash, before the handler changed any
 * state. Carries no stack trace (it is cheap, and the trace would say nothing).
 */
public final class InjectedCrash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the crash injected at one message.
     *
     * @param site the actor that crashes
     * @param n which of its messages
     */
    public InjectedCrash(String site, long n) {
        super("injected crash in " + site + " at message #" + n, null, false, false);
    }
}
