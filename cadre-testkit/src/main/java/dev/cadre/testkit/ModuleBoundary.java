package dev.cadre.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Proves what a module can and cannot see: compiles a probe source as if it were a file of one of
 * your modules, against the module path the test runs on. For example, that an application module
 * cannot import Cadre's internals ({@code dev.cadre.internal} is not exported):
 *
 * <pre>{@code
 * var result = ModuleBoundary.compileInModule("com.example.shop", "com.example.shop.Probe", """
 *         package com.example.shop;
 *         import dev.cadre.internal.runtime.ActorCell;
 *         class Probe {}
 *         """);
 * assertThat(result.compiled()).isFalse();
 * assertThat(result.diagnostics()).contains("is not visible");
 * }</pre>
 *
 * <p>Needs a JDK (a compiler) and tests that run on the module path (Surefire's default for a
 * module with a {@code module-info.java}).
 */
public final class ModuleBoundary {

    private ModuleBoundary() {
    }

    /**
     * What the compiler said about a probe.
     *
     * @param compiled whether it compiled without errors
     * @param diagnostics the compiler's messages, one per line
     */
    public record Result(boolean compiled, String diagnostics) {
        /**
         * Validates the result.
         *
         * @param compiled whether it compiled
         * @param diagnostics the messages, never null
         */
        public Result {
            Objects.requireNonNull(diagnostics, "diagnostics");
        }
    }

    /**
     * Compiles {@code source} as a file of {@code moduleName} (with {@code --patch-module}), with the
     * current module path: the module's own descriptor decides what the probe may read.
     *
     * @param moduleName a module on the current module path, e.g. the one under test
     * @param className the probe's fully qualified name (a package of that module)
     * @param source the probe's source
     * @return what the compiler said
     * @throws IllegalStateException if there is no compiler or the tests do not run on the module path
     */
    public static Result compileInModule(String moduleName, String className, String source) {
        Objects.requireNonNull(moduleName, "moduleName");
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(source, "source");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler in this runtime: run the tests on a JDK");
        }
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath == null || modulePath.isBlank()) {
            throw new IllegalStateException("these tests do not run on the module path (jdk.module.path is not set);"
                    + " give the module a module-info.java and let Surefire use the module path");
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("cadre-module-boundary");
            Path src = dir.resolve("src");
            Path file = src.resolve(className.replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source, StandardCharsets.UTF_8);
            Path out = Files.createDirectories(dir.resolve("out"));
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT,
                    StandardCharsets.UTF_8)) {
                List<String> options = List.of("--module-path", modulePath, "--patch-module", moduleName + "=" + src,
                        "-d", out.toString(), "-implicit:none", "-proc:none");
                boolean ok = javac.getTask(null, files, diagnostics, options, null,
                        files.getJavaFileObjects(file)).call();
                List<String> lines = new ArrayList<>();
                diagnostics.getDiagnostics().forEach(d -> lines.add(d.getKind() + ": " + d.getMessage(Locale.ROOT)));
                return new Result(ok, String.join("\n", lines));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
