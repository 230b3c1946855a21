package dev.cadre.examples.learn;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.Mailbox;
import dev.cadre.actor.Overflow;
import dev.cadre.actor.Props;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * Step 13: an ingestion pipeline whose consumer is slower than its producer. An unbounded mailbox
 * grows to a million messages (heap and latency grow with it); a bounded one that blocks the
 * producer, or drops explicitly and counts, keeps both flat; a bigger buffer only moves the cliff.
 * Page: {@code docs/learn/13-backpressure.md}.
 */
final class Step13Backpressure {

    private Step13Backpressure() {
    }

    // tag::ingest[]
    /** What the store stage of the pipeline understands. */
    public sealed interface IngestMsg {
        /** A sensor reading, stamped when it was sent. */
        record Reading(long seq, long sentNanos) implements IngestMsg {
        }

        /** Holds the store busy until released (the database is down for a moment). */
        record Stall(Step06TheMailbox.Busy busy) implements IngestMsg {
        }

        /** Asks for what the store has seen. */
        record Report(CompletableFuture<Stats> reply) implements IngestMsg {
        }
    }

    /**
     * What the store saw.
     *
     * @param stored readings stored
     * @param latencies nanoseconds from send to store, per reading, in arrival order
     */
    public record Stats(int stored, long[] latencies) {
    }

    /** The store: each reading costs {@code workNanos} of CPU (writing it out, say). */
    static Behavior<IngestMsg> store(int expected, long workNanos) {
        return Behaviors.setup(ctx -> {
            long[] latencies = new long[expected];
            int[] stored = {0};
            return Behaviors.receiveMessage(msg -> {
                switch (msg) {
                    case IngestMsg.Reading r -> {
                        busyFor(workNanos);
                        if (stored[0] < latencies.length) {
                            latencies[stored[0]] = System.nanoTime() - r.sentNanos();
                        }
                        stored[0]++;
                    }
                    case IngestMsg.Stall s -> s.busy().run();
                    case IngestMsg.Report r -> r.reply().complete(
                            new Stats(stored[0], Arrays.copyOf(latencies, Math.min(stored[0], latencies.length))));
                }
                return Behaviors.same();
            });
        });
    }
    // end::ingest[]

    static void busyFor(long nanos) {
        if (nanos <= 0) {
            return;
        }
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    /**
     * What happened while the store was stalled.
     *
     * @param mailbox the mailbox's description
     * @param sent readings the producer offered
     * @param depth readings waiting in the mailbox while the store was stalled
     * @param retainedBytes heap retained by the waiting readings (after a full GC)
     * @param dropped readings the mailbox dropped (counted, each a dead letter)
     * @param stored readings stored once the store was free again
     */
    public record Stalled(String mailbox, int sent, int depth, long retainedBytes, long dropped, int stored) {
    }

    // tag::stalled[]
    /**
     * The store stalls (its database is down); a producer sends {@code n} readings meanwhile. We
     * measure the mailbox's depth and the heap it retains, then let the store recover.
     */
    public static Stalled stalled(ActorSystem system, Mailbox mailbox, int n) throws InterruptedException {
        ActorRef<IngestMsg> store = system.spawnAnonymous(store(n, 0),
                Props.virtualThreads().withMailbox(mailbox));   // the Stall blocks: a virtual thread
        Step06TheMailbox.Busy outage = new Step06TheMailbox.Busy();
        store.tell(new IngestMsg.Stall(outage));
        outage.entered().await();
        long before = Step08OneActorPerConcept.usedHeapAfterGc();

        Thread producer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < n; i++) {
                store.tell(new IngestMsg.Reading(i, System.nanoTime()));   // may block, with Overflow.block
            }
        });
        boolean blocks = mailbox instanceof Mailbox.Bounded b && b.overflow() instanceof Overflow.Block;
        if (blocks) {   // the producer fills the mailbox, then waits in tell()
            int capacity = ((Mailbox.Bounded) mailbox).capacity();
            Await.until("the mailbox to fill up", () -> system.metrics(store).depth() == capacity
                    && producer.getState() == Thread.State.TIMED_WAITING);
        } else {        // tell() never waits: the producer runs to the end
            producer.join();
        }
        int depth = system.metrics(store).depth();
        long retained = Step08OneActorPerConcept.usedHeapAfterGc() - before;
        long dropped = system.metrics(store).dropped();

        outage.until().countDown();   // the database is back
        producer.join();
        CompletableFuture<Stats> report = new CompletableFuture<>();
        Await.until("the backlog to drain", () -> system.metrics(store).depth() == 0);
        store.tell(new IngestMsg.Report(report));
        int stored = report.join().stored();
        system.stop(store);
        return new Stalled(describe(mailbox), n, depth, retained, dropped, stored);
    }
    // end::stalled[]

    /**
     * Latencies of one run against a slow store.
     *
     * @param mailbox the mailbox's description
     * @param peakDepth the mailbox's high-water mark
     * @param p50Micros median send-to-store latency
     * @param p99Micros 99th percentile
     * @param maxMicros the worst
     */
    public record Latency(String mailbox, int peakDepth, long p50Micros, long p99Micros, long maxMicros) {
    }

    // tag::slow-store[]
    /** A producer sends {@code n} readings as fast as it can to a store that needs {@code workNanos} each. */
    public static Latency slowStore(ActorSystem system, Mailbox mailbox, int n, long workNanos) {
        ActorRef<IngestMsg> store = system.spawnAnonymous(store(n, workNanos), Props.defaults().withMailbox(mailbox));
        for (int i = 0; i < n; i++) {
            store.tell(new IngestMsg.Reading(i, System.nanoTime()));
        }
        CompletableFuture<Stats> report = new CompletableFuture<>();
        store.tell(new IngestMsg.Report(report));
        Stats stats = report.join();
        int peak = system.metrics(store).highWaterMark();
        system.stop(store);
        long[] sorted = stats.latencies().clone();
        Arrays.sort(sorted);
        return new Latency(describe(mailbox), peak, sorted[sorted.length / 2] / 1000,
                sorted[(int) (sorted.length * 0.99)] / 1000, sorted[sorted.length - 1] / 1000);
    }
    // end::slow-store[]

    static String describe(Mailbox m) {
        return switch (m) {
            case Mailbox.Unbounded u -> "unbounded";
            case Mailbox.Bounded b -> "bounded(" + String.format("%,d", b.capacity()) + ", " + switch (b.overflow()) {
                case Overflow.Block k -> "block " + k.timeout().toSeconds() + " s";
                case Overflow.DropNewest d -> "dropNewest";
                case Overflow.DropOldest d -> "dropOldest";
                case Overflow.Reject r -> "reject";
            } + ")";
        };
    }

    /** The mailboxes the lesson compares. */
    static final Mailbox UNBOUNDED = Mailbox.unbounded();
    static final Mailbox BLOCK = Mailbox.bounded(1_000, Overflow.block(Duration.ofSeconds(30)));
    static final Mailbox DROP = Mailbox.bounded(1_000, Overflow.dropNewest());
    static final Mailbox BIGGER = Mailbox.bounded(100_000, Overflow.dropNewest());

    /**
     * Narrates the runs.
     *
     * @param out where to narrate
     * @return whether the unbounded mailbox grew to a million and retained tens of MB while the
     *     bounded ones stayed at their capacity, retained little and accounted for every reading
     */
    public static boolean narrate(PrintStream out) throws InterruptedException {
        int n = 1_000_000;
        Stalled[] runs = new Stalled[4];
        Latency unboundedLatency;
        Latency blockLatency;
        try (ActorSystem system = ActorSystem.create("step13")) {
            runs[0] = stalled(system, UNBOUNDED, n);
            runs[1] = stalled(system, BLOCK, n);
            runs[2] = stalled(system, DROP, n);
            runs[3] = stalled(system, BIGGER, n);
            unboundedLatency = slowStore(system, UNBOUNDED, n, 1_000);
            blockLatency = slowStore(system, BLOCK, n, 1_000);
        }
        out.printf("The store stalls (its database is down) while the producer sends %,d readings:%n", n);
        out.printf("  %-30s %12s %14s %10s %10s%n", "mailbox", "depth", "heap retained", "dropped", "stored");
        for (Stalled s : runs) {
            out.printf("  %-30s %,12d %11.1f MB %,10d %,10d%n", s.mailbox(), s.depth(), s.retainedBytes() / 1e6,
                    s.dropped(), s.stored());
        }
        out.println("  (block: the producer waited in tell() until the store recovered; nothing dropped, nothing piled up)");
        out.println();
        out.printf("The store keeps up at 1 us per reading; the producer sends %,d as fast as it can:%n", n);
        out.printf("  %-30s %12s %10s %10s %10s%n", "mailbox", "peak depth", "p50", "p99", "max");
        for (Latency l : new Latency[] {unboundedLatency, blockLatency}) {
            out.printf("  %-30s %,12d %7.1f ms %7.1f ms %7.1f ms%n", l.mailbox(), l.peakDepth(), l.p50Micros() / 1e3,
                    l.p99Micros() / 1e3, l.maxMicros() / 1e3);
        }
        out.println("  (the latencies depend on the machine; the depths are what cause them)");
        Stalled u = runs[0];
        Stalled b = runs[1];
        Stalled d = runs[2];
        Stalled big = runs[3];
        return u.depth() == n && u.retainedBytes() > 20_000_000 && u.stored() == n
                && b.depth() == 1_000 && b.retainedBytes() < 5_000_000 && b.dropped() == 0 && b.stored() == n
                && d.depth() == 1_000 && d.dropped() == n - 1_000 && d.stored() == 1_000
                && big.depth() == 100_000 && big.dropped() == n - 100_000
                && blockLatency.peakDepth() <= 1_000;
    }
}
