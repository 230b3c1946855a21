package dev.cadre.examples.learn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearnTest {

    private static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("mvnw")) && Files.isDirectory(p.resolve("docs"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }

    private record Output(int code, String out, String err) {
    }

    private static Output learn(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Learn.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Output(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void thePathHasFourteenStepsNumberedInOrderEachWithAPageWhoseTitleIsTheStepsTitle() throws Exception {
        assertThat(Learn.STEPS).hasSize(14);
        for (int i = 0; i < Learn.STEPS.size(); i++) {
            Learn.Step s = Learn.STEPS.get(i);
            assertThat(s.number()).isEqualTo(i + 1);
            Path page = root().resolve(s.page());
            assertThat(page).as("page of step %d", s.number()).isRegularFile();
            List<String> lines = Files.readAllLines(page);
            assertThat(lines.get(0)).as("title of %s", s.page()).isEqualTo("# " + s.number() + ". " + s.title());
        }
    }

    @Test
    void learnWithoutArgumentsListsEveryStepAndItsPage() throws Exception {
        Output o = learn();
        assertThat(o.code()).isZero();
        for (Learn.Step s : Learn.STEPS) {
            assertThat(o.out()).contains(s.number() + ". " + s.title()).contains(s.page());
        }
    }

    @Test
    void learnWithABadStepNumberExplainsAndExits2() throws Exception {
        int past = Learn.STEPS.size() + 1;
        Output none = learn(String.valueOf(past));
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("there is no step " + past + " (the steps are 1-" + Learn.STEPS.size() + ")");
        assertThat(learn("0").code()).isEqualTo(2);
        Output word = learn("one");
        assertThat(word.code()).isEqualTo(2);
        assertThat(word.err()).contains("'one' is not a step number");
        assertThat(learn("1", "2").code()).isEqualTo(2);
    }

    @Test
    void everyStepRunsItsExampleWithNarrationAndItsClaimsHold() throws Exception {
        for (Learn.Step s : Learn.STEPS) {
            Output o = learn(String.valueOf(s.number()));
            assertThat(o.code()).as("step %d exit code; output:%n%s%s", s.number(), o.out(), o.err()).isZero();
            assertThat(o.out()).startsWith("Step " + s.number() + ". " + s.title())
                    .contains("everything the lesson claims held in this run");
        }
    }
}
