package dev.cadre.bench.remote;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The remote head-to-head ({@code ./cadre bench --remote}): two JVMs on loopback, a server and a
 * client, both fresh for every run; ping-pong round trips (one outstanding) and one-way throughput
 * of 16-byte messages from 1 and 4 senders; Cadre (cadre-cluster's gRPC transport) vs Apache
 * Pekko Artery (TCP, defaults) vs a raw length-prefixed socket with batched writes; and, Cadre
 * only, backpressure: a sender with no window of its own and a slow remote consumer (the
 * sender's heap after GC, sampled, must stay flat).
 *
 * <p>Options: {@code --quick} (shorter runs, 1 repetition), {@code --smoke} (a tiny run of each,
 * for CI), {@code --reps N}, {@code --contenders cadre,pekko,raw}, {@code --csv FILE}.
 */
public final class RemoteBench {

    private static final List<String> CONTENDERS = List.of("cadre", "pekko", "raw");

    private RemoteBench() {
    }

    static Contender contender(String name) {
        return switch (name) {
            case "cadre" -> new CadreContender();
            case "pekko" -> new PekkoContender();
            case "raw" -> new RawContender();
            default -> throw new IllegalArgumentException("unknown contender '" + name + "' (cadre, pekko, raw)");
        };
    }

    /**
     * @param args see the class comment; {@code --child ...} is the harness talking to itself
     * @throws Exception if a run fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--child")) {
            child(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        int reps = 3;
        // The same number of warm-up round trips for every contender. 5,000 left the JIT compilers
        // of both JVMs finishing hundreds of compilations during the measured round trips (about
        // 170 at C2 in each, Cadre, 2026-11-29), so the p99 measured the compiler; 30,000 cut that
        // to about 30 (cadre-bench/results/remote-shared-loop/README.md).
        int warmups = 30_000;
        int roundTrips = 20_000;
        double warmupSeconds = 2;
        double seconds = 5;
        List<String> contenders = CONTENDERS;
        Path csv = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> {
                    reps = 1;
                    warmups = 10_000;
                    roundTrips = 10_000;
                    warmupSeconds = 1;
                    seconds = 2;
                }
                case "--smoke" -> {
                    reps = 1;
                    warmups = 100;
                    roundTrips = 500;
                    warmupSeconds = 0.2;
                    seconds = 0.3;
                }
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--contenders" -> contenders = List.of(args[++i].split(","));
                case "--csv" -> csv = Path.of(args[++i]);
                case "--help", "-h" -> {
                    System.out.println("usage: ./cadre bench --remote [--quick | --smoke] [--reps N]"
                            + " [--contenders cadre,pekko,raw] [--csv FILE]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (see --help)");
            }
        }
        contenders.forEach(RemoteBench::contender); // validate the names
        System.out.printf(Locale.ROOT, "remote benchmark: %d rep(s); ping-pong %d round trips after %d; one-way %.1f s after %.1f s%n",
                reps, roundTrips, warmups, seconds, warmupSeconds);
        List<String[]> backpressure = new ArrayList<>();
        // row -> contender -> values
        Map<String, Map<String, List<Double>>> results = new LinkedHashMap<>();
        String[] rows = {"pingpong round trips/s", "pingpong p50 us", "pingpong p99 us",
                "one-way 1 sender msgs/s", "one-way 4 senders msgs/s"};
        for (String row : rows) {
            results.put(row, new LinkedHashMap<>());
        }
        for (int rep = 0; rep < reps; rep++) {
            List<String> order = new ArrayList<>(contenders);
            if (rep % 2 == 1) {
                Collections.reverse(order);
            }
            for (String c : order) {
                for (String scenario : List.of("pingpong", "oneway1", "oneway4")) {
                    System.out.printf("  %-6s %-9s load %s ... ", c, scenario, load());
                    String[] client = switch (scenario) {
                        case "pingpong" -> new String[] {"pingpong", Integer.toString(warmups), Integer.toString(roundTrips)};
                        case "oneway1" -> new String[] {"oneway", "1", Double.toString(warmupSeconds), Double.toString(seconds)};
                        default -> new String[] {"oneway", "4", Double.toString(warmupSeconds), Double.toString(seconds)};
                    };
                    String result = run(c, client);
                    System.out.println(result);
                    String[] f = result.split(" ", -1);
                    if (scenario.equals("pingpong")) {
                        add(results, rows[0], c, Double.parseDouble(f[0]));
                        add(results, rows[1], c, Double.parseDouble(f[1]));
                        add(results, rows[2], c, Double.parseDouble(f[2]));
                    } else {
                        add(results, scenario.equals("oneway1") ? rows[3] : rows[4], c, Double.parseDouble(f[0]));
                    }
                }
                if (c.equals("cadre")) {
                    System.out.printf("  %-6s %-9s load %s ... ", c, "backpressure", load());
                    String result = run(c, new String[] {"backpressure", Double.toString(Math.max(2, seconds))});
                    System.out.println(result);
                    backpressure.add(result.split(" "));
                }
            }
        }
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "%-26s", "median of " + reps));
        for (String c : contenders) {
            table.append(String.format(Locale.ROOT, " %14s", c));
        }
        boolean versus = contenders.contains("cadre") && contenders.contains("pekko");
        if (versus) {
            table.append(String.format(Locale.ROOT, " %13s", "cadre/pekko"));
        }
        table.append('\n');
        StringBuilder csvText = new StringBuilder("row," + String.join(",", contenders) + (versus ? ",cadre/pekko" : "") + "\n");
        for (String row : rows) {
            table.append(String.format(Locale.ROOT, "%-26s", row));
            csvText.append(row);
            for (String c : contenders) {
                double m = median(values(results, row, c));
                table.append(String.format(Locale.ROOT, " %14.1f", m));
                csvText.append(String.format(Locale.ROOT, ",%.1f", m));
            }
            if (versus) {
                double ratio = median(values(results, row, "cadre")) / median(values(results, row, "pekko"));
                table.append(String.format(Locale.ROOT, " %12.2fx", ratio));
                csvText.append(String.format(Locale.ROOT, ",%.2f", ratio));
            }
            table.append('\n');
            csvText.append('\n');
        }
        System.out.print(table);
        for (String[] b : backpressure) {
            System.out.printf(Locale.ROOT, "backpressure (cadre, 1 sender, no window, a consumer taking %.0f msgs/s): %s sent,"
                            + " %s taken (%.0f msgs/s); sender heap after GC %.1f MB at first, at most %.1f MB;"
                            + " its queue for the peer at most %s of %s%n", 1e9 / Protocol.SLOW_NANOS_PER_MESSAGE, b[0], b[1],
                    Double.parseDouble(b[2]), Double.parseDouble(b[3]), Double.parseDouble(b[4]), b[5], b[6]);
        }
        System.out.println("load average at the end: " + load());
        if (csv != null) {
            Files.writeString(csv, csvText);
        }
    }

    private static void add(Map<String, Map<String, List<Double>>> results, String row, String c, double v) {
        results.computeIfAbsent(row, k -> new LinkedHashMap<>()).computeIfAbsent(c, k -> new ArrayList<>()).add(v);
    }

    private static List<Double> values(Map<String, Map<String, List<Double>>> results, String row, String c) {
        Map<String, List<Double>> byContender = results.get(row);
        List<Double> values = byContender == null ? null : byContender.get(c);
        if (values == null) {
            throw new IllegalStateException("no figure for '" + row + "' from " + c);
        }
        return values;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ", -1);
            return f[0];
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static List<String> java(String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC", "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), RemoteBench.class.getName(), "--child"));
        command.addAll(List.of(args));
        return command;
    }

    /** Starts a server, runs a client against it, returns the client's RESULT line (without the word). */
    private static String run(String contender, String[] client) throws Exception {
        Process server = new ProcessBuilder(java("serve", contender)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            var out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line;
            String address = null;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("READY ")) {
                    address = line.substring(6);
                    break;
                }
            }
            if (address == null) {
                throw new IllegalStateException(contender + " server exited before it was ready");
            }
            Thread.ofPlatform().daemon().start(() -> out.lines().forEach(l -> { })); // keep its stdout drained
            List<String> args = new ArrayList<>(List.of("client", contender));
            args.addAll(List.of(client));
            args.addAll(List.of(address.split(" ")));
            Process c = new ProcessBuilder(java(args.toArray(String[]::new)))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String result = null;
            var cout = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8));
            while ((line = cout.readLine()) != null) {
                if (line.startsWith("RESULT ")) {
                    result = line.substring(7);
                }
            }
            if (!c.waitFor(10, TimeUnit.MINUTES) || c.exitValue() != 0 || result == null) {
                c.destroyForcibly();
                throw new IllegalStateException(contender + " client failed (exit " + (c.isAlive() ? "timeout" : c.exitValue()) + ")");
            }
            return result;
        } finally {
            try (OutputStream in = server.getOutputStream()) {
                in.flush();
            } catch (IOException ignored) {
                // already gone
            }
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
                server.waitFor();
            }
        }
    }

    private static void child(String[] args) throws Exception {
        Contender c = contender(args[1]);
        if (args[0].equals("serve")) {
            c.serve();
            System.exit(0);
        }
        String scenario = args[2];
        if (scenario.equals("backpressure")) {
            var b = c.backpressure(Arrays.copyOfRange(args, 4, args.length), Double.parseDouble(args[3]));
            System.out.printf(Locale.ROOT, "RESULT %d %d %.1f %.2f %.2f %d %d%n", b.sent(), b.acknowledged(), b.consumerRate(),
                    b.heapFirstMb(), b.heapMaxMb(), b.maxQueued(), b.capacity());
        } else if (scenario.equals("pingpong")) {
            var r = c.pingPong(Arrays.copyOfRange(args, 5, args.length), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            System.out.printf(Locale.ROOT, "RESULT %.1f %.1f %.1f%n", r.roundTripsPerSecond(), r.p50Micros(), r.p99Micros());
        } else {
            double rate = c.oneWay(Arrays.copyOfRange(args, 6, args.length), Integer.parseInt(args[3]),
                    Double.parseDouble(args[4]), Double.parseDouble(args[5]));
            System.out.printf(Locale.ROOT, "RESULT %.1f%n", rate);
        }
        System.out.flush();
        Runtime.getRuntime().halt(0); // no teardown in the measurement's shadow
    }
}
