package dev.cadre.cluster.transport;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.cadre.actor.ActorRef;
import dev.cadre.cluster.NodeId;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One stream this node receives from a peer: decodes each batch and tells each message to its
 * local recipient, then asks gRPC for the next batch.
 */
final class Inbound extends ServerCall.Listener<byte[]> {

    /*
     * Design overview. gRPC calls a listener's methods one at a time (its serializing executor),
     * so every field here is confined to that sequence. The stream asks for one batch at a time
     * (request(1) after a batch is delivered): while a recipient's bounded, blocking mailbox is
     * full, tell() waits, no further batch is requested, the HTTP/2 window fills and the sender's
     * stream stops being ready. That is how a slow consumer pushes back across nodes. Drop and
     * reject mailboxes drop (counted, dead letters in the core) and never stall the stream.
     */

    private static final int ACK_EVERY = 256;
    private static final int ENVELOPE_TAG = (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED; // field 1, bytes

    private record Slot(String path, ActorRef<Object> ref) {
    }

    private final GrpcTransport transport;
    private final ServerCall<byte[], byte[]> call;
    private final NodeId peer;
    private final List<Slot> slots = new ArrayList<>();
    private long delivered;
    private long ackedUpTo;

    Inbound(GrpcTransport transport, ServerCall<byte[], byte[]> call, NodeId peer) {
        this.transport = transport;
        this.call = call;
        this.peer = peer;
        slots.add(null); // slots count from 1
    }

    @Override
    public void onMessage(byte[] frame) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(frame);
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
                deliver(slot, path, typeId, frame, payloadOffset, payloadLength);
            }
        } catch (IOException | RuntimeException e) {
            transport.log().warn("malformed batch from {}: closing its stream", peer, e);
            call.close(Status.INVALID_ARGUMENT.withDescription("malformed batch: " + e), new Metadata());
            return;
        }
        if (delivered - ackedUpTo >= ACK_EVERY && call.isReady()) {
            ack();
        }
        call.request(1);
    }

    private void deliver(int slotNumber, String path, int typeId, byte[] frame, int offset, int length) {
        if (path != null) {
            while (slots.size() <= slotNumber) {
                slots.add(null);
            }
            slots.set(slotNumber, new Slot(path, transport.resolve(path)));
        }
        Slot slot = slotNumber < slots.size() ? slots.get(slotNumber) : null;
        if (slot == null) {
            throw new IllegalStateException("recipient slot " + slotNumber + " used before it was declared");
        }
        ActorRef<Object> ref = slot.ref();
        if (ref == null) {
            ref = transport.resolve(slot.path()); // it may have been spawned since
            if (ref == null) {
                transport.undeliverable(new Undeliverable(null, peer, slot.path(), Undeliverable.Reason.NO_SUCH_ACTOR, 1));
                return;
            }
            slots.set(slotNumber, new Slot(slot.path(), ref));
        }
        MessageCodec<?> codec = transport.codecs().forId(typeId);
        Object message;
        try {
            if (codec == null) {
                throw new IllegalArgumentException("no codec for type id " + typeId);
            }
            message = codec.decode(frame, offset, length);
        } catch (RuntimeException e) {
            transport.log().warn("cannot decode a message (type id {}) from {} for {}", typeId, peer, slot.path(), e);
            transport.undeliverable(new Undeliverable(null, peer, slot.path(), Undeliverable.Reason.UNDECODABLE, 1));
            return;
        }
        ref.tell(message);
        delivered++;
        transport.delivered(1);
    }

    private void ack() {
        byte[] ack = new byte[CodedOutputStream.computeUInt64SizeNoTag(delivered)];
        try {
            CodedOutputStream out = CodedOutputStream.newInstance(ack);
            out.writeUInt64NoTag(delivered);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        call.sendMessage(ack);
        ackedUpTo = delivered;
    }

    @Override
    public void onHalfClose() {
        if (delivered > ackedUpTo) {
            ack();
        }
        call.close(Status.OK, new Metadata());
    }
}
