package dev.cadre.actor;

/** The counter of the README, used by several tests. */
sealed interface Counter {
    record Add(int n) implements Counter {
    }

    record Get(ActorRef<Integer> replyTo) implements Counter {
    }

    static Behavior<Counter> counter(int total) {
        return Behaviors.receive((ctx, msg) -> switch (msg) {
            case Add a -> counter(total + a.n());
            case Get g -> {
                g.replyTo().tell(total);
                yield Behaviors.same();
            }
        });
    }
}
