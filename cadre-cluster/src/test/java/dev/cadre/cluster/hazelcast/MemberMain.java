package dev.cadre.cluster.hazelcast;

import dev.cadre.cluster.MembershipEvent;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;

/**
 * A cluster member in its own process, for the multi-process tests. Arguments: cluster name, own
 * port, transport port, seed ports (comma-separated). Prints {@code UP <node id>} once joined and
 * {@code VIEW <n>} after every membership change; exits when its standard input closes (so it never
 * outlives the test that started it).
 */
public final class MemberMain {

    private MemberMain() {
    }

    /**
     * @param args cluster name, port, transport port, seed ports
     * @throws Exception if it cannot start
     */
    public static void main(String[] args) throws Exception {
        String cluster = args[0];
        int port = Integer.parseInt(args[1]);
        int transportPort = Integer.parseInt(args[2]);
        List<InetSocketAddress> seeds = Arrays.stream(args[3].split(","))
                .map(p -> new InetSocketAddress("127.0.0.1", Integer.parseInt(p))).toList();
        var settings = HazelcastSettings.loopback().withClusterName(cluster).withPort(port).withSeeds(seeds);
        try (var provider = HazelcastClusterProvider.start(settings, new InetSocketAddress("127.0.0.1", transportPort))) {
            System.out.println("UP " + provider.self().id());
            provider.subscribe(event -> {
                if (!(event instanceof MembershipEvent.PartitionsChanged)) {
                    System.out.println("VIEW " + provider.members().size() + " " + provider.self().id());
                }
            });
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin (or die)
            }
            provider.terminateAbruptly();
        }
        System.exit(0);
    }
}
