package dev.airisk.adapters.tabular;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.port.TabularInputs;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON Lines file: one JSON object per line, parsed by Jackson. A value is a string, a number, a
 * boolean (read as the text {@code true} or {@code false}) or null; a key a row lacks is null there.
 * The header is the first object's keys.
 */
final class JsonLinesRows extends SlotRows {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(TabularInputs.MAX_LINE).build())
            .build();

    private JsonParser parser;
    private final List<String> header = new ArrayList<>();
    private final List<String> firstValues = new ArrayList<>();
    private Map<String, Integer> slotOf = Map.of();
    private boolean firstPending = true;
    private long firstLine;
    /** The line the object being parsed starts on. */
    private long parsedLine;

    JsonLinesRows(OpenedFile file) {
        super(file);
    }

    @Override
    void readHeader() throws IOException {
        parser = FACTORY.createParser(file.text);
        if (!startObject()) {
            throw empty();
        }
        firstLine = parsedLine;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            parser.nextToken();
            header.add(key);
            firstValues.add(value(key));
        }
    }

    @Override
    public List<String> header() {
        return List.copyOf(header);
    }

    @Override
    void selectColumns(List<String> columns) {
        Map<String, Integer> at = new HashMap<>();
        for (int s = 0; s < columns.size(); s++) {
            at.putIfAbsent(columns.get(s), s);
        }
        slotOf = at;
    }

    @Override
    long parse(String[] values) throws IOException {
        if (firstPending) {
            firstPending = false;
            for (int k = 0; k < header.size(); k++) {
                Integer s = slotOf.get(header.get(k));
                if (s != null) {
                    values[s] = firstValues.get(k);
                }
            }
            return firstLine;
        }
        if (!startObject()) {
            return -1;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            Integer s = slotOf.get(parser.currentName());
            JsonToken t = parser.nextToken();
            if (s == null) {
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    parser.skipChildren();
                }
            } else if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT
                    || t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                values[s] = parser.getText();
            } else if (t != JsonToken.VALUE_NULL) {
                throw notAValue(parser.currentName());
            }
        }
        return parsedLine;
    }

    @Override
    InvalidInput failure(IOException e) {
        return failure(e, parsedLine, "JSON", "write one JSON object per line");
    }

    /** Moves to the next row's '{'; false at the end of the file. */
    private boolean startObject() throws IOException {
        JsonToken t = parser.nextToken();
        if (t == null) {
            return false;
        }
        parsedLine = parser.currentTokenLocation().getLineNr();
        if (t != JsonToken.START_OBJECT) {
            throw new InvalidInput(file.name + " line " + parsedLine + " is not a JSON object", "write one JSON object per line");
        }
        return true;
    }

    /** The current scalar as text, null for JSON null; a nested object or array is refused. */
    private String value(String key) throws IOException {
        JsonToken t = parser.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            throw notAValue(key);
        }
        return parser.getText();
    }

    private InvalidInput notAValue(String key) {
        return new InvalidInput(file.name + " line " + parsedLine + ": column '" + key + "' is an object or a list, not a value",
                "give each column a string, a number, a boolean or null");
    }

}
