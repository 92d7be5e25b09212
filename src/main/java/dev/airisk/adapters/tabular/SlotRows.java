package dev.airisk.adapters.tabular;

import com.fasterxml.jackson.core.exc.StreamReadException;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.port.RowSource;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * What the CSV and JSON Lines readers share. Once the columns are selected, the format's parser runs
 * on a helper thread and hands over the selected values of rows in batches, so parsing and the
 * consumer's work on the rows (numbers, bins) use two cores; a failure reaches the consumer after the
 * rows before it.
 */
abstract class SlotRows implements RowSource {
    private static final int BATCH = 512;
    private static final int AHEAD = 4;

    /** Rows, or the end ({@code end}), or a failure. */
    private record Batch(String[][] rows, long[] lines, int n, boolean end, RuntimeException failure) {
    }

    final OpenedFile file;
    final Slots slots = new Slots();
    List<String> selected;
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(AHEAD);
    private Thread pump;
    private Batch batch;
    private int at;
    private long line;
    private boolean done;

    SlotRows(OpenedFile file) {
        this.file = file;
    }

    /** On the caller's thread: reads the header (and whatever must be read for it). */
    abstract void readHeader() throws IOException;

    /** Reads the header; on a failure closes the file and reports it. Returns this. */
    final SlotRows open() {
        try {
            readHeader();
            return this;
        } catch (IOException e) {
            file.close();
            throw failure(e);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** Takes the selection (columns by position in {@code columns}); refuses a column the file cannot have. */
    abstract void selectColumns(List<String> columns);

    /**
     * On the helper thread: reads the next row's selected values into {@code values} (all null at the
     * call), returning the line the row starts on, or -1 at the end of the file.
     */
    abstract long parse(String[] values) throws IOException;

    /** A read failure of the format's parser as the one-line InvalidInput to report. */
    abstract InvalidInput failure(IOException e);

    @Override
    public final void select(List<String> columns) {
        if (selected != null) {
            throw new IllegalStateException("the columns are selected once");
        }
        selectColumns(columns);
        selected = List.copyOf(columns);
        pump = new Thread(this::pump, "rows " + file.name);
        pump.setDaemon(true);
        pump.start();
    }

    private void pump() {
        int width = selected.size();
        try {
            while (true) {
                String[][] rows = new String[BATCH][];
                long[] lines = new long[BATCH];
                int n = 0;
                boolean end = false;
                while (n < BATCH) {
                    String[] values = new String[width];
                    long at = parse(values);
                    if (at < 0) {
                        end = true;
                        break;
                    }
                    rows[n] = values;
                    lines[n++] = at;
                }
                if (n > 0) {
                    queue.put(new Batch(rows, lines, n, false, null));
                }
                if (end) {
                    queue.put(new Batch(null, null, 0, true, null));
                    return;
                }
            }
        } catch (IOException e) {
            hand(failure(e));
        } catch (RuntimeException e) {
            hand(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void hand(RuntimeException failure) {
        try {
            queue.put(new Batch(null, null, 0, true, failure));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public final boolean next() {
        if (selected == null) {
            throw new IllegalStateException("select the columns before reading rows");
        }
        while (!done && (batch == null || at >= batch.n())) {
            try {
                batch = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InvalidInput("reading " + file.name + " was interrupted", null);
            }
            at = 0;
            if (batch.end()) {
                done = true;
                if (batch.failure() != null) {
                    throw batch.failure();
                }
            }
        }
        if (done) {
            return false;
        }
        slots.use(batch.rows()[at]);
        line = batch.lines()[at++];
        return true;
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
        double v = slots.number(i);
        if (Double.isNaN(v)) {
            throw Slots.notANumber(file.name, line, selected.get(i), slots.shown(i));
        }
        return v;
    }

    @Override
    public final String text(int i) {
        return slots.text(i);
    }

    @Override
    public final String sha256() {
        return done && batch != null && batch.failure() == null ? file.finish() : null;
    }

    final InvalidInput empty() {
        return new InvalidInput(file.name + " is empty", "give a file with a header and at least one row");
    }

    /** A read failure at {@code line}: Jackson's refusal of the syntax at its line, else the file's own (truncated gzip, long line...). */
    final InvalidInput failure(IOException e, long line, String format, String fix) {
        if (e instanceof StreamReadException s && !(e.getCause() instanceof IOException)) {
            long where = s.getLocation() == null ? line : s.getLocation().getLineNr();
            return new InvalidInput(file.name + " line " + where + " is not valid " + format + ": "
                    + s.getOriginalMessage().lines().findFirst().orElse(""), fix);
        }
        return file.failure(e);
    }

    @Override
    public final void close() {
        if (pump != null) {
            pump.interrupt();
            queue.clear();
        }
        file.close();
        if (pump != null) {
            try {
                pump.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
