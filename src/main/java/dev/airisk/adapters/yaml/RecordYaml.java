package dev.airisk.adapters.yaml;

import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.model.FileDigest;
import dev.airisk.core.model.Manifest;
import dev.airisk.core.model.Metadata;
import dev.airisk.core.model.ModelName;
import dev.airisk.core.model.ModelPath;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.model.Version;
import dev.airisk.core.model.VersionRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code models/<name>/versions/<v>/record.yaml}: the immutable record of one version. */
final class RecordYaml {
    /** The record format this code writes and reads. */
    static final int FORMAT = 1;
    static final List<String> KEYS = List.of("format_version", "model", "version", "root_digest", "registered_by",
            "registered_at", "files", "metadata");
    private static final List<String> FILE_KEYS = List.of("path", "size", "sha256");

    private RecordYaml() {
    }

    static YamlMap write(VersionRecord r) {
        return new YamlMap()
                .number("format_version", FORMAT)
                .text("model", r.ref().name())
                .text("version", r.ref().version())
                .text("root_digest", r.rootDigest().hex())
                .text("registered_by", r.registeredBy())
                .text("registered_at", r.registeredAt())
                .maps("files", r.manifest().files().stream().map(RecordYaml::writeFile).toList())
                .map("metadata", MetadataYaml.write(r.metadata()));
    }

    static VersionRecord read(Node node) {
        node.fields(KEYS);
        SettingsYaml.formatVersion(node, FORMAT);
        String name = node.require("model").as(ModelName::require,
                "a model name (1-64 lower-case letters, digits, '.', '_' or '-')");
        Version version = node.require("version").as(Version::parse, "a semantic version like 1.4.0");
        ModelRef ref = new ModelRef(name, version);
        Node rootDigest = node.require("root_digest");
        Sha256 root = MetadataYaml.sha256(rootDigest);
        String by = node.require("registered_by").text();
        Instant at = ModelYaml.instant(node.require("registered_at"));
        Node files = node.require("files");
        List<FileDigest> digests = readFiles(files);
        Manifest manifest = files.build(() -> new Manifest(digests));
        Node meta = node.get("metadata");
        Metadata metadata = meta == null ? Metadata.empty() : MetadataYaml.read(meta);
        try {
            return new VersionRecord(ref, manifest, root, metadata, by, at);
        } catch (IntegrityFailure e) {
            throw new IntegrityFailure(rootDigest.at() + e.getMessage(), e.fix(), e);
        }
    }

    private static YamlMap writeFile(FileDigest f) {
        return new YamlMap().text("path", f.path()).number("size", f.size()).text("sha256", f.sha256().hex());
    }

    private static List<FileDigest> readFiles(Node files) {
        List<FileDigest> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Node file : files.items()) {
            FileDigest digest = readFile(file);
            if (!seen.add(digest.path())) {
                throw file.error(file.name() + ".path '" + Node.shown(digest.path()) + "' is listed twice");
            }
            out.add(digest);
        }
        return out;
    }

    private static FileDigest readFile(Node node) {
        node.fields(FILE_KEYS);
        String path = node.require("path").as(ModelPath::require, "a relative path inside the model");
        Node size = node.require("size");
        long bytes = size.wholeNumber();
        if (bytes < 0) {
            throw size.error(size.name() + " '" + bytes + "' is not a size in bytes (0 or more)");
        }
        Sha256 digest = MetadataYaml.sha256(node.require("sha256"));
        return node.build(() -> new FileDigest(path, bytes, digest));
    }
}
