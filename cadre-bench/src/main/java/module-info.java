/**
 * Cadre's benchmarks: JMH micro-benchmarks of the hot paths, the head-to-head harness against
 * Apache Pekko typed, the persistence benchmark. Uses the public API only. The harness runs each
 * contender in a fresh JVM on the class path; this descriptor is what the build compiles against.
 */
// Pekko and its config ship no module descriptors (automatic modules), yet the harness's API shows them
@SuppressWarnings("requires-transitive-automatic")
module dev.cadre.bench {
    requires transitive dev.cadre.core; // its types, and JSpecify's @Nullable, are in this module's API
    requires dev.cadre.persistence;
    requires dev.cadre.observe;
    requires dev.cadre.fulfillment;
    requires dev.cadre.cluster; // the remote benchmark (Cadre's transport)
    requires jmh.core;
    requires transitive pekko.actor.typed; // PekkoSystem hands out its refs
    requires pekko.actor;
    requires scala.library;
    requires transitive typesafe.config; // PekkoContestant takes a Config
    requires java.management;
    requires jdk.management;

    exports dev.cadre.bench.app;
    exports dev.cadre.bench.jmh;
    exports dev.cadre.bench.persistence;
    exports dev.cadre.bench.report;
    exports dev.cadre.bench.savina;
    exports dev.cadre.bench.versus;
}
