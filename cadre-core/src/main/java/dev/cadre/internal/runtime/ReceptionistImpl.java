package dev.cadre.internal.runtime;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.Receptionist;
import dev.cadre.actor.ServiceKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * INTERNAL API. The system's {@link Receptionist}.
 *
 * <p><b>Threading.</b> Any thread. The entries are guarded by one lock (registrations are rare);
 * listings are sent inside it, with runtime sends that never block, so subscribers of one key see
 * its listings in order. {@link #involved} (the cells with a registration or a subscription) is a
 * concurrent map read without the lock by {@link #actorStopped}, which every actor's end calls.
 *
 * <p><b>No registration outlives its actor.</b> {@link #register} records the cell, then checks
 * whether it has terminated; the actor's end sets TERMINATED, then calls {@link #actorStopped}.
 * Both are volatile accesses, so at least one of the two sees the other, and the entry is removed.
 */
public final class ReceptionistImpl implements Receptionist {
    private final ActorSystemImpl system;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private final Map<ServiceKey<?>, Entry> entries = new HashMap<>();
    /** Cells that registered or subscribed: their end must be reported here. */
    private final ConcurrentHashMap<ActorCell<?>, Boolean> involved = new ConcurrentHashMap<>();

    private static final class Entry {
        final LinkedHashSet<ActorRef<?>> refs = new LinkedHashSet<>();
        final LinkedHashSet<ActorRef<Listing>> subscribers = new LinkedHashSet<>();
        final List<CompletableFuture<ActorRef<?>>> waiters = new ArrayList<>();
    }

    ReceptionistImpl(ActorSystemImpl system) {
        this.system = system;
    }

    @Override
    public <T> void register(ServiceKey<T> key, ActorRef<T> ref) {
        Objects.requireNonNull(key, "key");
        ActorCell<?> cell = ownActor(ref, "register");
        List<CompletableFuture<ActorRef<?>>> waiting = List.of();
        synchronized (lock) {
            Entry e = entries.computeIfAbsent(key, k -> new Entry());
            if (e.refs.add(ref)) {
                involved.put(cell, Boolean.TRUE);
                changed(key, e);
                waiting = List.copyOf(e.waiters);
                e.waiters.clear();
            }
        }
        for (CompletableFuture<ActorRef<?>> w : waiting) {
            w.complete(ref); // outside the lock: the caller's continuations run here
        }
        if (cell.isTerminated()) {
            actorStopped(cell); // it stopped meanwhile, and may have missed this registration
        }
    }

    @Override
    public <T> void deregister(ServiceKey<T> key, ActorRef<T> ref) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(ref, "ref");
        synchronized (lock) {
            Entry e = entries.get(key);
            if (e != null && e.refs.remove(ref)) {
                changed(key, e);
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Set<ActorRef<T>> find(ServiceKey<T> key) {
        Objects.requireNonNull(key, "key");
        synchronized (lock) {
            Entry e = entries.get(key);
            return e == null ? Set.of() : (Set<ActorRef<T>>) (Set<?>) snapshot(e);
        }
    }

    @Override
    // the waiters are futures compared by identity; the timer's own future is cancelled on completion
    @SuppressWarnings({"unchecked", "CollectionUndefinedEquality", "FutureReturnValueIgnored"})
    public <T> CompletableFuture<ActorRef<T>> await(ServiceKey<T> key, Duration timeout) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        CompletableFuture<ActorRef<?>> f = new CompletableFuture<>();
        synchronized (lock) {
            Entry e = entries.computeIfAbsent(key, k -> new Entry());
            if (!e.refs.isEmpty()) {
                return CompletableFuture.completedFuture((ActorRef<T>) e.refs.iterator().next());
            }
            e.waiters.add(f);
        }
        var timer = system.schedule(() -> f.completeExceptionally(new TimeoutException("no actor registered under "
                + key + " within " + timeout.toMillis() + " ms in actor system '" + system.name() + "'")),
                ActorSystemImpl.saturatedNanos(timeout));
        f.whenComplete((r, x) -> {
            timer.cancel(false);
            synchronized (lock) {
                Entry e = entries.get(key);
                if (e != null) {
                    e.waiters.remove(f);
                }
            }
        });
        return f.thenApply(r -> (ActorRef<T>) r);
    }

    @Override
    public void subscribe(ServiceKey<?> key, ActorRef<Listing> subscriber) {
        Objects.requireNonNull(key, "key");
        ActorCell<?> owner = ownerOf(subscriber);
        synchronized (lock) {
            Entry e = entries.computeIfAbsent(key, k -> new Entry());
            if (e.subscribers.add(subscriber)) {
                involved.put(owner, Boolean.TRUE);
            }
            // always, even if already subscribed: an actor restarted in place subscribes again from
            // its setup with the same adapter, and must learn the listing again
            Topic.deliver(subscriber, new Listing(key, snapshot(e)));
        }
        if (owner.isTerminated()) {
            actorStopped(owner);
        }
    }

    @Override
    public void unsubscribe(ServiceKey<?> key, ActorRef<Listing> subscriber) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(subscriber, "subscriber");
        synchronized (lock) {
            Entry e = entries.get(key);
            if (e != null) {
                e.subscribers.remove(subscriber);
            }
        }
    }

    /** Every actor's end calls this: its registrations and subscriptions go (cheap when it had none). */
    void actorStopped(ActorCell<?> cell) {
        if (involved.isEmpty() || involved.remove(cell) == null) {
            return;
        }
        synchronized (lock) {
            for (Map.Entry<ServiceKey<?>, Entry> kv : entries.entrySet()) {
                Entry e = kv.getValue();
                e.subscribers.removeIf(s -> ownerOf(s) == cell);
                if (e.refs.removeIf(r -> r instanceof LocalActorRef<?> l && l.cell == cell)) {
                    changed(kv.getKey(), e);
                }
            }
        }
    }

    /** Holding the lock: tells every subscriber of {@code key} its new listing. */
    private void changed(ServiceKey<?> key, Entry e) {
        if (!e.subscribers.isEmpty()) {
            Listing listing = new Listing(key, snapshot(e));
            for (ActorRef<Listing> s : e.subscribers) {
                Topic.deliver(s, listing);
            }
        }
    }

    private static Set<ActorRef<?>> snapshot(Entry e) {
        return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(e.refs));
    }

    private ActorCell<?> ownActor(ActorRef<?> ref, String what) {
        ActorCell<?> c = CellContext.cellOf(ref, what);
        if (c.system != system) {
            throw new IllegalArgumentException(ref + " belongs to another actor system than '" + system.name() + "'");
        }
        return c;
    }

    /** The actor whose end ends a subscription: the subscriber itself, or the owner of an adapter. */
    private ActorCell<?> ownerOf(ActorRef<?> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        if (subscriber instanceof AdapterRef<?, ?> a) {
            return a.owner();
        }
        return ownActor(subscriber, "subscribe");
    }
}
