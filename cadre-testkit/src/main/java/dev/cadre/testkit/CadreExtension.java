package dev.cadre.testkit;

import dev.cadre.actor.ActorSystem;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.jspecify.annotations.Nullable;

/**
 * JUnit 5 extension: one {@link ActorTestKit} per test class, started before the first test and
 * closed (every actor stopped) after the last. Test methods and constructors may declare an
 * {@link ActorTestKit} or {@link ActorSystem} parameter to receive it.
 *
 * <pre>{@code
 * @ExtendWith(CadreExtension.class)
 * class CounterTest {
 *     @Test void counts(ActorTestKit kit) { ... }
 * }
 * // or, to reach the kit from fields and @BeforeEach:
 * @RegisterExtension static final CadreExtension cadre = new CadreExtension();
 * // or, for a deterministic kit (every actor on the test's thread, virtual time):
 * @ExtendWith(CadreExtension.class)
 * @CadreExtension.Deterministic(seed = 7)
 * class TimeoutTest { ... }
 * }</pre>
 */
public final class CadreExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    /**
     * On a test class: the kit is deterministic ({@link ActorTestKit#deterministic(long)}), shared
     * by the class's tests, which JUnit runs one after another on one thread.
     */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE)
    @java.lang.annotation.Documented
    public @interface Deterministic {
        /** {@return the seed} */
        long seed() default 1;
    }

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(CadreExtension.class);

    private @Nullable ActorTestKit registered;

    /** Creates the extension (JUnit does this for {@code @ExtendWith}). */
    public CadreExtension() {
    }

    /**
     * The kit of the running test class, when registered with {@code @RegisterExtension}.
     *
     * @return the kit
     * @throws IllegalStateException before the test class has started
     */
    public ActorTestKit kit() {
        if (registered == null) {
            throw new IllegalStateException("the CadreExtension kit exists only while the test class runs; "
                    + "register the extension as a static field");
        }
        return registered;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Deterministic d = context.getRequiredTestClass().getAnnotation(Deterministic.class);
        ActorTestKit kit = d == null ? ActorTestKit.create(systemName(context))
                : ActorTestKit.deterministic(DeterministicConfig.seed(d.seed()).withName(systemName(context)));
        context.getStore(NS).put(ActorTestKit.class, kit);
        registered = kit;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ActorTestKit kit = context.getStore(NS).remove(ActorTestKit.class, ActorTestKit.class);
        registered = null;
        if (kit != null) {
            kit.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        Class<?> type = p.getParameter().getType();
        return type == ActorTestKit.class || type == ActorSystem.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        ActorTestKit kit = find(e);
        return p.getParameter().getType() == ActorSystem.class ? kit.system() : kit;
    }

    private static ActorTestKit find(ExtensionContext e) {
        for (ExtensionContext c = e; c != null; c = c.getParent().orElse(null)) {
            ActorTestKit kit = c.getStore(NS).get(ActorTestKit.class, ActorTestKit.class);
            if (kit != null) {
                return kit;
            }
        }
        throw new IllegalStateException("no ActorTestKit: CadreExtension must be registered on the test class");
    }

    private static String systemName(ExtensionContext context) {
        String n = context.getRequiredTestClass().getSimpleName().replaceAll("[^A-Za-z0-9_-]", "-");
        return n.isEmpty() ? "test" : n;
    }
}
