package dev.cadre.fulfillment;

import dev.cadre.actor.ActorContext;
import dev.cadre.actor.ActorRef;

/** Finds an actor's sibling under the same supervisor (refs stay valid across restarts in place). */
public final class Siblings {

    private Siblings() {
    }

    /**
     * The living sibling called {@code name}.
     *
     * @param ctx the asking actor's context
     * @param name the sibling's name
     * @param <T> its message type (not checked)
     * @return its ref
     * @throws IllegalStateException if there is no such sibling (yet)
     */
    public static <T> ActorRef<T> lookup(ActorContext<?> ctx, String name) {
        String self = ctx.self().path();
        String path = self.substring(0, self.lastIndexOf('/') + 1) + name;
        return ctx.system().<T>lookup(path).orElseThrow(() -> new IllegalStateException("no sibling at " + path));
    }
}
