package dev.cadre.persistence;

import dev.cadre.actor.ActorContext;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.StashBuffer;
import dev.cadre.persistence.journal.Fence;
import dev.cadre.persistence.journal.Journal;
import dev.cadre.persistence.journal.JournalException;
import dev.cadre.persistence.journal.Recovery;
import dev.cadre.persistence.journal.Serialized;
import dev.cadre.persistence.journal.StoredEvent;
import dev.cadre.persistence.journal.StoredSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An actor whose state is the fold of its events, kept in a {@link Journal}. A command handler
 * decides an {@link Effect} (events to persist, then replies); an event handler folds each event
 * into the state. After a crash, a restart or a new process, the actor replays its snapshot and
 * events before it handles its first command, and is back where it was.
 *
 * <pre>{@code
 * sealed interface Cmd { record Add(int n, ActorRef<Integer> replyTo) implements Cmd {} }
 * record Added(int n) {}
 * Behavior<Cmd> counter(String id, Journal journal, EventSerialization ser) {
 *     return EventSourcedBehavior.<Cmd, Added, Integer>builder(PersistenceId.of("counter", id), journal, ser, 0)
 *             .onCommand((total, cmd) -> switch (cmd) {
 *                 case Cmd.Add a -> Effect.<Added, Integer>persist(new Added(a.n())).thenReply(a.replyTo(), t -> t);
 *             })
 *             .onEvent((total, e) -> total + e.n())
 *             .build();
 * }
 * }</pre>
 *
 * <p><b>Guarantees.</b>
 * <ul>
 *   <li>Recovery (snapshot, then the events after it) completes before the first command; commands
 *       that arrive meanwhile are stashed and handled afterwards, in arrival order.</li>
 *   <li>While a write is in flight, further commands are stashed: each command sees the state
 *       with every earlier command's events applied, exactly as after a recovery.</li>
 *   <li>Side effects ({@link Effect#thenRun}, {@link Effect#thenReply}) run only after the events
 *       are committed. A failed write (or recovery) fails the actor with a {@link JournalException}
 *       naming the journal and the entity; its supervisor decides (a restart recovers from the
 *       journal). Nothing is acknowledged that was not committed.</li>
 *   <li>The state only ever holds committed events: it is folded after the write, so the state
 *       before a crash equals the state recovered after it.</li>
 * </ul>
 * <b>Not guaranteed:</b> that a side effect runs exactly once. If the process dies after the
 * commit and before the side effect, the side effect never runs; design replies and messages to
 * be re-requested (idempotency keys, timeouts and retries), as the fulfilment demo does.
 *
 * <p><b>Snapshots.</b> With {@link Builder#snapshotEvery(int, boolean)} the state is saved every
 * N events (serialized under its registered type name); recovery then reads the snapshot and only
 * the later events. Optionally the events a snapshot covers are deleted in the same transaction.
 *
 * <p><b>Threading.</b> Handlers run on the actor's thread, one message at a time, like any
 * behaviour; the journal's threads only complete futures, whose results reach the actor as
 * messages ({@code pipeToSelf}).
 */
public final class EventSourcedBehavior {

    /** The default stash capacity: commands held while recovering or writing. */
    public static final int DEFAULT_STASH_CAPACITY = 10_000;

    private EventSourcedBehavior() {
    }

    /**
     * Decides what a command does.
     *
     * @param <C> the command type
     * @param <E> the event type
     * @param <S> the state type
     */
    @FunctionalInterface
    public interface CommandHandler<C, E, S> {
        /**
         * {@return the effect}
         *
         * @param state the current state (every committed event folded in)
         * @param command the command
         * @throws Exception to fail the actor
         */
        Effect<E, S> apply(S state, C command) throws Exception;
    }

    /**
     * Folds one event into the state; must be a pure function (it runs again at every recovery).
     *
     * @param <S> the state type
     * @param <E> the event type
     */
    @FunctionalInterface
    public interface EventHandler<S, E> {
        /**
         * {@return the state after}
         *
         * @param state the state before
         * @param event the event
         */
        S apply(S state, E event);
    }

    /**
     * Starts building an event-sourced behaviour.
     *
     * @param id the entity's durable identity (one writer at a time)
     * @param journal where its events live
     * @param serialization how its events (and state, for snapshots) are stored
     * @param emptyState the state before any event
     * @param <C> the command type
     * @param <E> the event type
     * @param <S> the state type
     * @return the builder
     */
    public static <C, E, S> Builder<C, E, S> builder(PersistenceId id, Journal journal,
            EventSerialization serialization, S emptyState) {
        return new Builder<>(id, journal, serialization, emptyState);
    }

    /**
     * Configures an event-sourced behaviour.
     *
     * @param <C> the command type
     * @param <E> the event type
     * @param <S> the state type
     */
    public static final class Builder<C, E, S> {
        private final PersistenceId id;
        private final Journal journal;
        private final EventSerialization serialization;
        private final S emptyState;
        private @Nullable CommandHandler<C, E, S> onCommand;
        private @Nullable EventHandler<S, E> onEvent;
        private Function<? super S, Effect<E, S>> onRecovered = s -> Effect.none();
        private int snapshotEvery;
        private boolean deleteEvents;
        private int stashCapacity = DEFAULT_STASH_CAPACITY;
        private @Nullable Fence fence;

        private Builder(PersistenceId id, Journal journal, EventSerialization serialization, S emptyState) {
            this.id = Objects.requireNonNull(id, "id");
            this.journal = Objects.requireNonNull(journal, "journal");
            this.serialization = Objects.requireNonNull(serialization, "serialization");
            this.emptyState = Objects.requireNonNull(emptyState, "emptyState");
        }

        /**
         * {@return this builder}
         *
         * @param handler decides the effect of each command (required)
         */
        public Builder<C, E, S> onCommand(CommandHandler<C, E, S> handler) {
            this.onCommand = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * {@return this builder}
         *
         * @param handler folds each event into the state (required; pure)
         */
        public Builder<C, E, S> onEvent(EventHandler<S, E> handler) {
            this.onEvent = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Runs once recovery is complete, before any command: the place to resume work in
         * flight (re-send a request, arm a timer) or to persist a first event.
         *
         * @param handler the recovered state to an effect (default: none)
         * @return this builder
         */
        public Builder<C, E, S> onRecovered(Function<? super S, Effect<E, S>> handler) {
            this.onRecovered = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Saves a snapshot every {@code n} events (default: never).
         *
         * @param n events between snapshots, at least 1
         * @param deleteCoveredEvents whether to delete the events a snapshot covers (same transaction)
         * @return this builder
         */
        public Builder<C, E, S> snapshotEvery(int n, boolean deleteCoveredEvents) {
            if (n < 1) {
                throw new IllegalArgumentException("snapshotEvery must be >= 1, was " + n);
            }
            this.snapshotEvery = n;
            this.deleteEvents = deleteCoveredEvents;
            return this;
        }

        /**
         * Writes every event under an epoch fence (see {@link Journal#append(String, long, List, Fence)}):
         * once a newer owner has advanced the fence, this actor's next write fails with
         * {@link JournalException.Fenced}, writes nothing, acknowledges nothing, and the actor
         * fails (its supervisor decides; a sharded entity stops). Default: no fence.
         *
         * @param fence the epoch this incarnation holds
         * @return this builder
         */
        public Builder<C, E, S> fence(Fence fence) {
            this.fence = Objects.requireNonNull(fence, "fence");
            return this;
        }

        /**
         * {@return this builder}
         *
         * @param capacity commands held while recovering or writing (default
         *     {@value #DEFAULT_STASH_CAPACITY}); one more fails the actor
         */
        public Builder<C, E, S> stashCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("stashCapacity must be >= 1, was " + capacity);
            }
            this.stashCapacity = capacity;
            return this;
        }

        /**
         * {@return the behaviour}
         *
         * @throws IllegalStateException if a handler is missing
         */
        @SuppressWarnings("unchecked")
        public Behavior<C> build() {
            if (onCommand == null || onEvent == null) {
                throw new IllegalStateException("an event-sourced behaviour for " + id
                        + " needs onCommand and onEvent");
            }
            Behavior<Object> b = Behaviors.withStash(stashCapacity,
                    stash -> Behaviors.setup(ctx -> new Runner<>(this, ctx, stash).start()));
            // The actor's mailbox carries both the user's commands and the runner's own messages;
            // the runner tells them apart before any user code sees a message.
            return (Behavior<C>) (Behavior<?>) b;
        }
    }

    /** A journal result for one incarnation of the actor. */
    private sealed interface Internal {
        Object incarnation();
    }

    private record Recovered(Object incarnation, Recovery recovery, Throwable failure) implements Internal {
    }

    private record Written(Object incarnation, long firstSeqNr, int count, Throwable failure) implements Internal {
    }

    private record SnapshotSaved(Object incarnation, long seqNr, Throwable failure) implements Internal {
    }

    /**
     * One incarnation of an event-sourced actor.
     *
     * <p>Invariants (all fields are touched only on the actor's thread): {@code phase} is
     * RECOVERING until the recovery result arrives, then RUNNING or WRITING; in RECOVERING and
     * WRITING every command is stashed; at most one append is in flight; {@code state} and
     * {@code seqNr} reflect exactly the committed events; a result carrying another incarnation's
     * token (from before a restart) is ignored.
     */
    private static final class Runner<C, E, S> {
        private enum Phase { RECOVERING, RUNNING, WRITING }

        private final Builder<C, E, S> spec;
        private final ActorContext<Object> ctx;
        private final StashBuffer<Object> stash;
        private final Object incarnation = new Object();
        private final CommandHandler<C, E, S> onCommand;
        private final EventHandler<S, E> onEvent;
        private @Nullable Behavior<Object> self;
        private Phase phase = Phase.RECOVERING;
        private S state;
        private long seqNr;
        private long lastSnapshotSeqNr;
        private List<E> inFlight = List.of();
        private @Nullable Effect<E, S> pending;

        Runner(Builder<C, E, S> spec, ActorContext<Object> ctx, StashBuffer<Object> stash) {
            this.spec = spec;
            this.ctx = ctx;
            this.stash = stash;
            this.state = spec.emptyState;
            // build() refused a spec without them
            this.onCommand = Objects.requireNonNull(spec.onCommand, "onCommand");
            this.onEvent = Objects.requireNonNull(spec.onEvent, "onEvent");
        }

        Behavior<Object> start() {
            self = Behaviors.receive((c, msg) -> onMessage(msg));
            ctx.pipeToSelf(spec.journal.recover(spec.id.id()), (r, e) -> new Recovered(incarnation, r, e));
            return self;
        }

        private Behavior<Object> onMessage(Object msg) throws Exception {
            if (msg instanceof Internal internal) {
                if (internal.incarnation() != incarnation) {
                    return Behaviors.same(); // a result for an incarnation that no longer exists
                }
                return switch (internal) {
                    case Recovered r -> onRecovered(r);
                    case Written w -> onWritten(w);
                    case SnapshotSaved s -> onSnapshotSaved(s);
                };
            }
            if (phase != Phase.RUNNING) {
                stash.stash(msg);
                return Behaviors.same();
            }
            @SuppressWarnings("unchecked")
            C command = (C) msg;
            return apply(onCommand.apply(state, command));
        }

        private Behavior<Object> onRecovered(Recovered r) {
            if (r.failure() != null) {
                throw new JournalException("recovery of " + spec.id + " from " + spec.journal.describe() + " failed: "
                        + unwrap(r.failure()).getMessage(), unwrap(r.failure()));
            }
            Recovery rec = r.recovery();
            if (rec.snapshot().isPresent()) {
                StoredSnapshot snap = rec.snapshot().get();
                state = castState(decode(snap.state(), "snapshot at event " + snap.seqNr()));
                seqNr = snap.seqNr();
                lastSnapshotSeqNr = snap.seqNr();
            }
            for (StoredEvent ev : rec.events()) {
                if (ev.seqNr() != seqNr + 1) {
                    throw new JournalException("cannot recover " + spec.id + " from " + spec.journal.describe()
                            + ": expected event " + (seqNr + 1) + ", found " + ev.seqNr() + " (a gap in its history)");
                }
                state = onEvent.apply(state, castEvent(decode(ev.event(), "event " + ev.seqNr())));
                seqNr = ev.seqNr();
            }
            seqNr = Math.max(seqNr, rec.highestSeqNr());
            phase = Phase.RUNNING;
            Behavior<Object> next = apply(spec.onRecovered.apply(state));
            // Commands stashed during recovery run now, unless the recovery handler started a write.
            return next == self && phase == Phase.RUNNING ? stash.unstashAll(self) : next;
        }

        private Object decode(Serialized s, String what) {
            try {
                return spec.serialization.deserialize(s);
            } catch (SerializationException e) {
                throw new JournalException("cannot recover " + spec.id + " from " + spec.journal.describe() + ": "
                        + what + ": " + e.getMessage(), e);
            }
        }

        /** Carries out an effect in RUNNING: persists its events, or runs its side effects at once. */
        private Behavior<Object> apply(Effect<E, S> effect) {
            Objects.requireNonNull(effect, "a command handler returned a null Effect (use Effect.none())");
            if (effect.events().isEmpty()) {
                return finish(effect);
            }
            List<Serialized> serialized = new ArrayList<>(effect.events().size());
            for (E e : effect.events()) {
                serialized.add(spec.serialization.serialize(e)); // throws: nothing written, the actor fails
            }
            long first = seqNr + 1;
            int count = serialized.size();
            inFlight = effect.events();
            pending = effect;
            phase = Phase.WRITING;
            ctx.pipeToSelf(spec.journal.append(spec.id.id(), first, serialized, spec.fence),
                    (ok, e) -> new Written(incarnation, first, count, e));
            return Behaviors.same();
        }

        private Behavior<Object> onWritten(Written w) {
            if (w.failure() != null) {
                Throwable cause = unwrap(w.failure());
                throw new JournalException("write of " + describeRange(w) + " of " + spec.id + " to "
                        + spec.journal.describe() + " failed, nothing acknowledged: " + cause.getMessage(), cause);
            }
            for (E e : inFlight) {
                state = onEvent.apply(state, e);
            }
            seqNr = w.firstSeqNr() + w.count() - 1;
            inFlight = List.of();
            Effect<E, S> effect = Objects.requireNonNull(pending, "a write in flight has its effect");
            pending = null;
            phase = Phase.RUNNING;
            maybeSnapshot();
            Behavior<Object> next = finish(effect);
            return next == self ? stash.unstashAll(self) : next;
        }

        private Behavior<Object> finish(Effect<E, S> effect) {
            for (Consumer<? super S> action : effect.sideEffects()) {
                action.accept(state);
            }
            return effect.stops() ? Behaviors.stopped() : Objects.requireNonNull(self, "set in setup");
        }

        private void maybeSnapshot() {
            if (spec.snapshotEvery == 0 || seqNr / spec.snapshotEvery == lastSnapshotSeqNr / spec.snapshotEvery) {
                return;
            }
            lastSnapshotSeqNr = seqNr;
            long at = seqNr;
            StoredSnapshot snap = new StoredSnapshot(spec.id.id(), at, spec.serialization.serialize(state));
            ctx.pipeToSelf(spec.journal.saveSnapshot(snap, spec.deleteEvents),
                    (ok, e) -> new SnapshotSaved(incarnation, at, e));
        }

        private Behavior<Object> onSnapshotSaved(SnapshotSaved s) {
            if (s.failure() != null) {
                // The events are all still there: recovery reads more of them, nothing is lost.
                ctx.log().warn("snapshot of {} at event {} in {} failed: {}", spec.id, s.seqNr(),
                        spec.journal.describe(), unwrap(s.failure()).toString());
            }
            return Behaviors.same();
        }

        private String describeRange(Written w) {
            return w.count() == 1 ? "event " + w.firstSeqNr()
                    : "events " + w.firstSeqNr() + ".." + (w.firstSeqNr() + w.count() - 1);
        }

        @SuppressWarnings("unchecked")
        private S castState(Object o) {
            return (S) o;
        }

        @SuppressWarnings("unchecked")
        private E castEvent(Object o) {
            return (E) o;
        }

        private static Throwable unwrap(Throwable t) {
            while (t instanceof CompletionException && t.getCause() != null) {
                t = t.getCause();
            }
            return t;
        }
    }
}
