package dev.cadre.persistence;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.Behavior;
import dev.cadre.persistence.journal.Journal;
import java.util.ArrayList;
import java.util.List;

/** The test entity: a bank account whose balance is the fold of its deposits and withdrawals. */
final class Account {

    private Account() {
    }

    sealed interface Cmd {
    }

    record Deposit(long amount, ActorRef<Long> replyTo) implements Cmd {
    }

    /** Replies the new balance, or -1 when the balance is too low (nothing persisted). */
    record Withdraw(long amount, ActorRef<Long> replyTo) implements Cmd {
    }

    record Get(ActorRef<State> replyTo) implements Cmd {
    }

    /** Makes the handler throw: the actor fails (no supervision: it stops). */
    record Crash() implements Cmd {
    }

    sealed interface Event {
    }

    /** Version 2: the field was {@code cents} in version 1. */
    record Deposited(long amount) implements Event {
    }

    record Withdrawn(long amount) implements Event {
    }

    /** The balance, how many events made it, and the last few amounts (so order matters). */
    record State(long balance, long events, List<Long> recent) {
        static final State EMPTY = new State(0, 0, List.of());

        State apply(Event e) {
            long delta = switch (e) {
                case Deposited d -> d.amount();
                case Withdrawn w -> -w.amount();
            };
            List<Long> r = new ArrayList<>(recent);
            r.add(delta);
            if (r.size() > 5) {
                r.remove(0);
            }
            return new State(balance + delta, events + 1, List.copyOf(r));
        }
    }

    static final EventSerialization SERIALIZATION = EventSerialization.builder()
            .register(Deposited.class, "account.deposited", 2)
            .upcaster("account.deposited", 1, json -> {
                json.set("amount", json.remove("cents"));
                return json;
            })
            .register(Withdrawn.class, "account.withdrawn")
            .register(State.class, "account.state")
            .build();

    static Behavior<Cmd> create(String id, Journal journal) {
        return builder(id, journal).build();
    }

    static EventSourcedBehavior.Builder<Cmd, Event, State> builder(String id, Journal journal) {
        return EventSourcedBehavior.<Cmd, Event, State>builder(PersistenceId.of("account", id), journal,
                        SERIALIZATION, State.EMPTY)
                .onCommand((state, cmd) -> switch (cmd) {
                    case Deposit d -> Effect.<Event, State>persist(new Deposited(d.amount()))
                            .thenReply(d.replyTo(), State::balance);
                    case Withdraw w -> state.balance() < w.amount()
                            ? Effect.<Event, State>none().thenReply(w.replyTo(), s -> -1L)
                            : Effect.<Event, State>persist(new Withdrawn(w.amount())).thenReply(w.replyTo(), State::balance);
                    case Get g -> Effect.<Event, State>none().thenReply(g.replyTo(), s -> s);
                    case Crash c -> throw new IllegalStateException("crash requested");
                })
                .onEvent(State::apply);
    }
}
