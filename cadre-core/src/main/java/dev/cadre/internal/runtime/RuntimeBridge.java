package dev.cadre.internal.runtime;

import dev.cadre.actor.ActorContext;
import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.ActorSystemConfig;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.DeadLetter;
import dev.cadre.actor.Directive;
import dev.cadre.actor.ExitReason;
import dev.cadre.actor.OfferResult;
import dev.cadre.actor.Supervisor;
import dev.cadre.actor.TimerScheduler;
import dev.cadre.actor.spi.RemoteActorRef;
import dev.cadre.actor.spi.Remoting;
import dev.cadre.bridge.RuntimeAccess;
import dev.cadre.bridge.StashHook;
import dev.cadre.bridge.SystemIntrospection;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * INTERNAL API. The runtime's side of the access bridge: what the public API asks of it (see
 * {@link RuntimeAccess}). Loaded by name by {@code dev.cadre.bridge.Bridge}; stateless.
 */
public final class RuntimeBridge implements RuntimeAccess {

    /** For {@code Bridge}, which creates the one instance reflectively. */
    public RuntimeBridge() {
    }

    @Override
    public ActorSystem createSystem(String name, ActorSystemConfig config) {
        return new ActorSystemImpl(name, config);
    }

    @Override
    public <T> TimerScheduler<T> timers(ActorContext<T> ctx) {
        return cell(ctx).timers();
    }

    @Override
    public void registerStash(ActorContext<?> ctx, StashHook hook) {
        Objects.requireNonNull(hook, "hook");
        ActorCell<?> c = cell(ctx);
        if (c.system.hooks != null) {
            c.system.hooks.stashCreated(c, hook::contents);
        }
        c.extras().addStash(hook);
    }

    @Override
    public Function<Supervisor.Command, Behavior<Supervisor.Command>> startSupervisor(
            ActorContext<Supervisor.Command> ctx, Supervisor.Strategy strategy, int intensity, Duration period,
            Function<Throwable, Directive> decider, List<Supervisor.ChildSpec<?>> specs,
            Supervisor.ChildSpec<?> template) {
        return SupervisorLogic.install(cell(ctx), strategy, intensity, period, decider, specs, template)::onCommand;
    }

    @Override
    public void checkActorName(String name) {
        ActorNames.validate(name);
    }

    @Override
    public SystemIntrospection introspect(ActorSystem system) {
        Objects.requireNonNull(system, "system");
        if (!(system instanceof ActorSystemImpl impl)) {
            throw new IllegalArgumentException("cannot introspect " + system + ": not created by ActorSystem.create");
        }
        return Introspector.of(impl);
    }

    @Override
    public void remoteTerminated(ActorRef<?> watcher, RemoteActorRef<?> target, ExitReason reason) {
        if (!(watcher instanceof LocalActorRef<?> l)) {
            throw new IllegalArgumentException("cannot tell " + watcher + " that " + target + " ended: only an actor's own"
                    + " ref watches (the one RemoteActorRef.watch was given)");
        }
        l.cell.sendSystem(new SystemMessage.RemoteTerminated(target, reason));
    }

    @Override
    @SuppressWarnings("unchecked") // the extension's codecs decided the messages' type
    public int offerAll(ActorRef<?> recipient, Object[] messages, int from, int to) {
        if (recipient instanceof LocalActorRef<?> l) {
            return l.cell.offerAll(messages, from, to);
        }
        ActorRef<Object> r = (ActorRef<Object>) recipient;
        for (int i = from; i < to; i++) {
            if (r.offer(messages[i]) == OfferResult.FULL) {
                return i;
            }
        }
        return to;
    }

    @Override
    public void publishDeadLetter(ActorSystem system, Object message, ActorRef<?> recipient, DeadLetter.Reason reason) {
        if (!(system instanceof ActorSystemImpl impl)) {
            throw new IllegalArgumentException("cannot publish a dead letter to " + system + ": not created by"
                    + " ActorSystem.create");
        }
        impl.deadLetters.publish(message, recipient, reason);
    }

    @Override
    public <R> Remoting.Reply<R> replyTo(ActorSystem system, String path) {
        if (!(system instanceof ActorSystemImpl impl)) {
            throw new IllegalArgumentException("cannot make a reply-to in " + system + ": not created by"
                    + " ActorSystem.create");
        }
        PromiseRef<R> ref = new PromiseRef<>(impl, path, true);
        return new Remoting.Reply<>(ref, ref.future);
    }

    /** The cell behind a context the runtime handed out. */
    private static <T> ActorCell<T> cell(ActorContext<T> ctx) {
        Objects.requireNonNull(ctx, "ctx");
        if (ctx instanceof ActorCell<T> c) {
            return c;
        }
        throw new IllegalArgumentException("not the context of a running actor: " + ctx);
    }
}
