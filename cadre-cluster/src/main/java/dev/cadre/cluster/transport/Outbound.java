package dev.cadre.cluster.transport;

import com.google.protobuf.CodedInputStream;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Everything this node sends to one peer: a bounded queue of batches and one gRPC stream.
 */
final class Outbound {

    /*
     * Design overview.
     *
     * Senders (any thread) encode the message with its codec on their own thread, then, under
     * `lock`, write its envelope straight into the batch being filled (`open`): protobuf bytes,
     * plus the message and its ref in two arrays (kept until the peer acknowledges the batch, so
     * that whatever ends undelivered is reported one by one, as a dead letter with its
     * recipient). A full batch (maxBatchMessages, or maxBatchBytes) is sealed onto `sealed`.
     * `queued` (messages in `open` and `sealed`) never passes `capacity`: past it a sender waits
     * on `room` (up to the send timeout) or, for offer(), is refused. Order under the lock is the
     * order on the wire: per-pair FIFO.
     *
     * The owner: one task at a time on the transport's outbound event loop (the Netty thread that
     * also writes this stream's socket and runs its callbacks: the group has one thread and the
     * channel uses a direct executor, so everything below marked "owner" is confined to that
     * thread). `scheduled` (under the lock) is true while the owner is queued, running, or waiting
     * for a stream event (headers, onReady, close, the reconnect backoff) with messages queued; a
     * sender that finds it false sets it and submits the owner, so a lone message goes at once and
     * nothing queued is forgotten. The owner sends whatever is queued while the stream is ready:
     * sealed batches first, then the open one, sealed on the spot. While it writes one batch,
     * senders fill the next: batches grow with the load, without waiting for anything. Only when
     * it finds nothing queued does it clear `scheduled`, under the same lock as the check. After
     * 64 batches it re-submits itself behind the loop's I/O. When the stream is not ready it
     * leaves `scheduled` set: gRPC's onReady (or onClose) runs it again. Callbacks run the owner
     * directly (`kick`), guarded against re-entry by `running`/`again`.
     *
     * A written batch stays in `inFlight` (owner only) until the peer's cumulative acknowledgement
     * (`acked`, written by the stream's listener) covers it; then its arrays are cleared and it is
     * reused. When the stream breaks, what it wrote and the peer did not acknowledge is
     * UNCONFIRMED, reported message by message; a broken stream is reopened after a backoff
     * (100 ms doubling to 2 s). gRPC copies a batch's bytes inside sendMessage (its framer drains
     * the marshaller's stream at once; retries are disabled, so no retry buffer keeps it), so a
     * batch's buffer is reused safely.
     *
     * forget() (the peer is down, or this transport closes) or a refusal from another incarnation
     * at the address sets `dead` (under the lock): everything queued, and everything sent later,
     * is counted PEER_DOWN (or TRANSPORT_CLOSED), at once, by the thread that finds it.
     *
     * Books (TransportStats): `accepted`, `refused`, `queued` under the lock; `sentTotal`,
     * `ackedClosed`, `unconfirmedTotal` written by the owner only, read by stats(); `acked` is the
     * current stream's cumulative acknowledgement (`stream` numbers streams: a late ack of an old
     * one is ignored). Accepted = refused + acknowledged + counted + queued + (sent - acknowledged
     * - unconfirmed).
     */

    private static final int BUDGET = 64;
    private static final int POOLED_BATCHES = 64;
    private static final int POOLED_BUFFERS = 4;
    private static final long MIN_BACKOFF = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long MAX_BACKOFF = TimeUnit.SECONDS.toNanos(2);
    private static final AtomicLong BATCH_IDS = new AtomicLong(); // unique per JVM: a ref's slot cache names one batch

    /** Messages written into one gRPC message, with their refs until the peer acknowledges them. */
    private static final class Batch {
        long id;
        byte[] bytes; // while it is filled; back to the pool once written
        int length;
        Object[] messages;
        RemoteActorRef<?>[] recipients;
        int count;
        int slots; // slots declared in this batch
        Map<String, Integer> slotOfPath; // for refs whose own cache names another batch (lazily)
        long end; // owner: cumulative messages written on its stream up to and including this batch

        Batch(int capacity) {
            messages = new Object[capacity];
            recipients = new RemoteActorRef<?>[capacity];
        }

        void ensureMessages() {
            if (count == messages.length) {
                messages = Arrays.copyOf(messages, count * 2);
                recipients = Arrays.copyOf(recipients, count * 2);
            }
        }
    }

    private final GrpcTransport transport;
    final NodeId peer;
    final InetSocketAddress address;
    private final ManagedChannel channel;
    private final int capacity;
    private final long sendTimeoutNanos;
    private final int maxBatchMessages;
    private final int maxBatchBytes;
    private final EventLoop loop;

    // guarded by lock
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private Batch open;
    private final ArrayDeque<Batch> sealed = new ArrayDeque<>();
    private final ArrayDeque<Batch> pool = new ArrayDeque<>(); // batches without buffers, for reuse
    private final ArrayDeque<byte[]> buffers = new ArrayDeque<>(); // batch buffers of maxBatchBytes, for reuse
    private int queued;
    private int waiters;
    private boolean scheduled;
    private long acceptedCount;
    private long refusedCount;
    private int maxQueued;
    private int lastBatchCount = 16; // how many messages the last sealed batch held: a new batch's first capacity
    private volatile boolean dead;
    private volatile Undeliverable.Reason deadReason = Undeliverable.Reason.PEER_DOWN;

    // written by the stream's listener (on the loop) and read by stats() (any thread)
    private volatile long acked;
    private volatile Status closedWith;
    private volatile boolean accepted; // the peer answered the current stream's headers: it authenticated us
    private volatile long stream; // the current stream's number: a late ack of an old one is ignored
    private volatile long sentTotal;
    private volatile long ackedClosed;
    private volatile long unconfirmedTotal;
    private volatile boolean streamOpen;

    // owner only (see the design overview)
    private ClientCall<byte[], byte[]> call;
    private final ArrayDeque<Batch> inFlight = new ArrayDeque<>();
    private long sentOnCall;
    private long retryAt;
    private int failures;
    private boolean running;
    private boolean again;

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
        this.loop = transport.loop();
    }

    /**
     * Queues one message for the peer.
     *
     * @param to its recipient (a ref to this peer)
     * @param typeId its codec's id
     * @param payload its codec's bytes
     * @param message the message (reported if it is not delivered)
     * @param block wait (up to the send timeout) for room if the queue is full; else refuse at once
     * @return ENQUEUED; FULL (refused, or SEND_TIMEOUT: counted); RECIPIENT_TERMINATED (the peer is down: counted)
     */
    OfferResult send(RemoteActorRef<?> to, int typeId, byte[] payload, Object message, boolean block) {
        boolean submit = false;
        Undeliverable.Reason counted;
        lock.lock();
        try {
            acceptedCount++;
            if (!dead && queued >= capacity && !awaitRoom(block) && !dead && !block) {
                refusedCount++;
                return OfferResult.FULL;
            }
            if (dead) {
                counted = deadReason;
            } else if (queued >= capacity) {
                counted = Undeliverable.Reason.SEND_TIMEOUT;
            } else {
                counted = null;
                append(to, typeId, payload, message);
                if (++queued > maxQueued) {
                    maxQueued = queued;
                }
                submit = !scheduled;
                scheduled = true;
            }
        } finally {
            lock.unlock();
        }
        if (counted == null) {
            if (submit) {
                submit();
            }
            return OfferResult.ENQUEUED;
        }
        transport.undeliverable(new Undeliverable(message, peer, to.path(), counted, 1), to);
        return counted == Undeliverable.Reason.SEND_TIMEOUT ? OfferResult.FULL : OfferResult.RECIPIENT_TERMINATED;
    }

    /** Runs the owner on the loop soon (nothing to do if the loop is gone: the transport closed and counted everything). */
    private void submit() {
        try {
            loop.execute(this::kick);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed: forget() failed what was queued; a message queued after it is failed by close's own forget
        }
    }

    /**
     * Under the lock, with the queue full: waits for room if allowed. Never on the transport's
     * network thread (a callback there that sends, e.g. one run by an ask's reply): that thread is
     * the one that makes room, so the wait could only end with the send timeout; the message is
     * counted at once instead, as if it had.
     *
     * @return whether there is room (and the peer alive)
     */
    private boolean awaitRoom(boolean block) {
        if (!block || loop.inEventLoop()) {
            return false;
        }
        long left = sendTimeoutNanos;
        waiters++;
        try {
            while (queued >= capacity && !dead) {
                if (left <= 0) {
                    return false;
                }
                left = room.awaitNanos(left);
            }
            return !dead;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            waiters--;
        }
    }

    /** Under the lock: writes the envelope into the open batch (sealing it first if it is full). */
    private void append(RemoteActorRef<?> to, int typeId, byte[] payload, Object message) {
        byte[] path = to.pathUtf8();
        // the envelope's size, at most: slot, path (when declared), type id, payload, with tags and lengths
        int most = 1 + 5 + 1 + 5 + path.length + 1 + 5 + 1 + 5 + payload.length;
        Batch b = open;
        if (b != null && (b.count >= maxBatchMessages || (b.length + 1 + 5 + most > b.bytes.length && b.count > 0))) {
            lastBatchCount = b.count;
            sealed.addLast(b);
            b = null;
        }
        if (b == null) {
            b = newBatch(1 + 5 + most);
            open = b;
        }
        int slot;
        boolean declare;
        if (to.slotBatch == b.id) {
            slot = to.slot;
            declare = false;
        } else {
            Integer known = b.slotOfPath == null ? null : b.slotOfPath.get(to.path());
            if (known != null) {
                slot = known;
                declare = false;
            } else {
                slot = ++b.slots;
                declare = true;
                if (b.slotOfPath == null) {
                    b.slotOfPath = new HashMap<>();
                }
                b.slotOfPath.put(to.path(), slot);
            }
            to.slotBatch = b.id;
            to.slot = slot;
        }
        int size = 1 + varintSize(slot)
                + (declare ? 1 + varintSize(path.length) + path.length : 0)
                + 1 + varintSize(typeId)
                + 1 + varintSize(payload.length) + payload.length;
        byte[] out = b.bytes;
        int at = b.length;
        out[at++] = (1 << 3) | 2; // envelope: field 1, length-delimited
        at = writeVarint(out, at, size);
        out[at++] = (1 << 3); // recipient_slot: field 1, varint
        at = writeVarint(out, at, slot);
        if (declare) {
            out[at++] = (2 << 3) | 2; // recipient_path: field 2, length-delimited
            at = writeVarint(out, at, path.length);
            System.arraycopy(path, 0, out, at, path.length);
            at += path.length;
        }
        out[at++] = (3 << 3); // type_id: field 3, varint
        at = writeVarint(out, at, typeId);
        out[at++] = (4 << 3) | 2; // payload: field 4, length-delimited
        at = writeVarint(out, at, payload.length);
        System.arraycopy(payload, 0, out, at, payload.length);
        b.length = at + payload.length;
        b.ensureMessages();
        b.messages[b.count] = message;
        b.recipients[b.count] = to;
        b.count++;
    }

    /** Under the lock: a pooled batch with a pooled buffer, or new ones (a larger buffer for a message that needs it). */
    private Batch newBatch(int atLeast) {
        Batch b = pool.pollFirst();
        if (b == null) {
            // sized like the last full one, so a steady stream of large batches does not grow each
            // new batch's arrays from 16 by doubling (measured: that was a tenth of the sender's time)
            b = new Batch(Math.max(16, Math.min(lastBatchCount, maxBatchMessages)));
        }
        b.id = BATCH_IDS.incrementAndGet();
        byte[] buffer = atLeast <= maxBatchBytes ? buffers.pollFirst() : null;
        b.bytes = buffer != null ? buffer : new byte[Math.max(atLeast, maxBatchBytes)];
        return b;
    }

    static int varintSize(int v) {
        return (v & ~0x7f) == 0 ? 1 : (v & ~0x3fff) == 0 ? 2 : (v & ~0x1fffff) == 0 ? 3 : (v & ~0xfffffff) == 0 ? 4 : 5;
    }

    static int writeVarint(byte[] out, int at, int v) {
        while ((v & ~0x7f) != 0) {
            out[at++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out[at++] = (byte) v;
        return at;
    }

    int maxQueued() {
        lock.lock();
        try {
            return maxQueued;
        } finally {
            lock.unlock();
        }
    }

    /** @return whether this peer was declared down (or refused us): everything sent here is counted, not sent */
    boolean dead() {
        return dead;
    }

    /** @return messages handed to this outbound (refused ones included) */
    long accepted() {
        lock.lock();
        try {
            return acceptedCount;
        } finally {
            lock.unlock();
        }
    }

    /** @return offers refused at once because the queue was full */
    long refused() {
        lock.lock();
        try {
            return refusedCount;
        } finally {
            lock.unlock();
        }
    }

    /** @return messages the peer acknowledged, on every stream so far */
    long acknowledged() {
        return ackedClosed + (streamOpen ? acked : 0);
    }

    /** @return messages queued, or written and not acknowledged nor counted unconfirmed yet */
    long pending() {
        int q;
        lock.lock();
        try {
            q = queued;
        } finally {
            lock.unlock();
        }
        return q + sentTotal - acknowledged() - unconfirmedTotal;
    }

    /** The peer is down (or this transport closes): fail what is queued and what comes later. */
    void forget(Undeliverable.Reason reason) {
        List<Batch> failed;
        lock.lock();
        try {
            if (!dead) {
                deadReason = reason;
                dead = true;
            }
            failed = takeAll();
            room.signalAll();
        } finally {
            lock.unlock();
        }
        fail(failed, deadReason);
        submit(); // the owner cancels the stream
    }

    /** Under the lock: every queued batch, the queue emptied. */
    private List<Batch> takeAll() {
        List<Batch> all = new ArrayList<>(sealed);
        sealed.clear();
        if (open != null) {
            all.add(open);
            open = null;
        }
        queued = 0;
        return all;
    }

    private void fail(List<Batch> batches, Undeliverable.Reason reason) {
        for (Batch b : batches) {
            for (int i = 0; i < b.count; i++) {
                transport.undeliverable(new Undeliverable(b.messages[i], peer, b.recipients[i].path(), reason, 1),
                        b.recipients[i]);
            }
        }
    }

    /** Runs the owner (on the loop), or asks the running one to look again. */
    private void kick() {
        if (running) {
            again = true;
            return;
        }
        running = true;
        try {
            do {
                again = false;
                if (!drain()) {
                    again = false;
                    return; // re-submitted itself
                }
            } while (again);
        } finally {
            running = false;
        }
    }

    /** The owner's work. @return false if it re-submitted itself (budget spent) */
    private boolean drain() {
        if (dead) {
            List<Batch> failed;
            lock.lock();
            try {
                failed = takeAll();
                scheduled = false;
                room.signalAll();
            } finally {
                lock.unlock();
            }
            fail(failed, deadReason);
            if (call != null) {
                ClientCall<byte[], byte[]> c = call;
                accountUnconfirmed();
                c.cancel("peer " + peer + " is down", null);
            }
            return true;
        }
        Status closed = closedWith;
        if (closed != null && call != null) {
            onStreamClosed(closed);
            if (dead) {
                return drain();
            }
        }
        releaseAcknowledged();
        if (call == null && System.nanoTime() - retryAt >= 0 && hasQueued()) {
            open();
        }
        int budget = BUDGET;
        ClientCall<byte[], byte[]> c = call;
        while (c != null && accepted && closedWith == null && c.isReady()) {
            if (budget-- == 0) {
                submit(); // still scheduled; lets the loop do its I/O first
                return false;
            }
            Batch b = take();
            if (b == null) {
                return true; // nothing queued: `scheduled` is cleared
            }
            write(c, b);
        }
        // waiting for the stream (headers, onReady, close, or the backoff's timer): stays scheduled if
        // anything is queued, so senders need not submit the owner meanwhile
        lock.lock();
        try {
            if (queued == 0 && open == null && sealed.isEmpty()) {
                scheduled = false;
            }
        } finally {
            lock.unlock();
        }
        return true;
    }

    private boolean hasQueued() {
        lock.lock();
        try {
            return queued > 0;
        } finally {
            lock.unlock();
        }
    }

    /** Owner: the next batch to write (the oldest sealed one, else the open one), or null and unscheduled. */
    private Batch take() {
        lock.lock();
        try {
            Batch b = sealed.pollFirst();
            if (b == null) {
                b = open;
                open = null;
            }
            if (b == null) {
                scheduled = false;
                return null;
            }
            queued -= b.count;
            if (waiters > 0) {
                room.signalAll();
            }
            return b;
        } finally {
            lock.unlock();
        }
    }

    private void write(ClientCall<byte[], byte[]> c, Batch b) {
        c.sendMessage(Arrays.copyOf(b.bytes, b.length));
        byte[] buffer = b.bytes;
        b.bytes = null;
        b.length = 0;
        if (buffer.length == maxBatchBytes) {
            lock.lock();
            try {
                if (buffers.size() < POOLED_BUFFERS) {
                    buffers.addLast(buffer);
                }
            } finally {
                lock.unlock();
            }
        }
        sentOnCall += b.count;
        sentTotal += b.count;
        b.end = sentOnCall;
        inFlight.addLast(b);
        transport.sent(b.count);
    }

    /** Owner: batches the peer has acknowledged are done; their buffers go back to the pool. */
    private void releaseAcknowledged() {
        long a = acked;
        Batch b;
        while ((b = inFlight.peekFirst()) != null && b.end <= a) {
            inFlight.pollFirst();
            recycle(b);
        }
    }

    private void recycle(Batch b) {
        Arrays.fill(b.messages, 0, b.count, null);
        Arrays.fill(b.recipients, 0, b.count, null);
        b.count = 0;
        b.slots = 0;
        b.slotOfPath = null;
        lock.lock();
        try {
            if (pool.size() < POOLED_BATCHES) {
                pool.addLast(b);
            }
        } finally {
            lock.unlock();
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
        call = c;
        long number = ++stream;
        streamOpen = true;
        c.start(new ClientCall.Listener<>() {
            @Override
            public void onHeaders(Metadata responseHeaders) {
                accepted = true; // the peer sends headers only once it has checked ours
                kick();
            }

            @Override
            public void onMessage(byte[] message) {
                try {
                    long n = CodedInputStream.newInstance(message).readUInt64();
                    if (number == stream) {
                        acked = n;
                        kick(); // release what it covers
                    }
                } catch (IOException e) {
                    // a malformed ack: ignore it, a later one will do
                }
            }

            @Override
            public void onReady() {
                kick();
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                closedWith = status;
                kick();
            }
        }, headers);
        c.request(Integer.MAX_VALUE);
    }

    private void onStreamClosed(Status status) {
        long ackedOnIt = acked;
        accountUnconfirmed();
        if (!status.isOk()) {
            transport.streamFailed();
        }
        if (status.getCode() == Status.Code.FAILED_PRECONDITION || status.getCode() == Status.Code.UNAUTHENTICATED
                || status.getCode() == Status.Code.PERMISSION_DENIED) {
            // another incarnation answers at that address, or it will not have us: the peer we meant is gone
            transport.log().warn("peer {} at {} refused the stream: {}", peer, address, status);
            lock.lock();
            try {
                deadReason = Undeliverable.Reason.PEER_DOWN;
                dead = true;
            } finally {
                lock.unlock();
            }
            return;
        }
        failures = ackedOnIt > 0 ? 1 : failures + 1; // a stream that worked starts the backoff over
        long backoff = Math.min(MAX_BACKOFF, MIN_BACKOFF << Math.min(failures - 1, 5));
        retryAt = System.nanoTime() + backoff;
        transport.scheduler().schedule(this::submit, backoff, TimeUnit.NANOSECONDS);
    }

    /** Owner: the current stream ends: what it wrote and the peer did not acknowledge is UNCONFIRMED. */
    private void accountUnconfirmed() {
        stream++; // its late acks are ignored from now on
        long ackedOnIt = Math.min(acked, sentOnCall);
        long unconfirmed = sentOnCall - ackedOnIt;
        ackedClosed += ackedOnIt;
        unconfirmedTotal += unconfirmed;
        streamOpen = false;
        acked = 0;
        call = null;
        long start = 0;
        Batch b;
        while ((b = inFlight.pollFirst()) != null) {
            long first = b.end - b.count; // this batch's first message, counted on the stream
            for (int i = 0; i < b.count; i++) {
                if (first + i >= ackedOnIt) {
                    transport.undeliverable(new Undeliverable(b.messages[i], peer, b.recipients[i].path(),
                            Undeliverable.Reason.UNCONFIRMED, 1), b.recipients[i]);
                }
            }
            start = b.end;
            recycle(b);
        }
        assert start == sentOnCall;
        sentOnCall = 0;
    }

    void shutdown() {
        forget(Undeliverable.Reason.TRANSPORT_CLOSED);
        channel.shutdownNow();
    }
}
