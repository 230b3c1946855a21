package dev.cadre.bench.remote;

/** One way of sending 16-byte messages between two JVMs. */
interface Contender {

    /** Starts the server side, prints {@code READY <address...>} on stdout, and serves until stdin closes. */
    void serve() throws Exception;

    /** Ping-pong with the server at {@code address} (what it printed after READY). */
    Protocol.PingPong pingPong(String[] address, int warmups, int roundTrips) throws Exception;

    /** One-way from {@code senders} threads; messages per second delivered and acknowledged. */
    double oneWay(String[] address, int senders, double warmupSeconds, double seconds) throws Exception;

    /**
     * Backpressure: one sender pushes as fast as {@code tell} lets it, with no window of its own,
     * to a consumer on the server that takes about {@code Protocol.SLOW_RATE} messages/s; the
     * sender's heap after GC is sampled meanwhile. Only contenders whose transport pushes back.
     */
    default Protocol.Backpressure backpressure(String[] address, double seconds) throws Exception {
        throw new UnsupportedOperationException("no backpressure scenario for this contender");
    }

    static void awaitStdinClosed() throws java.io.IOException {
        while (System.in.read() >= 0) {
            // the harness closes our stdin (or dies) when the run is over
        }
    }
}
