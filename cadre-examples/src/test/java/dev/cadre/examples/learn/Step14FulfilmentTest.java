package dev.cadre.examples.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.actor.ActorRef;
import dev.cadre.examples.learn.Step14Fulfilment.Check;
import dev.cadre.examples.learn.Step14Fulfilment.InventoryMsg;
import dev.cadre.examples.learn.Step14Fulfilment.LedgerReport;
import dev.cadre.examples.learn.Step14Fulfilment.OrderEvent;
import dev.cadre.examples.learn.Step14Fulfilment.OrderLine;
import dev.cadre.examples.learn.Step14Fulfilment.Run;
import dev.cadre.examples.learn.Step14Fulfilment.Stock;
import dev.cadre.testkit.ActorTestKit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Step14FulfilmentTest {

    @Test
    void theGraphEndsEveryOrderOnceConservesStockAndChargesOnceWhateverTheSeed() {
        for (long seed : new long[] {1, 42, 2024}) {
            try (ActorTestKit kit = ActorTestKit.create("step14")) {
                Run run = Step14Fulfilment.run(kit.system(), 300, 0.3, seed);
                assertThat(run.checks()).as("seed %d", seed).allMatch(Check::holds);
                assertThat(run.completed()).as("some orders completed").isPositive();
                assertThat(run.cancelled()).as("40 units per SKU run out").isPositive();
                assertThat(run.workerCrashes()).as("the provider's 500s crashed workers").isPositive();
                assertThat(run.tree()).contains("  dock  [bounded mailbox: 16]", "    worker-0");
            }
        }
    }

    private static final List<OrderLine> ORDERS = List.of(new OrderLine("o-1", "sku-0", 2),
            new OrderLine("o-2", "sku-0", 1));
    private static final Map<String, Integer> INITIAL = Map.of("sku-0", 10);
    private static final LedgerReport LEDGER = new LedgerReport(Map.of("o-1", "completed", "o-2",
            "cancelled: out of stock"), 0);
    private static final Map<String, Stock> STOCK = Map.of("sku-0", new Stock(8, 0, 2));

    private static List<Boolean> holds(LedgerReport ledger, Map<String, Stock> stock, Map<String, Integer> charges,
            int died, int dockPeak) {
        return Step14Fulfilment.check(ORDERS, INITIAL, ledger, stock, charges, died, dockPeak).stream()
                .map(Check::holds).toList();
    }

    @Test
    void theChecksPassConsistentEvidenceAndEachCatchesItsOwnViolation() {
        assertThat(holds(LEDGER, STOCK, Map.of("o-1", 1), 0, 16)).containsExactly(true, true, true, true);
        assertThat(holds(new LedgerReport(Map.of("o-1", "completed"), 0), STOCK, Map.of("o-1", 1), 0, 16))
                .as("an order without an outcome").containsExactly(false, true, true, true);
        assertThat(holds(LEDGER, Map.of("sku-0", new Stock(8, 1, 2)), Map.of("o-1", 1), 0, 16))
                .as("a unit from nowhere, left reserved").containsExactly(true, false, true, true);
        assertThat(holds(LEDGER, STOCK, Map.of("o-1", 2), 0, 16)).as("a double charge")
                .containsExactly(true, true, false, true);
        assertThat(holds(LEDGER, STOCK, Map.of("o-1", 1, "o-2", 1), 0, 16)).as("a cancelled order charged")
                .containsExactly(true, true, false, true);
        assertThat(holds(LEDGER, STOCK, Map.of("o-1", 1), 0, 17)).as("the dock's bound exceeded")
                .containsExactly(true, true, true, false);
        assertThat(holds(LEDGER, Map.of(), Map.of("o-1", 1), 0, 16)).as("a SKU missing from the inventory's report")
                .containsExactly(true, false, true, true);
    }

    @Test
    void aReserveOfAnUnknownSkuIsOutOfStockAndTheInventoryKeepsItsStock() {
        try (ActorTestKit kit = ActorTestKit.create("step14")) {
            ActorRef<InventoryMsg> inventory = kit.spawn(Step14Fulfilment.inventory(INITIAL), "inventory");
            assertThat(inventory.<OrderEvent>ask(r -> new InventoryMsg.Reserve("o-1", "no-such-sku", 1, r),
                    Duration.ofSeconds(10)).join()).isInstanceOf(OrderEvent.OutOfStock.class);
            assertThat(inventory.<Map<String, Stock>>ask(InventoryMsg.Report::new, Duration.ofSeconds(10)).join())
                    .isEqualTo(Map.of("sku-0", new Stock(10, 0, 0)));
        }
    }
}
