package dev.cadre.actor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.actor.Supervisor.ChildInfo;
import dev.cadre.actor.Supervisor.ChildSpec;
import dev.cadre.actor.Supervisor.Command;
import dev.cadre.actor.Supervisor.RestartType;
import dev.cadre.actor.Supervisor.StartResult;
import dev.cadre.testkit.ActorTestKit;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The child list as OTP keeps it: which_children, terminate_child, restart_child, delete_child, start_child. */
class ChildListTest {
    private static final Duration T = Duration.ofSeconds(10);

    private static List<ChildInfo> which(ActorRef<Command> sup) {
        return sup.<List<ChildInfo>>ask(Command.WhichChildren::new, T).join();
    }

    private static String summary(List<ChildInfo> l) {
        return l.stream().map(c -> c.id() + "=" + c.status()).toList().toString();
    }

    @Test
    void terminateChildKeepsAStaticChildListedAndRestartChildStartsItAgainDeleteChildForgetsIt() {
        Events ev = new Events();
        try (var kit = ActorTestKit.create()) {
            var a = ChildSpec.of("a", ev.worker("a"));
            var b = ChildSpec.of("b", ev.worker("b"));
            ActorRef<Command> sup = kit.spawn(Supervisor.builder()
                    .child(a)
                    .child(b)
                    .build(), "sup");
            assertThat(summary(which(sup))).isEqualTo("[a=RUNNING, b=RUNNING]");
            sup.tell(new Command.TerminateChild("a"));
            ev.await("poststop:a");
            assertThat(summary(which(sup))).isEqualTo("[a=NOT_RUNNING, b=RUNNING]");
            StartResult again = sup.<StartResult>ask(r -> new Command.RestartChild(a, r), T).join();
            assertThat(again).isInstanceOf(StartResult.Started.class);
            assertThat(ev.count("start:a")).isEqualTo(2);
            assertThat(summary(which(sup))).isEqualTo("[a=RUNNING, b=RUNNING]");
            StartResult running = sup.<StartResult>ask(r -> new Command.RestartChild(b, r), T).join();
            assertThat(running).isInstanceOf(StartResult.Failed.class);
            assertThat(((StartResult.Failed) running).cause()).hasMessageContaining("is running");
            sup.tell(new Command.TerminateChild("b"));
            ev.await("poststop:b");
            sup.tell(new Command.DeleteChild("b"));
            assertThat(summary(which(sup))).isEqualTo("[a=RUNNING]");
        }
    }

    @Test
    void startChildAnswersOnceTheChildHasStartedAndAChildWhoseSetupFailsIsNotKept() {
        Events ev = new Events();
        try (var kit = ActorTestKit.create()) {
            ActorRef<Command> sup = kit.spawn(Supervisor.builder().build(), "sup");
            StartResult ok = sup.<StartResult>ask(r -> new Command.StartChild(ChildSpec.of("w", ev.worker("w")), r), T)
                    .join();
            assertThat(ok).isInstanceOf(StartResult.Started.class);
            assertThat(ev.all()).contains("start:w"); // its setup ran before the answer
            Behavior<Worker> broken = Behaviors.setup(ctx -> {
                throw new IllegalStateException("no config");
            });
            StartResult failed = sup.<StartResult>ask(r -> new Command.StartChild(ChildSpec.of("x", broken), r), T)
                    .join();
            assertThat(failed).isInstanceOf(StartResult.Failed.class);
            assertThat(((StartResult.Failed) failed).cause()).hasMessage("no config");
            StartResult duplicate = sup.<StartResult>ask(
                    r -> new Command.StartChild(ChildSpec.of("w", ev.worker("w2")), r), T).join();
            assertThat(((StartResult.Failed) duplicate).cause()).hasMessageContaining("already has a child 'w'");
            assertThat(summary(which(sup))).isEqualTo("[w=RUNNING]");
        }
    }

    @Test
    void aTransientChildThatExitsNormallyStaysListedNotRunningAndATemporaryOneIsForgotten() {
        Events ev = new Events();
        try (var kit = ActorTestKit.create()) {
            ActorRef<Command> sup = kit.spawn(Supervisor.builder()
                    .child(ChildSpec.of("t", ev.worker("t")).withRestart(RestartType.TRANSIENT))
                    .child(ChildSpec.of("tmp", ev.worker("tmp")).withRestart(RestartType.TEMPORARY))
                    .build(), "sup");
            ev.await("start:tmp");
            kit.system().<Worker>lookup("/user/sup/t").orElseThrow().tell(new Worker.Stop());
            kit.system().<Worker>lookup("/user/sup/tmp").orElseThrow().tell(new Worker.Stop());
            ev.await("poststop:t");
            ev.await("poststop:tmp");
            assertThat(summary(which(sup))).isEqualTo("[t=NOT_RUNNING]");
        }
    }

    @Test
    void whichChildrenIsAnsweredOnlyBetweenCompleteReactionsNeverMidRestart() throws Exception {
        Events ev = new Events();
        CountDownLatch release = new CountDownLatch(1);
        try (var kit = ActorTestKit.create()) {
            Behavior<Worker> slowCleanup = Behaviors.setup(ctx -> {
                ev.add("start:slow");
                return Behaviors.<Worker>receiveMessage(m -> {
                    throw new IllegalStateException("crash");
                }).onSignal((c, s) -> {
                    if (s instanceof PreRestart) {
                        ev.add("cleanup:slow");
                        release.await(30, TimeUnit.SECONDS);
                    }
                    return Behaviors.same();
                });
            });
            ActorRef<Command> sup = kit.spawn(Supervisor.builder().strategy(Supervisor.Strategy.ONE_FOR_ALL)
                    .intensity(5, Duration.ofMinutes(1))
                    .child(ChildSpec.of("slow", slowCleanup).withProps(Props.virtualThreads()))
                    .child(ChildSpec.of("w", ev.worker("w")))
                    .build(), "sup");
            ev.await("start:w");
            kit.system().<Worker>lookup("/user/sup/slow").orElseThrow().tell(new Worker.Inc());
            ev.await("cleanup:slow");
            var answer = sup.<List<ChildInfo>>ask(Command.WhichChildren::new, T);
            // the restart is under way (slow's cleanup blocks): nothing is answered yet
            assertThat(answer).isNotDone();
            release.countDown();
            List<ChildInfo> after = answer.join();
            assertThat(summary(after)).isEqualTo("[slow=RUNNING, w=RUNNING]");
            assertThat(after).extracting(ChildInfo::restarts).containsExactly(1, 0);
            assertThat(ev.count("start:w")).as("w restarted in the same reaction").isEqualTo(2);
        }
    }

    @Test
    void aChildWaitingOutItsBackoffIsListedAsRestarting() {
        Events ev = new Events();
        try (var kit = ActorTestKit.create()) {
            ActorRef<Command> sup = kit.spawn(Supervisor.builder().intensity(5, Duration.ofMinutes(1))
                    .child(ChildSpec.of("b", ev.worker("b")).withBackoff(
                            Backoff.of(Duration.ofHours(1), Duration.ofHours(1), 0)))
                    .build(), "sup");
            ev.await("start:b");
            kit.system().<Worker>lookup("/user/sup/b").orElseThrow().tell(new Worker.Crash("x"));
            ev.await("prerestart:b"); // its incarnation ended at once; the new one waits an hour
            assertThat(summary(which(sup))).isEqualTo("[b=RESTARTING]");
        }
    }
}
