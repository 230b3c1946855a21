/**
 * Testing tools for Cadre actors: {@link dev.cadre.testkit.ActorTestKit},
 * {@link dev.cadre.testkit.TestProbe} and the JUnit 5 {@link dev.cadre.testkit.CadreExtension}.
 */
module dev.cadre.testkit {
    requires transitive dev.cadre.core;
    requires transitive org.junit.jupiter.api;
    requires java.compiler; // ModuleBoundary

    exports dev.cadre.testkit;
}
