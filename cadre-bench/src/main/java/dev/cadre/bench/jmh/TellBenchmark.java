package dev.cadre.bench.jmh;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code tell} into an idle actor and into a busy one.
 *
 * <ul>
 *   <li>{@link #tellIdle}: the actor's mailbox is empty and it is not scheduled, so the tell pays
 *       for the enqueue, the scheduling CAS, the dispatcher hand-off and the wake-up of a worker;
 *       the benchmark thread waits until the message is handled before the next one. Reported as
 *       time per message (a one-way hop, tell to handled).</li>
 *   <li>{@link #tellBusy}: the actor always has a backlog (the sender keeps between 10k and 50k
 *       messages queued), so a tell is an enqueue into a scheduled actor: no CAS on the status,
 *       no dispatch. Reported as sender-side time per message.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class TellBenchmark {

    /**
     * Created by JMH, which needs a public no-argument constructor for a {@code @State} class;
     * {@link #setup()} starts the system with the counting actor.
     */
    public TellBenchmark() {
    }

    static final int BATCH = 1_000;
    static final long HIGH_WATER = 50_000;
    static final long LOW_WATER = 10_000;

    ActorSystem system;
    Counting counting;
    ActorRef<Counting.Tick> ref;
    long sent;

    /** Starts a system with one counting actor. */
    @Setup
    public void setup() {
        system = ActorSystem.create("jmh");
        counting = new Counting();
        ref = system.spawn(counting.behavior(), "counter");
        sent = 0;
    }

    /** Drains and closes the system. */
    @TearDown
    public void tearDown() {
        counting.awaitAtLeast(sent);
        system.close();
    }

    /** One tell to an idle actor, waited for until handled. */
    @Benchmark
    public void tellIdle() {
        ref.tell(Counting.Tick.TICK);
        counting.awaitAtLeast(++sent);
    }

    /** A batch of tells into an actor that always has a backlog. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void tellBusy() {
        for (int i = 0; i < BATCH; i++) {
            ref.tell(Counting.Tick.TICK);
        }
        sent += BATCH;
        if (sent - counting.processed.getAcquire() > HIGH_WATER) {
            counting.awaitAtLeast(sent - LOW_WATER);
        }
    }
}
