package dev.cadre.examples.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.actor.ActorSystem;
import dev.cadre.testkit.CadreExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CadreExtension.class)
class Step03MessagesAreFactsTest {

    @Test
    void aMessageHoldingTheSendersMutableListShowsTheReceiverTheSendersLaterChanges(ActorSystem system) {
        var seen = Step03MessagesAreFacts.webShop(system, Step03MessagesAreFacts.PlaceOrderByReference::new);
        assertThat(seen.get("o-1")).as("customer 1's order, corrupted").containsExactly("lamp");
    }

    @Test
    void aRecordThatCopiesItsListIsAFactTheSenderCannotChange(ActorSystem system) {
        var seen = Step03MessagesAreFacts.webShop(system, Step03MessagesAreFacts.OrderPlaced::new);
        assertThat(seen.get("o-1")).containsExactly("book", "pen");
        assertThat(seen.get("o-2")).containsExactly("lamp");
    }

    @Test
    void aFactCannotBeChangedByTheReceiverEither() {
        var fact = new Step03MessagesAreFacts.OrderPlaced("o-1", new ArrayList<>(List.of("book")));
        assertThatThrownBy(() -> fact.skus().add("pen")).isInstanceOf(UnsupportedOperationException.class);
    }
}
