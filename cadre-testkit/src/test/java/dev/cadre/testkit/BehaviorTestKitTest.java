package dev.cadre.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.Directive;
import dev.cadre.actor.Props;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BehaviorTestKitTest {

    // A small shop: reserves stock by ask, holds a reservation for 5 minutes with a timer, spawns a
    // courier per order and watches it, stashes orders while closed.
    sealed interface Shop {
        record Buy(String item, ActorRef<String> buyer) implements Shop {
        }

        record Reserved(String item, ActorRef<String> buyer, boolean ok) implements Shop {
        }

        record Expire(String item) implements Shop {
        }

        record Open() implements Shop {
        }

        record Crash() implements Shop {
        }
    }

    record Reserve(String item, ActorRef<Boolean> replyTo) {
    }

    static Behavior<Shop> shop(ActorRef<Reserve> stock) {
        return Behaviors.withStash(10, stash -> Behaviors.withTimers(timers -> closed(stock, stash, timers)));
    }

    static Behavior<Shop> closed(ActorRef<Reserve> stock, dev.cadre.actor.StashBuffer<Shop> stash,
            dev.cadre.actor.TimerScheduler<Shop> timers) {
        return Behaviors.receiveMessage(m -> {
            if (m instanceof Shop.Open) {
                return stash.unstashAll(open(stock, timers));
            }
            stash.stash(m);
            return Behaviors.same();
        });
    }

    static Behavior<Shop> open(ActorRef<Reserve> stock, dev.cadre.actor.TimerScheduler<Shop> timers) {
        return Behaviors.receive((ctx, m) -> {
            switch (m) {
                case Shop.Buy b -> ctx.pipeToSelf(stock.<Boolean>ask(r -> new Reserve(b.item(), r),
                        Duration.ofSeconds(3)), (ok, e) -> new Shop.Reserved(b.item(), b.buyer(), ok != null && ok));
                case Shop.Reserved r when r.ok() -> {
                    timers.startSingleTimer(r.item(), new Shop.Expire(r.item()), Duration.ofMinutes(5));
                    ActorRef<String> courier = ctx.spawn(Behaviors.<String>ignore(), "courier-" + r.item(),
                            Props.virtualThreads());
                    ctx.watch(courier);
                    courier.tell("deliver " + r.item());
                    r.buyer().tell("reserved " + r.item());
                }
                case Shop.Reserved r -> r.buyer().tell("sold out: " + r.item());
                case Shop.Expire e -> ctx.stop(ctx.<String>child("courier-" + e.item()).orElseThrow());
                case Shop.Open o -> { }
                case Shop.Crash c -> throw new IllegalStateException("crash");
            }
            return Behaviors.same();
        });
    }

    @Test
    void effectsAsksTimersChildrenAndStash() {
        try (var kit = BehaviorTestKit.<Shop>create()) {
            TestInbox<Reserve> stock = kit.createTestInbox();
            kit.start(shop(stock.ref()));
            TestInbox<String> buyer = kit.createTestInbox();

            kit.run(new Shop.Buy("apple", buyer.ref()));              // closed: stashed
            assertThat(kit.stashed()).containsExactly(new Shop.Buy("apple", buyer.ref()));
            assertThat(kit.hasEffects()).isFalse();

            kit.run(new Shop.Open());                                  // unstashed: the shop asks the stock
            assertThat(kit.stashed()).isEmpty();
            Effect.Asked ask = kit.expectEffectClass(Effect.Asked.class);
            assertThat(ask.target()).isEqualTo(stock.ref());
            assertThat(ask.timeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(stock.receiveMessage().item()).isEqualTo("apple"); // the request reached the stock too

            kit.reply(ask, true);                                      // the stock's answer
            kit.expectEffect(new Effect.TimerStarted("apple", new Shop.Expire("apple"), Duration.ofMinutes(5), false));
            Effect.Spawned courier = kit.expectEffectClass(Effect.Spawned.class);
            assertThat(courier.name()).isEqualTo("courier-apple");
            assertThat(courier.props()).isEqualTo(Props.virtualThreads());
            kit.expectEffect(new Effect.Watched(courier.ref()));
            assertThat(kit.<String>childInbox("courier-apple").receiveAll()).containsExactly("deliver apple");
            buyer.expectMessage("reserved apple");

            kit.fireTimer("apple");                                    // five minutes, now
            kit.expectEffect(new Effect.Stopped("courier-apple"));
            assertThat(kit.activeTimers()).isEmpty();
            assertThat(kit.hasEffects()).isFalse();

            kit.run(new Shop.Buy("pear", buyer.ref()));
            Effect.Asked ask2 = kit.expectEffectClass(Effect.Asked.class);
            kit.time().advance(Duration.ofSeconds(3));                 // the stock never answers: the ask times out
            buyer.expectMessage("sold out: pear");
            assertThat(ask2.request()).isEqualTo(stock.receiveMessage());

            assertThatThrownBy(() -> kit.run(new Shop.Crash())).isInstanceOf(IllegalStateException.class)
                    .hasMessage("crash");
            assertThat(kit.isAlive()).isFalse();
        }
    }

    @Test
    void aLocallySupervisedCrashIsAnEffectAndTheActorGoesOn() {
        try (var kit = BehaviorTestKit.create(Behaviors.supervise(Behaviors.<String>receiveMessage(m -> {
            throw new IllegalArgumentException(m);
        })).onFailure(Directive.resume()))) {
            kit.run("bad");
            Effect.Crashed c = kit.expectEffectClass(Effect.Crashed.class);
            assertThat(c.cause()).hasMessage("bad");
            assertThat(c.stopped()).isFalse();
            assertThat(kit.isAlive()).isTrue();
        }
    }

    @Test
    void receiveTimeoutsFireWhenTheClockMoves() {
        try (var kit = BehaviorTestKit.<String>create(Behaviors.setup(ctx -> {
            ctx.setReceiveTimeout(Duration.ofSeconds(30), "idle");
            return Behaviors.receiveMessage(m -> m.equals("idle") ? Behaviors.stopped() : Behaviors.same());
        }))) {
            kit.time().advance(Duration.ofSeconds(29));
            assertThat(kit.isAlive()).isTrue();
            kit.time().advance(Duration.ofSeconds(1));
            assertThat(kit.isAlive()).isFalse();
        }
    }
}
