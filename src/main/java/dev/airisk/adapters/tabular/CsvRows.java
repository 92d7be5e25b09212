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

    private final CsvParser parser;
    private final List<String> header;
    /** Field position to selected slot, or -1. */
    private int[] slotOf = new int[0];

    CsvRows(OpenedFile file) {
        super(file);
        try {
            parser = FACTORY.createParser(file.text);
            parser.setSchema(CsvSchema.emptySchema());
            parser.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
            List<String> names = new ArrayList<>();
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw empty();
            }
            line = parser.currentTokenLocation().getLineNr() + 1; // Jackson's CSV lines count from 0
            JsonToken t;
            while ((t = parser.nextToken()) == JsonToken.VALUE_STRING) {
                names.add(parser.getText());
            }
            if (t != JsonToken.END_ARRAY) {
                throw failure("the header is malformed");
            }
            header = List.copyOf(names);
        } catch (IOException e) {
            file.close();
            throw failure(e, "CSV", "check the quoting of that line");
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public void select(List<String> columns) {
        selected = List.copyOf(columns);
        Map<String, Integer> position = new HashMap<>();
        for (int i = header.size() - 1; i >= 0; i--) {
            position.put(header.get(i), i);
        }
        slotOf = new int[header.size()];
        Arrays.fill(slotOf, -1);
        for (int s = 0; s < selected.size(); s++) {
            Integer p = position.get(selected.get(s));
            if (p == null) {
                throw new InvalidInput(file.name + " has no column '" + selected.get(s) + "'", "its columns are " + String.join(", ", header));
            }
            slotOf[p] = s;
        }
        slots.size(selected.size());
    }

    @Override
    public boolean next() {
        requireSelected();
        if (done) {
            return false;
        }
        try {
            JsonToken t = parser.nextToken();
            if (t == null) {
                done = true;
                return false;
            }
            line = parser.currentTokenLocation().getLineNr() + 1; // Jackson's CSV lines count from 0
            int field = 0;
            while ((t = parser.nextToken()) == JsonToken.VALUE_STRING) {
                if (field < slotOf.length) {
                    int s = slotOf[field];
                    if (s >= 0) {
                        slots.set(s, parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
                    }
                }
                field++;
            }
            if (field != header.size()) {
                throw failure("has " + field + (field == 1 ? " field" : " fields") + " where the header has " + header.size());
            }
            return true;
        } catch (IOException e) {
            throw failure(e, "CSV", "check the quoting of that line");
        }
    }

    private InvalidInput failure(String what) {
        return new InvalidInput(file.name + " line " + line + " " + what, "every record of a CSV file has one field per header column");
    }

}
