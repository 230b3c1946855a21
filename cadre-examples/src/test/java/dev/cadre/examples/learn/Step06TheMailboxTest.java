package dev.cadre.examples.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.actor.ActorSystem;
import dev.cadre.examples.learn.fromscratch.TinyMailbox;
import dev.cadre.testkit.CadreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CadreExtension.class)
class Step06TheMailboxTest {

    @Test
    void theSameBehaviourWithAPriorityMailboxRefusesAWithdrawalThatFifoWouldHaveAllowed() throws Exception {
        assertThat(Step06TheMailbox.depositThenWithdraw(TinyMailbox.fifo()))
                .containsExactly("deposit 100", "withdraw 30");
        assertThat(Step06TheMailbox.depositThenWithdraw(TinyMailbox.priority(Step06TheMailbox.URGENT_FIRST)))
                .containsExactly("withdraw 30 REFUSED (balance 0)", "deposit 100");
    }

    @Test
    void messagesFromEachSenderArriveInTheOrderSentInTheTinyFifoMailboxAndInCadre(ActorSystem system)
            throws Exception {
        for (int run = 0; run < 3; run++) {
            assertThat(Step06TheMailbox.tinyFifo(4, 50_000)).isEqualTo(new Step06TheMailbox.Order(200_000, 0));
            assertThat(Step06TheMailbox.cadreFifo(system, 4, 50_000)).isEqualTo(new Step06TheMailbox.Order(200_000, 0));
        }
    }

    @Test
    void aFullBoundedMailboxRefusesExactlyWhatDoesNotFitAndCountsIt(ActorSystem system) throws Exception {
        assertThat(Step06TheMailbox.tinyBounded(100, 150)).isEqualTo(new Step06TheMailbox.Full(150, 50, 0, 100));
        assertThat(Step06TheMailbox.cadreBounded(system, 100, 150))
                .as("dropped in metrics, as dead letters, and the rest processed")
                .isEqualTo(new Step06TheMailbox.Full(150, 50, 50, 100));
    }
}
