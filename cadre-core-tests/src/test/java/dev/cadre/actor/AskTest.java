package dev.cadre.actor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.internal.runtime.ActorSystemImpl;
import dev.cadre.testkit.ActorTestKit;
import dev.cadre.testkit.TestProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class AskTest {

    /** Swallows every request: asks to it time out. */
    record Request(ActorRef<String> replyTo) {
    }

    @Test
    void timesOutWithAnExceptionNamingTargetAndMessageType() {
        try (var kit = ActorTestKit.create()) {
            ActorRef<Request> silent = kit.spawn(Behaviors.ignore(), "silent");
            CompletableFuture<String> f = silent.ask(Request::new, Duration.ofMillis(50));
            assertThatThrownBy(f::join)
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isInstanceOf(AskTimeoutException.class)
                    .hasMessageContaining("/user/silent")
                    .hasMessageContaining(Request.class.getName())
                    .hasMessageContaining("50 ms");
        }
    }

    @Test
    void aReplyAfterTheTimeoutIsADeadLetter() {
        try (var kit = ActorTestKit.create()) {
            TestProbe<DeadLetter> dead = kit.createTestProbe();
            kit.system().deadLetters().subscribe(dead.ref());
            TestProbe<ActorRef<String>> forwarded = kit.createTestProbe();
            ActorRef<Request> holder = kit.spawn(Behaviors.receiveMessage(r -> {
                forwarded.ref().tell(r.replyTo());
                return Behaviors.same();
            }), "holder");
            CompletableFuture<String> f = holder.ask(Request::new, Duration.ofMillis(20));
            assertThatThrownBy(f::join).hasCauseInstanceOf(AskTimeoutException.class);
            forwarded.receiveMessage().tell("late");
            DeadLetter dl = dead.expectMessageClass(DeadLetter.class);
            assertThat(dl.message()).isEqualTo("late");
            assertThat(dl.reason()).isEqualTo(DeadLetter.Reason.ASK_ALREADY_COMPLETED);
        }
    }

    @Test
    void leavesNoTemporaryRefOrTimerBehindAfterTimeoutsOrReplies() {
        try (var kit = ActorTestKit.create()) {
            ActorSystemImpl impl = (ActorSystemImpl) kit.system();
            ActorRef<Request> silent = kit.spawn(Behaviors.ignore(), "silent");
            ActorRef<Request> echo = kit.spawn(Behaviors.receiveMessage(r -> {
                r.replyTo().tell("pong");
                return Behaviors.same();
            }), "echo");
            List<CompletableFuture<String>> futures = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                futures.add(silent.ask(Request::new, Duration.ofMillis(10)));
                futures.add(echo.ask(Request::new, Duration.ofSeconds(30)));
            }
            long timedOut = futures.stream().map(f -> f.handle((v, e) -> e != null)).filter(CompletableFuture::join)
                    .count();
            assertThat(timedOut).isEqualTo(5_000);
            // the bookkeeping runs in the futures' completion callbacks, just after join() returns
            ActorTestKit.awaitAssert(Duration.ofSeconds(5), () -> {
                assertThat(impl.pendingAsks()).isZero();
                assertThat(impl.pendingTimers()).as("cancelled timeouts leave the timer queue").isZero();
            });
        }
    }

    @Test
    void rejectsNullAndNonPositiveTimeoutsAtTheCallSite() {
        try (var kit = ActorTestKit.create()) {
            ActorRef<Request> silent = kit.spawn(Behaviors.ignore(), "silent");
            assertThatThrownBy(() -> silent.ask(Request::new, null))
                    .isInstanceOf(NullPointerException.class).hasMessage("timeout");
            assertThatThrownBy(() -> silent.ask(Request::new, Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout must be positive");
            assertThatThrownBy(() -> silent.ask(Request::new, Duration.ofMillis(-1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout must be positive");
            assertThatThrownBy(() -> silent.ask(null, Duration.ofSeconds(1)))
                    .isInstanceOf(NullPointerException.class).hasMessage("requestFactory");
            assertThatThrownBy(() -> silent.ask(r -> null, Duration.ofSeconds(1)))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("requestFactory returned null");
        }
    }
}
