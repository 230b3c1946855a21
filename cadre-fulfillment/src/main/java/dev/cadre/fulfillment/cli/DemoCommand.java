package dev.cadre.fulfillment.cli;

import dev.cadre.fulfillment.Fulfilment;
import dev.cadre.fulfillment.RunConfig;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import java.io.OutputStreamWriter;
import org.jspecify.annotations.Nullable;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code ./cadre demo}: runs the order-fulfilment graph and checks its invariants. Exit code 0 if
 * all hold, 1 if one fails, 2 for bad flags.
 */
@Command(name = "./cadre demo", mixinStandardHelpOptions = true, version = "cadre demo 0.1.0",
        sortOptions = false, usageHelpAutoWidth = true, usageHelpWidth = 110,
        description = {
            "Runs the order-fulfilment workflow as a Cadre actor graph: intake, one actor per order running a saga "
                    + "(reserve stock, capture payment, pick/pack/label, ship, notify, record), inventory shards, "
                    + "a payment worker pool calling a simulated provider, a warehouse pipeline, shipping and "
                    + "notifications, under supervision, with faults injected.",
            "At the end it prints a summary and checks the four invariants; the last line starts with "
                    + "'invariants:'. Exit code: 0 if all hold, 1 if any fails, 2 for bad flags.",
            ""},
        footer = {"", "Input file format (JSON Lines, one order per line):",
            "  {\"id\":\"o-17\",\"customer\":\"c-3\",\"items\":[{\"sku\":\"SKU-0042\",\"qty\":2}],\"amountCents\":3998}",
            "Malformed lines (bad JSON, missing, unknown or wrongly typed fields, quantities < 1, unknown SKUs, "
                    + "duplicate ids) are reported with their line number and reason and counted as rejected.",
            "", "Examples:", "  ./cadre demo", "  ./cadre demo --orders 20000 --psp-failure-rate 0.3 --crash-rate 0.02 --seed 7",
            "  ./cadre demo --file orders.jsonl --skus 100 --stock 50 --tree",
            "  ./cadre demo --dashboard            (then open http://127.0.0.1:7070/)",
            "  ./cadre demo --jfr run.jfr"})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli before call()
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--orders", paramLabel = "N", defaultValue = "100000",
            description = "Orders to generate with the seeded generator (ignored with --file). Default: ${DEFAULT-VALUE}.")
    int orders;

    @Option(names = "--file", paramLabel = "F",
            description = "Read orders from this JSON Lines file instead of generating them.")
    @Nullable Path file;

    @Option(names = "--skus", paramLabel = "N", defaultValue = "1000",
            description = "SKUs in the catalogue, named SKU-0000 .. (zero-padded to 4 digits). Default: ${DEFAULT-VALUE}.")
    int skus;

    @Option(names = "--stock", paramLabel = "N", defaultValue = "1000",
            description = "Units of each SKU at the start. Orders that cannot be filled are cancelled "
                    + "('out of stock'), not rejected. Default: ${DEFAULT-VALUE}.")
    int stock;

    @Option(names = "--psp-failure-rate", paramLabel = "R", defaultValue = "0.05",
            description = "Probability that a call to the simulated payment provider fails with a 500 "
                    + "(half before charging, half after: the response is lost), in [0, 1). Default: ${DEFAULT-VALUE}.")
    double pspFailureRate;

    @Option(names = "--psp-latency-ms", paramLabel = "MIN-MAX", defaultValue = "1-5",
            description = "Latency of each provider call, drawn uniformly in MIN..MAX milliseconds. "
                    + "Default: ${DEFAULT-VALUE}.")
    @SuppressWarnings("NullAway.Init") // picocli sets it, from its default if not given
    String pspLatency;

    @Option(names = "--crash-rate", paramLabel = "R", defaultValue = "0.002",
            description = "Probability that an actor of the graph crashes on a message it receives "
                    + "(orders, shards, ledger and workers resume or restart per their supervision), in [0, 0.5]. "
                    + "Default: ${DEFAULT-VALUE}.")
    double crashRate;

    @Option(names = "--slow-rate", paramLabel = "R", defaultValue = "0.0002",
            description = "Slow consumers: probability that the shipping dock or the notifier stalls 5-50 ms on a "
                    + "message (the dock's full mailbox then blocks orders; the notifier's drops the oldest), "
                    + "in [0, 0.5]. Default: ${DEFAULT-VALUE}.")
    double slowRate;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of the generator and of every injected fault: the same seed injects the same "
                    + "faults. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--window", paramLabel = "N", defaultValue = "500",
            description = "Most orders in flight at once (the intake pulls more input as orders end). "
                    + "Default: ${DEFAULT-VALUE}.")
    int window;

    @Option(names = "--journal", paramLabel = "FILE|URL",
            description = "Keep the run's state durably: an SQLite file (created if missing) or a "
                    + "jdbc:postgresql://HOST:PORT/DB?user=U URL. Each accepted order is recorded before it is "
                    + "acknowledged; orders, stock and the ledger are event-sourced. Re-running the same command with "
                    + "the same journal resumes after a crash (even kill -9): orders in flight continue, finished ones "
                    + "are not redone. Without it the run is in memory.")
    @Nullable String journal;

    @Option(names = "--psp-books", paramLabel = "FILE",
            description = "With --journal: the simulated payment provider's own durable books (an SQLite file; the "
                    + "provider is the outside world and survives our crash). Default: the journal file + '.psp', "
                    + "or cadre-psp-books.db with a PostgreSQL journal.")
    @Nullable Path pspBooks;

    @Option(names = "--tree", description = "Print the supervision tree at the start.")
    boolean tree;

    @Option(names = "--quiet", description = "No progress line; list at most 10 rejected lines.")
    boolean quiet;

    @Option(names = "--dashboard", arity = "0..1", paramLabel = "PORT", fallbackValue = "7070",
            description = "Serve a live dashboard of the actor graph (supervision tree, mailboxes, rates, crash "
                    + "reports, dead letters; Prometheus metrics at /metrics) on http://127.0.0.1:PORT/ "
                    + "(default port 7070; 0: any free port), and keep serving it after the run until Ctrl-C.")
    @Nullable Integer dashboardPort;

    @Option(names = "--dashboard-host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "The address the dashboard binds to. Default: ${DEFAULT-VALUE} (this machine only); "
                    + "any other address exposes it to the network (a warning is logged).")
    @SuppressWarnings("NullAway.Init") // picocli sets it, from its default if not given
    String dashboardHost;

    @Option(names = "--jfr", paramLabel = "FILE",
            description = "Record the run with JDK Flight Recorder (the JDK's default settings plus Cadre's events: "
                    + "actor failures, restarts, stops, dead letters, mailbox overflows, long mailboxes) into FILE.")
    @Nullable Path jfr;

    private final PrintStream out;

    /**
     * Creates the command.
     *
     * @param out where the run's output goes
     */
    public DemoCommand(PrintStream out) {
        this.out = out;
    }

    /**
     * Entry point of {@code ./cadre demo}.
     *
     * @param args the flags
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command.
     *
     * @param args the flags
     * @param out standard output
     * @param err standard error (usage errors)
     * @return the exit code
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new DemoCommand(out));
        cl.setOut(new PrintWriter(new OutputStreamWriter(out, out.charset()), true));
        cl.setErr(new PrintWriter(new OutputStreamWriter(err, err.charset()), true));
        return cl.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        RunConfig cfg = config();
        boolean tty = isTerminal();
        String input = file != null ? "file " + file : String.format("%,d generated orders", orders);
        out.printf("cadre demo: %s, %,d SKUs x %,d units, provider 500s %.1f%% (latency %s ms), crash rate %.2f%%, "
                        + "slow rate %.2f%%, seed %d%n", input, skus, stock, pspFailureRate * 100, pspLatency,
                crashRate * 100, slowRate * 100, seed);
        if (cfg.durable()) {
            out.printf("journal: %s (provider books: %s)%n", Objects.requireNonNull(journal).replaceAll("(?i)(password=)[^&;]*", "$1***"),
                    cfg.durability().orElseThrow().pspBooks());
        }
        if (dashboardPort != null && (dashboardPort < 0 || dashboardPort > 65_535)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "invalid value for --dashboard: " + dashboardPort + " (a port in 0..65535)");
        }
        if (jfr != null && jfr.toAbsolutePath().getParent() != null && !Files.isDirectory(jfr.toAbsolutePath().getParent())) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "invalid value for --jfr: the directory of " + jfr + " does not exist");
        }
        try (Observation observation = new Observation(dashboardPort, dashboardHost, jfr, out)) {
            observation.begin();
            Fulfilment.Report report;
            try {
                report = runGraph(cfg, tty, observation);
            } catch (dev.cadre.persistence.journal.JournalException | IllegalStateException e) {
                spec.commandLine().getErr().println("cadre demo: " + e.getMessage());
                return 1;
            }
            if (tty && !quiet) {
                out.println();
            }
            Summary.print(report, out, quiet ? 10 : file != null ? 1000 : 10);
            long held = report.invariants().stream().filter(dev.cadre.fulfillment.invariants.Invariants.Result::pass)
                    .count();
            try {
                observation.finish(String.format("finished: %,d orders in %.1f s; invariants %s (%d/%d hold)",
                        report.accepted(), report.wall().toNanos() / 1e9, report.allHold() ? "PASS" : "FAIL", held,
                        report.invariants().size()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return report.allHold() ? 0 : 1;
        }
    }

    private Fulfilment.Report runGraph(RunConfig cfg, boolean tty, Observation observation) throws Exception {
        return Fulfilment.run(cfg, new Fulfilment.Listener() {
            @Override
            public void systemStarted(dev.cadre.actor.ActorSystem system) {
                if (observation.enabled()) {
                    observation.attach(system);
                }
            }

            @Override
            public void closing(dev.cadre.actor.ActorSystem system) {
                observation.freeze("finished: every order ended; checking done");
            }

            @Override
            public Duration progressInterval() {
                return tty ? Duration.ofMillis(250) : Duration.ofSeconds(2);
            }

            @Override
            public void started(String t) {
                if (tree) {
                    out.println("supervision tree:");
                    out.print(t);
                }
            }

            @Override
            public void progress(Fulfilment.Progress p) {
                double secs = p.elapsed().toNanos() / 1e9;
                String line = String.format("%,d / %,d orders  %,.0f orders/s  in flight %,d  restarts %,d",
                        p.done(), p.total(), secs > 0 ? p.done() / secs : 0, p.inFlight(), p.restarts());
                observation.status("running: " + line);
                if (quiet) {
                    return;
                }
                if (tty) {
                    out.print("\r" + line + "\u001b[K"); // back to the line start, clear the rest
                    out.flush();
                } else {
                    out.printf("progress: %s  (%.1f s)%n", line, secs);
                }
            }
        });
    }

    private RunConfig config() {
        int[] latency = parseRange(pspLatency);
        if (file != null && !Files.isReadable(file)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot read --file " + file);
        }
        try {
            RunConfig d = RunConfig.defaults();
            Optional<RunConfig.Durability> durability = Optional.empty();
            if (journal != null) {
                Path books = pspBooks != null ? pspBooks
                        : journal.startsWith("jdbc:") ? Path.of("cadre-psp-books.db") : Path.of(journal + ".psp");
                durability = Optional.of(new RunConfig.Durability(journal, books));
            } else if (pspBooks != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--psp-books needs --journal");
            }
            return new RunConfig(orders, Optional.ofNullable(file), skus, stock, pspFailureRate, latency[0], latency[1],
                    crashRate, slowRate, seed, window, d.shards(), d.workers(), d.dockCapacity(), d.notifierCapacity(), true,
                    durability);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "invalid value: " + e.getMessage());
        }
    }

    private int[] parseRange(String s) {
        String[] parts = s.split("-", -1);
        try {
            if (parts.length == 2) {
                return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
            }
            if (parts.length == 1) {
                int v = Integer.parseInt(parts[0].trim());
                return new int[] {v, v};
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new CommandLine.ParameterException(spec.commandLine(),
                "invalid value for --psp-latency-ms: '" + s + "' (expected MIN-MAX, e.g. 1-5)");
    }

    /** Whether stdout is a terminal: the launcher says so ({@code -Dcadre.tty}), else the console does. */
    @SuppressWarnings("SystemConsoleNull") // JDK 22+ is handled: isTerminal() is called when it exists
    private static boolean isTerminal() {
        String p = System.getProperty("cadre.tty");
        if (p != null) {
            return Boolean.parseBoolean(p);
        }
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c); // JDK 22+
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
