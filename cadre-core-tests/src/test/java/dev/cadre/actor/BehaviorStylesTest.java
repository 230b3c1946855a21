package dev.cadre.actor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.testkit.ActorTestKit;
import dev.cadre.testkit.CadreExtension;
import dev.cadre.testkit.TestProbe;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CadreExtension.class)
class BehaviorStylesTest {

    sealed interface Door {
        record Open() implements Door {
        }

        record Close() implements Door {
        }

        record State(ActorRef<String> replyTo) implements Door {
        }
    }

    /** Class style: mutable field, returns {@code this}; switches to a functional behaviour when locked. */
    static final class DoorActor extends AbstractBehavior<Door> {
        private int opened;

        DoorActor(ActorContext<Door> ctx) {
            super(ctx);
        }

        @Override
        public Behavior<Door> receive(Door msg) {
            switch (msg) {
                case Door.Open o -> opened++;
                case Door.Close c -> {
                    if (opened >= 2) {
                        return locked(opened); // hand over to the functional style
                    }
                }
                case Door.State s -> s.replyTo().tell("open " + opened);
            }
            return this;
        }

        static Behavior<Door> locked(int opened) {
            return Behaviors.receiveMessage(msg -> switch (msg) {
                case Door.State s -> {
                    s.replyTo().tell("locked after " + opened);
                    yield Behaviors.same();
                }
                case Door.Open o -> Behaviors.unhandled();
                case Door.Close c -> Behaviors.same();
            });
        }
    }

    @Test
    void classAndFunctionalStylesMix(ActorTestKit kit) {
        TestProbe<String> probe = kit.createTestProbe();
        ActorRef<Door> door = kit.spawn(Behaviors.setup(DoorActor::new));
        door.tell(new Door.Open());
        door.tell(new Door.State(probe.ref()));
        probe.expectMessage("open 1");
        door.tell(new Door.Open());
        door.tell(new Door.Close());
        door.tell(new Door.State(probe.ref()));
        probe.expectMessage("locked after 2");
    }

    /** Another protocol, whose replies the asker adapts into its own messages. */
    record Price(String sku, int cents) {
    }

    record PriceRequest(String sku, ActorRef<Price> replyTo) {
    }

    sealed interface Shopper {
        record Quote(String sku) implements Shopper {
        }

        record Priced(Price p) implements Shopper {
        }

        record Computed(int value) implements Shopper {
        }

        record ComputeFailed(String why) implements Shopper {
        }
    }

    @Test
    void messageAdapterTranslatesRepliesOfAnotherProtocol(ActorTestKit kit) {
        TestProbe<String> probe = kit.createTestProbe();
        ActorRef<PriceRequest> catalogue = kit.spawn(Behaviors.receiveMessage(r -> {
            r.replyTo().tell(new Price(r.sku(), 499));
            return Behaviors.same();
        }));
        ActorRef<Shopper> shopper = kit.spawn(Behaviors.setup(ctx -> {
            ActorRef<Price> adapter = ctx.messageAdapter(Price.class, Shopper.Priced::new);
            return Behaviors.receiveMessage(msg -> {
                switch (msg) {
                    case Shopper.Quote q -> catalogue.tell(new PriceRequest(q.sku(), adapter));
                    case Shopper.Priced p -> probe.ref().tell(p.p().sku() + "=" + p.p().cents());
                    default -> { }
                }
                return Behaviors.same();
            });
        }));
        shopper.tell(new Shopper.Quote("SKU-0042"));
        probe.expectMessage("SKU-0042=499");
    }

    @Test
    void pipeToSelfHandlesTheResultOnTheActorsThread(ActorTestKit kit) {
        TestProbe<String> probe = kit.createTestProbe();
        CompletableFuture<Integer> ok = new CompletableFuture<>();
        CompletableFuture<Integer> bad = new CompletableFuture<>();
        ActorRef<Shopper> a = kit.spawn(Behaviors.setup(ctx -> {
            Thread actorThread = Thread.currentThread();
            ctx.pipeToSelf(ok, (v, e) -> e == null ? new Shopper.Computed(v) : new Shopper.ComputeFailed("?"));
            ctx.pipeToSelf(bad, (v, e) -> e == null ? new Shopper.Computed(v)
                    : new Shopper.ComputeFailed(e.getMessage()));
            return Behaviors.receiveMessage(msg -> {
                switch (msg) {
                    case Shopper.Computed c -> probe.ref().tell("computed " + c.value());
                    case Shopper.ComputeFailed f -> probe.ref().tell("failed " + f.why());
                    default -> { }
                }
                assertThat(actorThread).isNotNull();
                return Behaviors.same();
            });
        }));
        ok.complete(42);
        probe.expectMessage("computed 42");
        bad.completeExceptionally(new IllegalStateException("provider down"));
        probe.expectMessage("failed provider down");
        assertThat(a).isNotNull();
    }

    @Test
    void ignoreAcceptsAndEmptyRejectsEverything(ActorTestKit kit) {
        long before = kit.system().deadLetters().count(DeadLetter.Reason.UNHANDLED);
        ActorRef<String> ignoring = kit.spawn(Behaviors.ignore());
        ActorRef<String> empty = kit.spawn(Behaviors.empty());
        ignoring.tell("a");
        empty.tell("b");
        empty.tell("c");
        ActorTestKit.awaitAssert(java.time.Duration.ofSeconds(5), () -> assertThat(
                kit.system().deadLetters().count(DeadLetter.Reason.UNHANDLED) - before).isEqualTo(2));
    }

    @Test
    void typedSignalHandlersSeeOnlyTheirSignalsInTheOrderAdded(ActorTestKit kit) {
        TestProbe<String> log = kit.createTestProbe();
        ActorRef<String> a = kit.spawn(Behaviors.<String>receiveMessage(m -> Behaviors.stopped())
                .onSignal(PreRestart.class, (ctx, restart) -> {
                    log.ref().tell("pre-restart");
                    return Behaviors.same();
                })
                .onSignal(PostStop.class, (ctx, stop) -> {
                    log.ref().tell("post-stop " + stop.getClass().getSimpleName());
                    return Behaviors.same();
                })
                .onSignal((ctx, any) -> {
                    log.ref().tell("any " + any.getClass().getSimpleName());
                    return Behaviors.same();
                }));
        a.tell("stop");
        log.expectMessage("post-stop PostStop"); // the typed handler decided; the catch-all did not run
        log.expectNoMessage(java.time.Duration.ofMillis(50));
    }

    @Test
    void childCountCountsTheLivingChildrenWithoutACopy(ActorTestKit kit) {
        TestProbe<Integer> counts = kit.createTestProbe();
        kit.spawn(Behaviors.<String>setup(ctx -> {
            counts.ref().tell(ctx.childCount());
            ctx.spawnAnonymous(Behaviors.ignore());
            ctx.spawn(Behaviors.ignore(), "named");
            counts.ref().tell(ctx.childCount());
            counts.ref().tell(ctx.children().size());
            return Behaviors.ignore();
        }));
        assertThat(counts.receiveMessages(3)).containsExactly(0, 2, 2);
    }
}
