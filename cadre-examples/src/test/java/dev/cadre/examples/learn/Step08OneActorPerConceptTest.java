package dev.cadre.examples.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.actor.ActorSystem;
import dev.cadre.testkit.CadreExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CadreExtension.class)
class Step08OneActorPerConceptTest {

    @Test
    void oneActorForAllCartsNeverRunsTwoCheckoutsAtOnce(ActorSystem system) {
        // Meeting needs both checkouts in progress at the same moment, which one mailbox never
        // allows: the outcome does not depend on the wait, only the test's duration does.
        assertThat(Step08OneActorPerConcept.twoCheckouts(system, Step08OneActorPerConcept.allCarts(),
                Duration.ofMillis(200))).isZero();
    }

    @Test
    void oneActorPerCartRunsTwoCustomersCheckoutsAtTheSameTime(ActorSystem system) {
        assertThat(Step08OneActorPerConcept.twoCheckouts(system, Step08OneActorPerConcept.shop(),
                Duration.ofSeconds(10))).isEqualTo(2);
    }

    @Test
    void aCartActorWithItsStateRetainsUnder2KiBOfHeap(ActorSystem system) {
        Step08OneActorPerConcept.Footprint f = Step08OneActorPerConcept.manyCarts(system, 50_000);
        assertThat(f.bytesPerCart()).as("retained heap per cart actor, after a full GC").isPositive()
                .isLessThan(2048);
    }
}
