package dev.cadre.persistence.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.persistence.EventSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventSamplesTest {

    record Added(long amount) {
    }

    record Removed(long amount) {
    }

    static EventSerialization v2() {
        return EventSerialization.builder()
                .register(Added.class, "t.added", 2)
                .upcaster("t.added", 1, json -> {
                    json.set("amount", json.remove("n"));
                    return json;
                })
                .register(Removed.class, "t.removed")
                .build();
    }

    @Test
    void everyStoredSampleOfEveryVersionDeserializesIntoTodaysClasses(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("t.added"));
        Files.writeString(dir.resolve("t.added/v1.json"), "{\"n\":3}");
        assertThat(EventSamples.record(v2(), dir, new Added(3), new Removed(1))).hasSize(2);
        assertThat(EventSamples.verify(v2(), dir)).isEqualTo(3);
        assertThat(Files.readString(dir.resolve("t.added/v2.json"))).isEqualTo("{\"amount\":3}");
        assertThat(EventSamples.record(v2(), dir, new Added(99))).as("samples are never overwritten").isEmpty();
    }

    @Test
    void aSampleThatNoLongerDeserializesFailsNamingTheFileAndTheReason(@TempDir Path dir) throws Exception {
        EventSamples.record(v2(), dir, new Added(3), new Removed(1));
        Files.writeString(dir.resolve("t.added/v1.json"), "{\"count\":3}"); // v1 had "n", not "count"
        assertThatThrownBy(() -> EventSamples.verify(v2(), dir)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("1 event sample problem(s)")
                .hasMessageContaining("t.added/v1.json: cannot deserialize 't.added' v1");
    }

    @Test
    void aVersionBumpWithoutASampleOfTheNewShapeFails(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("t.added"));
        Files.writeString(dir.resolve("t.added/v1.json"), "{\"n\":3}");
        EventSamples.record(v2(), dir, new Removed(1));
        assertThatThrownBy(() -> EventSamples.verify(v2(), dir))
                .hasMessageContaining("t.added: no sample of its current version v2");
    }

    @Test
    void samplesOfATypeNoLongerRegisteredFail(@TempDir Path dir) throws Exception {
        EventSamples.record(v2(), dir, new Added(3), new Removed(1));
        EventSerialization withoutRemoved = EventSerialization.builder().register(Added.class, "t.added", 2)
                .upcaster("t.added", 1, json -> json).build();
        assertThatThrownBy(() -> EventSamples.verify(withoutRemoved, dir))
                .hasMessageContaining("t.removed: samples exist but the type name is no longer registered");
    }
}
