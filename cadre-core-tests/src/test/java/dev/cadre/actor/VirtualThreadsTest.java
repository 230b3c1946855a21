package dev.cadre.actor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.testkit.ActorTestKit;
import dev.cadre.testkit.TestProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VirtualThreadsTest {

    record Ping(ActorRef<String> replyTo) {
    }

    /**
     * 200 actors block in their handlers at the same time (far more than the pool's threads, so
     * they can only be on virtual threads), and while every one of them is blocked, an ordinary
     * actor on the shared pool still answers. No timing is asserted: the proof is that both
     * happen at once.
     */
    @Test
    void blockingActorsOnVirtualThreadsDoNotHoldBackANonBlockingActor() throws Exception {
        try (var kit = ActorTestKit.create("vt")) {
            int blockers = 200;
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger blockedNow = new AtomicInteger();
            TestProbe<String> done = kit.createTestProbe();
            List<ActorRef<String>> slow = new ArrayList<>();
            for (int i = 0; i < blockers; i++) {
                slow.add(kit.system().spawn(Behaviors.receiveMessage(m -> {
                    blockedNow.incrementAndGet();
                    release.await(); // an honest blocking call: JDBC, HTTP...
                    blockedNow.decrementAndGet();
                    done.ref().tell(m);
                    return Behaviors.same();
                }), "blocker-" + i, Props.virtualThreads()));
            }
            ActorRef<Ping> fast = kit.spawn(Behaviors.receiveMessage(p -> {
                p.replyTo().tell("pong");
                return Behaviors.same();
            }), "fast");
            slow.forEach(s -> s.tell("work"));
            ActorTestKit.awaitAssert(Duration.ofSeconds(30), () -> assertThat(blockedNow.get()).isEqualTo(blockers));
            TestProbe<String> pongs = kit.createTestProbe();
            for (int i = 0; i < 100; i++) {
                fast.tell(new Ping(pongs.ref()));
                pongs.expectMessage("pong");
            }
            assertThat(blockedNow.get()).as("all were still blocked while the fast actor answered").isEqualTo(blockers);
            release.countDown();
            done.receiveMessages(blockers, Duration.ofSeconds(30));
        }
    }
}
