package dev.cadre.actor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.testkit.ActorTestKit;
import dev.cadre.testkit.TestProbe;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Anonymous actors keep a number, not a name string; their names are made when asked for. The
 * names must still be what they were: "$a", "$b", ..., found by path and by {@code ctx.child}.
 */
class AnonymousNamesTest {

    @Test
    void anonymousChildrenHaveTheirNamesAndAreFoundByThem() {
        try (var kit = ActorTestKit.create()) {
            TestProbe<List<String>> names = kit.createTestProbe();
            TestProbe<Boolean> found = kit.createTestProbe();
            ActorRef<String> parent = kit.spawn(Behaviors.<String>receive((ctx, m) -> {
                if (m.equals("spawn")) {
                    for (int i = 0; i < 40; i++) {
                        ctx.spawnAnonymous(Behaviors.ignore());
                    }
                    names.ref().tell(ctx.children().stream().map(ActorRef::name).sorted().toList());
                } else {
                    found.ref().tell(ctx.child(m).isPresent());
                }
                return Behaviors.same();
            }), "parent");
            parent.tell("spawn");
            List<String> got = names.receiveMessage();
            assertThat(got).hasSize(40).contains("$1", "$a", "$z", "$10", "$14");
            ActorRef<Object> a = kit.system().lookup("/user/parent/$a").orElseThrow();
            assertThat(a.path()).isEqualTo("/user/parent/$a");
            assertThat(a.name()).isEqualTo("$a");
            parent.tell("$z");
            found.expectMessage(true);
            parent.tell("$Z"); // not the canonical spelling of an anonymous name: no such child
            found.expectMessage(false);
            parent.tell("$zz"); // a number never handed out
            found.expectMessage(false);
            assertThat(kit.system().lookup("/user/parent/$0")).isEmpty();
        }
    }

    @Test
    void topLevelAnonymousActorsToo() {
        try (var kit = ActorTestKit.create()) {
            ActorRef<String> x = kit.system().spawnAnonymous(Behaviors.ignore());
            assertThat(x.name()).startsWith("$");
            assertThat(kit.system().<String>lookup(x.path())).contains(x);
        }
    }
}
