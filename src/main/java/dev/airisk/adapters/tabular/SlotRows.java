package dev.airisk.adapters.tabular;

import com.fasterxml.jackson.core.exc.StreamReadException;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.port.RowSource;
import java.io.IOException;
import java.util.List;

/** What the CSV and JSON Lines readers share: the file, the selected columns' values, the current line. */
abstract class SlotRows implements RowSource {
    final OpenedFile file;
    final Slots slots = new Slots();
    List<String> selected;
    long line;
    boolean done;

    SlotRows(OpenedFile file) {
        this.file = file;
    }

    @Override
    public final String name() {
        return file.name;
    }

    @Override
    public final long line() {
        return line;
    }

    @Override
    public final boolean isNull(int i) {
        return slots.isNull(i);
    }

    @Override
    public final boolean isNumber(int i) {
        return slots.isNumber(i);
    }

    @Override
    public final double number(int i) {
        if (!slots.isNumber(i)) {
            throw Slots.notANumber(file.name, line, selected.get(i), slots.shown(i));
        }
        return slots.number(i);
    }

    @Override
    public final String text(int i) {
        return slots.text(i);
    }

    @Override
    public final String sha256() {
        return done ? file.finish() : null;
    }

    /** Refuses a second selection or a read before one. */
    final void requireSelected() {
        if (selected == null) {
            throw new IllegalStateException("select the columns before reading rows");
        }
    }

    final InvalidInput empty() {
        return new InvalidInput(file.name + " is empty", "give a file with a header and at least one row");
    }

    /** A read failure: Jackson's refusal of the syntax at its line, else the file's own (truncated gzip, long line...). */
    final InvalidInput failure(IOException e, String format, String fix) {
        if (e instanceof StreamReadException s && !(e.getCause() instanceof IOException)) {
            long at = s.getLocation() == null ? line : s.getLocation().getLineNr();
            return new InvalidInput(file.name + " line " + at + " is not valid " + format + ": "
                    + s.getOriginalMessage().lines().findFirst().orElse(""), fix);
        }
        return file.failure(e);
    }

    @Override
    public final void close() {
        file.close();
    }
}
