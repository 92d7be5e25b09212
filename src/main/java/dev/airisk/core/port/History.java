package dev.airisk.core.port;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The registry's commit history, for {@code airisk log}, {@code history} and {@code audit verify}. */
public interface History {

    /** Every commit reachable from the main branch, oldest first (a parent always before its children). */
    List<Commit> commits();

    /**
     * The commits reachable from {@code until} but not from {@code since} (null: every commit reachable
     * from {@code until}), oldest first.
     */
    List<Commit> commits(String since, String until);

    /** The commit with that full hex id. */
    Commit commit(String commitId);

    /** True when {@code ancestor} is {@code descendant} or reachable from it. */
    boolean contains(String descendant, String ancestor);

    /** The registry tree as it was at a commit. */
    Snapshot at(String commitId);

    /** Paths of files added, changed or deleted by a commit against its first parent (every file for a root commit), sorted. */
    List<String> changedPaths(String commitId);

    /**
     * One commit.
     *
     * @param id            hex commit id
     * @param parents       hex ids of its parents
     * @param time          committer time
     * @param subject       first line of the message
     * @param trailers      machine trailers in message order
     * @param signature     the armored signature from the gpgsig header, or null when unsigned
     * @param signedPayload the bytes the signature covers (the raw commit without its gpgsig header)
     * @param author        the author's name: the name of the key that signed the commit, as its holder calls it; or null
     */
    record Commit(String id, List<String> parents, Instant time, String subject, Map<String, String> trailers,
                  String signature, byte[] signedPayload, String author) {
        public Commit {
            parents = List.copyOf(parents);
            trailers = Collections.unmodifiableMap(new LinkedHashMap<>(trailers));
            signedPayload = signedPayload.clone();
        }

        /** A commit whose author's name is not known. */
        public Commit(String id, List<String> parents, Instant time, String subject, Map<String, String> trailers,
                      String signature, byte[] signedPayload) {
            this(id, parents, time, subject, trailers, signature, signedPayload, null);
        }

        /** A copy: the bytes a signature covers must not change under the one checking it. */
        @Override
        public byte[] signedPayload() {
            return signedPayload.clone();
        }

        public String trailer(String key) {
            return trailers.get(key);
        }
    }
}
