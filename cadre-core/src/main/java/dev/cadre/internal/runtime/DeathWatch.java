package dev.cadre.internal.runtime;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.DeadLetter;
import dev.cadre.actor.ExitReason;
import dev.cadre.actor.ExitSignal;
import dev.cadre.actor.LinkedActorFailedException;
import dev.cadre.actor.Terminated;
import dev.cadre.actor.spi.RemoteActorRef;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * INTERNAL API. One actor's monitors and links (Erlang's {@code monitor} and {@code link}): whom
 * it watches, who watches it, whom it is linked to, whether it traps exits, and the
 * notifications that wait for its next incarnation. Created on first use; owner only.
 *
 * <p><b>Exactly once.</b> A watch is recorded on both sides: the watcher's {@link #watching}
 * (target to how to tell) and the target's {@link #watchedBy}. The target tells each watcher once
 * when it terminates (or at once, with "no such actor", if it is already dead); the watcher
 * delivers only if the target is still in {@code watching}, removing it, so an unwatch or a
 * duplicate notification delivers nothing.
 *
 * <p><b>Remote targets.</b> A watched {@link RemoteActorRef} is a key of {@code watching} like a
 * cell; its side of the watch is the extension's ({@link RemoteActorRef#watch}/{@code unwatch},
 * called here on the owner's thread), and its end arrives as a {@link SystemMessage.RemoteTerminated}
 * under the same exactly-once rule. A hook that throws while the actor stops is logged, never
 * allowed to stop the termination.
 *
 * <p><b>Live incarnations only.</b> A notification that arrives while the actor is not running
 * (waiting for its supervisor, restarting) waits in {@link #deferred} for the next incarnation, or
 * becomes a dead letter if the actor stops first.
 */
final class DeathWatch {
    private final ActorCell<?> cell;
    /**
     * Actors this one watches (an {@link ActorCell}, or a {@link RemoteActorRef}), each with how to
     * tell ({@link CellContext#WATCH_SIGNAL} or a message).
     */
    private Map<Object, Object> watching;
    /** Actors that watch this one. */
    // Insertion-ordered (not identity-hash-ordered), so a replayed run notifies in the same order.
    private LinkedHashSet<ActorCell<?>> watchedBy;
    private LinkedHashSet<ActorCell<?>> links;
    private boolean trapExits;
    /** Notifications for the next live incarnation; null when none. */
    private ArrayDeque<SystemMessage> deferred;

    private DeathWatch(ActorCell<?> cell) {
        this.cell = cell;
    }

    /** The part of {@code c}, created if needed (owner only). */
    static DeathWatch of(ActorCell<?> c) {
        CellExtras<?> x = c.extras();
        if (x.watch == null) {
            x.watch = new DeathWatch(c);
        }
        return x.watch;
    }

    // =====================================================================================
    // The context API (the watcher's side)
    // =====================================================================================

    static void watch(ActorCell<?> watcher, ActorCell<?> target, Object how) {
        if (target == watcher) {
            return;
        }
        DeathWatch w = of(watcher);
        if (w.watching == null) {
            w.watching = new LinkedHashMap<>();
        }
        if (w.watching.put(target, how) == null) {
            if (watcher.system.hooks != null) {
                watcher.system.hooks.watching(watcher, target, true);
            }
            target.sendSystem(new SystemMessage.Watch(watcher));
        }
    }

    /** Watch an actor on another node: recorded here, the other side is the extension's. */
    static void watchRemote(ActorCell<?> watcher, RemoteActorRef<?> target, Object how) {
        DeathWatch w = of(watcher);
        if (w.watching == null) {
            w.watching = new LinkedHashMap<>();
        }
        if (!w.watching.containsKey(target)) {
            target.watch(watcher.self); // first: if the extension refuses (throws), nothing is recorded
        }
        w.watching.put(target, how);
    }

    static void unwatchRemote(ActorCell<?> watcher, RemoteActorRef<?> target) {
        DeathWatch w = watcher.deathWatch();
        if (w != null && w.watching != null && w.watching.remove(target) != null) {
            target.unwatch(watcher.self);
        }
    }

    static void unwatch(ActorCell<?> watcher, ActorCell<?> target) {
        DeathWatch w = watcher.deathWatch();
        if (w != null && w.watching != null && w.watching.remove(target) != null) {
            if (watcher.system.hooks != null) {
                watcher.system.hooks.watching(watcher, target, false);
            }
            target.sendSystem(new SystemMessage.Unwatch(watcher));
        }
    }

    static void link(ActorCell<?> self, ActorCell<?> other) {
        if (other == self) {
            return;
        }
        DeathWatch w = of(self);
        if (w.links == null) {
            w.links = new LinkedHashSet<>();
        }
        if (w.links.add(other)) {
            if (self.system.hooks != null) {
                self.system.hooks.linking(self, other, true);
            }
            other.sendSystem(new SystemMessage.Link(self));
        }
    }

    static void unlink(ActorCell<?> self, ActorCell<?> other) {
        DeathWatch w = self.deathWatch();
        if (w != null && w.links != null && w.links.remove(other)) {
            if (self.system.hooks != null) {
                self.system.hooks.linking(self, other, false);
            }
            other.sendSystem(new SystemMessage.Unlink(self));
        }
    }

    static void trapExits(ActorCell<?> self, boolean trap) {
        DeathWatch w = self.deathWatch();
        if (trap || w != null) {
            of(self).trapExits = trap;
        }
    }

    /** A new incarnation's setup decides again whether it traps exits (links are kept). */
    static void resetTrapExits(ActorCell<?> self) {
        DeathWatch w = self.deathWatch();
        if (w != null) {
            w.trapExits = false;
        }
    }

    // =====================================================================================
    // System messages
    // =====================================================================================

    static void onWatch(ActorCell<?> target, ActorCell<?> watcher) {
        if (watcher != target) {
            DeathWatch w = of(target);
            if (w.watchedBy == null) {
                w.watchedBy = new LinkedHashSet<>();
            }
            w.watchedBy.add(watcher);
        }
    }

    static void onUnwatch(ActorCell<?> target, ActorCell<?> watcher) {
        DeathWatch w = target.deathWatch();
        if (w != null && w.watchedBy != null) {
            w.watchedBy.remove(watcher);
        }
    }

    static void onLink(ActorCell<?> self, ActorCell<?> other) {
        if (other != self) {
            DeathWatch w = of(self);
            if (w.links == null) {
                w.links = new LinkedHashSet<>();
            }
            w.links.add(other);
        }
    }

    static void onUnlink(ActorCell<?> self, ActorCell<?> other) {
        DeathWatch w = self.deathWatch();
        if (w != null && w.links != null) {
            w.links.remove(other);
        }
    }

    /** A watched actor terminated: deliver {@link Terminated} (or the watchWith message) once. */
    static void onWatchedTerminated(ActorCell<?> self, SystemMessage.DeathWatchNotification d) {
        DeathWatch w = self.deathWatch();
        if (w != null) {
            w.watchedTerminated(d);
        }
    }

    private void watchedTerminated(SystemMessage.DeathWatchNotification d) {
        watchedEnded(d, d.actor, d.actor.self, d.reason);
    }

    /** A watched remote actor ended (reported by its extension): the same rules as a local one. */
    static void onRemoteTerminated(ActorCell<?> self, SystemMessage.RemoteTerminated r) {
        DeathWatch w = self.deathWatch();
        if (w != null) {
            w.watchedEnded(r, r.target, r.target, r.reason);
        }
    }

    private void watchedEnded(SystemMessage notification, Object key, ActorRef<?> ref,
            ExitReason reason) {
        if (watching == null || !watching.containsKey(key)) {
            return; // unwatched, or already notified: exactly once
        }
        if (cell.stage != ActorCell.RUNNING) {
            defer(notification);
            return;
        }
        Object how = watching.remove(key);
        if (key instanceof RemoteActorRef<?> remote) {
            remote.unwatch(cell.self); // told: the extension may forget this watcher
        }
        if (how == CellContext.WATCH_SIGNAL) {
            cell.signal(new Terminated(ref, reason));
        } else {
            cell.invoke(how);
        }
    }

    /** A linked actor exited: trap it (ExitSignal), or exit too (Erlang's semantics). */
    static void onLinkExit(ActorCell<?> self, SystemMessage.LinkExit e) {
        DeathWatch w = self.deathWatch();
        if (w != null) {
            w.linkExit(e);
        }
    }

    private void linkExit(SystemMessage.LinkExit e) {
        if (links == null || !links.contains(e.from)) {
            return;
        }
        if (cell.stage >= ActorCell.TERMINATING) {
            links.remove(e.from);
            return;
        }
        if (cell.stage != ActorCell.RUNNING) {
            defer(e);
            return;
        }
        links.remove(e.from);
        if (trapExits) {
            cell.signal(new ExitSignal(e.from.self, e.reason));
        } else if (e.reason instanceof ExitReason.Shutdown) {
            FaultHandling.exitWithShutdown(cell); // Erlang: a non-trapping process exits with the same reason
        } else if (!e.reason.isNormal()) {
            FaultHandling.fail(cell, new LinkedActorFailedException(e.from.path(), e.reason), FaultHandling.SUPERVISION,
                    "link from " + e.from.path());
        }
    }

    private void defer(SystemMessage notification) {
        if (deferred == null) {
            deferred = new ArrayDeque<>(2);
        }
        deferred.addLast(notification);
    }

    /** A live incarnation is running again: deliver what waited for it, while it keeps running. */
    void flushDeferred() {
        while (deferred != null && cell.stage == ActorCell.RUNNING) {
            SystemMessage m = deferred.pollFirst();
            if (deferred.isEmpty()) {
                deferred = null;
            }
            if (m == null) {
                return;
            }
            switch (m) {
                case SystemMessage.DeathWatchNotification d -> watchedTerminated(d);
                case SystemMessage.RemoteTerminated r -> watchedEnded(r, r.target, r.target, r.reason);
                case SystemMessage.LinkExit e -> linkExit(e);
                default -> { }
            }
        }
    }

    // =====================================================================================
    // The end of the actor
    // =====================================================================================

    /** The actor stops: notifications that waited for a next incarnation become dead letters. */
    static void deferredToDeadLetters(ActorCell<?> self) {
        DeathWatch w = self.deathWatch();
        if (w == null || w.deferred == null) {
            return;
        }
        for (SystemMessage m : w.deferred) {
            switch (m) {
                case SystemMessage.DeathWatchNotification d -> w.deferredEndToDeadLetters(d.actor, d.actor.self, d.reason);
                case SystemMessage.RemoteTerminated r -> w.deferredEndToDeadLetters(r.target, r.target, r.reason);
                case SystemMessage.LinkExit e -> {
                    if (w.trapExits) {
                        self.system.deadLetters.publish(new ExitSignal(e.from.self, e.reason), self.self,
                                DeadLetter.Reason.RECIPIENT_TERMINATED);
                    }
                }
                default -> { }
            }
        }
        w.deferred = null;
    }

    private void deferredEndToDeadLetters(Object key, ActorRef<?> ref, ExitReason reason) {
        Object how = watching == null ? null : watching.remove(key);
        if (how != null) {
            Object what = how == CellContext.WATCH_SIGNAL ? new Terminated(ref, reason) : how;
            cell.system.deadLetters.publish(what, cell.self, DeadLetter.Reason.RECIPIENT_TERMINATED);
        }
    }

    /** The actor has stopped with {@code reason}: watchers and links are told, watched actors forget it. */
    static void notifyWatchersAndLinks(ActorCell<?> self, ExitReason reason) {
        DeathWatch w = self.deathWatch();
        if (w != null) {
            w.tellWatchersAndLinks(reason);
        }
    }

    private void tellWatchersAndLinks(ExitReason reason) {
        if (watchedBy != null) {
            for (ActorCell<?> w : watchedBy) {
                w.sendSystem(new SystemMessage.DeathWatchNotification(cell, reason));
            }
            watchedBy = null;
        }
        if (links != null) {
            for (ActorCell<?> l : links) {
                l.sendSystem(new SystemMessage.LinkExit(cell, reason));
            }
            links = null;
        }
        if (watching != null) {
            for (Object target : watching.keySet()) {
                if (target instanceof ActorCell<?> c) {
                    c.sendSystem(new SystemMessage.Unwatch(cell));
                } else if (target instanceof RemoteActorRef<?> remote) {
                    try {
                        remote.unwatch(cell.self);
                    } catch (RuntimeException e) {
                        ActorCell.LOG.warn("actor={} event=remote-unwatch-failed target={}", cell.path(), remote, e);
                    }
                }
            }
            watching = null;
        }
    }
}
