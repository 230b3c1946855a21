package dev.cadre.examples.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Supervisor;
import dev.cadre.examples.SupervisionExamples;
import dev.cadre.examples.SupervisionExamples.UploadResult;
import dev.cadre.testkit.CadreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CadreExtension.class)
class Step11StrategiesTest {

    @Test
    void oneForOneRestartsExactlyTheOneOf100UploadWorkersThatCrashed(ActorSystem system) {
        UploadResult r = SupervisionExamples.uploads(system, Supervisor.Strategy.ONE_FOR_ONE);
        assertThat(r.restarted()).containsExactly("upload-42");
        assertThat(r.workersWithState()).isEqualTo(99);
    }

    @Test
    void oneForAllOnIndependentWorkersRestartsAll100AndLosesEveryonesWork(ActorSystem system) {
        UploadResult r = SupervisionExamples.uploads(system, Supervisor.Strategy.ONE_FOR_ALL);
        assertThat(r.restarted()).hasSize(100).doesNotHaveDuplicates();
        assertThat(r.workersWithState()).isZero();
    }

    @Test
    void aPipelineUnderRestForOneRestartsTheCrashedStageAndThoseAfterIt(ActorSystem system) {
        assertThat(SupervisionExamples.crashUnder(system, "pipeline", Supervisor.Strategy.REST_FOR_ONE, "parser",
                "reader", "parser", "writer"))
                .containsExactly("restart parser", "restart writer", "start parser", "start writer");
    }

    @Test
    void intensityEndsACrashLoopAfter3RestartsAndEscalates(ActorSystem system) {
        Step11Strategies.CrashLoop loop = Step11Strategies.crashLoop(system);
        assertThat(loop.restarts()).isEqualTo(3);
        assertThat(loop.supervisorFailure()).contains("RestartIntensityExceededException").contains("3 in PT1M");
    }
}
