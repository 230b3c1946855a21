/**
 * Cadre's public API: actors as state + mailbox + behaviour, addressed by typed refs.
 *
 * <pre>{@code
 * sealed interface Counter {
 *     record Add(int n) implements Counter {}
 *     record Get(ActorRef<Integer> replyTo) implements Counter {}
 * }
 * static Behavior<Counter> counter(int total) {
 *     return Behaviors.receive((ctx, msg) -> switch (msg) {
 *         case Counter.Add a -> counter(total + a.n());
 *         case Counter.Get g -> { g.replyTo().tell(total); yield Behaviors.same(); }
 *     });
 * }
 * try (var system = ActorSystem.create("shop")) {
 *     var c = system.spawn(counter(0), "counter");
 *     c.tell(new Counter.Add(2));
 *     int n = c.ask(Counter.Get::new, Duration.ofSeconds(1)).join();
 * }
 * }</pre>
 *
 * <p>Entry points: {@link dev.cadre.actor.ActorSystem} (start, spawn, close),
 * {@link dev.cadre.actor.Behaviors} and {@link dev.cadre.actor.AbstractBehavior} (what an actor
 * does), {@link dev.cadre.actor.ActorContext} (what an actor can do), {@link dev.cadre.actor.ActorRef}
 * (how to reach one).
 *
 * <p>Guarantees: one message at a time per actor, with a happens-before edge between consecutive
 * messages; per sender-receiver FIFO; at-most-once delivery, every undelivered message published to
 * {@link dev.cadre.actor.DeadLetters}; {@link dev.cadre.actor.Terminated} exactly once per watch;
 * shutdown children-first, with nothing running after {@code close()} returns.
 *
 * <p>Null-marked (JSpecify): no parameter, return value or record component of this package is
 * null unless it is annotated {@code @Nullable}; NullAway checks it in the build.
 */
@NullMarked
package dev.cadre.actor;

import org.jspecify.annotations.NullMarked;
