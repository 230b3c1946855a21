package dev.cadre.fulfillment.ingest;

import dev.cadre.fulfillment.Catalogue;
import dev.cadre.fulfillment.OrderRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Where orders come from, one input line at a time. Not thread-safe: one reader (the source actor).
 */
public interface OrderSource extends AutoCloseable {

    /** One input line: a parsed order or a malformed line. */
    sealed interface Item {
        /** {@return the line number, from 1} */
        long line();
    }

    /**
     * A well-formed order.
     *
     * @param line the line number
     * @param order the order
     */
    record Good(long line, OrderRequest order) implements Item {
    }

    /**
     * A malformed line.
     *
     * @param line the line number
     * @param reason why
     */
    record Bad(long line, String reason) implements Item {
    }

    /**
     * The next line.
     *
     * @return the item, or null at the end
     */
    @Nullable Item next();

    /** {@return how many items this source will produce in all, or -1 if unknown} */
    long expected();

    @Override
    default void close() {
    }

    /**
     * A JSON Lines file; blank lines are skipped (but still counted in line numbers).
     *
     * @param file the file
     * @param catalogue the SKUs that exist
     * @return the source
     * @throws IOException if the file cannot be read
     */
    static OrderSource file(Path file, Catalogue catalogue) throws IOException {
        long lines;
        try (ByteLines counter = new ByteLines(file)) {
            long n = 0;
            for (ByteLines.Line l; (l = counter.next()) != null; ) {
                if (!l.isBlank()) {
                    n++;
                }
            }
            lines = n;
        }
        ByteLines in = new ByteLines(file);
        JsonlParser parser = new JsonlParser(catalogue);
        return new OrderSource() {
            @Override
            public @Nullable Item next() {
                try {
                    ByteLines.Line line;
                    do {
                        line = in.next();
                        if (line == null) {
                            return null;
                        }
                    } while (line.isBlank());
                    if (line.malformedAt() >= 0) {
                        return new Bad(line.number(), "not UTF-8: malformed bytes at byte " + (line.malformedAt() + 1)
                                + " of the line");
                    }
                    return switch (parser.parse(line.text())) {
                        case JsonlParser.Ok ok -> new Good(line.number(), ok.order());
                        case JsonlParser.Bad bad -> new Bad(line.number(), bad.reason());
                    };
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public long expected() {
                return lines;
            }

            @Override
            public void close() {
                try {
                    in.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    /**
     * Seeded generated orders: {@code orders} distinct orders of 1-3 lines, 1-3 units each, SKUs
     * drawn with a skew ({@code skus * u^1.5}: low-numbered SKUs are popular, so with the default
     * stock a few percent of orders find one sold out), priced from the
     * catalogue; about 0.2% of submissions re-submit an earlier order id (a client retrying),
     * which the intake rejects as duplicates.
     *
     * @param orders distinct orders to generate
     * @param catalogue the SKUs
     * @param seed the seed
     * @return the source
     */
    static OrderSource generated(int orders, Catalogue catalogue, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return new OrderSource() {
            final List<OrderRequest> recent = new ArrayList<>();
            int made;
            long n;

            @Override
            public @Nullable Item next() {
                if (made >= orders) {
                    return null;
                }
                n++;
                if (!recent.isEmpty() && random.nextDouble() < 0.002) {
                    return new Good(n, recent.get(random.nextInt(recent.size()))); // a re-submission
                }
                made++;
                int lines = 1 + random.nextInt(3);
                List<OrderRequest.Line> items = new ArrayList<>(lines);
                long amount = 0;
                for (int i = 0; i < lines; i++) {
                    double u = random.nextDouble();
                    int sku = (int) (catalogue.skus() * u * Math.sqrt(u)); // skewed: low SKUs are popular
                    int qty = 1 + random.nextInt(3);
                    items.add(new OrderRequest.Line(sku, qty));
                    amount += Catalogue.priceCents(sku) * qty;
                }
                OrderRequest o = new OrderRequest("o-" + made, "c-" + random.nextInt(10_000), items, amount);
                if (recent.size() < 1000) {
                    recent.add(o);
                } else {
                    recent.set(random.nextInt(1000), o);
                }
                return new Good(n, o);
            }

            @Override
            public long expected() {
                return -1;
            }
        };
    }
}
