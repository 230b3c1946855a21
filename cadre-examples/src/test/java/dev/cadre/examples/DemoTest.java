package dev.cadre.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.DeadLetter;
import dev.cadre.testkit.ActorTestKit;
import dev.cadre.testkit.TestProbe;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoTest {

    @Test
    void theKitchenLosesTheBurntCookAndKeepsCookingWithTheOthers() {
        try (var kit = ActorTestKit.create()) {
            ActorRef<Demo.KitchenMsg> kitchen = kit.spawn(Demo.kitchen(3), "kitchen");
            TestProbe<Demo.KitchenStatus> probe = kit.createTestProbe();
            for (int i = 1; i <= 9; i++) {
                kitchen.tell(new Demo.KitchenMsg.Order(i, i == 5 ? "burnt toast" : "soup"));
            }
            ActorTestKit.awaitAssert(Duration.ofSeconds(5), () -> {
                kitchen.tell(new Demo.KitchenMsg.Status(probe.ref()));
                Demo.KitchenStatus s = probe.receiveMessage();
                assertThat(s.cooked()).isEqualTo(7);
                assertThat(s.cooksLost()).containsExactly("cook-2");
                assertThat(s.cooksAlive()).containsExactly("cook-1", "cook-3");
            });
            assertThat(kit.system().deadLetters().count(DeadLetter.Reason.RECIPIENT_TERMINATED))
                    .as("order 8, queued behind the crash").isEqualTo(1);
            for (int i = 10; i <= 12; i++) {
                kitchen.tell(new Demo.KitchenMsg.Order(i, "pie"));
            }
            ActorTestKit.awaitAssert(Duration.ofSeconds(5), () -> {
                kitchen.tell(new Demo.KitchenMsg.Status(probe.ref()));
                assertThat(probe.receiveMessage().cooked()).isEqualTo(10);
            });
            assertThat(List.of(kitchen.path())).containsExactly("/user/kitchen");
        }
    }
}
