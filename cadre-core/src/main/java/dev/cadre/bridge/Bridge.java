package dev.cadre.bridge;

import dev.cadre.actor.Behavior;

/**
 * INTERNAL API. The one door between the public API ({@code dev.cadre.actor}) and the runtime
 * ({@code dev.cadre.internal}), in both directions, so that neither names the other's classes:
 *
 * <ul>
 *   <li>the API asks the runtime for what only it can do ({@link RuntimeAccess}: create a system,
 *       an actor's timers, a supervisor...), implemented by {@code dev.cadre.internal.runtime} and
 *       found here by name;
 *   <li>the runtime reaches the package-private parts of the API ({@link ApiAccess}: the
 *       behaviours' hooks), installed here by {@code Behavior}'s static initialiser.
 * </ul>
 *
 * Neither this package nor {@code dev.cadre.internal} is exported: applications see neither.
 */
public final class Bridge {
    /** The runtime's implementation of {@link RuntimeAccess}: loaded by name, so the API does not import it. */
    private static final String RUNTIME = "dev.cadre.internal.runtime.RuntimeBridge";

    private static volatile ApiAccess api;

    private Bridge() {
    }

    /** Loaded on first use (the holder idiom), once. */
    private static final class RuntimeHolder {
        static final RuntimeAccess INSTANCE = load();

        private static RuntimeAccess load() {
            try {
                return Class.forName(RUNTIME).asSubclass(RuntimeAccess.class).getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new IllegalStateException("cadre-core is incomplete: cannot load " + RUNTIME, e);
            }
        }
    }

    /**
     * @return the runtime, as the API sees it
     */
    public static RuntimeAccess runtime() {
        return RuntimeHolder.INSTANCE;
    }

    /**
     * @return the API's package-private parts, as the runtime sees them (initialising {@code Behavior} if needed)
     */
    public static ApiAccess api() {
        ApiAccess a = api;
        if (a == null) {
            try {
                Class.forName(Behavior.class.getName(), true, Behavior.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            a = api;
        }
        return a;
    }

    /**
     * Called once, by {@code Behavior}'s static initialiser.
     *
     * @param access the hooks
     * @throws IllegalStateException if called again
     */
    public static void install(ApiAccess access) {
        if (api != null) {
            throw new IllegalStateException("the API hooks are installed already");
        }
        api = access;
    }
}
