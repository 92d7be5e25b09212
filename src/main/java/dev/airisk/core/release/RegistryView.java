package dev.airisk.core.release;

import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.AiriskException.NotFound;
import dev.airisk.core.Layout;
import dev.airisk.core.model.Collected;
import dev.airisk.core.model.Deprecation;
import dev.airisk.core.model.ModelInfo;
import dev.airisk.core.model.ModelName;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.RegistrySettings;
import dev.airisk.core.model.ReleaseState;
import dev.airisk.core.model.Roles;
import dev.airisk.core.model.Version;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.notify.Consumers;
import dev.airisk.core.notify.OutboxItem;
import dev.airisk.core.policy.Policy;
import dev.airisk.core.port.RegistryCodec;
import dev.airisk.core.port.Snapshot;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Typed reads of one registry snapshot. */
public final class RegistryView {
    private final Snapshot snapshot;
    private final RegistryCodec codec;

    public RegistryView(Snapshot snapshot, RegistryCodec codec) {
        this.snapshot = snapshot;
        this.codec = codec;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public RegistrySettings settings() {
        byte[] b = snapshot.read(Layout.SETTINGS).orElseThrow(() -> new NotFound(
                "the registry has no " + Layout.SETTINGS, "check that --registry or AIRISK_REGISTRY names an airisk registry"));
        return codec.readSettings(b, Layout.SETTINGS);
    }

    public Roles roles() {
        return snapshot.read(Layout.ROLES).map(b -> codec.readRoles(b, Layout.ROLES)).orElse(new Roles(Map.of()));
    }

    /** Trusted public keys: key id to PEM. */
    public Map<String, String> trustedKeys() {
        Map<String, String> out = new TreeMap<>();
        for (String file : snapshot.children(Layout.TRUST_KEYS)) {
            if (file.endsWith(".pub.pem")) {
                String id = file.substring(0, file.length() - ".pub.pem".length());
                snapshot.read(Layout.TRUST_KEYS + "/" + file).ifPresent(b -> out.put(id, new String(b, StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    /** CA certificates trusted for identities: CA id to PEM, by id. */
    public Map<String, String> trustedCas() {
        Map<String, String> out = new TreeMap<>();
        for (String id : snapshot.children(Layout.TRUST_CAS)) {
            snapshot.read(Layout.trustedCa(id)).ifPresent(b -> out.put(id, new String(b, StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** The roles a CA's certificates grant, by identity; IntegrityFailure when its identities file is not lines of ROLE IDENTITY. */
    public Map<String, Set<String>> caGrants(String caId) {
        String path = Layout.caIdentities(caId);
        Map<String, Set<String>> out = new TreeMap<>();
        String text = snapshot.read(path).map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
        for (String line : text.lines().toList()) {
            String[] parts = line.strip().split(" ");
            if (parts.length != 2 || parts[0].isEmpty()) {
                throw new IntegrityFailure(path + ": '" + line + "' is not a line of ROLE IDENTITY",
                        "the trust store was edited by hand; restore " + path + " from a good copy");
            }
            out.computeIfAbsent(parts[1], k -> new TreeSet<>()).add(parts[0]);
        }
        return out;
    }

    /** Model names, sorted. */
    public List<String> modelNames() {
        return snapshot.children(Layout.MODELS);
    }

    public Optional<ModelInfo> model(String name) {
        ModelName.require(name);
        String path = Layout.model(name);
        return snapshot.read(path).map(b -> codec.readModel(b, path));
    }

    public ModelInfo requireModel(String name) {
        return model(name).orElseThrow(() -> new NotFound("model '" + name + "' is not registered",
                "run 'airisk list' to see the registered models"));
    }

    /** Versions of a model in semver order, oldest first. Empty when the model is unknown. */
    public List<Version> versions(String name) {
        ModelName.require(name);
        List<Version> out = new ArrayList<>();
        for (String v : snapshot.children(Layout.versions(name))) {
            out.add(Version.parse(v));
        }
        out.sort(null);
        return out;
    }

    /**
     * The record of {@code ref}; IntegrityFailure when the record.yaml in its folder names another model
     * or version (copied there). Its signature is checked by {@link RecordSignatures}.
     */
    public Optional<VersionRecord> record(ModelRef ref) {
        String path = Layout.record(ref);
        return snapshot.read(path).map(b -> {
            VersionRecord r = codec.readRecord(b, path);
            if (!r.ref().equals(ref)) {
                throw new IntegrityFailure(ref + ": record.yaml is the record of " + r.ref() + ", not of the version of its folder",
                        "it was copied from another version or model; restore it from a good copy of the registry, and do not"
                                + " use " + ref + " until 'airisk verify " + ref + "' passes");
            }
            return r;
        });
    }

    public VersionRecord requireRecord(ModelRef ref) {
        return record(ref).orElseThrow(() -> new NotFound(ref + " is not registered",
                "run 'airisk list " + ref.name() + "' to see its versions"));
    }

    public Optional<byte[]> signature(ModelRef ref) {
        return snapshot.read(Layout.signature(ref));
    }

    /** The supplier's signature of a vendor model (vendor.sig), when there is one. */
    public Optional<byte[]> vendorSignature(ModelRef ref) {
        return snapshot.read(Layout.vendorSignature(ref));
    }

    public Optional<byte[]> recordSignature(ModelRef ref) {
        return snapshot.read(Layout.recordSignature(ref));
    }

    /** policy.yaml, validated against the registry's environments; the empty policy when there is none. */
    public Policy policy() {
        List<String> environments = settings().environments();
        return snapshot.read(Layout.POLICY).map(b -> codec.readPolicy(b, Layout.POLICY, environments)).orElse(Policy.empty());
    }

    /** A model's release state; empty when nothing was ever promoted. */
    public ReleaseState state(String name) {
        String path = Layout.state(name);
        return snapshot.read(path).map(b -> codec.readState(b, path)).orElse(ReleaseState.EMPTY);
    }

    /** The files directly under a folder, path to bytes, sorted by name. */
    public Map<String, byte[]> files(String dir) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String name : snapshot.children(dir)) {
            String path = dir + "/" + name;
            snapshot.read(path).ifPresent(b -> out.put(path, b));
        }
        return out;
    }

    /** Throws InvalidInput unless {@code env} is one of the registry's environments. */
    public String requireEnvironment(String env) {
        List<String> envs = settings().environments();
        if (!envs.contains(env)) {
            throw new InvalidInput("unknown environment '" + env + "'",
                    "environments of this registry are " + String.join(", ", envs));
        }
        return env;
    }

    /** Every version record in the registry, by model then version. */
    public List<VersionRecord> allRecords() {
        List<VersionRecord> out = new ArrayList<>();
        for (String name : modelNames()) {
            for (Version v : versions(name)) {
                record(new ModelRef(name, v)).ifPresent(out::add);
            }
        }
        return out;
    }

    /** consumers.yaml; none when there is no file. */
    public Consumers consumers() {
        return snapshot.read(Layout.CONSUMERS).map(b -> codec.readConsumers(b, Layout.CONSUMERS))
                .orElse(Consumers.NONE);
    }

    /** A model's deprecations, oldest version first; empty when none. */
    public List<Deprecation> deprecations(String name) {
        String path = Layout.deprecations(name);
        return snapshot.read(path).map(b -> codec.readDeprecations(b, path)).orElse(List.of());
    }

    public Optional<Deprecation> deprecation(ModelRef ref) {
        return deprecations(ref.name()).stream().filter(d -> d.version().equals(ref.version())).findFirst();
    }

    /** The claim of a running (or killed) gc on the blobs it deletes: when, by whom, which blobs. */
    public Optional<Collected> gcClaim() {
        return snapshot.read(Layout.GC_CLAIM).map(b -> codec.readCollected(b, Layout.GC_CLAIM));
    }

    /** True once a gc has run or started here: blobs a version names may have been deleted since it was stored. */
    public boolean collectedBefore() {
        return snapshot.exists(Layout.GC_CLAIM) || snapshot.exists(Layout.GC_DONE);
    }

    /** The retention marker of a version whose artifacts were collected, if it was. */
    public Optional<Collected> collected(ModelRef ref) {
        String path = Layout.collected(ref);
        return snapshot.read(path).map(b -> codec.readCollected(b, path));
    }

    /** A delivery as it is now, found from what never changes about it (its id and due time). */
    public Optional<OutboxItem> outboxItem(OutboxItem known) {
        for (String path : List.of(Layout.outboxPending(known.due(), known.id()), Layout.outboxFailed(known.id()),
                Layout.outboxDone(known.id()))) {
            Optional<byte[]> b = snapshot.read(path);
            if (b.isPresent()) {
                return Optional.of(codec.readOutboxItem(b.get(), path));
            }
        }
        return Optional.empty();
    }

    /** Every delivery in the outbox: pending, then failed for good, then done. */
    public List<OutboxItem> outbox() {
        List<OutboxItem> out = outboxDue(null);
        readShards(Layout.OUTBOX_FAILED, out);
        readShards(Layout.OUTBOX_DONE, out);
        return out;
    }

    /** The deliveries failed for good that were neither re-queued nor acknowledged since (outbox/failed). */
    public List<OutboxItem> outboxGivenUp() {
        List<OutboxItem> out = new ArrayList<>();
        readShards(Layout.OUTBOX_FAILED, out);
        return out;
    }

    /**
     * The deliveries whose id starts with {@code prefix} (at least two hex characters), wherever they
     * are: only the one shard of each folder is read.
     */
    public List<OutboxItem> outboxById(String prefix) {
        List<OutboxItem> out = new ArrayList<>();
        String shard = prefix.substring(0, 2);
        List<String> dirs = new ArrayList<>();
        for (String date : snapshot.children(Layout.OUTBOX_PENDING)) {
            dirs.add(Layout.OUTBOX_PENDING + "/" + date + "/" + shard);
        }
        dirs.add(Layout.OUTBOX_FAILED + "/" + shard);
        dirs.add(Layout.OUTBOX_DONE + "/" + shard);
        for (String dir : dirs) {
            for (String file : snapshot.children(dir)) {
                if (file.startsWith(prefix)) {
                    String path = dir + "/" + file;
                    snapshot.read(path).ifPresent(b -> out.add(codec.readOutboxItem(b, path)));
                }
            }
        }
        return out;
    }

    /** Pending deliveries due on or before the UTC date of {@code now} (all when null); later dates are not read. */
    public List<OutboxItem> outboxDue(Instant now) {
        String today = now == null ? null : LocalDate.ofInstant(now, ZoneOffset.UTC).toString();
        List<OutboxItem> out = new ArrayList<>();
        for (String date : snapshot.children(Layout.OUTBOX_PENDING)) {
            if (today == null || date.compareTo(today) <= 0) {
                readShards(Layout.OUTBOX_PENDING + "/" + date, out);
            }
        }
        return out;
    }

    private void readShards(String dir, List<OutboxItem> out) {
        for (String shard : snapshot.children(dir)) {
            for (String file : snapshot.children(dir + "/" + shard)) {
                String path = dir + "/" + shard + "/" + file;
                snapshot.read(path).ifPresent(b -> out.add(codec.readOutboxItem(b, path)));
            }
        }
    }
}
