package dev.airisk.adapters.git;

import dev.airisk.core.port.CommitMessage;
import dev.airisk.core.port.Signer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.GpgSignature;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Writes commit objects signed by the acting key: author and committer are the key, the message
 * carries an {@code Airisk-Actor} trailer naming it, and the {@code gpgsig} header holds the
 * signature over the commit exactly as Git verifies it (the commit without that header).
 */
final class CommitWriter {
    static final String ACTOR = "Airisk-Actor";

    private final Signer signer;
    private final Clock clock;

    CommitWriter(Signer signer, Clock clock) {
        this.signer = signer;
        this.clock = clock;
    }

    /** Inserts a signed commit of {@code tree} on {@code parent} (null for the first commit). */
    ObjectId write(ObjectInserter inserter, ObjectId tree, ObjectId parent, CommitMessage message) throws IOException {
        PersonIdent who = new PersonIdent(signer.keyName(), signer.keyId() + "@airisk", clock.instant(), ZoneOffset.UTC);
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(tree);
        if (parent != null) {
            commit.setParentId(parent);
        }
        commit.setAuthor(who);
        commit.setCommitter(who);
        commit.setEncoding(StandardCharsets.UTF_8);
        commit.setMessage(withActor(message).render());
        byte[] payload = commit.build();
        String signature = signer.signCommit(payload);
        commit.setGpgSignature(new GpgSignature(signature.getBytes(StandardCharsets.US_ASCII)));
        return inserter.insert(commit);
    }

    /** The message with {@code Airisk-Actor} set to the signing key, whatever the operation put there. */
    CommitMessage withActor(CommitMessage message) {
        Map<String, String> trailers = new LinkedHashMap<>(message.trailers());
        trailers.put(ACTOR, signer.keyId());
        return new CommitMessage(message.subject(), message.body(), trailers);
    }
}
