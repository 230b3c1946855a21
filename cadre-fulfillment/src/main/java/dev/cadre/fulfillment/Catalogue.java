package dev.cadre.fulfillment;

/**
 * The SKUs a run knows: {@code SKU-0000} .. {@code SKU-(n-1)}, zero-padded to 4 digits (more
 * digits past 9999), each starting with the same stock.
 *
 * @param skus how many SKUs, at least 1
 * @param initialStock units of each SKU at the start, at least 0
 */
public record Catalogue(int skus, int initialStock) {

    /** Validates the sizes. */
    public Catalogue {
        if (skus < 1) {
            throw new IllegalArgumentException("skus must be >= 1, was " + skus);
        }
        if (initialStock < 0) {
            throw new IllegalArgumentException("stock must be >= 0, was " + initialStock);
        }
    }

    /**
     * The SKU's name.
     *
     * @param sku the index
     * @return e.g. {@code SKU-0042}
     */
    public static String name(int sku) {
        return String.format("SKU-%04d", sku);
    }

    /**
     * The SKU index of a name, or -1 if the name is not of the form {@code SKU-dddd} or is not in
     * this catalogue.
     *
     * @param name the name
     * @return the index, or -1
     */
    public int indexOf(String name) {
        if (name == null || !name.startsWith("SKU-") || name.length() < 8) {
            return -1;
        }
        int n = 0;
        for (int i = 4; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9' || n > 100_000_000) {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        if (name.length() > 8 && name.charAt(4) == '0') {
            return -1; // only the 4-digit form is zero-padded
        }
        return n < skus ? n : -1;
    }

    /**
     * The unit price of a SKU, used by the generator: 1.99 .. 100.98, fixed per SKU.
     *
     * @param sku the index
     * @return cents
     */
    public static long priceCents(int sku) {
        return 199 + (FaultPlan.mix(sku * 0x9E3779B97F4A7C15L) >>> 33) % 9900;
    }
}
