package dev.cadre.examples.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.testkit.ActorTestKit;
import java.util.List;
import org.junit.jupiter.api.Test;

class Step04AddressesTest {

    @Test
    void aCallerOfAClosedServiceGetsItsExceptionInItsOwnThread() {
        assertThat(Step04Addresses.callDirectly()).contains("IllegalStateException: printer closed");
    }

    @Test
    void aRefFoundByNameOutlivesARestartAndATellToAStoppedActorBecomesACountedDeadLetter() {
        try (ActorTestKit kit = ActorTestKit.create("step4")) {
            Step04Addresses.AddressedRun run = Step04Addresses.addressed(kit.system());
            assertThat(run.lookupFoundTheSameRef()).isTrue();
            assertThat(run.printedAfterRestart()).as("fresh state after the restart, same ref")
                    .isEqualTo(List.of("page 2"));
            assertThat(run.tellAfterStop()).isEqualTo("tell returned normally");
            assertThat(run.deadLettersForTheStoppedPrinter()).isEqualTo(1);
        }
    }
}
