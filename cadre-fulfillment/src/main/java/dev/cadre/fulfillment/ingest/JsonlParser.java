package dev.cadre.fulfillment.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cadre.fulfillment.Catalogue;
import dev.cadre.fulfillment.OrderRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import java.util.Objects;

/**
 * Parses and validates one line of the JSON Lines input:
 *
 * <pre>{"id":"o-17","customer":"c-3","items":[{"sku":"SKU-0042","qty":2}],"amountCents":3998}</pre>
 *
 * <ul>
 *   <li>{@code id}, {@code customer}: non-empty strings (at most 100 characters);
 *   <li>{@code items}: a non-empty array of {@code {"sku": string, "qty": whole number >= 1}},
 *       each SKU in the catalogue;
 *   <li>{@code amountCents}: a whole number >= 1;
 *   <li>no other fields, no repeated fields, nothing after the object.
 * </ul>
 *
 * A line that breaks a rule is rejected with the first reason found. Duplicate ids are found by
 * the intake (they need the lines before). Thread-safe.
 */
public final class JsonlParser {

    /** The result of one line: an order, or why not. */
    public sealed interface Result {
    }

    /**
     * A valid order.
     *
     * @param order the order
     */
    public record Ok(OrderRequest order) implements Result {
    }

    /**
     * A malformed line.
     *
     * @param reason why it is rejected
     */
    public record Bad(String reason) implements Result {
    }

    private static final Set<String> FIELDS = Set.of("id", "customer", "items", "amountCents");
    private static final Set<String> ITEM_FIELDS = Set.of("sku", "qty");
    private static final int MAX_ID = 100;

    private final JsonMapper json = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private final Catalogue catalogue;

    /**
     * Creates a parser that checks SKUs against the catalogue.
     *
     * @param catalogue the SKUs that exist
     */
    public JsonlParser(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    /**
     * Parses one line.
     *
     * @param line the line, without its line break
     * @return the order, or the reason it is rejected
     */
    public Result parse(String line) {
        JsonNode root;
        try {
            root = json.readTree(line);
        } catch (JsonProcessingException e) {
            String msg = e.getOriginalMessage();
            int nl = msg.indexOf('\n');
            msg = (nl < 0 ? msg : msg.substring(0, nl)).replaceAll(" \\(start marker at .*\\)$", "");
            return new Bad("bad JSON: " + msg
                    + (e.getLocation() == null ? "" : " (column " + e.getLocation().getColumnNr() + ")"));
        }
        if (root == null || root.isMissingNode()) {
            return new Bad("bad JSON: empty line");
        }
        if (!root.isObject()) {
            return new Bad("expected a JSON object, got " + kind(root));
        }
        String unknown = unknownField(root, FIELDS);
        if (unknown != null) {
            return new Bad("unknown field '" + unknown + "'");
        }
        String id;
        String customer;
        try {
            id = text(root, "id");
            customer = text(root, "customer");
        } catch (IllegalArgumentException e) {
            return new Bad(Objects.toString(e.getMessage(), e.getClass().getSimpleName()));
        }
        JsonNode items = root.get("items");
        if (items == null || items.isNull()) {
            return new Bad("missing field 'items'");
        }
        if (!items.isArray()) {
            return new Bad("'items' must be an array, got " + kind(items));
        }
        if (items.isEmpty()) {
            return new Bad("'items' must not be empty");
        }
        List<OrderRequest.Line> lines = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String where = "items[" + i + "]";
            if (!item.isObject()) {
                return new Bad(where + " must be an object, got " + kind(item));
            }
            String u = unknownField(item, ITEM_FIELDS);
            if (u != null) {
                return new Bad(where + ": unknown field '" + u + "'");
            }
            String skuName;
            long qty;
            try {
                skuName = text(item, "sku", where);
                qty = whole(item, "qty", where);
            } catch (IllegalArgumentException e) {
                return new Bad(Objects.toString(e.getMessage(), e.getClass().getSimpleName()));
            }
            if (qty < 1) {
                return new Bad(where + ".qty must be at least 1, was " + qty);
            }
            if (qty > 1_000_000) {
                return new Bad(where + ".qty is too large: " + qty);
            }
            int sku = catalogue.indexOf(skuName);
            if (sku < 0) {
                return new Bad(where + ": unknown SKU '" + skuName + "'");
            }
            lines.add(new OrderRequest.Line(sku, (int) qty));
        }
        long amount;
        try {
            amount = whole(root, "amountCents", null);
        } catch (IllegalArgumentException e) {
            return new Bad(Objects.toString(e.getMessage(), e.getClass().getSimpleName()));
        }
        if (amount < 1) {
            return new Bad("amountCents must be at least 1, was " + amount);
        }
        return new Ok(new OrderRequest(id, customer, lines, amount));
    }

    private static @Nullable String unknownField(JsonNode obj, Set<String> known) {
        Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
        while (it.hasNext()) {
            String name = it.next().getKey();
            if (!known.contains(name)) {
                return name;
            }
        }
        return null;
    }

    private static String text(JsonNode obj, String field) {
        return text(obj, field, null);
    }

    private static String text(JsonNode obj, String field, @Nullable String where) {
        String name = where == null ? field : where + "." + field;
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing field '" + name + "'");
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("'" + name + "' must be a string, got " + kind(v));
        }
        String s = v.textValue();
        if (s.isBlank()) {
            throw new IllegalArgumentException("'" + name + "' must not be empty");
        }
        if (s.length() > MAX_ID) {
            throw new IllegalArgumentException("'" + name + "' is longer than " + MAX_ID + " characters");
        }
        return s;
    }

    private static long whole(JsonNode obj, String field, @Nullable String where) {
        String name = where == null ? field : where + "." + field;
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing field '" + name + "'");
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException("'" + name + "' must be a number, got " + kind(v));
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException("'" + name + "' must be a whole number, was " + v);
        }
        return v.longValue();
    }

    private static String kind(JsonNode v) {
        return switch (v.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
