package dev.cadre.fulfillment;

import dev.cadre.actor.ActorSystem;
import dev.cadre.fulfillment.payment.PaymentProvider;
import dev.cadre.testkit.ActorTestKit;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the fulfilment graph on a deterministic kit: every actor on the test's thread, chosen by
 * the kit's seeded scheduler, on virtual time. The simulated payment provider spends its latency
 * on the same virtual clock and answers on the test's thread, so a run is a pure function of the
 * seed.
 *
 * <p>What stays outside: the CLI's progress loop and its 60 s stall detector (here: at most an
 * hour of virtual time without the end), the app's own slow-consumer sleeps (set {@code slowRate}
 * to 0 and use {@code Faults.slow} instead, which spends virtual time), and a durable journal
 * (JDBC runs on its own threads: not used here).
 */
final class DeterministicDriver implements Fulfilment.Driver {
    /** Virtual time a run may take before it is reported stuck. */
    static final Duration MAX_VIRTUAL = Duration.ofHours(1);

    private final ActorTestKit kit;

    DeterministicDriver(ActorTestKit kit) {
        if (!kit.isDeterministic()) {
            throw new IllegalArgumentException("a deterministic kit is needed");
        }
        this.kit = kit;
    }

    @Override
    public ActorSystem system() {
        return kit.system();
    }

    @Override
    public PaymentProvider.Network network() {
        return new PaymentProvider.Network() {
            @Override
            public void schedule(Runnable task, long delayMicros) {
                kit.time().schedule(Duration.ofNanos(delayMicros * 1_000), task);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public <T> T await(CompletableFuture<T> answer) {
        return kit.await(answer);
    }

    @Override
    public String awaitEnd(CompletableFuture<Void> finished, Wait realWait) {
        kit.scheduler().runUntil(finished::isDone, MAX_VIRTUAL);
        if (!finished.isDone()) {
            return "the orders did not all end within " + MAX_VIRTUAL + " of virtual time";
        }
        if (finished.isCompletedExceptionally()) {
            return "the intake failed: " + finished.exceptionNow();
        }
        return null;
    }

    @Override
    public boolean settle(ActorSystem system, PaymentProvider psp, Traffic traffic) {
        // Late provider answers and slow consumers wait on the virtual clock: move it from timer
        // to timer until nothing is queued or in flight (exact: no actor runs behind our back).
        long deadline = kit.time().now().plus(MAX_VIRTUAL).toNanos();
        while (true) {
            kit.runUntilIdle();
            if (psp.inFlight() == 0 && system.metricsSnapshot().stream().allMatch(m -> m.depth() == 0)) {
                return true;
            }
            if (kit.time().now().toNanos() > deadline || !kit.time().advanceToNextTimer()) {
                return false;
            }
        }
    }

    @Override
    public void close() {
        kit.close();
    }
}
