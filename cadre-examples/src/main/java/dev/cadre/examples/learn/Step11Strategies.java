package dev.cadre.examples.learn;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.ServiceKey;
import dev.cadre.actor.Supervisor;
import dev.cadre.actor.Supervisor.ChildSpec;
import dev.cadre.actor.Terminated;
import dev.cadre.examples.SupervisionExamples;
import dev.cadre.examples.SupervisionExamples.UploadResult;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Step 11: match the strategy to the coupling. One of 100 upload workers crashes: one-for-one
 * restarts exactly that one, one-for-all (the wrong match) restarts all 100; a pipeline wants
 * rest-for-one, coupled actors one-for-all; and intensity stops a crash loop. Page:
 * {@code docs/learn/11-strategies.md}. The upload pool and the pipeline are
 * {@link SupervisionExamples}'.
 */
final class Step11Strategies {
    /** The crash loop's parser, as the receptionist knows it. */
    static final ServiceKey<String> PARSER = ServiceKey.of(String.class, "crash-loop-parser");

    private Step11Strategies() {
    }

    /**
     * What the crash loop did.
     *
     * @param restarts restarts of the child before the supervisor gave up
     * @param supervisorFailure why the supervisor stopped
     */
    public record CrashLoop(int restarts, String supervisorFailure) {
    }

    // tag::crash-loop[]
    /** A child that crashes on every message, under a supervisor allowing 3 restarts a minute. */
    public static CrashLoop crashLoop(ActorSystem system) {
        AtomicInteger starts = new AtomicInteger();
        Behavior<String> poisoned = Behaviors.setup(ctx -> {
            starts.incrementAndGet();
            return Behaviors.receiveMessage(m -> {
                throw new IllegalStateException("cannot parse " + m);
            });
        });
        ActorRef<Supervisor.Command> sup = system.spawn(Supervisor.builder()
                .strategy(Supervisor.Strategy.ONE_FOR_ONE)
                .intensity(3, Duration.ofMinutes(1))   // at most 3 restarts in any minute
                .child(ChildSpec.of("parser", poisoned).registeredAs(PARSER)) // typed, findable
                .build(), "crash-loop");
        CompletableFuture<Terminated> supEnded = new CompletableFuture<>();
        CompletableFuture<Void> watching = new CompletableFuture<>();
        system.spawnAnonymous(Behaviors.<Void>setup(ctx -> {
            ctx.watch(sup);
            watching.complete(null);
            return Behaviors.<Void>receiveSignal((c, s) -> {
                if (s instanceof Terminated t) {
                    supEnded.complete(t);
                }
                return Behaviors.same();
            });
        }));
        watching.join(); // watch first: a watch that comes after the end learns only "no such actor"
        // waits until the supervisor has started it: no polling, no path, no cast
        ActorRef<String> parser = system.receptionist().await(PARSER, Duration.ofSeconds(5)).join();
        for (int i = 1; i <= 5; i++) {
            parser.tell("record " + i);   // the same bad input, again and again
        }
        Terminated t = supEnded.join();
        return new CrashLoop(starts.get() - 1, t.cause().map(Throwable::toString).orElse("stopped normally"));
    }
    // end::crash-loop[]

    /**
     * Narrates the runs.
     *
     * @param out where to narrate
     * @return whether each strategy restarted exactly the children the lesson says
     */
    public static boolean narrate(PrintStream out) {
        UploadResult oneForOne;
        UploadResult oneForAll;
        List<String> pipeline;
        List<String> coupled;
        CrashLoop loop;
        try (ActorSystem system = ActorSystem.create("step11")) {
            oneForOne = SupervisionExamples.uploads(system, Supervisor.Strategy.ONE_FOR_ONE);
            oneForAll = SupervisionExamples.uploads(system, Supervisor.Strategy.ONE_FOR_ALL);
            pipeline = SupervisionExamples.crashUnder(system, "pipeline", Supervisor.Strategy.REST_FOR_ONE,
                    "parser", "reader", "parser", "writer");
            coupled = SupervisionExamples.crashUnder(system, "coupled", Supervisor.Strategy.ONE_FOR_ALL,
                    "left", "left", "right");
            loop = crashLoop(system);
        }
        out.println("100 upload workers, 3 files each; then worker 42 gets a corrupt file and crashes.");
        out.printf("  one-for-one: restarted %s; %d of %d workers kept their state%n",
                oneForOne.restarted(), oneForOne.workersWithState(), oneForOne.workers());
        out.printf("  one-for-all: restarted %d workers; %d of %d kept their state   <- wrong match: they were independent%n",
                oneForAll.restarted().size(), oneForAll.workersWithState(), oneForAll.workers());
        out.println();
        out.println("reader -> parser -> writer under rest-for-one; the parser crashes:");
        out.println("  " + pipeline);
        out.println("Two coupled actors under one-for-all; left crashes:");
        out.println("  " + coupled);
        out.println();
        out.println("A parser that crashes on every record, under intensity 3 restarts per minute:");
        out.printf("  restarted %d times, then the supervisor gave up: %s%n", loop.restarts(), loop.supervisorFailure());
        return oneForOne.restarted().equals(List.of("upload-42")) && oneForOne.workersWithState() == 99
                && oneForAll.restarted().size() == 100 && oneForAll.workersWithState() == 0
                && pipeline.equals(List.of("restart parser", "restart writer", "start parser", "start writer"))
                && coupled.equals(List.of("restart left", "restart right", "start left", "start right"))
                && loop.restarts() == 3 && loop.supervisorFailure().contains("RestartIntensityExceededException");
    }
}
