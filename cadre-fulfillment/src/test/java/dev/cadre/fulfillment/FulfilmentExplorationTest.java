package dev.cadre.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cadre.fulfillment.invariants.Invariants;
import dev.cadre.testkit.ExplorationFailure;
import dev.cadre.testkit.Explorer;
import dev.cadre.testkit.Faults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The fulfilment graph under the deterministic scheduler and virtual time, on 10,000 seeds: each
 * seed is one schedule of a small shop (two dozen orders, scarce stock, a tiny blocking dock and a
 * tiny drop-oldest notifier), with its own crash rate (0-10%) and provider failure rate (0-50%),
 * and slow consumers; the four invariants must hold for every one.
 *
 * <p>Replay one seed (prints its trace hash and last events):
 * <pre>
 * ./mvnw -q -pl cadre-fulfillment -am test -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtest='FulfilmentExplorationTest#invariantsHoldOnEverySchedule' -Dcadre.seed=N
 * </pre>
 * {@code -Dcadre.seeds=100000} explores longer.
 */
class FulfilmentExplorationTest {

    static final int SEEDS = 10_000;
    static final int ORDERS = 24;

    /** Slow consumers, on virtual time (the app's own stall sleeps would block the test's thread). */
    static final Faults SLOW = Faults.none()
            .slow("/user/fulfilment/shipping/dock", Duration.ofMillis(20), 0.1)
            .slow("/user/fulfilment/notifications", Duration.ofMillis(20), 0.1);

    /** The configuration of one seed: its fault rates are drawn from it too. */
    static RunConfig config(long seed, int orders) {
        double crashRate = 0.10 * FaultPlan.draw(seed, 100, "crash-rate", 0);
        double pspRate = Math.min(0.5, 0.5 * FaultPlan.draw(seed, 101, "psp-rate", 0));
        // 6 SKUs x 4 units (some orders find one sold out), window 6, 2 shards, 3 payment workers, a
        // dock and a notifier of capacity 2 (senders block; notifications drop), no app-level stalls
        return new RunConfig(orders, java.util.Optional.empty(), 6, 4, pspRate, 1, 5, crashRate, 0.0, seed, 6, 2, 3, 2, 2,
                true, java.util.Optional.empty());
    }

    static void oneRun(Explorer.Run run) throws IOException, InterruptedException {
        RunConfig cfg = config(run.seed(), run.size(ORDERS));
        Fulfilment.Report r = Fulfilment.run(cfg, new Fulfilment.Listener() { }, new DeterministicDriver(run.kit()));
        String why = r.invariants().stream().filter(i -> !i.pass())
                .map(i -> i.name() + ": " + i.violations()).collect(Collectors.joining("\n"));
        assertThat(r.aborted()).as("aborted (%s)", cfg).isNull();
        assertThat(r.invariants()).as("%s\n%s", cfg, why).allMatch(Invariants.Result::pass);
        assertThat(r.accepted()).isEqualTo(cfg.orders());
        assertThat(run.kit().scheduler().foreignWakeups()).as("stayed deterministic: %s",
                run.kit().scheduler().foreignThreads()).isZero();
    }

    @Test
    void invariantsHoldOnEverySchedule() throws IOException {
        Explorer.Result result = Explorer.seeds(1, SEEDS).systemName("fulfilment").faults(SLOW)
                .run(FulfilmentExplorationTest::oneRun);
        String summary = "fulfilment exploration: " + result + " (" + ORDERS + " orders per seed, crash rate 0-10%, "
                + "provider failures 0-50%, slow dock and notifier)";
        System.out.println(summary);
        Files.writeString(Path.of("target", "fulfilment-exploration.txt"), summary + "\n");
        assertThat(result.distinctTraces()).as("distinct schedules").isGreaterThan(result.runs() * 9 / 10);
    }

    @Test
    void theExplorationCatchesAProviderWithoutIdempotencyKeysAndReplaysIt() {
        // The mutation of BrokenProviderTest, found on virtual time: a retried capture charges twice.
        Explorer explorer = Explorer.seeds(1, 1_000).systemName("fulfilment").faults(SLOW);
        Explorer.Body broken = run -> {
            RunConfig cfg = config(run.seed(), run.size(ORDERS)).withIdempotentProvider(false);
            Fulfilment.Report r = Fulfilment.run(cfg, new Fulfilment.Listener() { },
                    new DeterministicDriver(run.kit()));
            assertThat(r.invariants()).allMatch(Invariants.Result::pass);
        };
        ExplorationFailure found = (ExplorationFailure) catchThrowable(() -> explorer.run(broken));
        assertThat(found).isNotNull();
        assertThat(found.getMessage()).contains("double capture").contains("replay: ")
                .contains("-Dcadre.seed=" + found.seed());
        assertThatThrownBy(() -> explorer.replay(broken, found.seed(), found.skipped(), found.size()))
                .isInstanceOf(ExplorationFailure.class)
                .satisfies(e -> assertThat(((ExplorationFailure) e).traceHash()).isEqualTo(found.traceHash()));
    }

    @Test
    void aSeedReplaysTheSameExecution() throws Exception {
        long[] hashes = new long[2];
        for (int i = 0; i < 2; i++) {
            int k = i;
            Explorer.seeds(4242, 1).systemName("fulfilment").faults(SLOW).run(run -> {
                oneRun(run);
                hashes[k] = run.kit().scheduler().traceHash();
            });
        }
        assertThat(hashes[1]).isEqualTo(hashes[0]);
    }
}
