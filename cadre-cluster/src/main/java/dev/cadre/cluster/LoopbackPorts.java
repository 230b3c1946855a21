package dev.cadre.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports for members that must know each other's ports before any of them binds: the
 * seeds of a cluster on one machine (tests, {@code ./cadre demo --nodes 3}).
 *
 * <p>A port taken with {@code new ServerSocket(0)} comes from the kernel's ephemeral range, the
 * same range it hands out as the local port of every outgoing connection on the machine. Between
 * choosing such a port and the member's bind (or, for a member restarted after a crash, for as long
 * as it is down) any connection may take it, and the member fails with "Port ... is already in
 * use" (seen once in this project's tests, under load). These ports are chosen below that range,
 * where only explicit binds go, and are free when chosen.
 */
public final class LoopbackPorts {

    /** The lowest port chosen; below every Linux default ephemeral range. */
    public static final int LOWEST = 20_100;

    private LoopbackPorts() {
    }

    /**
     * {@return {@code n} distinct loopback ports, free when chosen, below the ephemeral range}
     *
     * @param n how many
     * @throws IllegalStateException if no free port is found below the range
     */
    public static List<Integer> free(int n) {
        int below = ephemeralStart();
        List<Integer> ports = new ArrayList<>();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int tries = 0; ports.size() < n; tries++) {
            if (tries > 10_000) {
                throw new IllegalStateException("no free loopback port in " + LOWEST + ".." + below);
            }
            int p = LOWEST + random.nextInt(below - LOWEST);
            if (!ports.contains(p) && canBind(p)) {
                ports.add(p);
            }
        }
        return ports;
    }

    /** {@return the first port of the kernel's ephemeral range (32768 where it cannot be read)} */
    public static int ephemeralStart() {
        try {
            // readAllLines, not readString: procfs files report no size, and readString reads too little
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).getFirst().trim();
            int start = Integer.parseInt(range.split("\\s+")[0]);
            return start > LOWEST + 1_000 ? start : 32_768;
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    private static boolean canBind(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
