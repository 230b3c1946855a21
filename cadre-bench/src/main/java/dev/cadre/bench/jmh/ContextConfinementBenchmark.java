package dev.cadre.bench.jmh;

import dev.cadre.actor.ActorContext;
import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Behaviors;
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
 * What the thread-confinement check of {@link ActorContext} costs: inside one message, an actor
 * calls a confined context method ({@code log()}: checks the thread, then returns the cached
 * logger) {@value #CALLS} times, or an unconfined one ({@code self()}: returns a field, no check)
 * as many times. The difference per call is the check (one read of the field the running thread
 * wrote, one compare) plus {@code log()}'s own null test. Reported per call.
 *
 * <p>Run: {@code ./cadre bench --jmh ContextConfinement}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ContextConfinementBenchmark {

    /**
     * Created by JMH, which needs a public no-argument constructor for a {@code @State} class;
     * {@link #setup()} starts the system with the calling actor.
     */
    public ContextConfinementBenchmark() {
    }

    static final int CALLS = 100_000;

    /** The messages: which context method the actor calls {@value #CALLS} times. */
    enum Call { CONFINED, UNCONFINED }

    ActorSystem system;
    ActorRef<Call> ref;
    final AtomicLong handled = new AtomicLong();
    long sent;
    /** Keeps the calls' results alive (the actor's thread writes, nobody reads). */
    volatile int sink;

    /** Starts a system with the calling actor. */
    @Setup
    public void setup() {
        system = ActorSystem.create("jmh");
        ref = system.spawn(Behaviors.<Call>setup(ctx -> {
            long[] n = {0};
            return Behaviors.receiveMessage(m -> {
                int h = 0;
                if (m == Call.CONFINED) {
                    for (int i = 0; i < CALLS; i++) {
                        h += System.identityHashCode(ctx.log()) & 1;
                    }
                } else {
                    for (int i = 0; i < CALLS; i++) {
                        h += System.identityHashCode(ctx.self()) & 1;
                    }
                }
                sink = h;
                handled.setRelease(++n[0]);
                return Behaviors.same();
            });
        }), "caller");
        sent = 0;
    }

    /** Closes the system. */
    @TearDown
    public void tearDown() {
        system.close();
    }

    private void roundTrip(Call c) {
        ref.tell(c);
        long target = ++sent;
        while (handled.getAcquire() < target) {
            Thread.onSpinWait();
        }
    }

    /** {@value #CALLS} calls of {@code ctx.log()} (checked), per call. */
    @Benchmark
    @OperationsPerInvocation(CALLS)
    public void confinedCall() {
        roundTrip(Call.CONFINED);
    }

    /** {@value #CALLS} calls of {@code ctx.self()} (not checked), per call. */
    @Benchmark
    @OperationsPerInvocation(CALLS)
    public void unconfinedCall() {
        roundTrip(Call.UNCONFINED);
    }
}
