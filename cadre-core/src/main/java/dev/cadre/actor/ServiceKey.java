package dev.cadre.actor;

import java.util.Objects;

/**
 * The name of a service in the {@link Receptionist}: a string and the type of message its actors
 * accept, so that what is found under the key comes back typed. Two keys are equal when both parts
 * are.
 *
 * <pre>{@code
 * static final ServiceKey<PaymentMsg> PAYMENTS = ServiceKey.of(PaymentMsg.class, "payments");
 * }</pre>
 *
 * @param type the message type of the registered actors
 * @param id the service's name
 * @param <T> the message type
 */
public record ServiceKey<T>(Class<T> type, String id) {

    /**
     * Validates the key.
     *
     * @param type not null
     * @param id not blank
     * @throws IllegalArgumentException if the id is blank
     */
    public ServiceKey {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("a service key's id must not be blank");
        }
    }

    /**
     * A key.
     *
     * @param type the message type of the registered actors
     * @param id the service's name
     * @param <T> the message type
     * @return the key
     */
    public static <T> ServiceKey<T> of(Class<T> type, String id) {
        return new ServiceKey<>(type, id);
    }

    @Override
    public String toString() {
        return "ServiceKey[" + id + ": " + type.getSimpleName() + "]";
    }
}
