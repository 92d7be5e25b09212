package dev.airisk.core.release;

import dev.airisk.adapters.archive.CommonsContainerReader;
import dev.airisk.adapters.crypto.TestSigner;
import dev.airisk.core.AiriskException.Conflict;
import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.AiriskException.NotFound;
import dev.airisk.core.model.Collected;
import dev.airisk.core.model.Deprecation;
import dev.airisk.core.model.FileDigest;
import dev.airisk.core.model.Manifest;
import dev.airisk.core.model.Metadata;
import dev.airisk.core.model.ModelInfo;
import dev.airisk.core.model.RegistrySettings;
import dev.airisk.core.model.ReleaseState;
import dev.airisk.core.model.Roles;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.notify.Consumers;
import dev.airisk.core.notify.OutboxItem;
import dev.airisk.core.policy.Policy;
import dev.airisk.core.port.ArchiveWriter;
import dev.airisk.core.port.ArtifactStore;
import dev.airisk.core.port.Attestations;
import dev.airisk.core.port.Change;
import dev.airisk.core.port.CommitMessage;
import dev.airisk.core.port.ContainerReader;
import dev.airisk.core.port.Content;
import dev.airisk.core.port.History;
import dev.airisk.core.port.ModelSource;
import dev.airisk.core.port.ModelSources;
import dev.airisk.core.port.Registry;
import dev.airisk.core.port.RegistryCodec;
import dev.airisk.core.port.Signer;
import dev.airisk.core.port.Snapshot;
import dev.airisk.core.port.StoreProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Ports held in memory, for testing the use-cases without any adapter. */
final class InMemoryPorts {
    /** A META.yaml file as the command line hands it to register: its name and bytes. */
    static RegisterRequest.Meta meta(Path file) {
        try {
            return new RegisterRequest.Meta(file.getFileName().toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private InMemoryPorts() {
    }

    /** A registry as a list of tree maps; update is compare-and-swap on the list's size. */
    static final class MemRegistry implements Registry {
        final List<Map<String, byte[]>> commits = Collections.synchronizedList(new ArrayList<>());
        final List<String> messages = Collections.synchronizedList(new ArrayList<>());
        /** Runs once before the next compare-and-swap: simulates a concurrent writer. */
        Runnable beforeNextSwap;
        int attempts;

        MemRegistry(Map<String, byte[]> initial) {
            commits.add(new TreeMap<>(initial));
            messages.add("init");
        }

        @Override
        public String location() {
            return "memory";
        }

        @Override
        public synchronized Snapshot head() {
            return new MemSnapshot(String.valueOf(commits.size()), commits.get(commits.size() - 1));
        }

        @Override
        public <T> Committed<T> update(Function<Snapshot, Change<T>> op) {
            for (int i = 0; i < 5; i++) {
                attempts++;
                Snapshot base = head();
                Change<T> change = op.apply(base);
                if (change.isEmpty()) {
                    return new Committed<>(change.result(), null);
                }
                Runnable concurrent = beforeNextSwap;
                beforeNextSwap = null;
                if (concurrent != null) {
                    concurrent.run();
                }
                synchronized (this) {
                    if (!String.valueOf(commits.size()).equals(base.commitId())) {
                        continue;
                    }
                    Map<String, byte[]> next = new TreeMap<>(commits.get(commits.size() - 1));
                    change.writes().forEach((k, v) -> {
                        if (v == null) {
                            next.remove(k);
                        } else {
                            next.put(k, v);
                        }
                    });
                    commits.add(next);
                    messages.add(change.message().render());
                    return new Committed<>(change.result(), String.valueOf(commits.size()));
                }
            }
            throw new Conflict("lost too many races", "try again");
        }

        /** Commits files directly, as another writer would. */
        synchronized void commitDirectly(Map<String, byte[]> writes) {
            Map<String, byte[]> next = new TreeMap<>(commits.get(commits.size() - 1));
            next.putAll(writes);
            commits.add(next);
            messages.add("direct");
        }

        /** Commit ids are 1-based positions; the "signature" is the actor's key id (see MemAttestations.verifyCommit). */
        @Override
        public synchronized History history() {
            List<History.Commit> out = new ArrayList<>();
            for (int i = 0; i < commits.size(); i++) {
                Map<String, String> trailers = CommitMessage.parseTrailers(messages.get(i));
                out.add(new History.Commit(String.valueOf(i + 1), i == 0 ? List.of() : List.of(String.valueOf(i)),
                        Instant.EPOCH.plusSeconds(i), messages.get(i).split("\n")[0], trailers,
                        trailers.get("Airisk-Actor"), messages.get(i).getBytes(StandardCharsets.UTF_8)));
            }
            List<Map<String, byte[]>> trees = List.copyOf(commits);
            return new History() {
                @Override public List<Commit> commits() { return out; }
                @Override public List<Commit> commits(String since, String until) {
                    return out.subList(since == null ? 0 : Integer.parseInt(since), Integer.parseInt(until));
                }
                @Override public Commit commit(String id) { return out.get(Integer.parseInt(id) - 1); }
                @Override public boolean contains(String descendant, String ancestor) {
                    return Integer.parseInt(ancestor) <= Integer.parseInt(descendant);
                }
                @Override public Snapshot at(String id) { return new MemSnapshot(id, trees.get(Integer.parseInt(id) - 1)); }
                @Override public List<String> changedPaths(String id) {
                    int i = Integer.parseInt(id) - 1;
                    Map<String, byte[]> before = i == 0 ? Map.of() : trees.get(i - 1);
                    Map<String, byte[]> after = trees.get(i);
                    TreeSet<String> changed = new TreeSet<>();
                    after.forEach((k, v) -> { if (!Arrays.equals(v, before.get(k))) { changed.add(k); } });
                    before.keySet().stream().filter(k -> !after.containsKey(k)).forEach(changed::add);
                    return List.copyOf(changed);
                }
            };
        }

        @Override
        public void close() {
        }
    }

    record MemSnapshot(String commitId, Map<String, byte[]> files) implements Snapshot {
        @Override
        public Optional<byte[]> read(String path) {
            return Optional.ofNullable(files.get(path));
        }

        @Override
        public boolean exists(String path) {
            return files.containsKey(path) || files.keySet().stream().anyMatch(k -> k.startsWith(path + "/"));
        }

        @Override
        public List<String> children(String dir) {
            TreeSet<String> out = new TreeSet<>();
            String prefix = dir + "/";
            for (String k : files.keySet()) {
                if (k.startsWith(prefix)) {
                    String rest = k.substring(prefix.length());
                    out.add(rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest);
                }
            }
            return List.copyOf(out);
        }
    }

    /** Encodes values as tokens and keeps the values: equal values give equal bytes. */
    static final class MemCodec implements RegistryCodec {
        private final Map<String, Object> values = new ConcurrentHashMap<>();
        final Map<String, Metadata> metaFiles = new ConcurrentHashMap<>();

        private byte[] put(Object o) {
            String token = o.getClass().getSimpleName() + ":" + Integer.toHexString(o.hashCode()) + ":" + o.toString().length();
            values.put(token, o);
            return token.getBytes(StandardCharsets.UTF_8);
        }

        @SuppressWarnings("unchecked")
        private <T> T get(byte[] b) {
            return (T) values.get(new String(b, StandardCharsets.UTF_8));
        }

        @Override public byte[] writeSettings(RegistrySettings s) { return put(s); }
        @Override public RegistrySettings readSettings(byte[] b, String f) { return get(b); }
        @Override public byte[] writeModel(ModelInfo m) { return put(m); }
        @Override public ModelInfo readModel(byte[] b, String f) { return get(b); }
        @Override public byte[] writeRecord(VersionRecord r) { return put(r); }
        @Override public VersionRecord readRecord(byte[] b, String f) { return get(b); }
        @Override public byte[] writeRoles(Roles r) { return put(r); }
        @Override public Roles readRoles(byte[] b, String f) { return get(b); }
        @Override public Metadata readMetadata(byte[] b, String f) { return metaFiles.get(new String(b, StandardCharsets.UTF_8)); }
        @Override public byte[] emptyPolicy() { return put(Policy.empty()); }
        @Override public Policy readPolicy(byte[] b, String f, List<String> envs) { return b.length == 0 ? Policy.empty() : get(b); }
        byte[] writePolicy(Policy p) { return put(p); }
        @Override public ReleaseState readState(byte[] b, String f) { return get(b); }
        @Override public byte[] writeState(ReleaseState s) { return put(s); }
        @Override public List<ChecklistAnswerInput> readChecklistAnswers(byte[] b, String f) { return get(b); }
        byte[] writeChecklistAnswers(List<ChecklistAnswerInput> a) { return put(a); }
        @Override public Consumers readConsumers(byte[] b, String f) { return get(b); }
        @Override public byte[] writeConsumers(Consumers c) { return put(c); }
        @Override public List<Deprecation> readDeprecations(byte[] b, String f) { return get(b); }
        @Override public byte[] writeDeprecations(List<Deprecation> d) { return put(List.copyOf(d)); }
        @Override public OutboxItem readOutboxItem(byte[] b, String f) { return get(b); }
        @Override public byte[] writeOutboxItem(OutboxItem i) { return put(i); }
        @Override public Collected readCollected(byte[] b, String f) { return get(b); }
        @Override public byte[] writeCollected(Collected c) { return put(c); }
    }

    /** Blobs in a map; counts writes. */
    static final class MemStore implements ArtifactStore, StoreProvider {
        final Map<Sha256, byte[]> blobs = new ConcurrentHashMap<>();
        final AtomicInteger writes = new AtomicInteger();

        @Override public String location() { return "memory"; }

        @Override
        public Sha256 put(Content content, Sha256 likely, Runnable beforePublish) {
            try (InputStream in = content.open()) {
                byte[] b = in.readAllBytes();
                Sha256 d = Sha256.digest(b);
                if (blobs.containsKey(d)) {
                    return d;
                }
                beforePublish.run();
                if (blobs.putIfAbsent(d, b) == null) {
                    writes.incrementAndGet();
                }
                return d;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override public boolean contains(Sha256 d) { return blobs.containsKey(d); }

        @Override
        public BlobStatus check(Sha256 d, long size) {
            byte[] b = blobs.get(d);
            return b == null ? BlobStatus.MISSING : Sha256.digest(b).equals(d) && b.length == size ? BlobStatus.OK : BlobStatus.CORRUPT;
        }

        @Override
        public void copyTo(Sha256 d, long size, Path target) {
            if (check(d, size) != BlobStatus.OK) {
                throw new IntegrityFailure("blob " + d.shortHex() + " does not match", "re-register");
            }
            try {
                Files.write(target, blobs.get(d));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public InputStream open(Sha256 d) {
            byte[] b = blobs.get(d);
            if (b == null) {
                throw new NotFound("blob " + d.shortHex() + " is missing", null);
            }
            return new ByteArrayInputStream(b);
        }

        @Override public Deletion delete(Sha256 d) { return blobs.remove(d) == null ? Deletion.ABSENT : Deletion.DELETED; }

        @Override public ArtifactStore open(String location, boolean create) { return this; }
        @Override public String canonical(String location) { return location; }
    }

    /** A model of named byte arrays. */
    static ModelSources sources(Map<String, String> files) {
        return path -> new ModelSource() {
            @Override public String description() { return "memory"; }

            @Override
            public List<SourceFile> files() {
                List<SourceFile> out = new ArrayList<>();
                new TreeMap<>(files).forEach((p, c) -> out.add(new SourceFile(p, c.length())));
                return out;
            }

            @Override
            public <R> Map<String, R> read(int parallelism, ContentFunction<R> fn) throws IOException {
                Map<String, R> out = new LinkedHashMap<>();
                for (Map.Entry<String, String> e : new TreeMap<>(files).entrySet()) {
                    byte[] b = e.getValue().getBytes(StandardCharsets.UTF_8);
                    out.put(e.getKey(), fn.apply(new Content() {
                        @Override public String path() { return e.getKey(); }
                        @Override public long size() { return b.length; }
                        @Override public InputStream open() { return new ByteArrayInputStream(b); }
                    }));
                }
                return out;
            }

            @Override public void close() { }
        };
    }

    /** Signatures that state the manifest in clear text and "verify" when the key is trusted. */
    static final class MemAttestations implements Attestations {
        private final Map<String, Manifest> signed = new ConcurrentHashMap<>();

        @Override
        public byte[] signModel(String modelName, Manifest manifest, Signer signer) {
            String token = signer.keyId() + "|" + modelName + "|" + manifest.rootDigest().hex();
            signed.put(token, manifest);
            return token.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public SignedModel verifyModel(byte[] bundle, Map<String, String> trustedKeys) {
            String token = new String(bundle, StandardCharsets.UTF_8);
            String[] parts = token.split("\\|");
            Manifest m = signed.get(token);
            if (m == null || !trustedKeys.containsKey(parts[0])) {
                throw new IntegrityFailure("bad signature", null);
            }
            Map<String, Sha256> resources = new LinkedHashMap<>();
            for (FileDigest f : m.files()) {
                resources.put(f.path(), f.sha256());
            }
            return new SignedModel(parts[0], parts[1], m.rootDigest(), resources);
        }

        private final Map<String, Statement> statements = new ConcurrentHashMap<>();

        @Override
        public byte[] signStatement(Statement statement, Signer signer) {
            String token = "stmt|" + signer.keyId() + "|" + statements.size();
            statements.put(token, statement);
            return token.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public SignedStatement verifyStatement(byte[] envelope, Map<String, String> trustedKeys, String what) {
            String token = new String(envelope, StandardCharsets.UTF_8);
            Statement st = statements.get(token);
            String key = token.split("\\|")[1];
            if (st == null || !trustedKeys.containsKey(key)) {
                throw new IntegrityFailure(what + " has a bad signature", null);
            }
            return new SignedStatement(key, st);
        }

        @Override
        public String keyId(String pem) {
            return pem.startsWith("PEM ") ? pem.substring(4) : Sha256.digest(pem.getBytes(StandardCharsets.UTF_8)).hex();
        }

        @Override
        public boolean verifyCommit(String signature, byte[] payload, String pem) {
            return signature != null;
        }

        @Override
        public String caId(String caPem) {
            return Sha256.digest(caPem.getBytes(StandardCharsets.UTF_8)).hex();
        }

        /** Certificates are X.509 only: the core tests use none, and the command-line tests check them with the real adapter. */
        @Override
        public List<String> certifiedIdentities(String chainPem, String publicKeyPem, List<String> caPems, java.time.Instant at) {
            throw new IntegrityFailure("the in-memory attestations check no certificates", null);
        }
    }

    /** A key the in-memory attestations know as {@code keyId}. */
    static Signer signer(String name, String keyId) {
        return TestSigner.withId(name, keyId);
    }

    /** Containers as the scanner opens them: the real reader, since a fake zip reader would test nothing. */
    static ContainerReader containers() {
        return new CommonsContainerReader();
    }

    static ArchiveWriter archives() {
        return (List<FileDigest> files, ArchiveWriter.EntryOpener opener, OutputStream out) -> {
            for (FileDigest f : files) {
                try (InputStream in = opener.open(f)) {
                    in.transferTo(out);
                }
            }
        };
    }
}
