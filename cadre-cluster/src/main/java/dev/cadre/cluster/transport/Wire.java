package dev.cadre.cluster.transport;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The wire format. One gRPC method, {@code cadre.Transport/Stream}, bidirectional: the node that
 * opens it sends batches, the other answers with cumulative acknowledgements. A batch is protobuf
 * wire format, written by hand with {@code CodedOutputStream} (no generated code, no protoc):
 *
 * <pre>
 * message Batch    { repeated Envelope envelope = 1; }
 * message Envelope {
 *   uint32 recipient_slot = 1;  // per stream: 1, 2, 3... in order of first use
 *   string recipient_path = 2;  // only on a slot's first use in this stream
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

    static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    static final MethodDescriptor<byte[], byte[]> STREAM = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Stream"))
            .setRequestMarshaller(BYTES)
            .setResponseMarshaller(BYTES)
            .build();

    private Wire() {
    }
}
