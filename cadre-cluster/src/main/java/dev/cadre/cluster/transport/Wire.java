package dev.cadre.cluster.transport;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The wire format. One gRPC method, {@code cadre.Transport/Stream}, bidirectional: the node that
 * opens it sends batches, the other answers with cumulative acknowledgements. A batch is protobuf
 * wire format, written by hand (no generated code, no protoc): each sender writes its envelope
 * straight into the batch being filled. A batch is self-contained: its recipient slots start
 * again at 1 (a stream's table would grow with every ask's reply path), so the receiver resolves
 * each recipient once per batch.
 *
 * <pre>
 * message Batch    { repeated Envelope envelope = 1; }
 * message Envelope {
 *   uint32 recipient_slot = 1;  // per batch: 1, 2, 3... in order of first use
 *   string recipient_path = 2;  // only on a slot's first use in this batch
 *   uint32 type_id        = 3;  // the MessageCodec's stable id
 *   bytes  payload        = 4;  // the codec's bytes
 * }
 * Ack: one bare varint, the messages delivered on this stream so far (every 256, and at the end)
 * </pre>
 *
 * Headers: {@code cadre-from} (the opening node's id), {@code cadre-to} (the node it means to
 * reach: another incarnation at the same address refuses the stream), and for the shared-secret
 * handshake {@code cadre-time} and {@code cadre-auth}.
 */
final class Wire {

    static final String SERVICE = "cadre.Transport";

    static final Metadata.Key<String> FROM = Metadata.Key.of("cadre-from", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> TO = Metadata.Key.of("cadre-to", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> TIME = Metadata.Key.of("cadre-time", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> AUTH = Metadata.Key.of("cadre-auth", Metadata.ASCII_STRING_MARSHALLER);

    /**
     * Bytes as they are. Writing hands gRPC a stream that knows its length and drains in one
     * write (gRPC's framer copies it at once, inside {@code sendMessage}); reading allocates the
     * message's exact size (gRPC's stream knows it), not a growing buffer.
     */
    static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new BytesStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                if (stream instanceof KnownLength) {
                    byte[] b = new byte[stream.available()];
                    int n = stream.readNBytes(b, 0, b.length);
                    if (n == b.length && stream.read() < 0) {
                        return b;
                    }
                    throw new IOException("a known-length stream gave " + n + " bytes, not " + b.length);
                }
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    /** A byte array as gRPC reads it best: its length known, drained in one write. */
    private static final class BytesStream extends ByteArrayInputStream implements KnownLength, Drainable {
        BytesStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public int drainTo(OutputStream target) throws IOException {
            int n = count - pos;
            target.write(buf, pos, n);
            pos = count;
            return n;
        }
    }

    static final MethodDescriptor<byte[], byte[]> STREAM = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Stream"))
            .setRequestMarshaller(BYTES)
            .setResponseMarshaller(BYTES)
            .build();

    private Wire() {
    }
}
