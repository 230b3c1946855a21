package dev.cadre.bench.remote;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The reference: one TCP connection, length-prefixed frames ({@code int length, bytes}), writes
 * batched in a 64 KiB buffer flushed when nothing more is queued. No actors, no codec, no
 * authentication: what the machine can do.
 */
final class RawContender implements Contender {

    private static final byte PING_PONG = 'P';
    private static final byte ONE_WAY = 'O';

    @Override
    public void serve() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress())) {
            System.out.println("READY " + server.getLocalPort());
            Thread.ofPlatform().daemon().start(() -> {
                while (true) {
                    try {
                        Socket s = server.accept();
                        Thread.ofPlatform().daemon().start(() -> handle(s));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            Contender.awaitStdinClosed();
        }
    }

    private static void handle(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            var in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
            var out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 64 * 1024));
            byte mode = in.readByte();
            Protocol.Sink sink = new Protocol.Sink(Protocol.ACK_EVERY);
            byte[] buffer = new byte[Protocol.SIZE];
            while (true) {
                int length = in.readInt();
                in.readFully(buffer, 0, length);
                if (mode == PING_PONG) {
                    out.writeInt(length);
                    out.write(buffer, 0, length);
                    if (in.available() == 0) {
                        out.flush();
                    }
                } else {
                    long n = sink.received(buffer);
                    if (n >= 0) {
                        byte[] ack = Protocol.ack(Protocol.sender(buffer), n);
                        out.writeInt(ack.length);
                        out.write(ack);
                        out.flush();
                    }
                }
            }
        } catch (EOFException e) {
            // the client is done
        } catch (IOException e) {
            // the client went away
        }
    }

    private static Socket connect(String[] address) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(address[0]));
        s.setTcpNoDelay(true);
        return s;
    }

    @Override
    public Protocol.PingPong pingPong(String[] address, int warmups, int roundTrips) throws Exception {
        try (Socket s = connect(address)) {
            var in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 64 * 1024));
            var out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 64 * 1024));
            out.writeByte(PING_PONG);
            byte[] message = Protocol.message(0, 0);
            byte[] reply = new byte[Protocol.SIZE];
            long[] rtts = new long[roundTrips];
            long start = 0;
            for (int i = -warmups; i < roundTrips; i++) {
                if (i == 0) {
                    start = System.nanoTime();
                }
                long t0 = System.nanoTime();
                out.writeInt(message.length);
                out.write(message);
                out.flush();
                int length = in.readInt();
                in.readFully(reply, 0, length);
                if (i >= 0) {
                    rtts[i] = System.nanoTime() - t0;
                }
            }
            return Protocol.PingPong.of(rtts, System.nanoTime() - start);
        }
    }

    @Override
    public double oneWay(String[] address, int senders, double warmupSeconds, double seconds) throws Exception {
        try (Socket s = connect(address)) {
            var in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 64 * 1024));
            var out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 64 * 1024));
            out.writeByte(ONE_WAY);
            var queue = new ConcurrentLinkedQueue<byte[]>();
            var done = new AtomicBoolean();
            Protocol.Window window = new Protocol.Window(Protocol.WINDOW);
            Thread writer = Thread.ofPlatform().name("raw-writer").start(() -> {
                try {
                    while (!done.get()) {
                        byte[] m = queue.poll();
                        if (m == null) {
                            out.flush();
                            LockSupport.parkNanos(20_000);
                            continue;
                        }
                        out.writeInt(m.length);
                        out.write(m);
                    }
                } catch (IOException e) {
                    // the run is over
                }
            });
            Thread acks = Thread.ofPlatform().daemon().name("raw-acks").start(() -> {
                byte[] ack = new byte[12];
                try {
                    while (true) {
                        int length = in.readInt();
                        in.readFully(ack, 0, length);
                        window.acked(Protocol.sender(ack), Protocol.ackCount(ack));
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            double rate = Protocol.oneWay(senders, window, (sender, m) -> queue.offer(m), warmupSeconds, seconds);
            done.set(true);
            writer.join();
            acks.interrupt();
            return rate;
        }
    }
}
