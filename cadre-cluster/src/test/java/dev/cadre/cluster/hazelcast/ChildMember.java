package dev.cadre.cluster.hazelcast;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A {@link MemberMain} process started by a test, with its output lines timestamped as they arrive. */
final class ChildMember implements AutoCloseable {

    record Line(String text, long nanos) {
    }

    private final Process process;
    private final BlockingQueue<Line> lines = new LinkedBlockingQueue<>();
    private final List<String> all = new ArrayList<>();

    private ChildMember(Process process) {
        this.process = process;
        Thread.ofPlatform().daemon().name("child-out-" + process.pid()).start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(new Line(line, System.nanoTime()));
                }
            } catch (IOException ignored) {
                // the process died
            }
        });
    }

    static ChildMember start(String cluster, int port, int transportPort, List<Integer> seeds) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        var command = List.of(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:CICompilerCount=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                "-cp", classPath(), MemberMain.class.getName(),
                cluster, Integer.toString(port), Integer.toString(transportPort),
                String.join(",", seeds.stream().map(String::valueOf).toList()));
        return new ChildMember(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Waits (at most 120 s: a failure, not a timing) for an output line matching. */
    Line await(Predicate<String> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            Line l = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (l == null) {
                throw new AssertionError("child " + process.pid() + " printed nothing matching within 120 s; output: " + all);
            }
            all.add(l.text());
            if (wanted.test(l.text())) {
                return l;
            }
        }
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    void signal(String signal) throws IOException, InterruptedException {
        int rc = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
        if (rc != 0) {
            throw new IOException("kill -" + signal + " " + process.pid() + " exited " + rc);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            try {
                signal("CONT");
            } catch (IOException ignored) {
                // it may have died meanwhile
            }
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /** The test's class path and module path as one class path (surefire runs the tests on the module path). */
    static String classPath() {
        return java.util.stream.Stream.of(System.getProperty("jdk.module.path"), System.getProperty("java.class.path"))
                .filter(p -> p != null && !p.isBlank())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }
}
