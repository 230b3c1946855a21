/**
 * Cadre beyond one machine: membership (a {@code ClusterProvider}; an embedded Hazelcast one),
 * the gRPC transport, refs as addresses, watch across nodes, sharded entities fenced by epochs in
 * the journal, and the three-node demo. Built on cadre-core's public API and its remote-ref SPI.
 *
 * <p>Messages are (de)serialized by Jackson: the packages of this module's wire records are open to
 * it; an application's own message records need the same.
 */
module dev.cadre.cluster {
    requires transitive dev.cadre.core;
    requires transitive dev.cadre.persistence;
    requires com.hazelcast.core;
    requires io.grpc;
    requires io.grpc.stub;
    requires io.grpc.netty.shaded;
    requires com.google.protobuf;
    requires com.fasterxml.jackson.databind;
    requires java.sql;
    requires static embedded.postgres; // the demo's PostgreSQL (cadre-persistence's test server)

    exports dev.cadre.cluster;
    exports dev.cadre.cluster.hazelcast;
    exports dev.cadre.cluster.sharding;
    exports dev.cadre.cluster.transport;
    exports dev.cadre.cluster.demo;

    opens dev.cadre.cluster to com.fasterxml.jackson.databind;
    opens dev.cadre.cluster.sharding to com.fasterxml.jackson.databind;
    opens dev.cadre.cluster.demo to com.fasterxml.jackson.databind;
    opens dev.cadre.cluster.transport to com.fasterxml.jackson.databind;
}
