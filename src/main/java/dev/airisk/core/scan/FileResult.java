package dev.airisk.core.scan;

import java.util.List;

/**
 * What was done to one file (or container member): scanned by which analysers, or skipped and why.
 *
 * @param path      as in {@link Finding#path()}
 * @param size      its size in bytes
 * @param analysers the analysers that read it, e.g. {@code [zip, pickle]}, {@code [safetensors]}, {@code [secrets]}; empty when skipped
 * @param skipped   why it was not analysed (e.g. "binary data of no known format"), or null when it was
 */
public record FileResult(String path, long size, List<String> analysers, String skipped) {
    public FileResult {
        analysers = List.copyOf(analysers);
    }
}
