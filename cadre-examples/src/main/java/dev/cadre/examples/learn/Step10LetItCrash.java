package dev.cadre.examples.learn;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.DeadLetter;
import dev.cadre.examples.SupervisionExamples;
import dev.cadre.examples.SupervisionExamples.Capture;
import dev.cadre.examples.SupervisionExamples.PaymentProvider;
import dev.cadre.examples.SupervisionExamples.PaymentResult;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Step 10: let it crash. A payment worker without a supervisor dies on the provider's first 500
 * and every order behind it is lost (as counted dead letters); the same worker under a supervisor
 * crashes, is restarted with backoff, every order is captured, and nobody is charged twice. Page:
 * {@code docs/learn/10-let-it-crash.md}. The worker and the provider are
 * {@link SupervisionExamples}' ({@code ./cadre example supervision}).
 */
final class Step10LetItCrash {

    private Step10LetItCrash() {
    }

    /**
     * What the unsupervised worker did.
     *
     * @param orders captures sent
     * @param captured captures answered
     * @param crashed the capture the worker crashed on (reported in the crash report, not answered)
     * @param deadLetters captures that reached the stopped worker
     * @param workerStopped whether the worker had stopped
     */
    public record Unsupervised(int orders, int captured, int crashed, long deadLetters, boolean workerStopped) {
    }

    // tag::unsupervised[]
    /** The same worker, spawned without a supervisor, gets {@code orders} captures at once. */
    public static Unsupervised unsupervised(ActorSystem system, int orders, double failureRate, long seed) {
        PaymentProvider provider = new PaymentProvider(failureRate, seed);
        ActorRef<Capture> worker = system.spawn(SupervisionExamples.paymentWorker(provider), "lone-worker");
        AtomicInteger captured = new AtomicInteger();
        ActorRef<String> orderDesk = system.spawnAnonymous(Behaviors.receiveMessage(orderId -> {
            captured.incrementAndGet();
            return Behaviors.same();
        }));
        long deadBefore = system.deadLetters().count(DeadLetter.Reason.RECIPIENT_TERMINATED);
        for (int i = 0; i < orders; i++) {
            worker.tell(new Capture("o-" + i, orderDesk));
        }
        // Every capture is either answered, the one the worker crashed on, or a dead letter.
        Await.until("every capture accounted for", () -> captured.get() + 1
                + system.deadLetters().count(DeadLetter.Reason.RECIPIENT_TERMINATED) - deadBefore == orders);
        long dead = system.deadLetters().count(DeadLetter.Reason.RECIPIENT_TERMINATED) - deadBefore;
        boolean stopped = system.metrics(worker).terminated();
        system.stop(orderDesk);
        return new Unsupervised(orders, captured.get(), 1, dead, stopped);
    }
    // end::unsupervised[]

    /**
     * The supervised run: {@link SupervisionExamples#payments} with a short retry timeout.
     *
     * @param system the system to run in
     * @param orders orders to capture
     * @param failureRate the provider's 500 rate
     * @param seed the provider's seed
     * @return what happened
     */
    public static PaymentResult supervised(ActorSystem system, int orders, double failureRate, long seed) {
        return SupervisionExamples.payments(system, orders, failureRate, seed, Duration.ofMillis(50));
    }

    /**
     * Narrates both runs.
     *
     * @param out where to narrate
     * @return whether the unsupervised worker lost the orders behind its crash, and the supervised
     *     one captured every order with no double charge
     */
    public static boolean narrate(PrintStream out) {
        int orders = 50;
        double rate = 0.3;
        Unsupervised u;
        PaymentResult s;
        List<String> crashes;
        try (ActorSystem system = ActorSystem.create("step10")) {
            u = unsupervised(system, orders, rate, 42);
            CrashLog log = new CrashLog(system);
            s = supervised(system, orders, rate, 42);
            crashes = log.await((int) (2 * s.workerCrashes()));
            log.close();
        }
        out.printf("The payment provider fails %.0f%% of calls with a 500 (half of them after charging).%n", rate * 100);
        out.println();
        out.printf("Unsupervised worker, %d captures:%n", orders);
        out.printf("  captured %d; crashed on 1; then it stopped for good (stopped: %s)%n", u.captured(), u.workerStopped());
        out.printf("  the %d captures behind the crash became dead letters (counted, but no order was paid)%n",
                u.deadLetters());
        out.println();
        out.printf("The same worker under Behaviors.supervise(...).onFailure(ProviderException, restartWithBackoff):%n");
        crashes.stream().limit(4).forEach(c -> out.println("  " + c));
        if (crashes.size() > 4) {
            out.println("  ... " + (crashes.size() - 4) + " more crash reports");
        }
        out.printf("  %d orders, %d captured, %d provider calls, %d worker crashes (each restarted with backoff)%n",
                s.orders(), s.captured(), s.providerCalls(), s.workerCrashes());
        out.printf("  most charges for one order, by the provider's own books: %d (idempotency key: the order id)%n",
                s.maxChargesPerOrder());
        return u.workerStopped() && u.captured() < orders && u.captured() + 1 + u.deadLetters() == orders
                && s.captured() == orders && s.workerCrashes() > 0 && s.maxChargesPerOrder() == 1;
    }
}
