package dev.cadre.actor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.testkit.ActorTestKit;
import dev.cadre.testkit.TestProbe;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Runs in a JVM with -Xmx1g (see this module's pom): a million idle actors must fit. */
class MillionActorsTest {

    @Test
    void spawnsAMillionIdleActorsInOneGigabyteAndStopsThemAll() {
        assertThat(Runtime.getRuntime().maxMemory()).isLessThanOrEqualTo(1L << 30);
        int n = 1_000_000;
        try (var kit = ActorTestKit.create("million")) {
            TestProbe<Integer> probe = kit.createTestProbe();
            // a parent that spawns the million children on its own thread, then reports
            ActorRef<String> parent = kit.spawn(Behaviors.<String>setup(ctx -> {
                Behavior<Object> idle = Behaviors.ignore();
                for (int i = 0; i < n; i++) {
                    ctx.spawnAnonymous(idle);
                }
                probe.ref().tell(ctx.children().size());
                return Behaviors.ignore();
            }), "parent");
            assertThat(probe.receiveMessage(Duration.ofSeconds(60))).isEqualTo(n);
            kit.system().stop(parent);
            probe.expectTerminated(parent, Duration.ofSeconds(60));
        }
    }
}
