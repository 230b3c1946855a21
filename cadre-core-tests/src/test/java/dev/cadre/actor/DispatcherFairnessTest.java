package dev.cadre.actor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Work submitted from outside the dispatcher pool (a plain thread's tell, a timer, close()) must
 * not starve while the pool's threads are busy with actors that keep waking each other with
 * single messages (no actor ever uses a full throughput batch).
 */
class DispatcherFairnessTest {

    record Ball(ActorRef<Ball> from) {
    }

    static Behavior<Ball> bouncer() {
        return Behaviors.receive((ctx, b) -> {
            b.from().tell(new Ball(ctx.self()));
            return Behaviors.same();
        });
    }

    @Test
    void aPlainThreadsTellIsHandledWhileActorPairsBounceForever() throws Exception {
        var system = ActorSystem.create("fairness");
        for (int i = 0; i < 4; i++) {
            ActorRef<Ball> a = system.spawn(bouncer(), "a" + i);
            ActorRef<Ball> b = system.spawn(bouncer(), "b" + i);
            a.tell(new Ball(b)); // a and b now bounce one message forever
        }
        ActorRef<String> silent = system.spawn(Behaviors.<String>receiveMessage(s -> Behaviors.same()), "silent");
        CompletableFuture<String> unanswered = silent.ask(r -> "ping", Duration.ofMinutes(10));
        ActorRef<ActorRef<String>> answering = system.spawn(Behaviors.receiveMessage(r -> {
            r.tell("pong");
            return Behaviors.same();
        }), "answering");
        String pong = answering.<String>ask(r -> r, Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);
        assertThat(pong).isEqualTo("pong");
        CompletableFuture<Void> closed = CompletableFuture.runAsync(system::close);
        closed.get(30, TimeUnit.SECONDS); // close() returns: the guardian's stop got through
        // an ask still waiting when the system terminates fails clearly instead of hanging
        assertThat(unanswered).isCompletedExceptionally();
        assertThat(unanswered.handle((v, e) -> e.getMessage()).join())
                .contains("terminated before /user/silent replied");
    }
}
