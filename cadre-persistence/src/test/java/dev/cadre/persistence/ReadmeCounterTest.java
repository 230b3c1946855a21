package dev.cadre.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Behavior;
import dev.cadre.persistence.jdbc.JdbcJournal;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's ten-line counter, as written there, run twice against one journal file. */
class ReadmeCounterTest {

    sealed interface Cmd {
        record Add(int n, ActorRef<Integer> replyTo) implements Cmd {
        }
    }

    record Added(int n) {
    }

    static int addTwo(Path file) throws Exception {
        var serialization = EventSerialization.builder().register(Added.class, "counter.added").build();
        try (var journal = JdbcJournal.open(file.toString()); var system = ActorSystem.create("shop")) {
            Behavior<Cmd> counter = EventSourcedBehavior.<Cmd, Added, Integer>builder(
                            PersistenceId.of("counter", "c-1"), journal, serialization, 0)
                    .onCommand((total, cmd) -> switch (cmd) {
                        case Cmd.Add a -> Effect.<Added, Integer>persist(new Added(a.n())).thenReply(a.replyTo(), t -> t);
                    })
                    .onEvent((total, e) -> total + e.n())
                    .build();
            var c = system.spawn(counter, "c-1");
            return c.<Integer>ask(r -> new Cmd.Add(2, r), Duration.ofSeconds(5)).join();
        }
    }

    @Test
    void theSecondRunRecoversTheFirstRunsEvents(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("counter.db");
        assertThat(addTwo(file)).isEqualTo(2);
        assertThat(addTwo(file)).isEqualTo(4);
    }
}
