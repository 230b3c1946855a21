package dev.cadre.actor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.actor.Supervisor.ChildSpec;
import dev.cadre.actor.Supervisor.Command;
import dev.cadre.testkit.ActorTestKit;
import dev.cadre.testkit.TestProbe;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ReceptionistTest {
    private static final ServiceKey<Worker> WORKERS = ServiceKey.of(Worker.class, "workers");
    private static final Duration T = Duration.ofSeconds(5);

    @Test
    void aRegisteredActorIsFoundTypedAndForgottenWhenItStops() {
        try (var kit = ActorTestKit.create()) {
            TestProbe<String> log = kit.createTestProbe();
            ActorRef<Worker> w = kit.spawn(Worker.worker("w", log.ref()), "w");
            Receptionist receptionist = kit.system().receptionist();
            assertThat(receptionist.find(WORKERS)).isEmpty();
            receptionist.register(WORKERS, w);
            receptionist.register(WORKERS, w); // twice is once
            Set<ActorRef<Worker>> found = receptionist.find(WORKERS);
            assertThat(found).containsExactly(w);
            TestProbe<Integer> count = kit.createTestProbe();
            found.iterator().next().tell(new Worker.Get(count.ref())); // typed: no cast
            count.expectMessage(0);

            TestProbe<Void> watcher = kit.createTestProbe();
            watcher.watch(w);
            w.tell(new Worker.Stop());
            watcher.expectTerminated(w);
            ActorTestKit.awaitAssert(T, () -> assertThat(receptionist.find(WORKERS)).isEmpty());
        }
    }

    @Test
    void aSubscriberGetsTheListingAtOnceAndAfterEveryChange() {
        try (var kit = ActorTestKit.create()) {
            TestProbe<String> log = kit.createTestProbe();
            TestProbe<Receptionist.Listing> listings = kit.createTestProbe();
            Receptionist receptionist = kit.system().receptionist();
            receptionist.subscribe(WORKERS, listings.ref());
            assertThat(listings.receiveMessage().refsOf(WORKERS)).isEmpty();

            ActorRef<Worker> a = kit.spawn(Worker.worker("a", log.ref()), "a");
            ActorRef<Worker> b = kit.spawn(Worker.worker("b", log.ref()), "b");
            receptionist.register(WORKERS, a);
            assertThat(listings.receiveMessage().refsOf(WORKERS)).containsExactly(a);
            receptionist.register(WORKERS, b);
            assertThat(listings.receiveMessage().refsOf(WORKERS)).containsExactly(a, b);
            receptionist.deregister(WORKERS, a);
            assertThat(listings.receiveMessage().refsOf(WORKERS)).containsExactly(b);
            kit.stop(b);
            assertThat(listings.receiveMessage().refsOf(WORKERS)).isEmpty();
            assertThatThrownBy(() -> new Receptionist.Listing(WORKERS, Set.of())
                    .refsOf(ServiceKey.of(Worker.class, "other")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other");
        }
    }

    @Test
    void awaitCompletesWhenTheFirstActorRegistersOrTimesOutNamingTheKey() {
        try (var kit = ActorTestKit.create()) {
            TestProbe<String> log = kit.createTestProbe();
            Receptionist receptionist = kit.system().receptionist();
            var pending = receptionist.await(WORKERS, T);
            assertThat(pending).isNotDone();
            ActorRef<Worker> w = kit.spawn(Worker.worker("w", log.ref()), "w");
            receptionist.register(WORKERS, w);
            assertThat(pending.join()).isEqualTo(w);
            assertThat(receptionist.await(WORKERS, T)).isCompletedWithValue(w);

            var never = receptionist.await(ServiceKey.of(String.class, "nobody"), Duration.ofMillis(20));
            assertThatThrownBy(never::join).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(TimeoutException.class).hasMessageContaining("nobody");
        }
    }

    @Test
    void onlyActorsCanBeRegistered() {
        try (var kit = ActorTestKit.create()) {
            TestProbe<ActorRef<Worker>> refs = kit.createTestProbe();
            kit.spawn(Behaviors.<String>setup(ctx -> {
                refs.ref().tell(ctx.messageAdapter(Worker.class, w -> "adapted"));
                return Behaviors.ignore();
            }), "owner2");
            ActorRef<Worker> adapterRef = refs.receiveMessage();
            assertThatThrownBy(() -> kit.system().receptionist().register(WORKERS, adapterRef))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an actor");
        }
    }

    @Test
    void aSupervisedChildIsRegisteredEachTimeItStartsAsANewActor() {
        try (var kit = ActorTestKit.create()) {
            TestProbe<String> log = kit.createTestProbe();
            ChildSpec<Worker> spec = ChildSpec.of("w", Worker.worker("w", log.ref())).registeredAs(WORKERS)
                    .withShutdown(Duration.ofMillis(50));
            ActorRef<Command> sup = kit.spawn(Supervisor.builder().child(spec).build(), "sup");
            ActorRef<Worker> first = kit.system().receptionist().await(WORKERS, T).join();
            assertThat(first.path()).isEqualTo("/user/sup/w");

            TestProbe<Receptionist.Listing> listings = kit.createTestProbe();
            kit.system().receptionist().subscribe(WORKERS, listings.ref());
            assertThat(listings.receiveMessage().refsOf(WORKERS)).containsExactly(first);

            log.expectMessage("start:w");
            first.tell(new Worker.Crash("restart in place")); // same actor, same ref: no new listing
            log.expectMessage("prerestart:w");
            log.expectMessage("start:w");
            sup.tell(new Command.TerminateChild("w")); // stopped: deregistered
            assertThat(listings.receiveMessage().refsOf(WORKERS)).isEmpty();
            // the listing changes when the child ends, maybe before its supervisor has seen the end;
            // WhichChildren answers once the supervisor has settled (no child mid-stop)
            sup.<java.util.List<Supervisor.ChildInfo>>ask(Command.WhichChildren::new, T).join();
            var again = sup.<Supervisor.StartResult<Worker>>ask(r -> new Command.RestartChild<>(spec, r), T).join();
            ActorRef<Worker> second = ((Supervisor.StartResult.Started<Worker>) again).ref();
            assertThat(second).isNotEqualTo(first);
            assertThat(listings.receiveMessage().refsOf(WORKERS)).containsExactly(second); // the replacement
        }
    }

    @Test
    void subscribingAgainAfterARestartInPlaceSendsTheListingAgain() {
        try (var kit = ActorTestKit.create()) {
            TestProbe<String> log = kit.createTestProbe();
            TestProbe<Integer> sizes = kit.createTestProbe();
            ActorRef<Worker> w = kit.spawn(Worker.worker("w", log.ref()), "w");
            kit.system().receptionist().register(WORKERS, w);
            // subscribes in setup: after a restart in place, setup runs again with the same adapter
            ActorRef<String> follower = kit.spawn(Behaviors.supervise(Behaviors.<String>setup(ctx -> {
                kit.system().receptionist().subscribe(WORKERS, ctx.messageAdapter(Receptionist.Listing.class,
                        l -> "listing:" + l.refsOf(WORKERS).size()));
                return Behaviors.receiveMessage(m -> {
                    if (m.equals("crash")) {
                        throw new IllegalStateException("planted");
                    }
                    sizes.ref().tell(Integer.parseInt(m.substring("listing:".length())));
                    return Behaviors.same();
                });
            })).onFailure(IllegalStateException.class, Directive.restart()), "follower");
            sizes.expectMessage(1);
            follower.tell("crash");
            sizes.expectMessage(1); // the restarted actor learns the listing too
        }
    }
}
