package dev.cadre.persistence.testkit;

import dev.cadre.persistence.EventSerialization;
import dev.cadre.persistence.SerializationException;
import dev.cadre.persistence.journal.Serialized;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Proves that events stored by past versions of an application still deserialize into today's
 * classes. Keep one sample file per type name and version, as the journal stored it, under a
 * directory of the project's tests:
 *
 * <pre>
 * src/test/resources/event-samples/
 *   account.deposited/v1.json     written when the type was at v1 (never edited afterwards)
 *   account.deposited/v2.json     written when it moved to v2
 * </pre>
 *
 * <p>and call {@link #verify} from a test. It fails (with every problem listed) when a sample of
 * any version no longer deserializes (a removed field without an upcaster, a renamed class that
 * lost its type name), when a sample's type name is no longer registered, when a sample's version
 * is newer than the registration, and when a registered type has no sample of its current version
 * (so a version bump cannot land without a sample of the new shape). {@link #record} writes the
 * missing samples of today's versions from example values.
 */
public final class EventSamples {

    private static final Pattern FILE = Pattern.compile("v(\\d+)\\.json");

    private EventSamples() {
    }

    /**
     * Checks every sample under {@code dir}.
     *
     * @param serialization today's registrations and upcasters
     * @param dir the samples directory ({@code <type name>/v<version>.json})
     * @return the number of samples that deserialized
     * @throws AssertionError listing every problem
     */
    public static int verify(EventSerialization serialization, Path dir) {
        List<String> problems = new ArrayList<>();
        int ok = 0;
        Map<String, Integer> current = serialization.currentVersions();
        if (!Files.isDirectory(dir)) {
            throw new AssertionError("no event samples directory " + dir.toAbsolutePath()
                    + " (EventSamples.record writes the first samples)");
        }
        try (Stream<Path> types = Files.list(dir)) {
            for (Path typeDir : types.sorted().toList()) {
                String type = typeDir.getFileName().toString();
                if (!Files.isDirectory(typeDir)) {
                    problems.add(typeDir + ": not a directory named after a type");
                    continue;
                }
                if (!current.containsKey(type)) {
                    problems.add(type + ": samples exist but the type name is no longer registered"
                            + " (stored events of it could not be read)");
                    continue;
                }
                try (Stream<Path> files = Files.list(typeDir)) {
                    for (Path f : files.sorted().toList()) {
                        Matcher m = FILE.matcher(f.getFileName().toString());
                        if (!m.matches()) {
                            problems.add(f + ": not named v<version>.json");
                            continue;
                        }
                        int version = Integer.parseInt(m.group(1));
                        try {
                            Object value = serialization.deserialize(new Serialized(type, version, Files.readAllBytes(f)));
                            if (!serialization.classOf(type).isInstance(value)) {
                                problems.add(f + ": deserialized into " + value.getClass().getName());
                            } else {
                                ok++;
                            }
                        } catch (SerializationException | IllegalArgumentException e) {
                            problems.add(f + ": " + e.getMessage());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read event samples under " + dir + ": " + e, e);
        }
        for (var e : current.entrySet()) {
            Path sample = dir.resolve(e.getKey()).resolve("v" + e.getValue() + ".json");
            if (!Files.exists(sample)) {
                problems.add(e.getKey() + ": no sample of its current version v" + e.getValue() + " (" + sample
                        + "); EventSamples.record writes it");
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(problems.size() + " event sample problem(s) under " + dir + ":\n  "
                    + String.join("\n  ", problems));
        }
        return ok;
    }

    /**
     * Writes a sample of today's version of each example's type, unless one exists (samples are
     * never overwritten: they are the record of what was stored).
     *
     * @param serialization today's registrations
     * @param dir the samples directory
     * @param examples one value per type to record
     * @return the files written
     * @throws IOException if a file cannot be written
     */
    public static List<Path> record(EventSerialization serialization, Path dir, Object... examples) throws IOException {
        List<Path> written = new ArrayList<>();
        for (Object example : examples) {
            Serialized s = serialization.serialize(example);
            Path f = dir.resolve(s.type()).resolve("v" + s.version() + ".json");
            if (!Files.exists(f)) {
                Files.createDirectories(f.getParent());
                Files.write(f, s.bytes());
                written.add(f);
            }
        }
        return written;
    }
}
