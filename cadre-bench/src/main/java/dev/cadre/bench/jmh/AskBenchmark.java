package dev.cadre.bench.jmh;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Behaviors;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One ask round trip from a plain thread: temporary reply-to, timeout registration, tell, the
 * reply, completion of the future and the wake-up of the waiting thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class AskBenchmark {

    /**
     * Created by JMH, which needs a public no-argument constructor for a {@code @State} class;
     * {@link #setup()} starts the system with its responder.
     */
    public AskBenchmark() {
    }

    record Ping(ActorRef<Pong> replyTo) {
    }

    /** The reply: a constant, so the round trip allocates no reply. */
    public enum Pong {
        /** The only reply there is. */
        PONG
    }

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    ActorSystem system;
    ActorRef<Ping> responder;

    /** Starts a system with one responder. */
    @Setup
    public void setup() {
        system = ActorSystem.create("jmh");
        responder = system.spawn(Behaviors.receiveMessage(p -> {
            p.replyTo().tell(Pong.PONG);
            return Behaviors.same();
        }), "responder");
    }

    /** Closes the system. */
    @TearDown
    public void tearDown() {
        system.close();
    }

    /** {@return the reply (consumed by JMH)} */
    @Benchmark
    public Pong askRoundTrip() {
        return responder.<Pong>ask(Ping::new, TIMEOUT).join();
    }
}
