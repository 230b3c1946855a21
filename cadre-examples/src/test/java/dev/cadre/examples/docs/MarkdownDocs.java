package dev.cadre.examples.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the repository's Markdown the way the docs tests need it: the links of a page (outside
 * code), its headings' anchors (GitHub's rules), and its source includes.
 *
 * <p>An include is an HTML comment on its own line, followed at once by a fenced code block:
 *
 * <pre>
 * &lt;!-- include: ../../cadre-examples/src/main/java/.../Step01SharedState.java#shared-map --&gt;
 * ```java
 * ...the lines between "tag::shared-map[]" and "end::shared-map[]" of that file...
 * ```
 * </pre>
 *
 * <p>The path is relative to the page (as a link is). The region is the lines between the
 * {@code tag::NAME[]} and {@code end::NAME[]} marker lines, without marker lines of other regions,
 * and with their common indentation removed. Without {@code #NAME}, the whole file is included.
 */
final class MarkdownDocs {

    private static final Pattern INLINE_LINK = Pattern.compile("!?\\[((?:[^\\[\\]]|\\[[^\\]]*\\])*)\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern REF_DEFINITION = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(\\s+.*)?$");
    private static final Pattern INCLUDE = Pattern.compile("^<!--\\s*include:\\s*(\\S+?)\\s*-->\\s*$");
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(`{3,}|~{3,})(.*)$");

    /** A link found on a page. */
    record Link(Path page, int line, String target) {
    }

    /**
     * An include directive and the code block under it.
     *
     * @param page the page
     * @param line the directive's line (1-based)
     * @param spec the path#tag as written
     * @param blockStart index (0-based) of the first line inside the fence, or -1 if no fence follows
     * @param blockEnd index (0-based) of the closing fence line
     * @param block the block's current content
     */
    record Include(Path page, int line, String spec, int blockStart, int blockEnd, String block) {
    }

    private MarkdownDocs() {
    }

    /** The repository root: the nearest directory up from here with {@code mvnw} and {@code docs/}. */
    static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("mvnw")) && Files.isDirectory(p.resolve("docs"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root (a directory with mvnw and docs/) above "
                + Path.of("").toAbsolutePath());
    }

    /** Every page the checks cover: docs/ (all of it), the top README and each module's README. */
    static List<Path> pages(Path root) {
        List<Path> pages = new ArrayList<>();
        try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pages.add(root.resolve("README.md"));
        try (Stream<Path> modules = Files.list(root)) {
            modules.map(m -> m.resolve("README.md")).filter(Files::isRegularFile).sorted()
                    .filter(p -> !p.equals(root.resolve("README.md"))).forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages;
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Marks each line as inside a fenced code block (fence lines included) or not. */
    static boolean[] inCode(List<String> lines) {
        boolean[] code = new boolean[lines.size()];
        String open = null;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = FENCE.matcher(lines.get(i));
            if (open == null) {
                if (m.matches()) {
                    open = m.group(1);
                    code[i] = true;
                }
            } else {
                code[i] = true;
                if (m.matches() && m.group(1).charAt(0) == open.charAt(0) && m.group(1).length() >= open.length()
                        && m.group(2).isBlank()) {
                    open = null;
                }
            }
        }
        return code;
    }

    /** The links of a page, outside code blocks and code spans. */
    static List<Link> links(Path page) {
        List<String> lines = lines(page);
        boolean[] code = inCode(lines);
        List<Link> links = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (code[i]) {
                continue;
            }
            String line = lines.get(i).replaceAll("`[^`]*`", "``");
            Matcher m = INLINE_LINK.matcher(line);
            while (m.find()) {
                links.add(new Link(page, i + 1, m.group(2)));
            }
            Matcher d = REF_DEFINITION.matcher(line);
            if (d.matches()) {
                links.add(new Link(page, i + 1, d.group(1)));
            }
        }
        return links;
    }

    /** The anchors GitHub gives the headings of a page. */
    static Set<String> anchors(Path page) {
        List<String> lines = lines(page);
        boolean[] code = inCode(lines);
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            if (code[i]) {
                continue;
            }
            Matcher m = HEADING.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            String slug = slug(m.group(2));
            int n = seen.merge(slug, 1, Integer::sum) - 1;
            anchors.add(n == 0 ? slug : slug + "-" + n);
        }
        return anchors;
    }

    /** GitHub's heading slug: lower case, markup and punctuation removed, spaces to hyphens. */
    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "");
        StringBuilder sb = new StringBuilder();
        for (int cp : text.toLowerCase(Locale.ROOT).codePoints().toArray()) {
            if (Character.isLetterOrDigit(cp) || cp == '-' || cp == '_') {
                sb.appendCodePoint(cp);
            } else if (cp == ' ') {
                sb.append('-');
            }
        }
        return sb.toString();
    }

    /** The include directives of a page with the code blocks under them. */
    static List<Include> includes(Path page) {
        List<String> lines = lines(page);
        boolean[] code = inCode(lines);
        List<Include> includes = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (code[i]) {
                continue;
            }
            Matcher m = INCLUDE.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            int start = -1;
            int end = -1;
            if (i + 1 < lines.size() && FENCE.matcher(lines.get(i + 1)).matches()) {
                start = i + 2;
                end = start;
                while (end < lines.size() && code[end] && !(end > i + 1 && FENCE.matcher(lines.get(end)).matches())) {
                    end++;
                }
            }
            String block = start < 0 ? null : String.join("\n", lines.subList(start, Math.min(end, lines.size())));
            includes.add(new Include(page, i + 1, m.group(1), start, end, block));
        }
        return includes;
    }

    /**
     * The text an include spec names.
     *
     * @param page the page the spec is on (paths are relative to it)
     * @param spec {@code path} or {@code path#tag}
     * @return the region, without a trailing newline
     * @throws IllegalArgumentException naming the problem, if the file or region is missing or malformed
     */
    static String region(Path page, String spec) {
        int hash = spec.indexOf('#');
        String file = hash < 0 ? spec : spec.substring(0, hash);
        Path source = page.getParent().resolve(file).normalize();
        if (!Files.isRegularFile(source)) {
            throw new IllegalArgumentException("included file " + file + " does not exist (resolved to " + source + ")");
        }
        List<String> lines = lines(source);
        if (hash < 0) {
            return String.join("\n", lines).stripTrailing();
        }
        String tag = spec.substring(hash + 1);
        String begin = "tag::" + tag + "[]";
        String finish = "end::" + tag + "[]";
        int from = -1;
        int to = -1;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.contains(begin)) {
                if (from >= 0) {
                    throw new IllegalArgumentException(file + ": region '" + tag + "' is opened twice");
                }
                from = i;
            } else if (l.contains(finish)) {
                to = i;
                break;
            }
        }
        if (from < 0) {
            throw new IllegalArgumentException(file + " has no region '" + tag + "' (no line with " + begin + ")");
        }
        if (to < 0) {
            throw new IllegalArgumentException(file + ": region '" + tag + "' is not closed (no line with " + finish + ")");
        }
        List<String> body = new ArrayList<>();
        for (String l : lines.subList(from + 1, to)) {
            if (!l.contains("tag::") && !l.contains("end::")) {
                body.add(l);
            }
        }
        int indent = body.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        List<String> out = new ArrayList<>();
        for (String l : body) {
            out.add(l.isBlank() ? "" : l.substring(indent));
        }
        return String.join("\n", out).stripTrailing();
    }

    /** The region names marked in a source file, in order. */
    static List<String> regionNames(Path source) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("tag::([A-Za-z0-9_.-]+)\\[\\]").matcher(String.join("\n", lines(source)));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Rewrites a page with every include's block replaced by the current region. */
    static boolean update(Path page) {
        List<String> lines = new ArrayList<>(lines(page));
        List<Include> includes = includes(page);
        boolean changed = false;
        for (int k = includes.size() - 1; k >= 0; k--) {
            Include inc = includes.get(k);
            if (inc.blockStart() < 0) {
                continue;
            }
            String region = region(page, inc.spec());
            if (region.equals(inc.block())) {
                continue;
            }
            List<String> replacement = region.isEmpty() ? List.of() : List.of(region.split("\n", -1));
            lines.subList(inc.blockStart(), inc.blockEnd()).clear();
            lines.addAll(inc.blockStart(), replacement);
            changed = true;
        }
        if (changed) {
            try {
                Files.writeString(page, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return changed;
    }
}
