package dev.cadre.bench.jmh;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Mailbox;
import dev.cadre.actor.Overflow;
import dev.cadre.actor.Props;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of offering a message into a busy actor's mailbox, bounded vs unbounded.
 *
 * <ul>
 *   <li>{@code unbounded}: the default mailbox.</li>
 *   <li>{@code bounded}: a blocking bounded mailbox large enough (65,536) that it never fills
 *       here (the sender keeps at most 50k queued), so the difference is the reservation
 *       bookkeeping of a bounded offer, not blocking.</li>
 *   <li>{@code bounded-full}: capacity 1,000, as in the {@code fanin-bounded} scenario: the
 *       sender outruns the actor and blocks, so this measures the hand-off rate at the bound.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MailboxOfferBenchmark {

    /**
     * Created by JMH, which needs a public no-argument constructor for a {@code @State} class;
     * {@link #setup()} starts the system with the counting actor.
     */
    public MailboxOfferBenchmark() {
    }

    /**
     * Which mailbox the counting actor gets: {@code unbounded}, {@code bounded} or
     * {@code bounded-full} (see the class comment). Set by JMH before {@link #setup()}.
     */
    @Param({"unbounded", "bounded", "bounded-full"})
    public String mailbox;

    ActorSystem system;
    Counting counting;
    ActorRef<Counting.Tick> ref;
    long sent;

    /** Starts a system with one counting actor on the chosen mailbox. */
    @Setup
    public void setup() {
        Mailbox m = switch (mailbox) {
            case "unbounded" -> Mailbox.unbounded();
            case "bounded" -> Mailbox.bounded(65_536, Overflow.block(Duration.ofSeconds(10)));
            case "bounded-full" -> Mailbox.bounded(1_000, Overflow.block(Duration.ofSeconds(10)));
            default -> throw new IllegalArgumentException(mailbox);
        };
        system = ActorSystem.create("jmh");
        counting = new Counting();
        ref = system.spawn(counting.behavior(), "counter", Props.defaults().withMailbox(m));
        sent = 0;
    }

    /** Drains and closes the system. */
    @TearDown
    public void tearDown() {
        counting.awaitAtLeast(sent);
        system.close();
    }

    /** A batch of tells into an actor that always has a backlog. */
    @Benchmark
    @OperationsPerInvocation(TellBenchmark.BATCH)
    public void offer() {
        for (int i = 0; i < TellBenchmark.BATCH; i++) {
            ref.tell(Counting.Tick.TICK);
        }
        sent += TellBenchmark.BATCH;
        if (sent - counting.processed.getAcquire() > TellBenchmark.HIGH_WATER) {
            counting.awaitAtLeast(sent - TellBenchmark.LOW_WATER);
        }
    }
}
