package dev.cadre.fulfillment.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.fulfillment.Fulfilment;
import dev.cadre.fulfillment.RunConfig;
import dev.cadre.fulfillment.invariants.Invariants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JSON Lines file with malformed lines mixed in, through the whole graph, with faults. */
class JsonlRunTest {

    @TempDir
    Path dir;

    @Test
    void malformedLinesAreReportedAndEveryGoodOrderEnds() throws Exception {
        List<String> lines = new ArrayList<>();
        List<String> expectedRejections = new ArrayList<>();
        int good = 0;
        for (int i = 1; i <= 300; i++) {
            int n = lines.size() + 1;
            switch (i % 10) {
                case 3 -> {
                    lines.add("{\"id\":\"o-" + i + "\",\"customer\":\"c\",\"items\":[{\"sku\":\"SKU-0001\",\"qty\":0}],"
                            + "\"amountCents\":100}");
                    expectedRejections.add("line " + n + ": items[0].qty must be at least 1, was 0");
                }
                case 5 -> {
                    lines.add("{\"id\":\"o-" + i + "\",\"customer\":\"c\",\"items\":[{\"sku\":\"SKU-9999\",\"qty\":1}],"
                            + "\"amountCents\":100}");
                    expectedRejections.add("line " + n + ": items[0]: unknown SKU 'SKU-9999'");
                }
                case 7 -> {
                    lines.add("{\"id\":\"o-" + i + "\", \"customer\":");
                    expectedRejections.add("line " + n + ": bad JSON");
                }
                case 9 -> {
                    lines.add("{\"id\":\"o-1\",\"customer\":\"c\",\"items\":[{\"sku\":\"SKU-0002\",\"qty\":1}],"
                            + "\"amountCents\":100}");
                    expectedRejections.add("line " + n + ": duplicate order id 'o-1' (first on line 1)");
                }
                default -> {
                    good++;
                    lines.add("{\"id\":\"o-" + i + "\",\"customer\":\"c-" + (i % 7) + "\",\"items\":[{\"sku\":\"SKU-"
                            + String.format("%04d", i % 20) + "\",\"qty\":" + (1 + i % 3) + "}],\"amountCents\":"
                            + (100 + i) + "}");
                }
            }
            if (i == 150) {
                lines.add(""); // blank lines are skipped, but counted in line numbers
            }
        }
        lines.add("{\"id\":\"o-extra\",\"customer\":\"c\",\"items\":[{\"sku\":\"SKU-0001\",\"qty\":1}],\"amountCents\":\"12\"}");
        expectedRejections.add("line " + lines.size() + ": 'amountCents' must be a number, got a string");
        Path file = dir.resolve("orders.jsonl");
        Files.write(file, lines);

        // 20 SKUs x 12 units: not enough for every order, so some are cancelled for lack of stock.
        RunConfig cfg = RunConfig.defaults().withFile(file).withCatalogue(20, 12).withProvider(0.2, 1, 3)
                .withFaults(0.02, 0.0, 5);
        Fulfilment.Report r = Fulfilment.run(cfg, new Fulfilment.Listener() { });

        List<String> reported = r.rejections().stream().map(x -> "line " + x.line() + ": " + x.reason()).toList();
        assertThat(reported).hasSize(expectedRejections.size());
        for (int i = 0; i < reported.size(); i++) {
            assertThat(reported.get(i)).startsWith(expectedRejections.get(i));
        }
        assertThat(r.accepted()).isEqualTo(good);
        assertThat(r.lines()).isEqualTo(lines.size() - 1); // the blank line is not an input line
        long cancelled = r.cancelledByReason().values().stream().mapToLong(Long::longValue).sum();
        assertThat(r.completed() + cancelled).as("every good order reaches a terminal state").isEqualTo(good);
        assertThat(r.cancelledByReason()).containsKey("out of stock");
        assertThat(r.invariants()).allMatch(Invariants.Result::pass);
    }
}
