package dev.airisk.adapters.git;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One commit of the registry's history, as {@code airisk log} and {@code airisk audit verify} need it.
 *
 * @param commitId      the commit's hex id
 * @param parentIds     the parents' hex ids (none for the first commit)
 * @param time          the committer time
 * @param subject       the first line of the message
 * @param trailers      the machine trailers ({@code Airisk-Op}, {@code Airisk-Actor}, ...), in message order
 * @param signature     the armored signature from the {@code gpgsig} header, or null when unsigned
 * @param signedPayload the bytes that signature covers: the raw commit without its signature header
 */
public record HistoryEntry(String commitId, List<String> parentIds, Instant time, String subject,
                           Map<String, String> trailers, String signature, byte[] signedPayload) {
    public HistoryEntry {
        parentIds = List.copyOf(parentIds);
        trailers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(trailers));
        signedPayload = signedPayload.clone();
    }

    /** A copy of the signed bytes (records hand out arrays by reference otherwise). */
    @Override
    public byte[] signedPayload() {
        return signedPayload.clone();
    }

    /** The acting key id from the {@code Airisk-Actor} trailer, or null. */
    public String actor() {
        return trailers.get(CommitWriter.ACTOR);
    }
}
