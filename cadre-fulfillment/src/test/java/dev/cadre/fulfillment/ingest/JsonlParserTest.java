package dev.cadre.fulfillment.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.fulfillment.Catalogue;
import dev.cadre.fulfillment.OrderRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonlParserTest {

    private final JsonlParser parser = new JsonlParser(new Catalogue(100, 10));

    @Test
    void parsesTheDocumentedLine() {
        var r = parser.parse("{\"id\":\"o-17\",\"customer\":\"c-3\",\"items\":[{\"sku\":\"SKU-0042\",\"qty\":2}],"
                + "\"amountCents\":3998}");
        assertThat(r).isEqualTo(new JsonlParser.Ok(new OrderRequest("o-17", "c-3",
                java.util.List.of(new OrderRequest.Line(42, 2)), 3998)));
    }

    @Test
    void acceptsFieldsInAnyOrderAndSeveralLines() {
        var r = parser.parse("{\"amountCents\":1,\"items\":[{\"qty\":1,\"sku\":\"SKU-0000\"},{\"sku\":\"SKU-0099\","
                + "\"qty\":3}],\"customer\":\"c\",\"id\":\"x\"}");
        assertThat(r).isInstanceOf(JsonlParser.Ok.class);
        assertThat(((JsonlParser.Ok) r).order().items()).containsExactly(new OrderRequest.Line(0, 1),
                new OrderRequest.Line(99, 3));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`{\"id\":\"o-1\",`                                                                          | bad JSON",
        "`not json`                                                                                  | bad JSON",
        "`[1,2]`                                                                                     | expected a JSON object, got an array",
        "`{\"id\":\"o-1\",\"customer\":\"c\",\"items\":[{\"sku\":\"SKU-0001\",\"qty\":1}],\"amountCents\":5} {}` | bad JSON",
        "`{\"customer\":\"c\",\"items\":[{\"sku\":\"SKU-0001\",\"qty\":1}],\"amountCents\":5}`        | missing field 'id'",
        "`{\"id\":7,\"customer\":\"c\",\"items\":[{\"sku\":\"SKU-0001\",\"qty\":1}],\"amountCents\":5}`  | 'id' must be a string, got a number",
        "`{\"id\":\"\",\"customer\":\"c\",\"items\":[{\"sku\":\"SKU-0001\",\"qty\":1}],\"amountCents\":5}` | 'id' must not be empty",
        "`{\"id\":\"o\",\"items\":[{\"sku\":\"SKU-0001\",\"qty\":1}],\"amountCents\":5}`              | missing field 'customer'",
        "`{\"id\":\"o\",\"customer\":\"c\",\"amountCents\":5}`                                        | missing field 'items'",
        "`{\"id\":\"o\",\"customer\":\"c\",\"items\":{},\"amountCents\":5}`                           | 'items' must be an array, got an object",
        "`{\"id\":\"o\",\"customer\":\"c\",\"items\":[],\"amountCents\":5}`                           | 'items' must not be empty",
        "`{\"id\":\"o\",\"customer\":\"c\",\"items\":[3],\"amountCents\":5}`                          | items[0] must be an object, got a number",
        "`{\"id\":\"o\",\"customer\":\"c\",\"items\":[{\"sku\":\"SKU-0001\"}],\"amountCents\":5}`     | missing field 'items[0].qty'",
        "`{\"id\":\"o\",\"customer\":\"c\",\"items\":[{\"sku\":\"SKU-0001\",\"qty\":\"2\"}],\"amountCents\":5}` | 'items[0].qty' must be a number, got a string",
        "`{\"id\":\"o\",\"customer\":\"c\",\"items\":[{\"sku\":\"SKU-0001\",\"qty\":1.5}],\"amountCents\":5}`   | 'items[0].qty' must be a whole number, was 1.5",
        "`{\"id\":\"o\",\"customer\":\"c\",\"items\":[{\"sku\":\"SKU-0001\",\"qty\":0}],\"amountCents\":5}`     | items[0].qty must be at least 1, was 0",
        "`{\"id\":\"o\",\"customer\":\"c\",\"items\":[{\"sku\":\"SKU-0001\",\"qty\":-2}],\"amountCents\":5}`    | items[0].qty must be at least 1, was -2",
        "`{\"id\":\"o\",\"customer\":\"c\",\"items\":[{\"sku\":\"SKU-0100\",\"qty\":1}],\"amountCents\":5}`     | items[0]: unknown SKU 'SKU-0100'",
        "`{\"id\":\"o\",\"customer\":\"c\",\"items\":[{\"sku\":\"SKU-42\",\"qty\":1}],\"amountCents\":5}`       | items[0]: unknown SKU 'SKU-42'",
        "`{\"id\":\"o\",\"customer\":\"c\",\"items\":[{\"sku\":7,\"qty\":1}],\"amountCents\":5}`               | 'items[0].sku' must be a string, got a number",
        "`{\"id\":\"o\",\"customer\":\"c\",\"items\":[{\"sku\":\"SKU-0001\",\"qty\":1,\"x\":1}],\"amountCents\":5}` | items[0]: unknown field 'x'",
        "`{\"id\":\"o\",\"customer\":\"c\",\"items\":[{\"sku\":\"SKU-0001\",\"qty\":1}]}`              | missing field 'amountCents'",
        "`{\"id\":\"o\",\"customer\":\"c\",\"items\":[{\"sku\":\"SKU-0001\",\"qty\":1}],\"amountCents\":0}` | amountCents must be at least 1, was 0",
        "`{\"id\":\"o\",\"customer\":\"c\",\"items\":[{\"sku\":\"SKU-0001\",\"qty\":1}],\"amountCents\":null}` | missing field 'amountCents'",
        "`{\"id\":\"o\",\"customer\":\"c\",\"items\":[{\"sku\":\"SKU-0001\",\"qty\":1}],\"amountCents\":5,\"note\":1}` | unknown field 'note'",
        "`{\"id\":\"o\",\"id\":\"p\",\"customer\":\"c\",\"items\":[{\"sku\":\"SKU-0001\",\"qty\":1}],\"amountCents\":5}` | bad JSON: Duplicate field 'id'",
        "`   `                                                                                       | bad JSON: empty line",
    })
    void rejectsWithTheReason(String line, String reason) {
        var r = parser.parse(line);
        assertThat(r).isInstanceOf(JsonlParser.Bad.class);
        assertThat(((JsonlParser.Bad) r).reason()).startsWith(reason);
    }
}
