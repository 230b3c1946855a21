package dev.cadre.actor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.actor.Supervisor.ChildSpec;
import dev.cadre.internal.runtime.ActorSystemImpl;
import dev.cadre.testkit.ActorTestKit;
import dev.cadre.testkit.TestProbe;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Item 11 of "Let it crash, exactly": actors that do not stop. A bounded shutdown, a stop that
 * escalates to a kill, an explicit kill, and a report of who a shutdown waits for. Each test runs
 * on its own thread with a limit, so a shutdown that hangs fails the test instead.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ShutdownAndKillTest {

    /** A virtual-thread actor whose handler blocks until interrupted (or forever, if it swallows that). */
    private static Behavior<String> blocking(Events ev, CountDownLatch never, boolean swallowInterrupt) {
        return Behaviors.<String>receiveMessage(m -> {
            ev.add("blocked");
            while (true) {
                try {
                    never.await();
                    return Behaviors.same();
                } catch (InterruptedException e) {
                    ev.add("interrupted");
                    if (!swallowInterrupt) {
                        throw e;
                    }
                    return Behaviors.same();
                }
            }
        }).onSignal((c, s) -> {
            if (s instanceof PostStop) {
                ev.add("poststop");
            }
            return Behaviors.same();
        });
    }

    @Test
    void closeWithATimeoutKillsAnActorBlockedInItsHandlerAndReturns() throws Exception {
        Events ev = new Events();
        CountDownLatch never = new CountDownLatch(1);
        ActorSystem system = ActorSystem.create("bounded");
        ActorRef<String> stuck = system.spawn(blocking(ev, never, true), "stuck", Props.virtualThreads());
        ActorRef<String> fine = system.spawn(Behaviors.<String>setup(ctx -> {
            ev.add("fine-started");
            return Behaviors.<String>receiveMessage(m -> Behaviors.same())
                    .onSignal((c, s) -> {
                        if (s instanceof PostStop) {
                            ev.add("fine-poststop");
                        }
                        return Behaviors.same();
                    });
        }), "fine");
        stuck.tell("go");
        ev.await("blocked");
        ev.await("fine-started"); // an actor stopped before it started owes no PostStop
        ByteArrayOutputStream err = captureStderr();
        boolean clean;
        try {
            // long enough for "fine" to stop on a loaded machine (its PostStop is asserted below);
            // "stuck" never stops, whatever the timeout
            clean = system.close(Duration.ofSeconds(2));
        } finally {
            restoreStderr();
        }
        assertThat(clean).as("something had to be killed").isFalse();
        assertThat(system.whenTerminated().toCompletableFuture()).isCompleted();
        assertThat(ev.all()).contains("fine-poststop", "interrupted").doesNotContain("poststop");
        String report = err.toString(StandardCharsets.UTF_8);
        assertThat(report).contains("did not stop within 2000 ms").contains("/user/stuck")
                .contains("in a handler on thread").doesNotContain("/user/fine:");
        assertThat(system.metrics(fine).terminated()).isTrue();
    }

    @Test
    void closeWithATimeoutReturnsTrueWhenEverythingStopsInTime() {
        Events ev = new Events();
        ActorSystem system = ActorSystem.create("clean");
        system.spawn(ev.workerWithChild("a", "b"), "a");
        ev.await("start:a");
        assertThat(system.close(Duration.ofSeconds(30))).isTrue();
        assertThat(ev.all()).containsSubsequence("poststop:b", "poststop:a");
    }

    @Test
    void stopWithKillAfterKillsAnActorThatDoesNotStopAndItsWatchersLearnItWasKilled() {
        Events ev = new Events();
        CountDownLatch never = new CountDownLatch(1);
        try (var kit = ActorTestKit.create()) {
            ActorRef<String> stuck = kit.system().spawn(blocking(ev, never, true), "stuck", Props.virtualThreads());
            TestProbe<Object> watcher = kit.createTestProbe();
            watcher.watch(stuck);
            stuck.tell("go");
            ev.await("blocked");
            kit.system().stop(stuck, Duration.ofMillis(100));
            Terminated t = watcher.expectTerminated(stuck);
            assertThat(t.reason()).isEqualTo(ExitReason.KILLED);
            assertThat(ev.all()).doesNotContain("poststop");
            stuck.tell("after");
            ActorTestKit.awaitAssert(Duration.ofSeconds(10), () -> assertThat(
                    kit.system().deadLetters().count(DeadLetter.Reason.RECIPIENT_TERMINATED)).isPositive());
        }
    }

    @Test
    void stopWithKillAfterIsAPlainStopForAnActorThatStopsInTime() {
        Events ev = new Events();
        try (var kit = ActorTestKit.create()) {
            ActorRef<Worker> w = kit.spawn(ev.worker("w"), "w");
            TestProbe<Object> watcher = kit.createTestProbe();
            watcher.watch(w);
            kit.system().stop(w, Duration.ofSeconds(30));
            assertThat(watcher.expectTerminated(w).reason()).isEqualTo(ExitReason.SHUTDOWN);
            assertThat(ev.all()).contains("poststop:w");
        }
    }

    @Test
    void killMarksTheWholeSubtreeDeadAtOnceAndTheParentForgetsIt() {
        Events ev = new Events();
        try (var kit = ActorTestKit.create()) {
            TestProbe<Object> probe = kit.createTestProbe();
            ActorRef<Object> parent = kit.spawn(Behaviors.setup(ctx -> {
                ActorRef<Worker> child = ctx.spawn(ev.workerWithChild("child", "grandchild"), "child");
                ctx.watch(child);
                return Behaviors.receiveMessage(m -> {
                    probe.ref().tell(ctx.children().size());
                    return Behaviors.same();
                }).onSignal((c, s) -> {
                    if (s instanceof Terminated t) {
                        probe.ref().tell(t.reason());
                    }
                    return Behaviors.same();
                });
            }), "parent");
            ev.await("start:child");
            ActorRef<Object> child = kit.system().lookup("/user/parent/child").orElseThrow();
            ActorRef<Object> grandchild = kit.system().lookup("/user/parent/child/grandchild").orElseThrow();
            kit.system().kill(child);
            assertThat(kit.system().metrics(child).terminated()).isTrue();
            assertThat(kit.system().metrics(grandchild).terminated()).isTrue();
            assertThat(probe.receiveMessage()).isEqualTo(ExitReason.KILLED);
            parent.tell("how many children?");
            assertThat(probe.receiveMessage()).isEqualTo(0);
            assertThat(ev.all()).doesNotContain("poststop:child", "poststop:grandchild");
        }
    }

    @Test
    void aStuckChildDoesNotKeepAStoppingParentWaitingForeverWhenItsShutdownIsATimeout() {
        Events ev = new Events();
        CountDownLatch never = new CountDownLatch(1);
        try (var kit = ActorTestKit.create()) {
            ActorRef<Supervisor.Command> sup = kit.spawn(Supervisor.builder()
                    .child(ChildSpec.of("stuck", blocking(ev, never, false)).withProps(Props.virtualThreads())
                            .withShutdown(Duration.ofMillis(100)))
                    .child(ChildSpec.of("ok", ev.worker("ok")))
                    .build(), "sup");
            ev.await("start:ok");
            kit.system().lookup("/user/sup/stuck").orElseThrow().unsafeCast().tell("go");
            ev.await("blocked");
            TestProbe<Object> watcher = kit.createTestProbe();
            watcher.watch(sup);
            kit.system().stop(sup);
            assertThat(watcher.expectTerminated(sup).reason()).isEqualTo(ExitReason.SHUTDOWN);
            assertThat(ev.all()).contains("poststop:ok");
            ev.await("interrupted"); // the kill interrupts its virtual thread; it notices on its own time
        }
    }

    @Test
    void aBrutalKillShutdownKillsAtOnceWithoutCleanup() {
        Events ev = new Events();
        try (var kit = ActorTestKit.create()) {
            ActorRef<Supervisor.Command> sup = kit.spawn(Supervisor.builder()
                    .child(ChildSpec.of("brutal", ev.worker("brutal")).withShutdown(Supervisor.Shutdown.brutalKill()))
                    .child(ChildSpec.of("polite", ev.worker("polite")))
                    .build(), "sup");
            ev.await("start:polite");
            TestProbe<Object> watcher = kit.createTestProbe();
            watcher.watch(sup);
            kit.system().stop(sup);
            watcher.expectTerminated(sup);
            assertThat(ev.all()).contains("poststop:polite").doesNotContain("poststop:brutal");
        }
    }

    @Test
    void infinityShutdownWaitsAsLongAsItTakes() throws Exception {
        Events ev = new Events();
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean released = new AtomicBoolean();
        try (var kit = ActorTestKit.create()) {
            Behavior<String> slowToStop = Behaviors.<String>receiveMessage(m -> Behaviors.same()).onSignal((c, s) -> {
                if (s instanceof PostStop) {
                    ev.add("slow-stopping");
                    release.await();
                    ev.add("slow-stopped:" + released.get());
                }
                return Behaviors.same();
            });
            ActorRef<Supervisor.Command> sup = kit.spawn(Supervisor.builder()
                    .child(ChildSpec.of("slow", slowToStop).withShutdown(Supervisor.Shutdown.infinity())
                            .withProps(Props.virtualThreads()))
                    .build(), "sup");
            // answered once the child has started (so it has a behaviour to get PostStop)
            sup.<java.util.List<Supervisor.ChildInfo>>ask(Supervisor.Command.WhichChildren::new,
                    Duration.ofSeconds(10)).join();
            TestProbe<Object> watcher = kit.createTestProbe();
            watcher.watch(sup);
            kit.system().stop(sup);
            ev.await("slow-stopping");
            // no timeout applies: it is not killed however long it takes; we let it finish
            released.set(true);
            release.countDown();
            watcher.expectTerminated(sup);
            assertThat(ev.all()).contains("slow-stopped:true");
        }
    }

    @Test
    void theShutdownReportNamesWhoItWaitsForAndWhatEachIsDoing() {
        Events ev = new Events();
        CountDownLatch never = new CountDownLatch(1);
        ActorSystem system = ActorSystem.create("report");
        system.spawn(Behaviors.setup(ctx -> {
            ctx.spawn(blocking(ev, never, true), "stuck", Props.virtualThreads()).tell("go");
            return Behaviors.ignore();
        }), "parent");
        ev.await("blocked");
        system.terminate();
        String report = ((ActorSystemImpl) system).describeUnfinished();
        assertThat(report).contains("/user/parent/stuck: running; in a handler on thread")
                .contains("at ").contains("ancestors of these, waiting for their children");
        assertThat(system.close(Duration.ofMillis(100))).isFalse();
    }

    @Test
    void badDurationsAreRejected() {
        try (var kit = ActorTestKit.create()) {
            ActorRef<Worker> w = kit.spawn(new Events().worker("w"), "w");
            assertThatThrownBy(() -> kit.system().stop(w, Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("killAfter must be positive");
            assertThatThrownBy(() -> kit.system().close(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout must be positive");
        }
    }

    private static PrintStream originalErr;

    private static ByteArrayOutputStream captureStderr() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        originalErr = System.err;
        System.setErr(new PrintStream(new TeeStream(out, originalErr), true, StandardCharsets.UTF_8));
        return out;
    }

    private static void restoreStderr() {
        System.setErr(originalErr);
    }

    /** Writes to both streams. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }

}
