package dev.cadre.actor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.testkit.ActorTestKit;
import dev.cadre.testkit.TestProbe;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Runs in a JVM with -Xmx1g (see this module's pom): a million idle actors must fit, at most 200
 * bytes each. Bytes per actor: used heap after several full collections with the children alive,
 * minus the same before they were spawned, over their number (the method of cadre-bench's spawn
 * row); printed, so the figure is in the test's output.
 */
class MillionActorsTest {
    /** The budget of an idle (anonymous) actor: issue 11. */
    static final double MAX_BYTES_PER_ACTOR = 200;

    /** Used heap after several full collections: what is retained, not what is garbage. */
    static long retainedHeap() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc(); // a full, stop-the-world collection: it has finished when this returns
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    @Test
    void spawnsAMillionIdleActorsInOneGigabyteAtMost200BytesEachAndStopsThemAll() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).isLessThanOrEqualTo(1L << 30);
        int n = 1_000_000;
        try (var kit = ActorTestKit.create("million")) {
            TestProbe<Integer> probe = kit.createTestProbe();
            Behavior<Object> idle = Behaviors.ignore();
            // a parent that spawns the million children on its own thread when told, then reports
            ActorRef<String> parent = kit.spawn(Behaviors.<String>receive((ctx, m) -> {
                for (int i = 0; i < n; i++) {
                    ctx.spawnAnonymous(idle);
                }
                probe.ref().tell(ctx.childCount());
                return Behaviors.same();
            }), "parent");
            long before = retainedHeap();
            parent.tell("spawn");
            assertThat(probe.receiveMessage(Duration.ofSeconds(60))).isEqualTo(n);
            double perActor = (retainedHeap() - before) / (double) n;
            System.out.printf("MillionActorsTest: %,.1f bytes retained per idle actor (%,d actors)%n", perActor, n);
            assertThat(perActor).as("bytes per idle actor").isLessThanOrEqualTo(MAX_BYTES_PER_ACTOR);
            kit.system().stop(parent);
            probe.expectTerminated(parent, Duration.ofSeconds(60));
        }
    }
}
