package dev.airisk.adapters.tabular;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.airisk.core.AiriskException.InvalidInput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A CSV file (RFC 4180: comma-separated, double-quoted fields may hold commas, quotes and line breaks)
 * whose first record is the header, parsed by Jackson's CSV module. Every record must have as many
 * fields as the header; blank lines are skipped.
 */
final class CsvRows extends SlotRows {
    private static final CsvFactory FACTORY = CsvFactory.builder().disable(StreamReadFeature.AUTO_CLOSE_SOURCE).build();

    private CsvParser parser;
    private List<String> header;
    /** Field position to selected slot, or -1. */
    private int[] slotOf = new int[0];
    /** The line the record being parsed starts on. */
    private long parsedLine;

    CsvRows(OpenedFile file) {
        super(file);
    }

    @Override
    void readHeader() throws IOException {
        parser = FACTORY.createParser(file.text);
        parser.setSchema(CsvSchema.emptySchema());
        parser.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
        List<String> names = new ArrayList<>();
        if (parser.nextToken() != JsonToken.START_ARRAY) {
            throw empty();
        }
        parsedLine = parser.currentTokenLocation().getLineNr() + 1; // Jackson's CSV lines count from 0
        JsonToken t;
        while ((t = parser.nextToken()) == JsonToken.VALUE_STRING) {
            names.add(parser.getText());
        }
        if (t != JsonToken.END_ARRAY) {
            throw failure("the header is malformed");
        }
        header = List.copyOf(names);
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    void selectColumns(List<String> columns) {
        Map<String, Integer> position = new HashMap<>();
        for (int i = header.size() - 1; i >= 0; i--) {
            position.put(header.get(i), i);
        }
        slotOf = new int[header.size()];
        Arrays.fill(slotOf, -1);
        for (int s = 0; s < columns.size(); s++) {
            Integer p = position.get(columns.get(s));
            if (p == null) {
                throw new InvalidInput(file.name + " has no column '" + columns.get(s) + "'", "its columns are " + String.join(", ", header));
            }
            slotOf[p] = s;
        }
    }

    @Override
    long parse(String[] values) throws IOException {
        JsonToken t = parser.nextToken();
        if (t == null) {
            return -1;
        }
        parsedLine = parser.currentTokenLocation().getLineNr() + 1; // Jackson's CSV lines count from 0
        int field = 0;
        while ((t = parser.nextToken()) == JsonToken.VALUE_STRING) {
            if (field < slotOf.length) {
                int s = slotOf[field];
                if (s >= 0) {
                    values[s] = parser.getText();
                }
            }
            field++;
        }
        if (field != header.size()) {
            throw failure("has " + field + (field == 1 ? " field" : " fields") + " where the header has " + header.size());
        }
        return parsedLine;
    }

    @Override
    InvalidInput failure(IOException e) {
        return failure(e, parsedLine, "CSV", "check the quoting of that line");
    }

    private InvalidInput failure(String what) {
        return new InvalidInput(file.name + " line " + parsedLine + " " + what, "every record of a CSV file has one field per header column");
    }
}
