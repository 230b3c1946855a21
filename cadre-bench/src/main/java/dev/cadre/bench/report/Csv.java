package dev.cadre.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A CSV file with a header line (RFC 4180 quoting: a field with a comma, quote or newline is
 * quoted, quotes doubled), read into one map per row, keyed by the header's names.
 *
 * @param header the column names
 * @param rows the rows, in file order
 */
public record Csv(List<String> header, List<Map<String, String>> rows) {

    /**
     * {@return its contents}
     *
     * @param file a CSV file
     * @throws IOException if it cannot be read
     * @throws IllegalArgumentException naming the line, if a row's field count differs from the header's
     */
    public static Csv read(Path file) throws IOException {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (NoSuchFileException e) {
            throw new IOException("no such file: " + file, e);
        }
    }

    /**
     * {@return its contents}
     *
     * @param text CSV text
     * @param name what to call it in errors
     * @throws IllegalArgumentException if it is empty or a row's field count differs from the header's
     */
    public static Csv parse(String text, String name) {
        List<List<String>> records = records(text);
        if (records.isEmpty()) {
            throw new IllegalArgumentException(name + ": empty, expected a header line");
        }
        List<String> header = records.get(0);
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            List<String> r = records.get(i);
            if (r.size() != header.size()) {
                throw new IllegalArgumentException(name + ": record " + (i + 1) + " has " + r.size() + " fields, the"
                        + " header " + header.size());
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int j = 0; j < header.size(); j++) {
                row.put(header.get(j), r.get(j));
            }
            rows.add(row);
        }
        return new Csv(List.copyOf(header), List.copyOf(rows));
    }

    /**
     * Checks that the header has every named column, so a report fails at once on a CSV written
     * by another version of the harness, not half-way through a chart.
     *
     * @param column the column names
     * @throws IllegalArgumentException naming the first column the header lacks, and the header
     */
    public void require(String... column) {
        for (String c : column) {
            if (!header.contains(c)) {
                throw new IllegalArgumentException("CSV has no column '" + c + "' (has: " + header + ")");
            }
        }
    }

    /**
     * {@return its value as a number, if it is one}
     *
     * @param row a row
     * @param column a column
     */
    public static Optional<Double> number(Map<String, String> row, String column) {
        String v = row.get(column);
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        try {
            double d = Double.parseDouble(v);
            return Double.isFinite(d) ? Optional.of(d) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static List<List<String>> records(String text) {
        List<List<String>> out = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(ch);
                }
                continue;
            }
            switch (ch) {
                case '"' -> {
                    quoted = true;
                    any = true;
                }
                case ',' -> {
                    record.add(field.toString());
                    field.setLength(0);
                    any = true;
                }
                case '\r' -> {
                }
                case '\n' -> {
                    if (any || field.length() > 0) {
                        record.add(field.toString());
                        out.add(record);
                    }
                    record = new ArrayList<>();
                    field.setLength(0);
                    any = false;
                }
                default -> {
                    field.append(ch);
                    any = true;
                }
            }
        }
        if (any || field.length() > 0) {
            record.add(field.toString());
            out.add(record);
        }
        return out;
    }
}
