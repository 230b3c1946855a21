package dev.cadre.bench.versus;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * A running Pekko typed system whose guardian is {@link SpawnProtocol} (the documented way to
 * spawn top-level actors from outside a typed system), with {@link PekkoContestant#CONFIG};
 * closing it terminates the system and waits.
 */
public final class PekkoSystem implements AutoCloseable {
    private final ActorSystem<SpawnProtocol.Command> system =
            ActorSystem.create(SpawnProtocol.create(), "bench", PekkoContestant.CONFIG);

    /** Starts a system named {@code bench}; {@link #close()} terminates it and waits. */
    public PekkoSystem() {
    }

    /** {@return the system} */
    public ActorSystem<SpawnProtocol.Command> system() {
        return system;
    }

    /**
     * Spawns a top-level actor and waits for its ref.
     *
     * @param behavior its behaviour
     * @param name its name
     * @param props its props
     * @param <T> its message type
     * @return its ref
     * @throws Exception if the spawn fails or takes over a minute
     */
    public <T> ActorRef<T> spawn(Behavior<T> behavior, String name, Props props) throws Exception {
        return AskPattern.<SpawnProtocol.Command, ActorRef<T>>ask(system,
                        replyTo -> new SpawnProtocol.Spawn<>(behavior, name, props, replyTo),
                        Duration.ofSeconds(30), system.scheduler())
                .toCompletableFuture().get(1, TimeUnit.MINUTES);
    }

    /**
     * {@return its ref}
     *
     * @param behavior its behaviour
     * @param name its name
     * @param <T> its message type
     * @throws Exception if the spawn fails or takes over a minute
     */
    public <T> ActorRef<T> spawn(Behavior<T> behavior, String name) throws Exception {
        return spawn(behavior, name, Props.empty());
    }

    @Override
    public void close() throws ExecutionException, TimeoutException {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(CadreContestant.TIMEOUT_MINUTES, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while Pekko terminated", e);
        }
    }
}
