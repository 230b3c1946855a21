package dev.cadre.bench.remote;

/** One way of sending 16-byte messages between two JVMs. */
interface Contender {

    /** Starts the server side, prints {@code READY <address...>} on stdout, and serves until stdin closes. */
    void serve() throws Exception;

    /** Ping-pong with the server at {@code address} (what it printed after READY). */
    Protocol.PingPong pingPong(String[] address, int warmups, int roundTrips) throws Exception;

    /** One-way from {@code senders} threads; messages per second delivered and acknowledged. */
    double oneWay(String[] address, int senders, double warmupSeconds, double seconds) throws Exception;

    static void awaitStdinClosed() throws java.io.IOException {
        while (System.in.read() >= 0) {
            // the harness closes our stdin (or dies) when the run is over
        }
    }
}
