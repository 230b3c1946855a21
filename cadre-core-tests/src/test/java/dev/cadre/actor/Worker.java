package dev.cadre.actor;

/**
 * A test worker that reports its lifecycle to a log ref: "start:name", "prerestart:name",
 * "poststop:name"; counts Inc messages; crashes, stops or blocks on request.
 */
sealed interface Worker {
    record Inc() implements Worker {
    }

    record Crash(String why) implements Worker {
    }

    record Stop() implements Worker {
    }

    record Get(ActorRef<Integer> replyTo) implements Worker {
    }

    static Behavior<Worker> worker(String name, ActorRef<String> log) {
        return Behaviors.setup(ctx -> {
            log.tell("start:" + name);
            int[] count = {0};
            return Behaviors.<Worker>receiveMessage(msg -> switch (msg) {
                case Inc i -> {
                    count[0]++;
                    yield Behaviors.same();
                }
                case Crash c -> throw new IllegalStateException(c.why());
                case Stop s -> Behaviors.stopped();
                case Get g -> {
                    g.replyTo().tell(count[0]);
                    yield Behaviors.same();
                }
            }).onSignal((c, signal) -> {
                switch (signal) {
                    case PreRestart p -> log.tell("prerestart:" + name);
                    case PostStop p -> log.tell("poststop:" + name);
                    default -> { }
                }
                return Behaviors.same();
            });
        });
    }
}
