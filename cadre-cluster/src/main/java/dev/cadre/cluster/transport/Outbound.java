package dev.cadre.cluster.transport;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.cadre.actor.OfferResult;
import dev.cadre.cluster.NodeId;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.netty.channel.EventLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Everything this node sends to one peer: a bounded queue and one gRPC stream.
 */
final class Outbound {

    /*
     * Design overview.
     *
     * Senders (any thread) encode the message (on their own thread), reserve room in `queued` (at
     * most `capacity`; past it they wait on `room` up to the send timeout), append a Pending to
     * `queue` (lock-free MPSC; a sender's messages keep their order, which is per-pair FIFO) and
     * call drain().
     *
     * drain() is a work-in-progress counter (`wip`): whoever moves it from 0 schedules
     * drainLoop() on the transport's outbound event loop (the Netty thread that writes this
     * stream's socket, so framing and writing cost no further hop); others only bump it, and the
     * loop runs until it has seen every bump, so no wakeup is lost. Only drainLoop touches `call`,
     * `slots`, `sentOnCall`, `retryAt`, `failures`, `buffer`: one thread. While it frames and
     * writes one batch, senders keep queueing: the next batch is whatever queued meanwhile (up to
     * the batch bounds), so batches grow with the load and a lone message goes at once. After 64
     * batches it re-schedules itself behind the loop's I/O. When the stream is not ready, the
     * owner leaves; gRPC's onReady callback calls drain() again: flow control reaches the senders
     * as a full queue. Nothing is sent on a stream before the peer has answered its headers (it
     * answers only after checking who we are and that we meant this incarnation), so a refusal
     * leaves every message still queued, and they are counted PEER_DOWN one by one.
     *
     * Callbacks from gRPC (onReady, onMessage = acks, onClose) only write volatiles (`acked`,
     * `closedWith`) and call drain(): the owner reacts. A broken stream is reopened after a
     * backoff (100 ms doubling to 2 s) while the peer is still a member; messages sent on it and
     * not acknowledged are counted UNCONFIRMED. forget() (the peer is down) or a refusal from
     * another incarnation at the address marks the peer dead: everything queued, and everything
     * sent to it later, is counted PEER_DOWN.
     *
     * Books (TransportStats): `sentTotal`, `ackedClosed` (acknowledged on streams since closed)
     * and `unconfirmedTotal` are written by the owner only and read by stats(); `acked` is the
     * current stream's cumulative acknowledgement, written by its listener only while that stream
     * is current (`stream` numbers them). Sent = acknowledged + unconfirmed + in flight.
     *
     * Room: a sender that finds `queued` at capacity increments `waiters` under `lock`, then
     * re-checks `queued`; the owner decrements `queued`, then reads `waiters` and signals if
     * non-zero. Both sides write one volatile then read the other, so a waiter either sees the
     * room or is signalled.
     */

    record Pending(String path, int typeId, byte[] payload, Object message) {
    }

    private static final int BUDGET = 64;
    private static final long MIN_BACKOFF = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long MAX_BACKOFF = TimeUnit.SECONDS.toNanos(2);

    private final GrpcTransport transport;
    final NodeId peer;
    final InetSocketAddress address;
    private final ManagedChannel channel;
    private final int capacity;
    private final long sendTimeoutNanos;
    private final int maxBatchMessages;
    private final int maxBatchBytes;
    private final EventLoop loop;

    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger wip = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private volatile int waiters;
    private volatile boolean dead;
    private volatile Undeliverable.Reason deadReason = Undeliverable.Reason.PEER_DOWN;
    private volatile long acked;
    private volatile Status closedWith;
    private volatile boolean accepted; // the peer answered the current stream's headers: it authenticated us
    private volatile int maxQueued;
    private volatile long stream; // the current stream's number: a late ack of an old one is ignored
    private volatile long sentTotal;
    private volatile long ackedClosed;
    private volatile long unconfirmedTotal;
    private volatile boolean streamOpen;

    // owner only (see the design overview)
    private ClientCall<byte[], byte[]> call;
    private final Map<String, Integer> slots = new HashMap<>();
    private long sentOnCall;
    private long retryAt;
    private int failures;
    private Pending[] buffer = new Pending[64];
    private int[] sizes = new int[64];

    Outbound(GrpcTransport transport, NodeId peer, InetSocketAddress address, ManagedChannel channel,
             TransportSettings settings) {
        this.transport = transport;
        this.peer = peer;
        this.address = address;
        this.channel = channel;
        this.capacity = settings.outboundCapacity();
        this.sendTimeoutNanos = settings.sendTimeout().toNanos();
        this.maxBatchMessages = settings.maxBatchMessages();
        this.maxBatchBytes = settings.maxBatchBytes();
        this.loop = transport.outboundLoop();
    }

    OfferResult send(Pending p, boolean block) {
        transport.accepted();
        if (dead) {
            transport.undeliverable(new Undeliverable(p.message(), peer, p.path(), deadReason, 1));
            return OfferResult.RECIPIENT_TERMINATED;
        }
        if (!reserve(block)) {
            if (dead) {
                transport.undeliverable(new Undeliverable(p.message(), peer, p.path(), deadReason, 1));
                return OfferResult.RECIPIENT_TERMINATED;
            }
            if (block) {
                transport.undeliverable(new Undeliverable(p.message(), peer, p.path(), Undeliverable.Reason.SEND_TIMEOUT, 1));
            } else {
                transport.refused();
            }
            return OfferResult.FULL;
        }
        queue.offer(p);
        drain();
        return OfferResult.ENQUEUED;
    }

    private boolean reserve(boolean block) {
        int n = queued.incrementAndGet();
        if (n <= capacity) {
            if (n > maxQueued) {
                maxQueued = n; // NOTE: racy max, a statistic only
            }
            return true;
        }
        queued.decrementAndGet();
        if (!block) {
            return false;
        }
        long deadline = System.nanoTime() + sendTimeoutNanos;
        lock.lock();
        try {
            waiters++;
            try {
                while (true) {
                    if (dead) {
                        return false;
                    }
                    if (queued.incrementAndGet() <= capacity) {
                        return true;
                    }
                    queued.decrementAndGet();
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    room.awaitNanos(left);
                }
            } finally {
                waiters--;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void signalRoom() {
        if (waiters > 0) {
            lock.lock();
            try {
                room.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    int maxQueued() {
        return maxQueued;
    }

    /** @return whether this peer was declared down (or refused us): everything sent here is counted, not sent */
    boolean dead() {
        return dead;
    }

    /** @return messages the peer acknowledged, on every stream so far */
    long acknowledged() {
        return ackedClosed + (streamOpen ? acked : 0);
    }

    /** @return messages queued, or written and not acknowledged nor counted unconfirmed yet */
    long pending() {
        return Math.max(0, queued.get()) + sentTotal - acknowledged() - unconfirmedTotal;
    }

    void drain() {
        if (wip.getAndIncrement() == 0) {
            if (loop.inEventLoop()) {
                drainLoop();
            } else {
                loop.execute(this::drainLoop);
            }
        }
    }

    /** The peer is down (or this transport closes): fail what is queued and what comes later. */
    void forget(Undeliverable.Reason reason) {
        deadReason = reason;
        dead = true;
        signalRoom();
        drain();
    }

    private void drainLoop() {
        int missed = 1;
        int budget = BUDGET;
        while (true) {
            if (dead) {
                failQueued();
                if (call != null) {
                    accountUnconfirmed();
                    ClientCall<byte[], byte[]> c = call;
                    call = null;
                    c.cancel("peer " + peer + " is down", null);
                }
            } else {
                Status closed = closedWith;
                if (closed != null && call != null) {
                    onStreamClosed(closed);
                }
                if (call == null && !queue.isEmpty()) {
                    long now = System.nanoTime();
                    if (now - retryAt >= 0) {
                        open();
                    }
                }
                ClientCall<byte[], byte[]> c = call;
                while (c != null && accepted && closedWith == null && !queue.isEmpty() && c.isReady()) {
                    if (budget-- == 0) {
                        loop.execute(this::drainLoop); // keeps ownership; lets the loop do its I/O first
                        return;
                    }
                    sendBatch(c);
                }
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private void open() {
        Metadata headers = transport.headersFor(peer);
        ClientCall<byte[], byte[]> c = channel.newCall(Wire.STREAM,
                CallOptions.DEFAULT.withOnReadyThreshold(256 * 1024));
        closedWith = null;
        accepted = false;
        acked = 0;
        sentOnCall = 0;
        slots.clear();
        call = c;
        long number = ++stream;
        streamOpen = true;
        c.start(new ClientCall.Listener<>() {
            @Override
            public void onHeaders(Metadata responseHeaders) {
                accepted = true; // the peer sends headers only once it has checked ours
                drain();
            }

            @Override
            public void onMessage(byte[] message) {
                try {
                    long n = CodedInputStream.newInstance(message).readUInt64();
                    if (number == stream) {
                        acked = n;
                    }
                } catch (IOException e) {
                    // a malformed ack: ignore it, a later one will do
                }
            }

            @Override
            public void onReady() {
                drain();
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                closedWith = status;
                drain();
            }
        }, headers);
        c.request(Integer.MAX_VALUE);
    }

    private void onStreamClosed(Status status) {
        long ackedOnIt = acked;
        accountUnconfirmed();
        call = null;
        if (!status.isOk()) {
            transport.streamFailed();
        }
        if (status.getCode() == Status.Code.FAILED_PRECONDITION || status.getCode() == Status.Code.UNAUTHENTICATED
                || status.getCode() == Status.Code.PERMISSION_DENIED) {
            // another incarnation answers at that address, or it will not have us: the peer we meant is gone
            transport.log().warn("peer {} at {} refused the stream: {}", peer, address, status);
            deadReason = Undeliverable.Reason.PEER_DOWN;
            dead = true;
            failQueued();
            signalRoom();
            return;
        }
        failures = ackedOnIt > 0 ? 1 : failures + 1; // a stream that worked starts the backoff over
        long backoff = Math.min(MAX_BACKOFF, MIN_BACKOFF << Math.min(failures - 1, 5));
        retryAt = System.nanoTime() + backoff;
        transport.scheduler().schedule(this::drain, backoff, TimeUnit.NANOSECONDS);
    }

    /** The current stream ends: what it sent and was not acknowledged is UNCONFIRMED. */
    private void accountUnconfirmed() {
        stream++; // its late acks are ignored from now on
        long ackedOnIt = Math.min(acked, sentOnCall);
        long unconfirmed = sentOnCall - ackedOnIt;
        ackedClosed += ackedOnIt;
        unconfirmedTotal += unconfirmed;
        streamOpen = false;
        acked = 0;
        if (unconfirmed > 0) {
            transport.undeliverable(new Undeliverable(null, peer, "*", Undeliverable.Reason.UNCONFIRMED, unconfirmed));
        }
        sentOnCall = 0;
    }

    private void failQueued() {
        Pending p;
        int n = 0;
        while ((p = queue.poll()) != null) {
            n++;
            transport.undeliverable(new Undeliverable(p.message(), peer, p.path(), deadReason, 1));
        }
        if (n > 0) {
            queued.addAndGet(-n);
            signalRoom();
        }
    }

    private void sendBatch(ClientCall<byte[], byte[]> c) {
        int n = 0;
        int total = 0;
        Pending p;
        while (n < maxBatchMessages && total < maxBatchBytes && (p = queue.poll()) != null) {
            if (n == buffer.length) {
                buffer = java.util.Arrays.copyOf(buffer, n * 2);
                sizes = java.util.Arrays.copyOf(sizes, n * 2);
            }
            Integer slot = slots.get(p.path());
            boolean declare = slot == null;
            if (declare) {
                slot = slots.size() + 1;
                slots.put(p.path(), slot);
            }
            int size = CodedOutputStream.computeUInt32Size(1, slot)
                    + (declare ? CodedOutputStream.computeStringSize(2, p.path()) : 0)
                    + CodedOutputStream.computeUInt32Size(3, p.typeId())
                    + CodedOutputStream.computeByteArraySize(4, p.payload());
            // a negative size marks a slot's first use (the path goes with it)
            sizes[n] = declare ? -size : size;
            buffer[n++] = p;
            total += 1 + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
        }
        if (n == 0) {
            return;
        }
        queued.addAndGet(-n);
        signalRoom();
        byte[] frame = new byte[total];
        CodedOutputStream out = CodedOutputStream.newInstance(frame);
        try {
            for (int i = 0; i < n; i++) {
                Pending e = buffer[i];
                buffer[i] = null;
                boolean declare = sizes[i] < 0;
                int size = Math.abs(sizes[i]);
                out.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                out.writeUInt32NoTag(size);
                out.writeUInt32(1, slots.get(e.path()));
                if (declare) {
                    out.writeString(2, e.path());
                }
                out.writeUInt32(3, e.typeId());
                out.writeByteArray(4, e.payload());
            }
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new IllegalStateException("batch encoding overflowed its computed size", e);
        }
        c.sendMessage(frame);
        sentOnCall += n;
        sentTotal += n;
        transport.sent(n);
    }

    void shutdown() {
        forget(Undeliverable.Reason.TRANSPORT_CLOSED);
        channel.shutdownNow();
    }
}
