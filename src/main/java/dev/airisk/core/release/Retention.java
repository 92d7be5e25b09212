package dev.airisk.core.release;

import dev.airisk.core.Layout;
import dev.airisk.core.model.Collected;
import dev.airisk.core.model.Deprecation;
import dev.airisk.core.model.FileDigest;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.port.ArtifactStore;
import dev.airisk.core.port.Change;
import dev.airisk.core.port.CommitMessage;
import dev.airisk.core.port.Registry;
import dev.airisk.core.port.RegistryCodec;
import dev.airisk.core.port.Signer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * {@code airisk gc}: deletes the store blobs of versions retired longer ago than the policy's
 * retention, except blobs that another version (not collected) or any attached document still uses,
 * and blobs under a retention lock, which are kept and reported. The registry keeps every record; a
 * {@code collected.yaml} marker beside the record says what was deleted, in one commit.
 */
public final class Retention {
    static final String GC = "gc";

    private final Registry registry;
    private final RegistryCodec codec;
    private final Supplier<ArtifactStore> store;
    private final Signer signer;
    private final Clock clock;

    Retention(Registry registry, RegistryCodec codec, Supplier<ArtifactStore> store, Signer signer, Clock clock) {
        this.registry = registry;
        this.codec = codec;
        this.store = store;
        this.signer = signer;
        this.clock = clock;
    }

    /** One version collected (or that would be). */
    public record Version(ModelRef ref, java.time.LocalDate retiredOn, List<Sha256> deleted, List<Sha256> kept, List<Sha256> locked) {
    }

    /** What gc did; {@code commit} is null for a dry run or when nothing was due. */
    public record Result(boolean dryRun, List<Version> versions, String commit) {
    }

    public Result gc(boolean dryRun) {
        RegistryView view = new RegistryView(registry.head(), codec);
        Actors.require(view, signer, "collect retired versions", List.of(Actors.ADMIN));
        Instant now = clock.instant();
        java.time.Duration retention = view.policy().notices().retention();
        List<VersionRecord> due = new ArrayList<>();
        Map<ModelRef, Deprecation> deprecations = new LinkedHashMap<>();
        Set<Sha256> inUse = new HashSet<>();
        Set<String> attached = new HashSet<>();
        for (VersionRecord r : view.allRecords()) {
            ModelRef ref = r.ref();
            Deprecation d = view.deprecation(ref).orElse(null);
            boolean collected = view.collected(ref).isPresent();
            view.snapshot().children(Layout.attachments(ref)).forEach(f -> attached.add(attachedDigestPrefix(f)));
            if (collected) {
                continue;
            }
            if (d != null && !now.isBefore(d.retiresAt().plus(retention))) {
                due.add(r);
                deprecations.put(ref, d);
            } else {
                r.manifest().files().forEach(f -> inUse.add(f.sha256()));
            }
        }
        List<Version> out = new ArrayList<>();
        for (VersionRecord r : due) {
            Set<Sha256> blobs = new TreeSet<>(java.util.Comparator.comparing(Sha256::hex));
            r.manifest().files().stream().map(FileDigest::sha256).forEach(blobs::add);
            List<Sha256> deleted = new ArrayList<>();
            List<Sha256> kept = new ArrayList<>();
            List<Sha256> locked = new ArrayList<>();
            for (Sha256 b : blobs) {
                if (inUse.contains(b) || attached.contains(b.hex().substring(0, 16))) {
                    kept.add(b);
                } else if (dryRun) {
                    deleted.add(b);
                } else if (store.get().delete(b) == ArtifactStore.Deletion.LOCKED) {
                    locked.add(b);
                } else {
                    deleted.add(b);
                }
            }
            out.add(new Version(r.ref(), deprecations.get(r.ref()).retireOn(), deleted, kept, locked));
        }
        if (dryRun || out.isEmpty()) {
            return new Result(dryRun, out, null);
        }
        String commit = registry.update(head -> {
            RegistryView v = new RegistryView(head, codec);
            Actors.require(v, signer, "collect retired versions", List.of(Actors.ADMIN));
            Map<String, byte[]> writes = new LinkedHashMap<>();
            for (Version c : out) {
                if (v.collected(c.ref()).isEmpty()) {
                    writes.put(Layout.collected(c.ref()), codec.writeCollected(new Collected(now, signer.keyId(), c.deleted(), c.locked())));
                }
            }
            if (writes.isEmpty()) {
                return Change.none(null);
            }
            return new Change<>(null, writes, CommitMessage.of("Collect the artifacts of " + out.size() + " retired version(s) under retention",
                    Trailers.op(GC).put(Trailers.COUNT, writes.size()).by(signer.keyId())));
        }).commitId();
        return new Result(false, out, commit);
    }

    /** NotFound (exit 5) when the artifacts of {@code ref} were collected under retention. */
    static void requireNotCollected(RegistryView view, ModelRef ref) {
        view.collected(ref).ifPresent(c -> {
            String retired = view.deprecation(ref).map(d -> ", retired on " + d.retireOn()).orElse("");
            throw new dev.airisk.core.AiriskException.NotFound("the artifacts of " + ref + " were collected under retention on "
                    + c.at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + retired,
                    "its record stays in the registry ('airisk show " + ref + "'); the files are gone from the store");
        });
    }

    /** Attachment files are named {@code <kind>-<first 16 hex of the document's digest>.json}. */
    private static String attachedDigestPrefix(String file) {
        String base = file.endsWith(".json") ? file.substring(0, file.length() - 5) : file;
        int dash = base.lastIndexOf('-');
        return dash < 0 ? base : base.substring(dash + 1);
    }
}
