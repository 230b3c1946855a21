package dev.cadre.fulfillment.durable;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo survives kill -9: it runs as a child process with a journal and is killed with SIGKILL
 * at seeded random moments, at least {@value #KILLS} times while it works; then the same command
 * runs to the end. The invariants it checks then cover the whole history, because every party
 * they compare keeps durable records: the intake (what was accepted), the ledger (terminal
 * states), the shards (stock) and the provider's own books (charges). The fourth invariant
 * (messages) is the final process's: what a killed process had in flight died with it, and is
 * accounted for by the retries the durable state drives.
 */
class KillNineTest {

    static final int KILLS = 20;
    static final long SEED = 20261129L;

    @TempDir
    Path dir;

    @Test
    void theDemoResumesAfterRepeatedKill9AndTheInvariantsHoldOverTheWholeHistory() throws Exception {
        Path journal = dir.resolve("journal.db");
        int orders = Integer.getInteger("cadre.kill9.orders", 12_000);
        List<String> command = command(journal, orders);
        Random random = new Random(SEED);
        int kills = 0;
        int runs = 0;
        StringBuilder history = new StringBuilder();
        while (kills < KILLS) {
            assertThat(runs).as("runs needed to land %d kills (each killed run: %s)", KILLS, history).isLessThan(3 * KILLS);
            Path log = dir.resolve("run-" + (++runs) + ".log");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            long delayMs = 600 + random.nextInt(1_400); // JVM start takes a few hundred ms: most kills land mid-run
            if (p.waitFor(delayMs, TimeUnit.MILLISECONDS)) {
                assertThat(p.exitValue()).as("run %d ended by itself before its kill: %s", runs, Files.readString(log))
                        .isZero();
                break; // it finished: the whole workload is done, with fewer kills than planned (checked below)
            }
            p.destroyForcibly(); // SIGKILL
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("killed with SIGKILL").isEqualTo(137);
            kills++;
            history.append(delayMs).append(" ms; ");
        }
        assertThat(kills).as("kills landed while the demo was working (%s)", history).isGreaterThanOrEqualTo(KILLS);

        Path last = dir.resolve("final.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(last.toFile()).start();
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("the final run ends").isTrue();
        String out = Files.readString(last, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("final run (after %d kills):%n%s", kills, out).isZero();
        assertThat(out).contains("invariants: PASS (4/4 hold)");
        assertThat(out).containsPattern("accepted " + String.format("%,d", orders) + ", rejected");
        String[] lines = out.split("\n");
        assertThat(lines[lines.length - 1]).isEqualTo("invariants: PASS (4/4 hold)");
    }

    private static List<String> command(Path journal, int orders) throws IOException {
        List<String> c = new ArrayList<>();
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        c.add("-Xmx1g");
        c.add("-cp"); // on the class path, as ./cadre demo runs it; these tests themselves run on the module path
        c.add(java.util.stream.Stream.of(System.getProperty("jdk.module.path"), System.getProperty("java.class.path"))
                .filter(p -> p != null && !p.isBlank()).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator)));
        c.add("dev.cadre.fulfillment.cli.DemoCommand");
        c.addAll(List.of("--orders", Integer.toString(orders), "--journal", journal.toString(), "--seed", "5",
                "--crash-rate", "0.005", "--psp-failure-rate", "0.1", "--quiet"));
        return c;
    }
}
