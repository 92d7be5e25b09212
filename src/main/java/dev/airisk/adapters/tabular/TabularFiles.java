package dev.airisk.adapters.tabular;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.port.MetricsSnapshot;
import dev.airisk.core.port.RowSource;
import dev.airisk.core.port.TabularInputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** The tabular files of monitoring: CSV or JSON Lines rows, Prometheus snapshots; each optionally gzip. */
public final class TabularFiles implements TabularInputs {

    @Override
    public RowSource rows(Path file) {
        OpenedFile opened = OpenedFile.open(file);
        try {
            int first = opened.firstChar();
            if (first < 0) {
                throw new InvalidInput(opened.name + " is empty", "give a file with a header and at least one row");
            }
            return (first == '{' ? new JsonLinesRows(opened) : new CsvRows(opened)).open();
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    @Override
    public MetricsSnapshot metrics(Path file) {
        Instant taken;
        try {
            taken = Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            taken = null;
        }
        return PrometheusText.read(OpenedFile.open(file), taken);
    }
}
