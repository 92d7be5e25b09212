package dev.airisk.adapters.yaml;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes {@link YamlMap}s as block-style YAML: no document marker, keys in the order they were put,
 * strings quoted only when a reader would otherwise take them for something else (a number, a
 * boolean, null, a date), multi-line text as literal blocks. Same value, same bytes.
 */
final class YamlWriter {
    private final YAMLFactory factory;

    YamlWriter() {
        this.factory = YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .disable(YAMLGenerator.Feature.SPLIT_LINES)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                .stringQuotingChecker(new QuoteNumberLike())
                .build();
    }

    byte[] write(YamlMap document) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = factory.createGenerator(out)) {
            value(g, document);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write YAML to memory", e);
        }
        return out.toByteArray();
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        if (v instanceof YamlMap map) {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : map.values().entrySet()) {
                g.writeFieldName(e.getKey());
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> list) {
            g.writeStartArray();
            for (Object item : list) {
                value(g, item);
            }
            g.writeEndArray();
        } else if (v instanceof Long n) {
            g.writeNumber(n);
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeString((String) v);
        }
    }

    /**
     * Also quotes every string that a YAML 1.1 or 1.2 reader would take for a number or a time, such
     * as {@code 4711}, {@code 1e5}, {@code 0x1F}, {@code .inf} or {@code 2025-06-01T12:00:00Z}, so that
     * any tool reads it back as text. Versions like {@code 1.4.0} and hex digests stay plain.
     */
    private static final class QuoteNumberLike extends StringQuotingChecker.Default {
        private static final Pattern NUMBER_OR_TIME = Pattern.compile(String.join("|",
                "[-+]?[0-9][0-9_]*(:[0-5]?[0-9])*",
                "[-+]?[0-9_]*\\.[0-9_]*([eE][-+]?[0-9]+)?",
                "[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+",
                "[-+]?0[xXoObB][0-9a-fA-F_]+",
                "[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)",
                "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?"));

        @Override
        public boolean needToQuoteValue(String value) {
            return startsLikeNumber(value) && NUMBER_OR_TIME.matcher(value).matches() || super.needToQuoteValue(value);
        }

        private static boolean startsLikeNumber(String value) {
            if (value.isEmpty()) {
                return false;
            }
            char c = value.charAt(0);
            return c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.';
        }
    }
}
