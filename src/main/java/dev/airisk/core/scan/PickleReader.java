package dev.airisk.core.scan;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Analyses a stream of one or more pickles (the real one is PickleAnalyzer::analyze). */
@FunctionalInterface
public interface PickleReader {
    List<Finding> analyze(String path, InputStream in) throws IOException;
}
