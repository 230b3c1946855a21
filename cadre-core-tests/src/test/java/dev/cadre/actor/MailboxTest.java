package dev.cadre.actor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.testkit.ActorTestKit;
import dev.cadre.testkit.TestProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Bounded mailboxes under concurrent senders: capacity is never exceeded, sent = processed +
 * dropped exactly, per-sender FIFO holds for what was delivered, and each overflow policy does
 * what {@link Overflow} says.
 */
class MailboxTest {

    record Msg(int sender, int seq) {
    }

    /** Consumes Msgs slowly-ish, checks per-sender order, reports (processed, violations) at the end. */
    static Behavior<Object> checkingConsumer(int senders, TestProbe<List<String>> report) {
        return Behaviors.setup(ctx -> {
            int[] last = new int[senders];
            java.util.Arrays.fill(last, -1);
            List<String> violations = new ArrayList<>();
            return Behaviors.receiveMessage(m -> {
                if (m instanceof Msg msg) {
                    if (msg.seq() <= last[msg.sender()]) {
                        violations.add(msg + " after " + last[msg.sender()]);
                    }
                    last[msg.sender()] = msg.seq();
                    if ((msg.seq() & 63) == 0) {
                        Thread.onSpinWait(); // a little slower than the producers
                    }
                } else if ("report".equals(m)) {
                    report.ref().tell(violations);
                }
                return Behaviors.same();
            });
        });
    }

    static void produce(ActorRef<Object> target, int senders, int perSender) throws InterruptedException {
        MessagingTest.runOnThreads(senders, s -> {
            for (int i = 0; i < perSender; i++) {
                target.tell(new Msg(s, i));
            }
        });
    }

    @RepeatedTest(3)
    void blockPolicyNeverExceedsCapacityAndLosesNothing() throws Exception {
        try (var kit = ActorTestKit.create()) {
            int senders = 4;
            int perSender = 50_000;
            int capacity = 100;
            TestProbe<List<String>> report = kit.createTestProbe();
            ActorRef<Object> consumer = kit.system().spawn(checkingConsumer(senders, report), "consumer",
                    Props.defaults().withMailbox(Mailbox.bounded(capacity, Overflow.block(Duration.ofSeconds(30)))));
            produce(consumer, senders, perSender);
            consumer.tell("report");
            assertThat(report.receiveMessage(Duration.ofSeconds(30))).isEmpty();
            ActorMetrics m = kit.system().metrics(consumer);
            assertThat(m.processed()).isEqualTo((long) senders * perSender + 1);
            assertThat(m.dropped()).isZero();
            assertThat(m.highWaterMark()).isLessThanOrEqualTo(capacity).isGreaterThan(0);
            assertThat(m.capacity()).isEqualTo(capacity);
            assertThat(kit.system().deadLetters().count()).isZero();
        }
    }

    @RepeatedTest(3)
    void dropNewestCountsEveryDropExactly() throws Exception {
        try (var kit = ActorTestKit.create()) {
            int senders = 4;
            int perSender = 50_000;
            int capacity = 16;
            TestProbe<List<String>> report = kit.createTestProbe();
            ActorRef<Object> consumer = kit.system().spawn(checkingConsumer(senders, report), "consumer",
                    Props.defaults().withMailbox(Mailbox.bounded(capacity, Overflow.dropNewest())));
            produce(consumer, senders, perSender);
            // "report" itself may be dropped: retry until it gets through, counting every attempt
            List<String> violations = null;
            long reportAttempts = 0;
            while (violations == null) {
                reportAttempts++;
                if (consumer.offer("report") == OfferResult.ENQUEUED) {
                    violations = report.receiveMessage();
                }
            }
            assertThat(violations).as("per-sender FIFO of what was delivered").isEmpty();
            ActorMetrics m = kit.system().metrics(consumer);
            long sent = (long) senders * perSender + reportAttempts;
            assertThat(m.processed() + m.dropped()).as("sent = processed + dropped").isEqualTo(sent);
            assertThat(kit.system().deadLetters().count(DeadLetter.Reason.DROPPED_NEWEST))
                    .as("every drop is a dead letter").isEqualTo(m.dropped());
            assertThat(m.highWaterMark()).isLessThanOrEqualTo(capacity);
            assertThat(m.dropped()).isPositive();
        }
    }

    @Test
    void dropOldestKeepsTheNewestMessages() throws Exception {
        try (var kit = ActorTestKit.create()) {
            CountDownLatch gate = new CountDownLatch(1);
            TestProbe<Integer> probe = kit.createTestProbe();
            ActorRef<Integer> slow = kit.system().spawn(Behaviors.receiveMessage(n -> {
                if (n == 0) {
                    gate.await(); // hold the actor so the mailbox fills
                }
                probe.ref().tell(n);
                return Behaviors.same();
            }), "slow", Props.defaults().withMailbox(Mailbox.bounded(3, Overflow.dropOldest())));
            slow.tell(0);
            ActorTestKit.awaitAssert(Duration.ofSeconds(5),
                    () -> assertThat(kit.system().metrics(slow).processed()).isEqualTo(1));
            for (int i = 1; i <= 10; i++) {
                assertThat(slow.offer(i)).isEqualTo(OfferResult.ENQUEUED);
            }
            gate.countDown();
            assertThat(probe.receiveMessages(4)).containsExactly(0, 8, 9, 10);
            assertThat(kit.system().metrics(slow).dropped()).isEqualTo(7);
            assertThat(kit.system().deadLetters().count(DeadLetter.Reason.DROPPED_OLDEST)).isEqualTo(7);
        }
    }

    @Test
    void rejectTellsTheOfferingSenderSynchronouslyAndDeadLettersATell() throws Exception {
        try (var kit = ActorTestKit.create()) {
            CountDownLatch gate = new CountDownLatch(1);
            ActorRef<Integer> held = kit.system().spawn(Behaviors.receiveMessage(n -> {
                gate.await();
                return Behaviors.same();
            }), "held", Props.defaults().withMailbox(Mailbox.bounded(2, Overflow.reject())));
            held.tell(0); // being processed, blocked
            ActorTestKit.awaitAssert(Duration.ofSeconds(5),
                    () -> assertThat(kit.system().metrics(held).processed()).isEqualTo(1));
            assertThat(held.offer(1)).isEqualTo(OfferResult.ENQUEUED);
            assertThat(held.offer(2)).isEqualTo(OfferResult.ENQUEUED);
            assertThat(held.offer(3)).isEqualTo(OfferResult.FULL);
            held.tell(4);
            assertThat(kit.system().deadLetters().count(DeadLetter.Reason.REJECTED)).isEqualTo(1);
            assertThat(kit.system().metrics(held).dropped()).as("offer FULL is the sender's; tell is a drop")
                    .isEqualTo(1);
            gate.countDown();
        }
    }

    @Test
    void blockTimesOutWithAnExceptionNamingTheTarget() throws Exception {
        try (var kit = ActorTestKit.create()) {
            CountDownLatch gate = new CountDownLatch(1);
            ActorRef<Integer> held = kit.system().spawn(Behaviors.receiveMessage(n -> {
                gate.await();
                return Behaviors.same();
            }), "held", Props.defaults().withMailbox(Mailbox.bounded(1, Overflow.block(Duration.ofMillis(50)))));
            held.tell(0);
            ActorTestKit.awaitAssert(Duration.ofSeconds(5),
                    () -> assertThat(kit.system().metrics(held).processed()).isEqualTo(1));
            held.tell(1); // fills the one slot
            assertThat(held.offer(2)).isEqualTo(OfferResult.FULL);
            assertThatThrownBy(() -> held.tell(2))
                    .isInstanceOf(MailboxFullException.class)
                    .hasMessageContaining("/user/held")
                    .hasMessageContaining("capacity 1")
                    .hasMessageContaining("50 ms");
            gate.countDown();
        }
    }

    @Test
    void aStopReachesAnActorWhoseMailboxIsFull() throws Exception {
        try (var kit = ActorTestKit.create()) {
            CountDownLatch gate = new CountDownLatch(1);
            ActorRef<Integer> held = kit.system().spawn(Behaviors.receiveMessage(n -> {
                gate.await();
                return Behaviors.same();
            }), "held", Props.defaults().withMailbox(Mailbox.bounded(5, Overflow.block(Duration.ofSeconds(5)))));
            for (int i = 0; i < 6; i++) {
                held.tell(i); // one in the handler, five queued: full
            }
            ActorTestKit.awaitAssert(Duration.ofSeconds(5),
                    () -> assertThat(kit.system().metrics(held).depth()).isEqualTo(5));
            TestProbe<Object> probe = kit.createTestProbe();
            probe.watch(held);
            kit.system().stop(held); // a system message: never waits behind the full mailbox
            gate.countDown();
            probe.expectTerminated(held);
            ActorMetrics m = kit.system().metrics(held);
            assertThat(m.processed()).as("the stop overtook the 5 queued messages").isEqualTo(1);
            assertThat(kit.system().deadLetters().count(DeadLetter.Reason.RECIPIENT_TERMINATED)).isEqualTo(5);
        }
    }

    @Test
    void anActorBlockedOnAFullMailboxDoesNotStarveTheRuntime() {
        // one dispatcher thread: if the blocked producer held it, the consumer could never run
        try (var kit = ActorTestKit.create("one-thread", ActorSystemConfig.defaults().withParallelism(1))) {
            int n = 10_000;
            TestProbe<Integer> done = kit.createTestProbe();
            AtomicInteger received = new AtomicInteger();
            ActorRef<Integer> consumer = kit.system().spawn(Behaviors.receiveMessage(i -> {
                if (received.incrementAndGet() == n) {
                    done.ref().tell(n);
                }
                return Behaviors.same();
            }), "consumer", Props.defaults().withMailbox(Mailbox.bounded(8, Overflow.block(Duration.ofSeconds(30)))));
            ActorRef<String> producer = kit.spawn(Behaviors.receiveMessage(go -> {
                for (int i = 0; i < n; i++) {
                    consumer.tell(i); // blocks this actor's thread whenever the mailbox is full
                }
                return Behaviors.same();
            }), "producer");
            producer.tell("go");
            assertThat(done.receiveMessage(Duration.ofSeconds(30))).isEqualTo(n);
            assertThat(kit.system().metrics(consumer).highWaterMark()).isLessThanOrEqualTo(8);
        }
    }

    @Test
    void anUnboundedMailboxGrowsAndShowsItsDepth() throws Exception {
        try (var kit = ActorTestKit.create()) {
            CountDownLatch gate = new CountDownLatch(1);
            TestProbe<String> done = kit.createTestProbe();
            int n = 200_000;
            ActorRef<Integer> slow = kit.spawn(Behaviors.receiveMessage(i -> {
                if (i == 0) {
                    gate.await();
                }
                if (i == n) {
                    done.ref().tell("done");
                }
                return Behaviors.same();
            }), "slow");
            for (int i = 0; i <= n; i++) {
                slow.tell(i);
            }
            ActorTestKit.awaitAssert(Duration.ofSeconds(5),
                    () -> assertThat(kit.system().metrics(slow).depth()).isEqualTo(n));
            gate.countDown();
            done.expectMessage("done");
            ActorMetrics m = kit.system().metrics(slow);
            assertThat(m.highWaterMark()).isGreaterThanOrEqualTo(n);
            assertThat(m.capacity()).isEqualTo(-1);
            assertThat(m.processed()).isEqualTo(n + 1);
            assertThat(m.depth()).isZero();
        }
    }

    @Test
    void badMailboxSpecsFailWhenBuilt() {
        assertThatThrownBy(() -> Mailbox.bounded(0, Overflow.dropNewest()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("mailbox capacity must be >= 1, was 0");
        assertThatThrownBy(() -> Overflow.block(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("block timeout must be positive");
        assertThatThrownBy(() -> Mailbox.bounded(1, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("overflow");
    }

    @Test
    void theSystemDefaultMailboxApplies() {
        var config = ActorSystemConfig.defaults().withDefaultMailbox(Mailbox.bounded(7, Overflow.dropNewest()));
        try (var kit = ActorTestKit.create("defaults", config)) {
            ActorRef<String> a = kit.spawn(Behaviors.ignore(), "a");
            assertThat(kit.system().metrics(a).capacity()).isEqualTo(7);
            ActorRef<String> b = kit.system().spawn(Behaviors.ignore(), "b", Props.defaults()
                    .withMailbox(Mailbox.unbounded()));
            assertThat(kit.system().metrics(b).capacity()).isEqualTo(-1);
        }
    }

    /**
     * An actor that stops itself in the middle of a batch of messages (an unbounded mailbox is
     * consumed with a cursor written back at the batch's end): what it took is processed once, the
     * rest become dead letters once, and nothing is both.
     */
    @RepeatedTest(20)
    void anActorThatStopsInTheMiddleOfABatchSendsEachLaterMessageToDeadLettersOnce() throws Exception {
        try (var kit = ActorTestKit.create()) {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            List<Integer> handled = java.util.Collections.synchronizedList(new ArrayList<>());
            ActorRef<Integer> a = kit.spawn(Behaviors.receiveMessage(n -> {
                handled.add(n);
                if (n == 0) {
                    holding.countDown();
                    release.await(); // the next 20 queue up behind it: one batch
                }
                return n == 5 ? Behaviors.stopped() : Behaviors.same();
            }), "stops-mid-batch");
            TestProbe<Object> probe = kit.createTestProbe();
            probe.watch(a);
            a.tell(0);
            holding.await();
            for (int i = 1; i <= 20; i++) {
                a.tell(i);
            }
            release.countDown();
            probe.expectTerminated(a);
            assertThat(handled).containsExactly(0, 1, 2, 3, 4, 5);
            assertThat(kit.system().deadLetters().count(DeadLetter.Reason.RECIPIENT_TERMINATED))
                    .as("6..20, once each").isEqualTo(15);
        }
    }
}
