package dev.airisk.core.port;

import java.io.Closeable;
import java.util.List;

/**
 * The rows of a tabular file (CSV or JSON Lines, optionally gzip-compressed), read one at a time so
 * memory does not depend on the file's size. Opened by {@link TabularInputs#rows}. Every failure is an
 * {@code AiriskException.InvalidInput} whose one-line message names the file and the line, e.g.
 * {@code predictions.csv line 7: column 'age' is 'abc', not a number}.
 *
 * <p>Use: {@link #header()}, then {@link #select} the columns wanted, then {@link #next()} until it
 * returns false, reading each selected column by its position in the selection.
 */
public interface RowSource extends Closeable {

    /** The file's name as messages give it. */
    String name();

    /**
     * The columns known before the first row: a CSV file's header; a JSON Lines file's keys of its
     * first object. Refused as "... is empty" when the file has no row at all.
     */
    List<String> header();

    /**
     * The columns to read, in the order {@link #isNull}, {@link #number} and {@link #text} number them.
     * A JSON Lines row without one of them has a null there; a CSV file must have each in its header
     * ("... has no column 'score'").
     */
    void select(List<String> columns);

    /** Moves to the next row; false at the end of the file. */
    boolean next();

    /** The line of the file the current row starts on (1 = the first line). */
    long line();

    /** Whether the selected column {@code i} is empty, {@code null}, {@code NA}, {@code NaN} or absent in this row. */
    boolean isNull(int i);

    /** Whether the selected column {@code i} holds a number (a decimal or JSON number, not null). */
    boolean isNumber(int i);

    /** The selected column {@code i} as a number; refused when it is not one. Call only when not {@link #isNull}. */
    double number(int i);

    /** The selected column {@code i} as text, or null when it {@link #isNull}. */
    String text(int i);

    /** The hex SHA-256 of the whole file as stored; null until {@link #next()} has returned false. */
    String sha256();

    @Override
    void close();
}
