package dev.cadre.fulfillment.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return DemoCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--orders=abc", "--no-such-flag", "--psp-failure-rate=1.5", "--psp-latency-ms=5-1",
        "--psp-latency-ms=fast", "--crash-rate=-0.1", "--skus=0", "--file=/no/such/file.jsonl", "--window=0",
        "--dashboard=70000", "--dashboard=-1", "--jfr=/no/such/dir/run.jfr"})
    void badFlagsExitWith2AndSayWhy(String flag) {
        assertThat(run(flag)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isNotBlank().contains("Usage:");
    }

    @Test
    void helpExplainsEveryFlag() {
        assertThat(run("--help")).isZero();
        String help = out.toString(StandardCharsets.UTF_8);
        for (String flag : new String[] {"--orders", "--file", "--skus", "--stock", "--psp-failure-rate",
            "--psp-latency-ms", "--crash-rate", "--slow-rate", "--seed", "--window", "--tree", "--quiet", "--help",
            "--dashboard", "--dashboard-host", "--jfr"}) {
            assertThat(help).contains(flag);
        }
        assertThat(help).contains("\"amountCents\":3998");
    }

    @Test
    void aSmallRunEndsWithTheInvariantsLineAndExits0() {
        int code = run("--orders", "500", "--quiet", "--tree", "--seed", "9");
        String text = out.toString(StandardCharsets.UTF_8);
        String[] lines = text.split("\n");
        assertThat(lines[lines.length - 1]).startsWith("invariants: PASS");
        assertThat(text).contains("supervision tree:", "rest-for-one", "one-for-all", "p99");
        assertThat(code).isZero();
    }

    @Test
    void jfrRecordsTheRunWithCadresEvents(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("run.jfr");
        int code = run("--orders", "1000", "--quiet", "--crash-rate", "0.02", "--seed", "3", "--jfr", file.toString());
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("jfr: " + file + " written");
        var events = jdk.jfr.consumer.RecordingFile.readAllEvents(file);
        assertThat(events).anyMatch(e -> e.getEventType().getName().equals("dev.cadre.ActorFailed")
                && e.getString("exception").endsWith("InjectedCrash"));
        assertThat(events).anyMatch(e -> e.getEventType().getName().equals("dev.cadre.ActorStopped")
                && e.getString("actor").startsWith("/user/fulfilment/intake/order-"));
    }
}
