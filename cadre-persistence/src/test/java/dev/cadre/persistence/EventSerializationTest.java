package dev.cadre.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.persistence.journal.Serialized;
import dev.cadre.persistence.testkit.EventSamples;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventSerializationTest {

    @Test
    void theAccountsStoredSamplesOfEveryPastVersionStillDeserialize() {
        assertThat(EventSamples.verify(Account.SERIALIZATION, Path.of("src/test/resources/event-samples"))).isEqualTo(4);
    }

    @Test
    void eventsAreStoredUnderTheirStableTypeNameAndCurrentVersion() {
        Serialized s = Account.SERIALIZATION.serialize(new Account.Deposited(7));
        assertThat(s.type()).isEqualTo("account.deposited");
        assertThat(s.version()).isEqualTo(2);
        assertThat(new String(s.bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"amount\":7}");
        assertThat(Account.SERIALIZATION.deserialize(s)).isEqualTo(new Account.Deposited(7));
    }

    @Test
    void anOlderVersionGoesThroughItsUpcaster() {
        Object v1 = Account.SERIALIZATION.deserialize(new Serialized("account.deposited", 1,
                "{\"cents\":250}".getBytes(StandardCharsets.UTF_8)));
        assertThat(v1).isEqualTo(new Account.Deposited(250));
    }

    @Test
    void aStateWithAListRoundTrips() {
        Account.State s = new Account.State(5, 2, List.of(7L, -2L));
        assertThat(Account.SERIALIZATION.deserialize(Account.SERIALIZATION.serialize(s))).isEqualTo(s);
    }

    @Test
    void unregisteredClassesAndUnknownPropertiesFailClearly() {
        assertThatThrownBy(() -> Account.SERIALIZATION.serialize("a string"))
                .isInstanceOf(SerializationException.class).hasMessageContaining("java.lang.String is not registered");
        assertThatThrownBy(() -> Account.SERIALIZATION.deserialize(new Serialized("account.withdrawn", 1,
                "{\"amount\":1,\"extra\":2}".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(SerializationException.class).hasMessageContaining("'account.withdrawn' v1")
                .hasMessageContaining("extra");
    }

    @Test
    void aVersionWithoutItsUpcasterIsRefusedAtBuildTime() {
        assertThatThrownBy(() -> EventSerialization.builder().register(Account.Deposited.class, "d", 3)
                .upcaster("d", 1, j -> j).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'d' is at v3 but has no upcaster from v2");
    }
}
