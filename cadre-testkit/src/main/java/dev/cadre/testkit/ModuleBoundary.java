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
import org.jspecify.annotations.Nullable;

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
     * Asserts that {@code moduleName} sees Cadre's public API and nothing behind it: a probe in
     * {@code packageName} that imports {@code dev.cadre.actor} compiles, one that imports the runtime
     * ({@code dev.cadre.internal.runtime}) or the bridge between the API and the runtime
     * ({@code dev.cadre.bridge}) does not, because the package is not visible.
     *
     * @param moduleName a module on the current module path, e.g. the one under test
     * @param packageName a package of that module, for the probes
     * @throws AssertionError with the compiler's messages if any of the three is not so
     */
    public static void assertPublicApiOnly(String moduleName, String packageName) {
        Result api = compileInModule(moduleName, packageName + ".BoundaryProbe", probe(packageName, "dev.cadre.actor.ActorRef"));
        if (!api.compiled()) {
            throw new AssertionError("the public API should be importable from " + moduleName + ":\n" + api.diagnostics());
        }
        for (String hidden : List.of("dev.cadre.internal.runtime.ActorCell", "dev.cadre.bridge.RuntimeAccess")) {
            String pkg = hidden.substring(0, hidden.lastIndexOf('.'));
            Result r = compileInModule(moduleName, packageName + ".BoundaryProbe", probe(packageName, hidden));
            if (r.compiled() || !r.diagnostics().contains("package " + pkg + " is not visible")) {
                throw new AssertionError(moduleName + " must not see " + pkg + ", but "
                        + (r.compiled() ? "a probe importing it compiled" : "the compiler said:\n" + r.diagnostics()));
            }
        }
    }

    private static String probe(String packageName, String imported) {
        return "package " + packageName + ";\n\nimport " + imported + ";\n\nclass BoundaryProbe {\n}\n";
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

    private static void deleteQuietly(@Nullable Path dir) {
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
