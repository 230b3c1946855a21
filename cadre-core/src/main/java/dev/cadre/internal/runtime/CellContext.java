package dev.cadre.internal.runtime;

import dev.cadre.actor.ActorContext;
import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Props;
import dev.cadre.actor.spi.RemoteActorRef;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ForkJoinTask;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * INTERNAL API. The {@link ActorContext} half of a cell: what an actor's behaviour may ask of the
 * runtime. Each method checks its arguments and hands over to the part that does the work
 * ({@link Children}, {@link DeathWatch}, the timers, the extras). A superclass of
 * {@link ActorCell} rather than a separate object, so an actor costs one object, not two.
 *
 * <p><b>Threading.</b> Owner only: these methods run on the actor's thread of the moment (inside
 * its handlers and setup). {@code ActorSystem.spawn} reaches the guardian's children through
 * {@link Children}, not through this API.
 *
 * <p><b>Thread confinement, checked.</b> Every method but {@link #self()}, {@link #system()} (immutable
 * answers) and {@code childCount()} (a racy size, which the runtime reads too) first checks that the calling thread is the one running the actor now
 * ({@code runner}, which the cell sets at the start of each activation and clears at its end),
 * and otherwise throws an {@link IllegalStateException} naming the actor, the method and both
 * threads. A context captured in a future's callback or handed to another thread would otherwise
 * corrupt the actor's owner-only state without a trace. The check is one read of a field the
 * running thread itself wrote, and a compare: cheap enough to stay on (see
 * {@code ContextConfinementBench} in cadre-bench).
 *
 * @param <T> the actor's message type
 */
abstract sealed class CellContext<T> extends ForkJoinTask<Void> implements ActorContext<T>, Runnable
        permits ActorCell {

    /** Stands for "watch delivers the Terminated signal" in the watching map. */
    static final Object WATCH_SIGNAL = new Object();

    private ActorCell<T> cell() {
        return (ActorCell<T>) this;
    }

    /**
     * This actor's cell, if the calling thread is the one running it now; otherwise fails fast.
     *
     * @param method the context method called, for the message
     * @return the cell
     * @throws IllegalStateException if another thread (or none) is running the actor
     */
    private ActorCell<T> owner(String method) {
        ActorCell<T> c = cell();
        Thread running = c.runner;
        if (running != Thread.currentThread()) {
            throw confinementViolation(c, method, running);
        }
        return c;
    }

    private static IllegalStateException confinementViolation(ActorCell<?> c, String method, Thread running) {
        return new IllegalStateException("ActorContext." + method + " of " + c.path() + " called from thread '"
                + Thread.currentThread().getName() + "', which is not running the actor ("
                + (running == null ? "no thread is running it now" : "it runs on '" + running.getName() + "'")
                + "). An actor's context may be used only inside its own behaviour (setup, message and signal"
                + " handlers); from another thread (a future's callback, say), send the actor a message, or"
                + " use ctx.pipeToSelf");
    }

    @Override
    public ActorRef<T> self() {
        return cell().self;
    }

    @Override
    public ActorSystem system() {
        return cell().system;
    }

    @Override
    public Logger log() {
        CellExtras<T> x = owner("log").extras();
        if (x.logger == null) {
            x.logger = new ActorLogger(ActorCell.LOG, cell().path());
        }
        return x.logger;
    }

    /** The actor's timers, created on first use. For {@code Behaviors.withTimers}. */
    TimerSchedulerImpl<T> timers() {
        CellExtras<T> x = cell().extras();
        if (x.timers == null) {
            x.timers = new TimerSchedulerImpl<>(cell());
        }
        return x.timers;
    }

    @Override
    public void setReceiveTimeout(Duration timeout, T message) {
        owner("setReceiveTimeout").timers().setReceiveTimeout(timeout, message);
    }

    @Override
    public void cancelReceiveTimeout() {
        CellExtras<T> x = owner("cancelReceiveTimeout").extras;
        if (x != null && x.timers != null) {
            x.timers.cancelReceiveTimeout();
        }
    }

    // --- children ---

    @Override
    public <U> ActorRef<U> spawn(Behavior<U> behavior, String name) {
        return spawn(behavior, name, Props.defaults());
    }

    @Override
    public <U> ActorRef<U> spawn(Behavior<U> behavior, String name, Props props) {
        ActorNames.validate(name);
        return Children.spawn(owner("spawn"), behavior, name, props, false).self;
    }

    @Override
    public <U> ActorRef<U> spawnAnonymous(Behavior<U> behavior) {
        return spawnAnonymous(behavior, Props.defaults());
    }

    @Override
    public <U> ActorRef<U> spawnAnonymous(Behavior<U> behavior, Props props) {
        return Children.spawn(owner("spawnAnonymous"), behavior, Children.nextAnonymousKey(cell()), props, false).self;
    }

    @Override
    public void stop(ActorRef<?> child) {
        Children.childToStop(owner("stop"), child).sendSystem(new SystemMessage.Terminate());
    }

    @Override
    public void stop(ActorRef<?> child, Duration killAfter) {
        owner("stop").system.stopCell(Children.childToStop(cell(), child), killAfter);
    }

    @Override
    public List<ActorRef<Void>> children() {
        return Children.refs(owner("children"));
    }

    @Override
    public <U> Optional<ActorRef<U>> child(String childName) {
        ActorCell<?> c = Children.get(owner("child"), childName);
        return c == null ? Optional.empty() : Optional.of(c.self.unsafeCast());
    }

    // --- watch and links ---

    @Override
    public void watch(ActorRef<?> target) {
        ActorCell<T> self = owner("watch");
        if (target instanceof RemoteActorRef<?> remote) {
            DeathWatch.watchRemote(self, remote, WATCH_SIGNAL);
        } else {
            DeathWatch.watch(self, cellOf(target, "watch"), WATCH_SIGNAL);
        }
    }

    @Override
    public void watchWith(ActorRef<?> target, T message) {
        Objects.requireNonNull(message, "message");
        ActorCell<T> self = owner("watchWith");
        if (target instanceof RemoteActorRef<?> remote) {
            DeathWatch.watchRemote(self, remote, message);
        } else {
            DeathWatch.watch(self, cellOf(target, "watch"), message);
        }
    }

    @Override
    public void unwatch(ActorRef<?> target) {
        ActorCell<T> self = owner("unwatch");
        if (target instanceof RemoteActorRef<?> remote) {
            DeathWatch.unwatchRemote(self, remote);
        } else {
            DeathWatch.unwatch(self, cellOf(target, "unwatch"));
        }
    }

    @Override
    public void link(ActorRef<?> other) {
        DeathWatch.link(owner("link"), cellOf(other, "link to"));
    }

    @Override
    public void unlink(ActorRef<?> other) {
        DeathWatch.unlink(owner("unlink"), cellOf(other, "unlink from"));
    }

    @Override
    public void trapExits(boolean trap) {
        DeathWatch.trapExits(owner("trapExits"), trap);
    }

    // --- asynchronous results and adapters ---

    @Override
    public <V> void pipeToSelf(CompletionStage<V> stage, BiFunction<? super V, Throwable, ? extends T> mapper) {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(mapper, "mapper");
        ActorCell<T> c = owner("pipeToSelf");
        stage.whenComplete((value, error) -> {
            Throwable cause = error instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : error;
            Object original = value != null ? value : cause != null ? cause : "pipeToSelf(null)";
            c.tellFromRuntime(new Envelope.Adapted(ignored -> mapper.apply(value, cause), original));
        });
    }

    @Override
    public <U> ActorRef<U> messageAdapter(Class<U> type, Function<? super U, ? extends T> adapter) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(adapter, "adapter");
        CellExtras<T> x = owner("messageAdapter").extras();
        if (x.adapters == null) {
            x.adapters = new HashMap<>(4);
        }
        @SuppressWarnings("unchecked")
        AdapterRef<U, T> ref = (AdapterRef<U, T>) x.adapters.get(type);
        if (ref == null) {
            ref = new AdapterRef<>(cell(), type, adapter);
            x.adapters.put(type, ref);
        } else {
            ref.setAdapter(adapter);
        }
        return ref;
    }

    /**
     * The cell behind a ref, for the operations that need an actor (watch, link, stop).
     *
     * @param ref the ref
     * @param what the operation, for the error message
     * @return the cell
     * @throws IllegalArgumentException if the ref is not an actor's (an ask's reply-to, an adapter)
     */
    static ActorCell<?> cellOf(ActorRef<?> ref, String what) {
        Objects.requireNonNull(ref, "ref");
        if (ref instanceof LocalActorRef<?> l) {
            return l.cell;
        }
        if (ref instanceof RemoteActorRef<?>) {
            throw new IllegalArgumentException("cannot " + what + " " + ref + ": it is an actor on another node (links"
                    + " and stops do not cross nodes; watch it, or send it a message that asks it to stop)");
        }
        throw new IllegalArgumentException("cannot " + what + " " + ref + ": it is not an actor (ask and adapter refs"
                + " have no lifecycle)");
    }
}
