package dev.cadre.examples;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.PreRestart;
import dev.cadre.actor.Supervisor;
import dev.cadre.actor.Supervisor.ChildSpec;
import dev.cadre.actor.Directive;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The four supervision lessons of issue 4, each a small running scenario with a result that its
 * test checks ({@code SupervisionExamplesTest}). Run them all with
 * {@code ./cadre example supervision}.
 */
public final class SupervisionExamples {

    private SupervisionExamples() {
    }

    // =====================================================================================
    // 1. A payment worker gets a 500: it crashes, is restarted with backoff, the order retries,
    //    and nobody is charged twice (the provider deduplicates by idempotency key).
    // =====================================================================================

    /** The provider's HTTP 500. Workers do not catch it. */
    public static final class ProviderException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ProviderException(String message) {
            super(message);
        }
    }

    /**
     * A simulated payment provider that fails with 500s, sometimes after it has already charged
     * (the nasty case: the caller cannot tell, so it must retry with the same idempotency key).
     * Thread-safe; its charge book is the independent record the example checks.
     */
    public static final class PaymentProvider {
        private final Map<String, Integer> chargesByKey = new ConcurrentHashMap<>();
        private final AtomicInteger calls = new AtomicInteger();
        private final double failureRate;
        private final long seed;

        /**
         * A provider with no charges yet.
         *
         * @param failureRate probability of a 500 per call, from 0 to 1; half of the failures come
         *     before the charge and half after it
         * @param seed makes the failures reproducible: the same seed fails the same calls
         */
        public PaymentProvider(double failureRate, long seed) {
            this.failureRate = failureRate;
            this.seed = seed;
        }

        /** Charges once per key; a repeated key returns the existing charge. */
        void charge(String idempotencyKey) {
            int call = calls.incrementAndGet();
            // SplittableRandom mixes its seed; java.util.Random seeded with consecutive numbers
            // gives nearly equal first draws (seed 1234 failed every call).
            SplittableRandom r = new SplittableRandom(seed * 31 + call);
            if (r.nextDouble() < failureRate / 2) {
                throw new ProviderException("HTTP 500 before charging " + idempotencyKey);
            }
            chargesByKey.putIfAbsent(idempotencyKey, 1); // idempotent: never a second charge
            if (r.nextDouble() < failureRate / 2) {
                throw new ProviderException("HTTP 500 after charging " + idempotencyKey);
            }
        }

        /** {@return charges per idempotency key} */
        public Map<String, Integer> chargesByKey() {
            return Map.copyOf(chargesByKey);
        }

        /** {@return calls made, failures included} */
        public int calls() {
            return calls.get();
        }
    }

    // tag::payment-worker[]
    /**
     * A capture request; the order id is the idempotency key.
     *
     * @param orderId the order to charge for
     * @param replyTo receives the order id once the charge is made
     */
    public record Capture(String orderId, ActorRef<String> replyTo) {
    }

    /**
     * The worker lets the provider's 500 crash it.
     *
     * @param provider the provider to charge
     * @return the worker's behaviour, unsupervised
     */
    public static Behavior<Capture> paymentWorker(PaymentProvider provider) {
        return Behaviors.receiveMessage(c -> {
            provider.charge(c.orderId()); // no try/catch: let it crash
            c.replyTo().tell(c.orderId());
            return Behaviors.same();
        });
    }
    // end::payment-worker[]

    /**
     * What example 1 observed.
     *
     * @param orders orders placed
     * @param captured orders whose capture was confirmed (all of them, once the retries are done)
     * @param providerCalls calls the provider received, retries and failures included
     * @param maxChargesPerOrder the most charges any one order got: 1 if nobody was charged twice
     * @param workerCrashes how often the worker failed (and was restarted)
     */
    public record PaymentResult(int orders, int captured, int providerCalls, int maxChargesPerOrder,
            long workerCrashes) {
    }

    /**
     * Runs {@code orders} captures through one supervised worker; each order retries on timeout.
     *
     * @param system the system to run in
     * @param orders how many orders
     * @param failureRate the provider's 500 rate
     * @param seed the provider's seed
     * @return what happened
     */
    public static PaymentResult payments(ActorSystem system, int orders, double failureRate, long seed) {
        return payments(system, orders, failureRate, seed, Duration.ofMillis(200));
    }

    /**
     * As {@link #payments(ActorSystem, int, double, long)}, retrying an order after {@code retryAfter}
     * without a reply.
     *
     * @param system the system to run in
     * @param orders how many orders
     * @param failureRate the provider's 500 rate
     * @param seed the provider's seed
     * @param retryAfter how long an order waits for its capture before it retries
     * @return what happened
     */
    public static PaymentResult payments(ActorSystem system, int orders, double failureRate, long seed,
            Duration retryAfter) {
        PaymentProvider provider = new PaymentProvider(failureRate, seed);
        // tag::supervised-worker[]
        ActorRef<Capture> worker = system.spawn(Behaviors.supervise(paymentWorker(provider))
                .onFailure(ProviderException.class,
                        Directive.restartWithBackoff(Duration.ofMillis(1), Duration.ofMillis(20), 0.2)),
                "payment-worker");
        int captured = 0;
        for (int i = 0; i < orders; i++) {
            String id = "o-" + i;
            for (int attempt = 1; ; attempt++) {
                try {
                    worker.<String>ask(r -> new Capture(id, r), retryAfter).join();
                    captured++;
                    break;
                } catch (RuntimeException timedOut) {   // the worker crashed on it, or was backing off
                    if (attempt == 50) {
                        throw new IllegalStateException("order " + id + " never captured", timedOut);
                    }
                }
            }
        }
        // end::supervised-worker[]
        int max = provider.chargesByKey().values().stream().mapToInt(Integer::intValue).max().orElse(0);
        long restarts = system.metrics(worker).failures();
        system.stop(worker);
        return new PaymentResult(orders, captured, provider.calls(), max, restarts);
    }

    // =====================================================================================
    // 2. One of 100 upload workers crashes on a corrupt file: one-for-one restarts only it.
    // =====================================================================================

    /** What an upload worker understands. */
    public sealed interface Upload {
        /**
         * A file to process; a corrupt one crashes the worker.
         *
         * @param name the file's name, for the crash message
         * @param corrupt whether processing it throws
         */
        record File(String name, boolean corrupt) implements Upload {
        }

        /**
         * How many files this worker has processed since it (re)started.
         *
         * @param replyTo receives the count
         */
        record Count(ActorRef<Integer> replyTo) implements Upload {
        }
    }

    // tag::upload-worker[]
    static Behavior<Upload> uploadWorker(List<String> restarted, String id) {
        return Behaviors.setup(ctx -> {
            int[] done = {0};
            return Behaviors.<Upload>receiveMessage(msg -> {
                switch (msg) {
                    case Upload.File f -> {
                        if (f.corrupt()) {
                            throw new IllegalArgumentException("corrupt upload " + f.name());
                        }
                        done[0]++;
                    }
                    case Upload.Count c -> c.replyTo().tell(done[0]);
                }
                return Behaviors.same();
            }).onSignal((c, s) -> {
                if (s instanceof PreRestart) {
                    restarted.add(id);
                }
                return Behaviors.same();
            });
        });
    }
    // end::upload-worker[]

    /**
     * What example 2 observed.
     *
     * @param restarted the ids of the workers that restarted, in the order they restarted
     * @param workersWithState how many workers still counted their 3 files after the crash
     * @param workers how many workers the pool has
     */
    public record UploadResult(List<String> restarted, int workersWithState, int workers) {
    }

    /**
     * Runs 100 workers, 3 files each, then one corrupt file to worker 42.
     *
     * @param system the system to run in
     * @return which workers restarted and how many kept their state
     */
    public static UploadResult uploads(ActorSystem system) {
        return uploads(system, Supervisor.Strategy.ONE_FOR_ONE);
    }

    /**
     * As {@link #uploads(ActorSystem)}, under another strategy: waits until the crash's restarts
     * (one child under one-for-one, all under one-for-all, 42 and later under rest-for-one) have
     * begun, then counts the workers that kept their state.
     *
     * @param system the system to run in
     * @param strategy the pool's strategy
     * @return which workers restarted and how many kept their state
     */
    public static UploadResult uploads(ActorSystem system, Supervisor.Strategy strategy) {
        List<String> restarted = new CopyOnWriteArrayList<>();
        // tag::uploads[]
        Supervisor.Builder b = Supervisor.builder().strategy(strategy)
                .intensity(3, Duration.ofSeconds(10));
        int n = 100;
        for (int i = 0; i < n; i++) {
            b.child(ChildSpec.of("upload-" + i, uploadWorker(restarted, "upload-" + i)));
        }
        String name = "uploads-" + strategy.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        ActorRef<Supervisor.Command> sup = system.spawn(b.build(), name);
        List<ActorRef<Upload>> workers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            workers.add(await(system, "/user/" + name + "/upload-" + i));
        }
        for (ActorRef<Upload> w : workers) {
            for (int f = 0; f < 3; f++) {
                w.tell(new Upload.File("f" + f, false));
            }
        }
        for (ActorRef<Upload> w : workers) {   // every worker has done its work before the crash
            w.<Integer>ask(Upload.Count::new, Duration.ofSeconds(5)).join();
        }
        workers.get(42).tell(new Upload.File("evil.zip", true));
        // end::uploads[]
        int expected = switch (strategy) {
            case ONE_FOR_ONE -> 1;
            case ONE_FOR_ALL -> n;
            case REST_FOR_ONE -> n - 42;
        };
        waitFor(() -> restarted.size() >= expected);
        int withState = 0;
        for (ActorRef<Upload> w : workers) {
            int count = w.<Integer>ask(Upload.Count::new, Duration.ofSeconds(5)).join();
            withState += count == 3 ? 1 : 0;
        }
        system.stop(sup);
        return new UploadResult(List.copyOf(restarted), withState, n);
    }

    // =====================================================================================
    // 3. reader -> parser -> writer under rest-for-one: a parser crash restarts parser and
    //    writer (which depends on it), not the reader.
    // 4. Two coupled actors under one-for-all: a crash of either restarts both.
    // =====================================================================================

    // tag::crash-under[]
    static Behavior<String> stage(String name, List<String> events) {
        return Behaviors.setup(ctx -> {
            events.add("start " + name);
            return Behaviors.<String>receiveMessage(m -> {
                if (m.equals("crash")) {
                    throw new IllegalStateException(name + " crashed");
                }
                return Behaviors.same();
            }).onSignal((c, s) -> {
                if (s instanceof PreRestart) {
                    events.add("restart " + name);
                }
                return Behaviors.same();
            });
        });
    }

    /**
     * Starts a supervisor of {@code names} under {@code strategy}, crashes {@code victim}, and
     * returns the lifecycle events that followed the crash.
     *
     * @param system the system to run in
     * @param supName the supervisor's name
     * @param strategy the strategy
     * @param victim which child to crash
     * @param names the children, in start order
     * @return events after the crash, in order
     */
    public static List<String> crashUnder(ActorSystem system, String supName, Supervisor.Strategy strategy,
            String victim, String... names) {
        List<String> events = new CopyOnWriteArrayList<>();
        Supervisor.Builder b = Supervisor.builder().strategy(strategy).intensity(3, Duration.ofSeconds(10));
        for (String n : names) {
            b.child(ChildSpec.of(n, stage(n, events)));
        }
        ActorRef<Supervisor.Command> sup = system.spawn(b.build(), supName);
        for (String n : names) {
            await(system, "/user/" + supName + "/" + n);
        }
        waitFor(() -> events.size() == names.length);
        events.clear();
        ActorRef<String> v = await(system, "/user/" + supName + "/" + victim);
        v.tell("crash");
        int expected = switch (strategy) {
            case ONE_FOR_ONE -> 2;
            case ONE_FOR_ALL -> 2 * names.length;
            case REST_FOR_ONE -> 2 * (names.length - List.of(names).indexOf(victim));
        };
        waitFor(() -> events.size() >= expected);
        system.stop(sup);
        return List.copyOf(events);
    }
    // end::crash-under[]

    private static <T> ActorRef<T> await(ActorSystem system, String path) {
        waitFor(() -> system.lookup(path).isPresent());
        return system.<T>lookup(path).orElseThrow();
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for the example to settle");
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Runs the four examples and prints what each shows.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        try (ActorSystem system = ActorSystem.create("supervision")) {
            PaymentResult p = payments(system, 200, 0.3, 42, Duration.ofMillis(50));
            System.out.printf("1. payments: %d orders, %d captured, %d provider calls, %d worker crashes "
                    + "(restarted with backoff), at most %d charge per order%n",
                    p.orders(), p.captured(), p.providerCalls(), p.workerCrashes(), p.maxChargesPerOrder());
            UploadResult u = uploads(system);
            System.out.printf("2. uploads (one-for-one): restarted %s; %d of %d workers kept their state%n",
                    u.restarted(), u.workersWithState(), u.workers());
            System.out.println("3. pipeline (rest-for-one), parser crashes: " + crashUnder(system, "pipeline",
                    Supervisor.Strategy.REST_FOR_ONE, "parser", "reader", "parser", "writer"));
            System.out.println("4. coupled (one-for-all), left crashes:    " + crashUnder(system, "coupled",
                    Supervisor.Strategy.ONE_FOR_ALL, "left", "left", "right"));
        }
    }
}
