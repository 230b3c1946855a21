package dev.cadre.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The exploration runner finds a deliberately planted bug, shrinks it to the one fault that
 * matters, and its replay line reproduces the failure exactly (same message, same trace hash).
 */
class ExplorerTest {

    sealed interface AccountMsg {
        record Deposit(String id, long cents, ActorRef<Ack> replyTo) implements AccountMsg {
        }

        record Balance(ActorRef<Long> replyTo) implements AccountMsg {
        }
    }

    record Ack(String id) {
    }

    sealed interface ClientMsg {
        record Acked(Ack ack) implements ClientMsg {
        }

        record Retry(String id) implements ClientMsg {
        }
    }

    /**
     * THE PLANTED BUG: the account applies every Deposit it receives; it does not remember the
     * ids it has applied. A duplicated (or retried) deposit is counted twice.
     */
    static Behavior<AccountMsg> account() {
        long[] balance = {0};
        return Behaviors.receiveMessage(m -> {
            switch (m) {
                case AccountMsg.Deposit d -> {
                    balance[0] += d.cents();
                    d.replyTo().tell(new Ack(d.id()));
                }
                case AccountMsg.Balance b -> b.replyTo().tell(balance[0]);
            }
            return Behaviors.same();
        });
    }

    /** Deposits {@code n} amounts, each retried until acknowledged. */
    static Behavior<ClientMsg> client(ActorRef<AccountMsg> account, int n, Set<String> acked) {
        return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> {
            ActorRef<Ack> acks = ctx.messageAdapter(Ack.class, ClientMsg.Acked::new);
            for (int i = 0; i < n; i++) {
                String id = "d-" + i;
                account.tell(new AccountMsg.Deposit(id, 100, acks));
                timers.startSingleTimer(id, new ClientMsg.Retry(id), Duration.ofSeconds(1));
            }
            return Behaviors.receiveMessage(m -> {
                switch (m) {
                    case ClientMsg.Acked a -> {
                        acked.add(a.ack().id());
                        timers.cancel(a.ack().id());
                    }
                    case ClientMsg.Retry r -> {
                        account.tell(new AccountMsg.Deposit(r.id(), 100, acks));
                        timers.startSingleTimer(r.id(), r, Duration.ofSeconds(1));
                    }
                }
                return Behaviors.same();
            });
        }));
    }

    /** Faults that have nothing to do with the bug, and one kind that reveals it (duplicates). */
    static final Faults FAULTS = Faults.none()
            .delay("/user/client", ClientMsg.Acked.class, 0.2, Duration.ofMillis(300))
            .slow("/user/account", Duration.ofMillis(20), 0.3)
            .duplicate("/user/account", AccountMsg.Deposit.class, 0.02);

    static void body(Explorer.Run run) {
        ActorTestKit kit = run.kit();
        Set<String> acked = new HashSet<>();
        int n = run.size(20);
        ActorRef<AccountMsg> account = kit.spawn(account(), "account");
        kit.spawn(client(account, n, acked), "client");
        kit.scheduler().runUntil(() -> acked.size() == n, Duration.ofMinutes(10));
        long balance = kit.await(account.<Long>ask(AccountMsg.Balance::new, Duration.ofSeconds(5)));
        assertThat(balance).as("balance after %d acknowledged deposits of 100", n).isEqualTo(100L * n);
    }

    @Test
    void theRunnerFindsThePlantedBugShrinksItAndTheReplayFailsTheSameWay() {
        Explorer explorer = Explorer.seeds(0, 1_000).faults(FAULTS);
        ExplorationFailure found = (ExplorationFailure) org.assertj.core.api.Assertions.catchThrowable(
                () -> explorer.run(ExplorerTest::body));
        assertThat(found).as("the planted bug is found").isNotNull();
        System.out.println(found.getMessage());
        assertThat(found.getMessage())
                .contains("exploration failed at seed " + found.seed())
                .containsPattern("shrunk: [12] of \\d\\d injected faults needed") // from over ten to one or two
                .contains("duplicate Deposit to /user/account")                   // the one that matters
                .contains("; size 1 of 20")                  // one deposit is enough
                .contains("replay: ./mvnw -q -pl cadre-testkit -am test -Dsurefire.failIfNoSpecifiedTests=false "
                        + "-Dtest='ExplorerTest#theRunnerFindsThePlantedBugShrinksItAndTheReplayFailsTheSameWay' "
                        + "-Dcadre.seed=" + found.seed());
        assertThat(found.getCause()).hasMessageContaining("expected: 100");
        assertThat(found.size()).isEqualTo(1);

        // The replay line's configuration, run twice: the same failure, the same execution.
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> explorer.replay(ExplorerTest::body, found.seed(), found.skipped(), found.size()))
                    .isInstanceOf(ExplorationFailure.class)
                    .satisfies(e -> assertThat(((ExplorationFailure) e).traceHash()).isEqualTo(found.traceHash()))
                    .cause().hasMessage(found.getCause().getMessage());
        }
    }

    @Test
    void theReplayLineIsReadFromSystemProperties() {
        ExplorationFailure found = (ExplorationFailure) org.assertj.core.api.Assertions.catchThrowable(
                () -> Explorer.seeds(0, 1_000).faults(FAULTS).shrinkRuns(0).run(ExplorerTest::body));
        List<String> props = List.of("cadre.seed", "cadre.skip", "cadre.size");
        List<String> before = new ArrayList<>();
        props.forEach(p -> before.add(System.getProperty(p)));
        try {
            System.setProperty("cadre.seed", Long.toString(found.seed()));
            assertThatThrownBy(() -> Explorer.seeds(0, 1_000).faults(FAULTS).run(ExplorerTest::body))
                    .isInstanceOf(ExplorationFailure.class)
                    .hasMessageStartingWith("replay of seed " + found.seed() + " failed")
                    .satisfies(e -> assertThat(((ExplorationFailure) e).traceHash()).isEqualTo(found.traceHash()));
        } finally {
            for (int i = 0; i < props.size(); i++) {
                if (before.get(i) == null) {
                    System.clearProperty(props.get(i));
                } else {
                    System.setProperty(props.get(i), before.get(i));
                }
            }
        }
    }

    @Test
    void theFixedAccountPassesEverySeed() {
        // The same exploration against an account that remembers applied ids: no seed fails.
        Explorer.Result r = Explorer.seeds(0, 300).faults(FAULTS).run(run -> {
            ActorTestKit kit = run.kit();
            Set<String> acked = new HashSet<>();
            Set<String> applied = new HashSet<>();
            long[] balance = {0};
            ActorRef<AccountMsg> account = kit.spawn(Behaviors.<AccountMsg>receiveMessage(m -> {
                switch (m) {
                    case AccountMsg.Deposit d -> {
                        if (applied.add(d.id())) {
                            balance[0] += d.cents();
                        }
                        d.replyTo().tell(new Ack(d.id()));
                    }
                    case AccountMsg.Balance b -> b.replyTo().tell(balance[0]);
                }
                return Behaviors.same();
            }), "account");
            kit.spawn(client(account, 20, acked), "client");
            kit.scheduler().runUntil(() -> acked.size() == 20, Duration.ofMinutes(10));
            assertThat(kit.await(account.<Long>ask(AccountMsg.Balance::new, Duration.ofSeconds(5)))).isEqualTo(2000L);
        });
        assertThat(r.runs()).isEqualTo(300);
        assertThat(r.distinctTraces()).as("distinct schedules").isGreaterThan(250);
    }
}
