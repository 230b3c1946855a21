package dev.cadre.bench.jmh;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.PostStop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * The life of a short-lived actor: spawn a top-level actor, stop it, and wait until it has
 * received {@link PostStop} (and so has left the tree). Measured per actor over batches of 100,
 * so starts and stops of a batch overlap on the dispatcher as they would in an application.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SpawnStopBenchmark {

    /**
     * Created by JMH, which needs a public no-argument constructor for a {@code @State} class;
     * {@link #setup()} starts the system.
     */
    public SpawnStopBenchmark() {
    }

    static final int BATCH = 100;

    ActorSystem system;
    final AtomicLong stopped = new AtomicLong();
    Behavior<Counting.Tick> behavior;
    long spawned;
    final List<ActorRef<Counting.Tick>> batch = new ArrayList<>(BATCH);

    /** Starts a system. */
    @Setup
    public void setup() {
        system = ActorSystem.create("jmh");
        behavior = Behaviors.<Counting.Tick>receiveMessage(m -> Behaviors.same()).onSignal((ctx, s) -> {
            if (s instanceof PostStop) {
                stopped.incrementAndGet();
            }
            return Behaviors.same();
        });
    }

    /** Closes the system. */
    @TearDown
    public void tearDown() {
        system.close();
    }

    /** Spawns a batch, stops it, waits for every PostStop. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void spawnAndStop() {
        batch.clear();
        for (int i = 0; i < BATCH; i++) {
            batch.add(system.spawnAnonymous(behavior));
        }
        for (int i = 0; i < BATCH; i++) {
            system.stop(batch.get(i));
        }
        spawned += BATCH;
        while (stopped.get() < spawned) {
            Thread.onSpinWait();
        }
    }
}
