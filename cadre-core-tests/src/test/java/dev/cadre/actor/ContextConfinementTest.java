package dev.cadre.actor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.testkit.ActorTestKit;
import dev.cadre.testkit.TestProbe;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** An actor's context is confined to the thread running the actor: used elsewhere, it fails fast. */
class ContextConfinementTest {

    /** Runs {@code use} with the actor's context on another thread (after the handler returned). */
    private static Throwable useFromAnotherThread(java.util.function.Consumer<ActorContext<String>> use) {
        try (var kit = ActorTestKit.create()) {
            CompletableFuture<ActorContext<String>> leaked = new CompletableFuture<>();
            kit.spawn(Behaviors.<String>setup(ctx -> {
                leaked.complete(ctx); // a context escaping its actor: the mistake under test
                return Behaviors.ignore();
            }), "leaky");
            ActorContext<String> ctx = leaked.join();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread t = Thread.ofPlatform().name("not-the-actor").start(() -> {
                try {
                    use.accept(ctx);
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            return thrown.get();
        }
    }

    @Test
    void spawningThroughALeakedContextFailsNamingTheActorTheMethodAndTheThread() {
        Throwable e = useFromAnotherThread(ctx -> ctx.spawn(Behaviors.ignore(), "child"));
        assertThat(e).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ActorContext.spawn")
                .hasMessageContaining("/user/leaky")
                .hasMessageContaining("'not-the-actor'")
                .hasMessageContaining("pipeToSelf");
    }

    @Test
    void everyStatefulContextMethodIsChecked() {
        assertThat(useFromAnotherThread(ctx -> ctx.watch(ctx.self()))).isInstanceOf(IllegalStateException.class);
        assertThat(useFromAnotherThread(ActorContext::children)).isInstanceOf(IllegalStateException.class);
        assertThat(useFromAnotherThread(ctx -> ctx.messageAdapter(Integer.class, String::valueOf)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(useFromAnotherThread(ctx -> ctx.setReceiveTimeout(java.time.Duration.ofSeconds(1), "t")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(useFromAnotherThread(ActorContext::log)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void selfAndSystemAreImmutableAnswersAndWorkAnywhere() {
        assertThat(useFromAnotherThread(ctx -> {
            ctx.self().tell("still fine");
            ctx.system().name();
        })).isNull();
    }

    @Test
    void insideTheActorEveryMethodWorksOnWhicheverThreadRunsIt() {
        try (var kit = ActorTestKit.create()) {
            TestProbe<Integer> probe = kit.createTestProbe();
            ActorRef<String> a = kit.spawn(Behaviors.<String>receive((ctx, m) -> {
                ctx.spawnAnonymous(Behaviors.ignore());
                ctx.watch(ctx.children().get(0));
                ctx.log().debug("fine");
                probe.ref().tell(ctx.childCount());
                return Behaviors.same();
            }), "worker");
            for (int i = 1; i <= 3; i++) {
                a.tell("go"); // each activation may run on another pool thread
                probe.expectMessage(i);
            }
        }
    }
}
