package dev.cadre.actor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.testkit.ActorTestKit;
import dev.cadre.testkit.TestProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualThreadsTest {

    record Ping(long sentNanos, ActorRef<Long> replyTo) {
    }

    @Test
    void blockingActorsOnVirtualThreadsDoNotDelayANonBlockingActor() throws Exception {
        try (var kit = ActorTestKit.create("vt")) {
            int blockers = 50;
            TestProbe<String> done = kit.createTestProbe();
            List<ActorRef<String>> slow = new ArrayList<>();
            for (int i = 0; i < blockers; i++) {
                slow.add(kit.system().spawn(Behaviors.receiveMessage(m -> {
                    Thread.sleep(100); // an honest blocking call: JDBC, HTTP...
                    done.ref().tell(m);
                    return Behaviors.same();
                }), "blocker-" + i, Props.virtualThreads()));
            }
            ActorRef<Ping> fast = kit.spawn(Behaviors.receiveMessage(p -> {
                p.replyTo().tell(System.nanoTime() - p.sentNanos());
                return Behaviors.same();
            }), "fast");
            TestProbe<Long> latencies = kit.createTestProbe();

            long start = System.nanoTime();
            for (int round = 0; round < 3; round++) {
                for (ActorRef<String> s : slow) {
                    s.tell("work");
                }
            }
            // while 50 actors each block 3 x 100 ms, the fast actor keeps answering
            long worst = 0;
            int pings = 0;
            while (System.nanoTime() - start < Duration.ofMillis(250).toNanos()) {
                fast.tell(new Ping(System.nanoTime(), latencies.ref()));
                worst = Math.max(worst, latencies.receiveMessage());
                pings++;
            }
            done.receiveMessages(blockers * 3, Duration.ofSeconds(10));
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(pings).isGreaterThan(10);
            // the bound is "a few milliseconds"; 25 ms leaves room for a noisy CI machine,
            // and is still far below the 100 ms a single blocked platform thread would cost
            assertThat(Duration.ofNanos(worst)).isLessThan(Duration.ofMillis(25));
            // the blocking calls overlapped: 150 sleeps of 100 ms took far less than 15 s
            assertThat(elapsedMs).isLessThan(3_000);
        }
    }
}
