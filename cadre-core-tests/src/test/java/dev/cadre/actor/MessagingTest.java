package dev.cadre.actor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.testkit.ActorTestKit;
import dev.cadre.testkit.CadreExtension;
import dev.cadre.testkit.TestProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CadreExtension.class)
class MessagingTest {

    @Test
    void countsAndRepliesToAsk(ActorTestKit kit) {
        ActorRef<Counter> c = kit.spawn(Counter.counter(0), "counter");
        c.tell(new Counter.Add(2));
        c.tell(new Counter.Add(3));
        int n = c.<Integer>ask(Counter.Get::new, Duration.ofSeconds(5)).join();
        assertThat(n).isEqualTo(5);
    }

    /** A record of one message: who sent it and its sequence number from that sender. */
    record Seq(int sender, int n) {
    }

    @Test
    void preservesFifoPerSenderReceiverPair(ActorTestKit kit) throws Exception {
        int senders = 4;
        int perSender = 50_000;
        TestProbe<List<String>> done = kit.createTestProbe();
        ActorRef<Seq> receiver = kit.spawn(Behaviors.setup(ctx -> {
            int[] last = new int[senders];
            java.util.Arrays.fill(last, -1);
            List<String> violations = new ArrayList<>();
            int[] received = {0};
            return Behaviors.receiveMessage(m -> {
                if (m.n() != last[m.sender()] + 1) {
                    violations.add("sender " + m.sender() + ": " + last[m.sender()] + " then " + m.n());
                }
                last[m.sender()] = m.n();
                if (++received[0] == senders * perSender) {
                    done.ref().tell(violations);
                }
                return Behaviors.same();
            });
        }), "fifo");
        runOnThreads(senders, s -> {
            for (int i = 0; i < perSender; i++) {
                receiver.tell(new Seq(s, i));
            }
        });
        assertThat(done.receiveMessage(Duration.ofSeconds(30))).isEmpty();
    }

    /** A behaviour whose state is a plain, non-volatile field. */
    static final class PlainCounter extends AbstractBehavior<Object> {
        private long count; // deliberately not volatile: the runtime gives the happens-before edges
        private final AtomicInteger inside = new AtomicInteger();
        private int maxInside;
        private final long expected;
        private final ActorRef<long[]> report;

        PlainCounter(ActorContext<Object> ctx, long expected, ActorRef<long[]> report) {
            super(ctx);
            this.expected = expected;
            this.report = report;
        }

        @Override
        public Behavior<Object> receive(Object message) {
            maxInside = Math.max(maxInside, inside.incrementAndGet());
            count++;
            inside.decrementAndGet();
            if (count == expected) {
                report.tell(new long[] {count, maxInside});
            }
            return this;
        }
    }

    @Test
    void processesOneMessageAtATimeAndEachSeesThePreviousOnesEffects(ActorTestKit kit) throws Exception {
        int threads = 4;
        int perThread = 2_500_000;
        TestProbe<long[]> probe = kit.createTestProbe();
        ActorRef<Object> counter = kit.spawn(
                Behaviors.setup(ctx -> new PlainCounter(ctx, (long) threads * perThread, probe.ref())), "plain");
        Object tick = "tick";
        runOnThreads(threads, t -> {
            for (int i = 0; i < perThread; i++) {
                counter.tell(tick);
            }
        });
        long[] result = probe.receiveMessage(Duration.ofSeconds(60));
        assertThat(result[0]).isEqualTo(10_000_000L);
        assertThat(result[1]).as("handlers running at once").isEqualTo(1);
    }

    @Test
    void tellOfNullThrowsNamingTheArgument(ActorTestKit kit) {
        ActorRef<Counter> c = kit.spawn(Counter.counter(0));
        assertThatThrownBy(() -> c.tell(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("message");
    }

    @Test
    void refsHaveValueEqualityAndPaths(ActorTestKit kit) {
        ActorRef<Counter> c = kit.spawn(Counter.counter(0), "equality");
        ActorRef<Counter> found = kit.system().<Counter>lookup("/user/equality").orElseThrow();
        assertThat(found).isEqualTo(c).hasSameHashCodeAs(c);
        assertThat(c.path()).isEqualTo("/user/equality");
        assertThat(c.name()).isEqualTo("equality");
    }

    interface SenderBody {
        void run(int index) throws Exception;
    }

    static void runOnThreads(int n, SenderBody body) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < n; i++) {
            int index = i;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    body.run(index);
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(errors).isEmpty();
    }
}
