package dev.cadre.cluster.transport;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.cadre.actor.ActorRef;
import dev.cadre.actor.spi.Remoting;
import dev.cadre.cluster.NodeId;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import java.io.IOException;

/**
 * One stream this node receives from a peer: decodes each batch and tells each message to its
 * local recipient, then asks gRPC for the next batch.
 */
final class Inbound extends ServerCall.Listener<byte[]> {

    /*
     * Design overview. gRPC calls this listener on the transport's one network thread, which also
     * writes its outbound streams (the server uses a direct executor: no thread hop per batch),
     * one callback at a time. The stream asks for one batch
     * at a time (request(1) once a batch is delivered). Each message is offer()ed: that never
     * blocks. When a recipient's mailbox is full (a blocking or rejecting one), the rest of the
     * batch moves to the transport's executor, where tell() may wait for room; no further batch
     * is requested meanwhile, so the HTTP/2 window fills and the sender's stream stops being
     * ready: that is how a slow consumer pushes back across nodes, without ever blocking the
     * network thread. Drop-newest and drop-oldest mailboxes drop (counted, dead letters in the
     * core) and never stall the stream.
     *
     * Consecutive messages for the same recipient are collected into a run and offered together
     * (Remoting.offerAll): an unbounded mailbox takes a run with one atomic append, so this thread
     * and the recipient's thread trade the mailbox's cache line once per run instead of once per
     * message (measured: see the module README). A run ends when the recipient changes, when it is
     * RUN_LIMIT long, and at the end of the frame, so the order of delivery is the order on the
     * wire. When a full mailbox refuses part of a run, the rest goes to the executor with the rest
     * of the frame, as above.
     *
     * Fields other than `paused`/`halfClosed` are touched by one thread at a time: the network
     * thread, or the executor while paused (handed over by execute(), handed back by request(1),
     * after which gRPC delivers the next callback). onHalfClose may arrive while paused; it then
     * leaves closing the stream to the executor (under the lock).
     */

    private static final int ACK_EVERY = 256;
    /** The longest run of messages offered at once. */
    private static final int RUN_LIMIT = 512;
    private static final int ENVELOPE_TAG = (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED; // field 1, bytes

    private final GrpcTransport transport;
    private final ServerCall<byte[], byte[]> call;
    private final NodeId peer;
    // the current batch's slots (a batch declares its own: see Wire), reset for every batch
    private String[] slotPaths = new String[8];
    private ActorRef<?>[] slotRefs = new ActorRef<?>[8];
    private int slotCount;
    // decoded messages for runRecipient, not yet offered (network thread only; empty while paused)
    private final Object[] run = new Object[RUN_LIMIT];
    private int runLength;
    private ActorRef<Object> runRecipient;
    private long processed; // delivered, or counted NO_SUCH_ACTOR / UNDECODABLE: what the sender's acks confirm
    private long ackedUpTo;
    private int receivedInFrame; // added to the transport's counters once per frame (or before a hand-over)
    private int deliveredInFrame;
    private boolean paused; // guarded by this: a frame's rest is being delivered on the executor
    private boolean halfClosed; // guarded by this

    Inbound(GrpcTransport transport, ServerCall<byte[], byte[]> call, NodeId peer) {
        this.transport = transport;
        this.call = call;
        this.peer = peer;
    }

    @Override
    public void onMessage(byte[] frame) {
        java.util.Arrays.fill(slotRefs, 0, slotCount + 1, null);
        slotCount = 0;
        resume(frame, CodedInputStream.newInstance(frame), false);
    }

    /**
     * Delivers the rest of a frame. On gRPC's thread ({@code mayBlock} false) a message that finds
     * its recipient's mailbox full (a blocking or rejecting one) moves the rest of the frame to
     * the transport's executor, where tell() may wait; the next frame is requested only when this
     * one is done either way.
     */
    private void resume(byte[] frame, CodedInputStream in, boolean mayBlock) {
        try {
            while (!in.isAtEnd()) {
                int tag = in.readTag();
                if (tag != ENVELOPE_TAG) {
                    in.skipField(tag);
                    continue;
                }
                int length = in.readRawVarint32();
                int end = in.getTotalBytesRead() + length;
                int slot = 0;
                int typeId = 0;
                String path = null;
                int payloadOffset = -1;
                int payloadLength = 0;
                while (in.getTotalBytesRead() < end) {
                    int t = in.readTag();
                    switch (WireFormat.getTagFieldNumber(t)) {
                        case 1 -> slot = in.readUInt32();
                        case 2 -> path = in.readStringRequireUtf8();
                        case 3 -> typeId = in.readUInt32();
                        case 4 -> {
                            payloadLength = in.readRawVarint32();
                            payloadOffset = in.getTotalBytesRead();
                            in.skipRawBytes(payloadLength);
                        }
                        default -> in.skipField(t);
                    }
                }
                if (!deliver(slot, path, typeId, frame, payloadOffset, payloadLength, mayBlock, in)) {
                    return; // continued on the executor
                }
            }
            if (!offerRun(() -> resume(frame, in, true))) {
                return; // the rest of the run is told on the executor, which then ends the frame
            }
        } catch (IOException | RuntimeException e) {
            count();
            transport.log().warn("malformed batch from {}: closing its stream", peer, e);
            Status status = Status.INVALID_ARGUMENT.withDescription("malformed batch: " + e);
            // what was decoded before the malformed part is delivered, as if it had come alone
            if (offerRun(() -> call.close(status, new Metadata()))) {
                call.close(status, new Metadata());
            }
            return;
        }
        frameDone();
    }

    private void count() {
        transport.received(receivedInFrame);
        transport.delivered(deliveredInFrame);
        receivedInFrame = 0;
        deliveredInFrame = 0;
    }

    private void frameDone() {
        count();
        if (processed - ackedUpTo >= ACK_EVERY && call.isReady()) {
            ack();
        }
        boolean close;
        synchronized (this) {
            paused = false;
            close = halfClosed;
        }
        if (close) {
            finish();
        } else {
            call.request(1);
        }
    }

    /** @return false if the rest of the frame continues on the executor */
    @SuppressWarnings("unchecked")
    private boolean deliver(int slotNumber, String path, int typeId, byte[] frame, int offset, int length,
                            boolean mayBlock, CodedInputStream in) {
        if (slotNumber < 1 || slotNumber > slotCount + 1 || (path == null && slotNumber > slotCount)) {
            throw new IllegalStateException("recipient slot " + slotNumber + " used before it was declared");
        }
        if (path != null) {
            if (slotNumber >= slotPaths.length) {
                slotPaths = java.util.Arrays.copyOf(slotPaths, slotPaths.length * 2);
                slotRefs = java.util.Arrays.copyOf(slotRefs, slotRefs.length * 2);
            }
            slotPaths[slotNumber] = path;
            slotRefs[slotNumber] = null;
            slotCount = Math.max(slotCount, slotNumber);
        }
        String recipient = slotPaths[slotNumber];
        ActorRef<Object> ref = (ActorRef<Object>) slotRefs[slotNumber];
        if (ref == null) {
            ref = transport.resolve(recipient); // once per recipient per batch: a new incarnation at the path is found
            slotRefs[slotNumber] = ref;
        }
        MessageCodec<?> codec = transport.codecs().forId(typeId);
        Object message;
        try {
            if (codec == null) {
                throw new IllegalArgumentException("no codec for type id " + typeId);
            }
            message = codec.decode(frame, offset, length);
        } catch (RuntimeException e) {
            transport.log().warn("cannot decode a message (type id {}) from {} for {}", typeId, peer, recipient, e);
            processed++;
            receivedInFrame++;
            transport.undeliverable(new Undeliverable(null, peer, recipient, Undeliverable.Reason.UNDECODABLE, 1),
                    ref != null ? ref : transport.localPath(recipient));
            return true;
        }
        processed++;
        receivedInFrame++;
        if (ref == null) {
            transport.undeliverable(new Undeliverable(message, peer, recipient, Undeliverable.Reason.NO_SUCH_ACTOR, 1),
                    transport.localPath(recipient));
            return true;
        }
        deliveredInFrame++;
        if (mayBlock) {
            ref.tell(message); // a blocking mailbox waits here; a rejecting one drops and counts
            return true;
        }
        if (ref != runRecipient || runLength == RUN_LIMIT) {
            ActorRef<Object> target = ref;
            if (!offerRun(() -> {
                target.tell(message);
                resume(frame, in, true);
            })) {
                return false;
            }
            runRecipient = ref;
        }
        run[runLength++] = message;
        return true;
    }

    /**
     * Offers the current run to its recipient (network thread). If a full mailbox refuses part of
     * it, the refused messages are told on the transport's executor, where a blocking mailbox may
     * wait (a rejecting one drops and counts them), and then {@code andThen} runs there; no frame
     * is requested meanwhile.
     *
     * @return true if the whole run was offered (enqueued, or dropped and counted by the core),
     *     false if the rest continues on the executor
     */
    private boolean offerRun(Runnable andThen) {
        int n = runLength;
        if (n == 0) {
            return true;
        }
        ActorRef<Object> target = runRecipient;
        int refused = Remoting.offerAll(target, run, 0, n);
        Object[] rest = refused == n ? null : java.util.Arrays.copyOfRange(run, refused, n);
        java.util.Arrays.fill(run, 0, n, null);
        runLength = 0;
        runRecipient = null;
        if (rest == null) {
            return true;
        }
        count();
        synchronized (this) {
            paused = true;
        }
        transport.executor().execute(() -> {
            for (Object m : rest) {
                target.tell(m);
            }
            andThen.run();
        });
        return false;
    }

    private void ack() {
        byte[] ack = new byte[CodedOutputStream.computeUInt64SizeNoTag(processed)];
        try {
            CodedOutputStream out = CodedOutputStream.newInstance(ack);
            out.writeUInt64NoTag(processed);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        call.sendMessage(ack);
        ackedUpTo = processed;
    }

    @Override
    public void onHalfClose() {
        synchronized (this) {
            halfClosed = true;
            if (paused) {
                return; // the frame being delivered on the executor finishes the stream
            }
        }
        finish();
    }

    private void finish() {
        if (processed > ackedUpTo) {
            ack();
        }
        call.close(Status.OK, new Metadata());
    }
}
