package dev.cadre.fulfillment.ingest;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Reads a file line by line as bytes and decodes each line as UTF-8 on its own, so one line of
 * other bytes is that line's problem, not the file's: it comes back with the offset of its first
 * malformed byte instead of throwing. Lines end at {@code \n} (a {@code \r} before it is dropped);
 * a UTF-8 byte-order mark at the start of the file is skipped. Not thread-safe.
 */
final class ByteLines implements AutoCloseable {

    /**
     * One line.
     *
     * @param number from 1
     * @param text the decoded line (empty when malformed)
     * @param malformedAt the offset of the first byte that is not UTF-8, or -1
     */
    record Line(long number, String text, int malformedAt) {
        boolean isBlank() {
            return malformedAt < 0 && text.isBlank();
        }
    }

    private final InputStream in;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
    private long number;
    private boolean first = true;

    ByteLines(Path file) throws IOException {
        this.in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
    }

    /** {@return the next line, or null at the end of the file} */
    @Nullable Line next() throws IOException {
        buf.reset();
        int b;
        boolean any = false;
        while ((b = in.read()) != -1) {
            any = true;
            if (b == '\n') {
                break;
            }
            buf.write(b);
        }
        if (!any) {
            return null;
        }
        byte[] bytes = buf.toByteArray();
        int start = 0;
        if (first) {
            first = false;
            if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
                start = 3; // a byte-order mark
            }
        }
        int end = bytes.length;
        if (end > start && bytes[end - 1] == '\r') {
            end--;
        }
        number++;
        ByteBuffer bb = ByteBuffer.wrap(bytes, start, end - start);
        try {
            CharBuffer chars = utf8.reset().decode(bb);
            return new Line(number, chars.toString(), -1);
        } catch (MalformedInputException e) {
            return new Line(number, "", bb.position() - start);
        } catch (CharacterCodingException e) {
            return new Line(number, "", bb.position() - start);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
