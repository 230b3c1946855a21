package dev.cadre.fulfillment.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.fulfillment.Catalogue;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file source's handling of bytes: every bad line is a reported rejection, a BOM is skipped. */
class OrderSourceFileTest {

    @TempDir
    Path dir;

    static final String GOOD = "{\"id\":\"o-%d\",\"customer\":\"c\",\"items\":[{\"sku\":\"SKU-0001\",\"qty\":1}],\"amountCents\":100}";

    private static List<OrderSource.Item> readAll(Path file) throws Exception {
        List<OrderSource.Item> items = new ArrayList<>();
        try (OrderSource s = OrderSource.file(file, new Catalogue(10, 5))) {
            for (OrderSource.Item i; (i = s.next()) != null; ) {
                items.add(i);
            }
        }
        return items;
    }

    @Test
    void aLineThatIsNotUtf8IsARejectionWithItsLineNumberAndTheRunGoesOn() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes((GOOD.formatted(1) + "\n").getBytes(StandardCharsets.UTF_8));
        // Latin-1 "café": 0xE9 is not valid UTF-8 here.
        b.writeBytes("{\"id\":\"o-2\",\"customer\":\"caf".getBytes(StandardCharsets.US_ASCII));
        b.write(0xE9);
        b.writeBytes("\",\"items\":[{\"sku\":\"SKU-0001\",\"qty\":1}],\"amountCents\":100}\n".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes((GOOD.formatted(3) + "\r\n").getBytes(StandardCharsets.UTF_8));
        b.write(0xFF); // a lone invalid byte, no newline at the end of the file
        Path file = dir.resolve("latin1.jsonl");
        Files.write(file, b.toByteArray());

        List<OrderSource.Item> items = readAll(file);
        assertThat(items).hasSize(4);
        assertThat(items.get(0)).isInstanceOf(OrderSource.Good.class);
        assertThat(items.get(1)).isEqualTo(new OrderSource.Bad(2, "not UTF-8: malformed bytes at byte 28 of the line"));
        assertThat(items.get(2)).isInstanceOf(OrderSource.Good.class);
        assertThat(items.get(3)).isEqualTo(new OrderSource.Bad(4, "not UTF-8: malformed bytes at byte 1 of the line"));
        try (OrderSource s = OrderSource.file(file, new Catalogue(10, 5))) {
            assertThat(s.expected()).isEqualTo(4);
        }
    }

    @Test
    void aByteOrderMarkIsSkipped() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        b.writeBytes((GOOD.formatted(1) + "\n" + GOOD.formatted(2) + "\n").getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("bom.jsonl");
        Files.write(file, b.toByteArray());

        List<OrderSource.Item> items = readAll(file);
        assertThat(items).hasSize(2).allMatch(i -> i instanceof OrderSource.Good);
        assertThat(((OrderSource.Good) items.get(0)).order().id()).isEqualTo("o-1");
    }

    @Test
    void blankLinesAreSkippedButCountedInLineNumbers() throws Exception {
        Path file = dir.resolve("blank.jsonl");
        Files.writeString(file, GOOD.formatted(1) + "\n\n  \n" + GOOD.formatted(2) + "\n");
        List<OrderSource.Item> items = readAll(file);
        assertThat(items).extracting(OrderSource.Item::line).containsExactly(1L, 4L);
    }
}
