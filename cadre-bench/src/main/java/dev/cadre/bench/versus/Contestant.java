package dev.cadre.bench.versus;

import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * One implementation of every scenario. Each call builds what it needs (an actor system, threads),
 * measures, and tears everything down, so warm-up iterations and the measured one are
 * independent. Implementations throw {@link UnsupportedOperationException} for a scenario they
 * cannot run (the runner reports it as n/a).
 */
public interface Contestant {

    /**
     * Runs one iteration.
     *
     * @param scenario what to run
     * @param size its size (see {@link Scenario})
     * @return the measured values
     * @throws Exception if the run fails
     */
    default Result run(Scenario scenario, long size) throws Exception {
        return switch (scenario) {
            case PINGPONG -> pairs(Shape.pairs(1, 1, size));
            case PINGPONG_PARALLEL -> pairs(Shape.pairs(Scenario.PARALLEL_PAIRS, Scenario.PARALLEL_IN_FLIGHT, size));
            case FANIN -> fanin(Shape.fanin(size), false);
            case FANIN_BOUNDED -> fanin(Shape.fanin(size), true);
            case SPAWN -> spawn(Math.toIntExact(size));
            case SKYNET -> skynet(Shape.skynetLeaves(size));
            case ASK -> ask(Math.toIntExact(size));
            case THREADRING, COUNTING, FJ_CREATE, FJ_THROUGHPUT, CHAMENEOS, BIG, BANKING, PHILOSOPHERS ->
                    savina(scenario, size);
            case FULFILMENT, FULFILMENT_1M -> application(scenario, size);
        };
    }

    /**
     * A Savina workload ({@link Scenario.Suite#SAVINA}).
     *
     * @param scenario which
     * @param size its size
     * @return its time
     * @throws Exception on failure ({@link CheckFailed} if its result is wrong)
     */
    default Result savina(Scenario scenario, long size) throws Exception {
        throw new UnsupportedOperationException("no " + scenario.id() + " here");
    }

    /**
     * An application row ({@link Scenario.Suite#APP}).
     *
     * @param scenario which
     * @param size its size
     * @return its figures
     * @throws Exception on failure ({@link CheckFailed} if the application's checks fail)
     */
    default Result application(Scenario scenario, long size) throws Exception {
        throw new UnsupportedOperationException("no " + scenario.id() + " here");
    }

    /**
     * Ping-pong: {@code pairs} pairs of actors, {@code inFlight} balls per pair, each ball
     * delivered {@code perBall} times.
     *
     * @param s the shape
     * @return throughput in deliveries per second
     * @throws Exception on failure
     */
    Result pairs(Shape.Pairs s) throws Exception;

    /**
     * Fan-in: {@link Scenario#FANIN_SENDERS} plain threads each tell {@code perSender} messages
     * to one actor; done when the actor has counted them all.
     *
     * @param s the shape
     * @param bounded true for the bounded blocking mailbox of {@link Scenario#BOUNDED_CAPACITY}
     * @return throughput in messages per second
     * @throws Exception on failure
     */
    Result fanin(Shape.Fanin s, boolean bounded) throws Exception;

    /**
     * Spawns {@code n} idle children of one parent; done when all have started.
     *
     * @param n how many
     * @return time in seconds and retained heap bytes per actor
     * @throws Exception on failure
     */
    Result spawn(int n) throws Exception;

    /**
     * Skynet: each actor spawns {@link Scenario#SKYNET_FANOUT} children until {@code leaves}
     * leaves; each leaf reports its number, each parent the sum of its children's, then stops.
     *
     * @param leaves a power of 10
     * @return time in seconds until the root's sum arrives (and is checked)
     * @throws Exception on failure
     */
    Result skynet(long leaves) throws Exception;

    /**
     * {@code n} sequential asks from the calling (plain) thread.
     *
     * @param n how many
     * @return p50, p99 and p99.9 latency in microseconds
     * @throws Exception on failure
     */
    Result ask(int n) throws Exception;

    // --- helpers shared by the implementations ---

    /**
     * {@return a throughput result}
     *
     * @param messages messages handled
     * @param region the timed region
     */
    static Result throughput(long messages, Region.Stats region) {
        return Result.of(Metric.THROUGHPUT, messages / region.seconds(), region);
    }

    /**
     * {@return a time result: the region's wall time}
     *
     * @param region the timed region
     */
    static Result time(Region.Stats region) {
        return Result.of(Metric.TIME, region.seconds(), region);
    }

    /**
     * {@return p50, p99, p99.9 in microseconds}
     *
     * @param latenciesNanos one latency per ask
     * @param region the timed region (all the asks)
     */
    static Result latencies(long[] latenciesNanos, Region.Stats region) {
        long[] sorted = Summary.sorted(latenciesNanos);
        return Result.of(Map.of(
                Metric.P50, Summary.quantile(sorted, 0.50) / 1e3,
                Metric.P99, Summary.quantile(sorted, 0.99) / 1e3,
                Metric.P99_9, Summary.quantile(sorted, 0.999) / 1e3), region);
    }

    /**
     * {@return time and bytes per actor}
     *
     * @param region the timed region (the spawning)
     * @param heapBefore used heap (after full GCs) before spawning
     * @param heapAfter used heap (after full GCs) with all actors alive
     * @param n actors spawned
     */
    static Result spawnResult(Region.Stats region, long heapBefore, long heapAfter, int n) {
        return Result.of(Map.of(
                Metric.TIME, region.seconds(),
                Metric.BYTES_PER_ACTOR, (double) (heapAfter - heapBefore) / n), region);
    }

    /**
     * Used heap after several full collections: what is retained, not what is garbage.
     *
     * @return bytes
     * @throws InterruptedException if interrupted
     */
    static long retainedHeap() throws InterruptedException {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
            best = Math.min(best, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return best;
    }

    /**
     * {@return the sum skynet must produce: 0 + 1 + ... + (leaves - 1)}
     *
     * @param leaves a power of 10
     */
    static long skynetSum(long leaves) {
        return leaves * (leaves - 1) / 2;
    }
}
