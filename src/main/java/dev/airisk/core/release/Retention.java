package dev.airisk.core.release;

import dev.airisk.core.AiriskException.Conflict;
import dev.airisk.core.AiriskException;
import dev.airisk.core.Layout;
import dev.airisk.core.model.Collected;
import dev.airisk.core.model.Deprecation;
import dev.airisk.core.model.FileDigest;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.port.ArtifactStore;
import dev.airisk.core.port.Attestations;
import dev.airisk.core.port.Change;
import dev.airisk.core.port.CommitMessage;
import dev.airisk.core.port.Registry;
import dev.airisk.core.port.RegistryCodec;
import dev.airisk.core.port.Signer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    static final String PURPOSE = "collect retired versions";

    private final Registry registry;
    private final RegistryCodec codec;
    private final Supplier<ArtifactStore> store;
    private final Signer signer;
    private final Clock clock;
    private final Attestations attestations;

    Retention(Registry registry, RegistryCodec codec, Supplier<ArtifactStore> store, Signer signer, Clock clock,
              Attestations attestations) {
        this.attestations = attestations;
        this.registry = registry;
        this.codec = codec;
        this.store = store;
        this.signer = signer;
        this.clock = clock;
    }

    /** One version collected (or that would be). */
    public record Version(ModelRef ref, LocalDate retiredOn, List<Sha256> deleted, List<Sha256> kept, List<Sha256> locked) {
    }

    /**
     * What gc did; {@code commit} is null for a dry run or when nothing was due. {@code temporariesRemoved}:
     * how many temporary files of killed puts the store held (older than
     * {@link ArtifactStore#STALE_TEMPORARY_AGE}) were removed, or with a dry run would be.
     */
    public record Result(boolean dryRun, List<Version> versions, String commit, int temporariesRemoved) {
    }

    /**
     * Three steps, so that no version can come to name a blob while it is deleted: (1) one commit
     * claims the blobs to delete ({@code gc/claim.yaml}), planned on the head it commits on; while
     * the claim holds, {@code register} refuses a version that names one of them; (2) the blobs are
     * deleted, the claim renewed when half its lease has passed; (3) one commit writes the markers
     * and replaces the claim with {@code gc/done.yaml}. A gc killed in between leaves its claim,
     * which the next gc (or the same key at once) takes over after the lease.
     */
    public Result gc(boolean dryRun) {
        RegistryView view = new RegistryView(registry.head(), codec);
        Actors.require(view, signer, Operation.GC_CLAIM);
        Instant now = clock.instant();
        int temporaries = store.get().removeStaleTemporaries(now.minus(ArtifactStore.STALE_TEMPORARY_AGE), dryRun);
        if (dryRun) {
            List<Version> plan = plan(view, now);
            if (!plan.isEmpty()) {
                signer.ready();
            }
            return new Result(true, plan, null, temporaries);
        }
        Duration lease = view.policy().notices().lease();
        List<Version> planned = registry.update(head -> {
            RegistryView v = new RegistryView(head, codec);
            Actors.require(v, signer, Operation.GC_CLAIM);
            v.gcClaim().filter(c -> !c.by().equals(signer.keyId()) && clock.instant().isBefore(c.at().plus(lease)))
                    .ifPresent(c -> {
                        throw new Conflict("another gc, by key " + c.by().substring(0, 12) + ", has been collecting since "
                                + c.at().truncatedTo(ChronoUnit.SECONDS), "run gc again after it finished, or after "
                                + c.at().plus(lease).truncatedTo(ChronoUnit.SECONDS) + " when its claim expires");
                    });
            List<Version> p = plan(v, now);
            if (p.isEmpty()) {
                return Change.none(p);
            }
            return new Change<>(p, claim(p, clock.instant()), CommitMessage.of("Claim the artifacts of " + p.size()
                    + " retired version(s) for collection under retention", Trailers.op(Operation.GC_CLAIM).put(Trailers.COUNT, blobs(p).size())
                    .by(signer.keyId())));
        }).result();
        if (planned.isEmpty()) {
            return new Result(false, planned, null, temporaries);
        }
        Instant claimed = clock.instant();
        List<Version> out = new ArrayList<>();
        for (Version c : planned) {
            List<Sha256> deleted = new ArrayList<>();
            List<Sha256> locked = new ArrayList<>();
            for (Sha256 b : c.deleted()) {
                if (!clock.instant().isBefore(claimed.plus(lease.dividedBy(2)))) {
                    claimed = clock.instant();
                    renew(planned, claimed);
                }
                (store.get().delete(b) == ArtifactStore.Deletion.LOCKED ? locked : deleted).add(b);
            }
            out.add(new Version(c.ref(), c.retiredOn(), deleted, c.kept(), locked));
        }
        String commit = registry.update(head -> {
            RegistryView v = new RegistryView(head, codec);
            Actors.require(v, signer, Operation.GC);
            Map<String, byte[]> writes = new LinkedHashMap<>();
            List<Sha256> gone = new ArrayList<>();
            for (Version c : out) {
                gone.addAll(c.deleted());
                if (v.collected(c.ref()).isEmpty()) {
                    writes.put(Layout.collected(c.ref()), codec.writeCollected(new Collected(now, signer.keyId(), c.deleted(), c.locked())));
                }
            }
            writes.put(Layout.GC_CLAIM, null);
            writes.put(Layout.GC_DONE, codec.writeCollected(new Collected(clock.instant(), signer.keyId(), gone, List.of())));
            return new Change<>(null, writes, CommitMessage.of("Collect the artifacts of " + out.size() + " retired version(s) under retention",
                    Trailers.op(Operation.GC).put(Trailers.COUNT, writes.size() - 2).by(signer.keyId())));
        }).commitId();
        return new Result(false, out, commit, temporaries);
    }

    /**
     * The versions retired longer ago than the retention, each with the blobs to delete: its own,
     * minus those another version (not collected), an attached document or an incident's document
     * still uses, which are kept.
     */
    private List<Version> plan(RegistryView view, Instant now) {
        Duration retention = view.policy().notices().retention();
        List<VersionRecord> due = new ArrayList<>();
        Map<ModelRef, Deprecation> deprecations = new LinkedHashMap<>();
        Set<Sha256> inUse = new HashSet<>(Incidents.documents(view, attestations));
        Set<String> attached = new HashSet<>();
        for (VersionRecord r : view.allRecords()) {
            ModelRef ref = r.ref();
            Deprecation d = view.deprecation(ref).orElse(null);
            view.snapshot().children(Layout.attachments(ref)).forEach(f -> attached.add(attachedDigestPrefix(f)));
            if (view.collected(ref).isPresent()) {
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
            Set<Sha256> blobs = new TreeSet<>(Comparator.comparing(Sha256::hex));
            r.manifest().files().stream().map(FileDigest::sha256).forEach(blobs::add);
            List<Sha256> delete = new ArrayList<>();
            List<Sha256> kept = new ArrayList<>();
            for (Sha256 b : blobs) {
                (inUse.contains(b) || attached.contains(b.hex().substring(0, 16)) ? kept : delete).add(b);
            }
            out.add(new Version(r.ref(), deprecations.get(r.ref()).retireOn(), delete, kept, List.of()));
        }
        return out;
    }

    /** The claim file: when, by whom, and every blob the plan deletes. */
    private Map<String, byte[]> claim(List<Version> plan, Instant at) {
        Map<String, byte[]> writes = new LinkedHashMap<>();
        writes.put(Layout.GC_CLAIM, codec.writeCollected(new Collected(at, signer.keyId(), blobs(plan), List.of())));
        return writes;
    }

    /** Renews this run's claim (a new time), so a long deletion never outlives it. */
    private void renew(List<Version> plan, Instant at) {
        registry.update(head -> new Change<>(null, claim(plan, at), CommitMessage.of("Renew the claim of a running gc",
                Trailers.op(Operation.GC_CLAIM).put(Trailers.COUNT, blobs(plan).size()).by(signer.keyId()))));
    }

    private static List<Sha256> blobs(List<Version> plan) {
        List<Sha256> all = new ArrayList<>();
        plan.forEach(v -> all.addAll(v.deleted()));
        return all;
    }

    /**
     * Conflict (exit 6) when {@code digests} cannot be relied on: a running gc claims one of them, or a
     * gc ran since and one of them is no longer in the store. Registrations call it on the head they
     * commit on, so no record ever names a blob that gc deletes.
     */
    static void requireStored(RegistryView view, ModelRef ref, List<FileDigest> files, ArtifactStore store, Instant now) {
        if (!view.collectedBefore()) {
            return;
        }
        Duration lease = view.policy().notices().lease();
        Optional<Collected> claim = view.gcClaim().filter(c -> now.isBefore(c.at().plus(lease)));
        for (FileDigest f : files) {
            if (claim.isPresent() && claim.get().deleted().contains(f.sha256())) {
                throw new Conflict(ref + ": '" + f.path() + "' is the blob sha256:" + f.sha256().shortHex()
                        + " of a retired version that 'airisk gc' is deleting right now; nothing was recorded",
                        "register again once that gc has finished (its claim lasts until "
                                + claim.get().at().plus(lease).truncatedTo(ChronoUnit.SECONDS) + ")");
            }
        }
        for (FileDigest f : files) {
            if (!store.contains(f.sha256())) {
                throw new Conflict(ref + ": '" + f.path() + "' (sha256:" + f.sha256().shortHex()
                        + ") was deleted from the store by 'airisk gc' while it was registered; nothing was recorded",
                        "register again: the file is stored anew");
            }
        }
    }

    /** NotFound (exit 5) when the artifacts of {@code ref} were collected under retention. */
    static void requireNotCollected(RegistryView view, ModelRef ref) {
        view.collected(ref).ifPresent(c -> {
            String retired = view.deprecation(ref).map(d -> ", retired on " + d.retireOn()).orElse("");
            throw new AiriskException.NotFound("the artifacts of " + ref + " were collected under retention on "
                    + c.at().truncatedTo(ChronoUnit.SECONDS) + retired,
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
