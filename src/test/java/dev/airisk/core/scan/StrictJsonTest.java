package dev.airisk.core.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link StrictJson}: RFC 8259 and nothing more, every refusal a {@link FormatException} naming where. */
class StrictJsonTest {

    private static Object parse(String json) throws FormatException {
        return StrictJson.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String refused(String json) {
        return assertThrows(FormatException.class, () -> parse(json)).getMessage();
    }

    @Test
    void aValidDocument_becomesMapsListsAndValues_inFileOrder() throws FormatException {
        Object parsed = parse(" {\"b\": [1, -2.5, \"x\", true, false, null], \"a\": {}, \"c\": []}\n");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("b", Arrays.asList(1L, new BigDecimal("-2.5"), "x", true, false, null));
        expected.put("a", Map.of());
        expected.put("c", List.of());
        assertEquals(expected, parsed);
        assertEquals(List.of("b", "a", "c"), List.copyOf(((Map<?, ?>) parsed).keySet()));
        assertEquals("top", parse("\"top\""));
        assertNull(parse("null"));
    }

    @Test
    void numbers_areLongs_bigIntegersWhenTooBig_orDecimals() throws FormatException {
        assertEquals(0L, parse("0"));
        assertEquals(-0L, parse("-0"));
        assertEquals(Long.MAX_VALUE, parse(String.valueOf(Long.MAX_VALUE)));
        assertEquals(Long.MIN_VALUE, parse(String.valueOf(Long.MIN_VALUE)));
        assertEquals(new BigInteger("9223372036854775808"), parse("9223372036854775808"));
        assertEquals(new BigDecimal("1E+3"), parse("1E+3"));
        assertEquals(new BigDecimal("1.5e-7"), parse("1.5e-7"));
        for (String bad : List.of("01", "1.", ".5", "+1", "-", "1e", "1e+", "0x10", "-.5")) {
            assertThrows(FormatException.class, () -> parse(bad), bad);
        }
        assertEquals("JSON unexpected text after the JSON value at character 1", refused("01"));
        assertEquals("JSON has a bad number at character 2", refused("1."));
        assertEquals("JSON has an unexpected character '+' at character 0", refused("+1"));
    }

    @Test
    void aNumberBeyondWhatADecimalHolds_isRefused_notThrownAsABug() {
        assertEquals("JSON has a number out of range at character 12", refused("1e9999999999"));
    }

    @Test
    void strings_takeEveryEscape_andUnicodeEscapesOfFourHexDigits() throws FormatException {
        assertEquals("\"\\/\b\f\n\r\t", parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\""));
        assertEquals("é€😀", parse("\"\\u00e9\\u20AC\\ud83d\\ude00\""));
        assertEquals("é€", parse("\"é€\""));
        assertEquals("JSON has a bad \\u escape at character 3", refused("\"\\u00g9\""));
        assertEquals("JSON has a short \\u escape at character 3", refused("\"\\u00\""));
        assertEquals("JSON has a bad escape '\\x' at character 3", refused("\"\\x41\""));
        assertEquals("JSON has a control character in a string at character 2", refused("\"a\nb\""));
        assertEquals("JSON ends inside a string at character 3", refused("\"ab"));
    }

    @Test
    void aUnicodeEscape_withASign_isRefused() {
        assertEquals("JSON has a bad \\u escape at character 3", refused("\"\\u+041\""));
        assertEquals("JSON has a bad \\u escape at character 3", refused("\"\\u-041\""));
    }

    @Test
    void aDuplicateKey_isAnError() {
        assertEquals("JSON has the key 'a' twice at character 15", refused("{\"a\": 1, \"a\": 2}"));
        assertEquals("JSON has the key 'a' twice at character 21", refused("{\"x\": {\"a\": 1, \"a\": 1}}"));
    }

    @Test
    void nesting_isBoundedAt512Levels() throws FormatException {
        parse("[".repeat(512) + "]".repeat(512));
        assertEquals("JSON nests deeper than 512 levels at character 513", refused("[".repeat(514) + "]".repeat(514)));
        assertEquals("JSON nests deeper than 512 levels at character 2565", refused("{\"a\":".repeat(514) + "1" + "}".repeat(514)));
    }

    @Test
    void malformedInput_namesWhatIsWrongAndWhere() {
        assertEquals("JSON is not valid UTF-8", assertThrows(FormatException.class,
                () -> StrictJson.parse(new byte[] {'"', (byte) 0xC3, '"'})).getMessage());
        assertEquals("JSON ends early at character 0", refused(""));
        assertEquals("JSON ends early at character 1", refused(" "));
        assertEquals("JSON unexpected text after the JSON value at character 3", refused("{} {}"));
        assertEquals("JSON expects a key string at character 1", refused("{a: 1}"));
        assertEquals("JSON expects ':' at character 5", refused("{\"a\" 1}"));
        assertEquals("JSON expects ',' or '}' at character 8", refused("{\"a\": 1 \"b\": 2}"));
        assertEquals("JSON expects a key string at character 9", refused("{\"a\": 1, }"));
        assertEquals("JSON has an unexpected character ']' at character 4", refused("[1, ]"));
        assertEquals("JSON expects ',' or ']' at character 3", refused("[1 2]"));
        assertEquals("JSON ends inside an object at character 7", refused("{\"a\": 1"));
        assertEquals("JSON ends inside an array at character 2", refused("[1"));
        assertEquals("JSON has an unknown word at character 0", refused("tru"));
        assertEquals("JSON has an unknown word at character 0", refused("NaN".toLowerCase()));
        assertEquals("JSON has an unexpected character 'N' at character 0", refused("NaN"));
        assertEquals("JSON has an unexpected character '/' at character 3", refused("[1,/* comment */2]"));
    }
}
