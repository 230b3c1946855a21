package dev.cadre.fulfillment.payment;

/** The provider answered 500: the worker lets it crash. No stack trace (it would say nothing). */
public final class ProviderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the failure of one call.
     *
     * @param key the idempotency key of the failed call
     */
    public ProviderException(String key) {
        super("payment provider answered 500 for " + key, null, false, false);
    }
}
