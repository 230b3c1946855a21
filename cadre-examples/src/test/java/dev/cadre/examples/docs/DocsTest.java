package dev.cadre.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The docs cannot rot: every link in docs/ and the READMEs resolves (files, directories, heading
 * anchors), and every code block included from a source file is exactly that file's region today.
 *
 * <p>When a source region changed, refresh the pages with
 * {@value #UPDATE_COMMAND}
 * (it rewrites the stale blocks, then checks again). Links to the web ({@code http:}, {@code https:},
 * {@code mailto:}) are not fetched: CI has no general network access.
 */
class DocsTest {

    static final String UPDATE_COMMAND = "./mvnw -q -pl cadre-examples -am test -Dtest=DocsTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Ddocs.update=true";

    private final Path root = MarkdownDocs.repoRoot();

    @Test
    void everyLinkInTheDocsResolvesToAFileOrAHeading() {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : MarkdownDocs.pages(root)) {
            for (MarkdownDocs.Link link : MarkdownDocs.links(page)) {
                String target = link.target();
                if (target.matches("^(https?|mailto):.*")) {
                    continue;
                }
                checked++;
                String problem = problem(page, target);
                if (problem != null) {
                    broken.add(root.relativize(page) + ":" + link.line() + ": " + target + ": " + problem);
                }
            }
        }
        assertThat(broken).as("broken links (%d checked)", checked).isEmpty();
        assertThat(checked).as("links checked").isGreaterThan(50);
    }

    private String problem(Path page, String target) {
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!resolved.startsWith(root)) {
            return "points outside the repository";
        }
        if (!Files.exists(resolved)) {
            return "no such file";
        }
        if (anchor != null && !anchor.isEmpty()) {
            if (!resolved.toString().endsWith(".md")) {
                return "an anchor into a file that is not Markdown";
            }
            if (!MarkdownDocs.anchors(resolved).contains(anchor)) {
                return "no heading with anchor #" + anchor + " in " + root.relativize(resolved);
            }
        }
        return null;
    }

    @Test
    void everyIncludedSourceRegionExistsAndThePageShowsItExactly() {
        boolean update = Boolean.getBoolean("docs.update");
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path page : MarkdownDocs.pages(root)) {
            if (update) {
                try {
                    MarkdownDocs.update(page);
                } catch (IllegalArgumentException e) {
                    // reported below
                }
            }
            for (MarkdownDocs.Include inc : MarkdownDocs.includes(page)) {
                checked++;
                String where = root.relativize(page) + ":" + inc.line() + ": include " + inc.spec() + ": ";
                if (inc.blockStart() < 0) {
                    problems.add(where + "must be followed at once by a fenced code block");
                    continue;
                }
                try {
                    String region = MarkdownDocs.region(page, inc.spec());
                    if (!region.equals(inc.block())) {
                        problems.add(where + "the code block differs from the source (stale page)");
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(where + e.getMessage());
                }
            }
        }
        assertThat(problems).as("include problems (%d includes); after changing a source region, run: %s",
                checked, UPDATE_COMMAND).isEmpty();
        assertThat(checked).as("includes checked").isGreaterThan(0);
    }

    @Test
    void everyRegionMarkedInTheLessonsIsShownOnAPage() throws IOException {
        Set<String> included = new HashSet<>();
        for (Path page : MarkdownDocs.pages(root)) {
            for (MarkdownDocs.Include inc : MarkdownDocs.includes(page)) {
                int hash = inc.spec().indexOf('#');
                Path file = page.getParent().resolve(hash < 0 ? inc.spec() : inc.spec().substring(0, hash)).normalize();
                included.add(file + (hash < 0 ? "" : inc.spec().substring(hash)));
            }
        }
        List<String> unused = new ArrayList<>();
        Path lessons = root.resolve("cadre-examples/src/main/java/dev/cadre/examples/learn");
        try (Stream<Path> files = Files.walk(lessons)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                List<String> names = MarkdownDocs.regionNames(f);
                assertThat(names).as("region names in %s are unique", f.getFileName()).doesNotHaveDuplicates();
                for (String name : names) {
                    if (!included.contains(f.normalize() + "#" + name)) {
                        unused.add(root.relativize(f) + "#" + name);
                    }
                }
            }
        }
        assertThat(unused).as("regions marked for a page but shown on none").isEmpty();
    }

    @Test
    void theSlugRulesMatchGitHubs() {
        assertThat(MarkdownDocs.slug("Step 1. Shared memory is the bug, not the solution"))
                .isEqualTo("step-1-shared-memory-is-the-bug-not-the-solution");
        assertThat(MarkdownDocs.slug("`ask` is built on `tell`")).isEqualTo("ask-is-built-on-tell");
        assertThat(MarkdownDocs.slug("OTP term -> Cadre API")).isEqualTo("otp-term---cadre-api");
    }
}
