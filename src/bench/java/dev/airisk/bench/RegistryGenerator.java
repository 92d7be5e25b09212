package dev.airisk.bench;

import dev.airisk.adapters.crypto.PublicKeys;
import dev.airisk.adapters.yaml.YamlRegistryCodec;
import dev.airisk.core.Layout;
import dev.airisk.core.model.DatasetRef;
import dev.airisk.core.model.FileDigest;
import dev.airisk.core.model.Manifest;
import dev.airisk.core.model.Metadata;
import dev.airisk.core.model.ModelInfo;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.RegistrySettings;
import dev.airisk.core.model.RiskTier;
import dev.airisk.core.model.Roles;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.model.Version;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.port.CommitMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Writes a registry of many models and versions straight into a new bare repository, as one commit
 * in one pack (what a registry looks like after {@code git gc}). Records and model files come from
 * the real codec, with realistic manifests and metadata; model.sig and record.sig are stand-ins of
 * the real size and shape that do not verify (no private key is involved). Usage:
 * {@code RegistryGenerator PATH [MODELS=10000] [VERSIONS=10]}.
 */
public final class RegistryGenerator {
    private static final String[] KINDS = {"churn", "fraud", "credit-score", "ranker", "embedder", "ocr",
        "forecast", "triage", "recommender", "toxicity"};
    private static final String KEY_ID = Sha256.digest("bench-key".getBytes(StandardCharsets.UTF_8)).hex();
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    private final YamlRegistryCodec codec = new YamlRegistryCodec();
    private final ObjectInserter inserter;

    private RegistryGenerator(ObjectInserter inserter) {
        this.inserter = inserter;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: RegistryGenerator PATH [MODELS=10000] [VERSIONS=10] [TRUSTED_KEY.pub.pem STORE]");
            System.exit(2);
        }
        // Object ids of generated content need no SHA-1 collision detection; the JDK's SHA-1 is faster.
        System.setProperty("org.eclipse.jgit.util.sha1.implementation", "JDKNATIVE");
        Path dir = Path.of(args[0]);
        int models = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int versions = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        String trustedPem = args.length > 3 ? Files.readString(Path.of(args[3])) : null;
        String store = args.length > 4 ? args[4] : "file:///var/lib/airisk/store";
        long start = System.nanoTime();
        String commit = generate(dir, models, versions, trustedPem, store);
        System.out.printf("generated %s: %d models x %d versions, commit %s, in %d ms%n",
                dir, models, versions, commit, (System.nanoTime() - start) / 1_000_000);
    }

    /** Creates the registry at {@code dir}, which must not exist or be empty; returns the commit id. */
    public static String generate(Path dir, int models, int versions) throws IOException {
        return generate(dir, models, versions, null, "file:///var/lib/airisk/store");
    }

    /**
     * As {@link #generate(Path, int, int)}, and when {@code trustedPem} is given, that public key is
     * trusted with every built-in role (so the command line can act on the registry with it), with
     * the store at {@code store}.
     */
    public static String generate(Path dir, int models, int versions, String trustedPem, String store) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException(dir + " already exists and is not empty");
                }
            }
        }
        try (Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build()) {
            repo.create(true);
            RefUpdate head = repo.getRefDatabase().newUpdate(Constants.HEAD, false);
            head.disableRefLog();
            head.link(Constants.R_HEADS + "main");
            ObjectId commit;
            try (ObjectInserter inserter = ((ObjectDirectory) repo.getObjectDatabase()).newPackInserter()) {
                commit = new RegistryGenerator(inserter).commit(models, versions, trustedPem, store);
                inserter.flush();
            }
            RefUpdate main = repo.updateRef(Constants.R_HEADS + "main");
            main.setExpectedOldObjectId(ObjectId.zeroId());
            main.setNewObjectId(commit);
            RefUpdate.Result result = main.update();
            if (result != RefUpdate.Result.NEW) {
                throw new IOException("cannot create main: " + result);
            }
            return commit.name();
        }
    }

    private ObjectId commit(int models, int versions, String trustedPem, String store) throws IOException {
        Tree modelsTree = tree();
        for (int i = 0; i < models; i++) {
            String name = KINDS[i % KINDS.length] + "-" + String.format("%05d", i);
            modelsTree.tree(name, model(name, i, versions));
        }
        List<String> holders = trustedPem == null ? List.of(KEY_ID) : List.of(KEY_ID, PublicKeys.keyId(trustedPem));
        Tree trust = tree().file("roles.yaml", codec.writeRoles(new Roles(Map.of("admin", holders,
                "publisher", holders, "releaser", holders, "approver", holders))));
        if (trustedPem != null) {
            trust.tree("keys", tree().file(PublicKeys.keyId(trustedPem) + ".pub.pem", trustedPem.getBytes(StandardCharsets.US_ASCII)));
        }
        Tree root = tree()
                .file(Layout.SETTINGS, codec.writeSettings(new RegistrySettings(RegistrySettings.FORMAT,
                        RegistrySettings.DEFAULT_ENVIRONMENTS, store, Map.of())))
                .file(Layout.POLICY, codec.emptyPolicy())
                .tree("trust", trust)
                .tree(Layout.MODELS, modelsTree);
        PersonIdent who = new PersonIdent("airisk-bench", KEY_ID + "@airisk", START, ZoneOffset.UTC);
        CommitBuilder c = new CommitBuilder();
        c.setTreeId(root.insert());
        c.setAuthor(who);
        c.setCommitter(who);
        c.setMessage(CommitMessage.of("Generate a benchmark registry of " + models + " models x " + versions + " versions",
                Map.of("Airisk-Op", "generate", "Airisk-Actor", KEY_ID)).render());
        return inserter.insert(c);
    }

    private Tree model(String name, int index, int versions) throws IOException {
        RiskTier tier = RiskTier.values()[index % 3];
        Metadata.Vendor vendor = index % 7 == 0 ? new Metadata.Vendor("Acme AI", "https://acme.example/cards/" + name) : null;
        ModelInfo info = new ModelInfo(name, "team-" + (index % 40) + "@example.com", tier,
                "Scores " + name + " for the " + KINDS[index % KINDS.length] + " workflow", null,
                List.of("eu", "us"), vendor, List.of("crm", "billing"), START.plus(Duration.ofHours(index)));
        Tree versionsTree = tree();
        for (int v = 0; v < versions; v++) {
            ModelRef ref = new ModelRef(name, Version.parse("1." + v + ".0"));
            VersionRecord record = record(ref, info, index, v);
            byte[] yaml = codec.writeRecord(record);
            versionsTree.tree(ref.version().text(), tree()
                    .file("record.yaml", yaml)
                    .file("model.sig", signature(record))
                    .file("record.sig", recordSignature(record, yaml)));
        }
        return tree()
                .file("model.yaml", codec.writeModel(info))
                .tree("versions", versionsTree);
    }

    private static VersionRecord record(ModelRef ref, ModelInfo info, int index, int v) {
        List<FileDigest> files = new ArrayList<>();
        String[] names = {"model.safetensors", "config.json", "tokenizer.json", "preprocessor.pkl", "README.md"};
        for (int f = 0; f < 3 + (index + v) % 3; f++) {
            files.add(new FileDigest(names[f], 1_000L + (long) (index * 31 + v * 7 + f) * 104_729L, digest(ref + "/" + names[f])));
        }
        Metadata metadata = new Metadata(info.owner(), info.riskTier(), info.intendedUse(),
                "Version " + ref.version() + " of " + ref.name() + ", retrained on the latest snapshot.",
                List.of(new DatasetRef("customers", "2024-" + String.format("%02d", 1 + v % 12), digest("customers" + v))),
                Map.of("auc", 0.80 + (index % 100) / 1000.0 + v / 1000.0, "f1", 0.70 + v / 500.0, "latency_ms", 5.0 + index % 20),
                digest(ref.toString()).hex().substring(0, 40), List.of(), info.regions(), index % 2 == 0, info.vendor(),
                new Metadata.InputSchema(List.of("tenure", "plan", "monthly_charges", "region")),
                Map.of("team", "team-" + index % 40), info.regions(), false);
        return VersionRecord.of(ref, new Manifest(files), metadata, KEY_ID, START.plus(Duration.ofDays(index % 365)).plusSeconds(v * 3600L));
    }

    /** A stand-in for the Sigstore bundle: the same size and shape, not a valid signature. */
    private static byte[] signature(VersionRecord record) {
        String json = "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"dsseEnvelope\":{\"payload\":\""
                + "x".repeat(1200) + record.rootDigest().hex() + "\",\"payloadType\":\"application/vnd.in-toto+json\","
                + "\"signatures\":[{\"sig\":\"" + digest(record.ref().toString()).hex() + "\"}]}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A stand-in for record.sig: a DSSE envelope of the real size and shape (its statement names the
     * record's path and digest) whose signature is not valid. The generator holds no private key of
     * {@link #KEY_ID}, so verify, pull and check refuse generated versions, as they do for model.sig.
     */
    private static byte[] recordSignature(VersionRecord record, byte[] recordYaml) {
        ModelRef ref = record.ref();
        String statement = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"" + Layout.record(ref)
                + "\",\"digest\":{\"sha256\":\"" + Sha256.digest(recordYaml).hex() + "\"}}],\"predicateType\":"
                + "\"https://airisk.dev/record/v1\",\"predicate\":{\"model\":\"" + ref.name() + "\",\"version\":\""
                + ref.version() + "\",\"root_digest\":\"" + record.rootDigest().hex() + "\"}}";
        String json = "{\"payload\":\"" + Base64.getEncoder().encodeToString(statement.getBytes(StandardCharsets.UTF_8))
                + "\",\"payloadType\":\"application/vnd.in-toto+json\",\"signatures\":[{\"sig\":\""
                + "A".repeat(96) + "\",\"keyid\":\"" + KEY_ID + "\"}]}\n";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static Sha256 digest(String seed) {
        return Sha256.digest(seed.getBytes(StandardCharsets.UTF_8));
    }

    private Tree tree() {
        return new Tree(inserter);
    }

    /**
     * A folder being generated. Blobs are inserted at once; trees only by {@link #insert()}, after
     * every blob, so all trees sit together in the pack as {@code git gc} lays them out.
     */
    private static final class Tree {
        private final ObjectInserter inserter;
        private final TreeMap<byte[], Entry> entries = new TreeMap<>(Arrays::compareUnsigned);

        Tree(ObjectInserter inserter) {
            this.inserter = inserter;
        }

        Tree file(String name, byte[] bytes) throws IOException {
            entries.put(key(name, false), new Entry(name, inserter.insert(Constants.OBJ_BLOB, bytes), null));
            return this;
        }

        Tree tree(String name, Tree child) {
            entries.put(key(name, true), new Entry(name, null, child));
            return this;
        }

        /** Inserts the trees below, then this one (names compared as "name/" for folders, as Git requires). */
        ObjectId insert() throws IOException {
            TreeFormatter f = new TreeFormatter();
            for (Entry e : entries.values()) {
                if (e.child() == null) {
                    f.append(e.name(), FileMode.REGULAR_FILE, e.blob());
                } else {
                    f.append(e.name(), FileMode.TREE, e.child().insert());
                }
            }
            return inserter.insert(f);
        }

        private static byte[] key(String name, boolean folder) {
            return (folder ? name + "/" : name).getBytes(StandardCharsets.UTF_8);
        }

        private record Entry(String name, ObjectId blob, Tree child) {
        }
    }
}
