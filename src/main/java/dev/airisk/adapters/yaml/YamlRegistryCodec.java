package dev.airisk.adapters.yaml;

import dev.airisk.core.model.Collected;
import dev.airisk.core.model.Deprecation;
import dev.airisk.core.model.Metadata;
import dev.airisk.core.model.ModelInfo;
import dev.airisk.core.model.RegistrySettings;
import dev.airisk.core.model.ReleaseState;
import dev.airisk.core.model.Roles;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.notify.Consumers;
import dev.airisk.core.notify.OutboxItem;
import dev.airisk.core.policy.Policy;
import dev.airisk.core.port.RegistryCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * The registry's files as YAML: snake_case keys in a fixed order, times as ISO-8601 UTC, digests as
 * hex, risk tiers by id, model references as {@code name@version}. Reading is strict (unknown keys,
 * wrong types and bad values are errors naming the file and line) and safe (plain data only).
 * Thread-safe.
 */
public final class YamlRegistryCodec implements RegistryCodec {
    private static final byte[] EMPTY_POLICY = ("""
            # policy.yaml: the gates each environment requires, per risk tier.
            # Empty: no gates are configured yet.
            """).getBytes(StandardCharsets.UTF_8);

    private final YamlReader reader = new YamlReader();
    private final YamlWriter writer = new YamlWriter();

    @Override
    public byte[] writeSettings(RegistrySettings settings) {
        return writer.write(SettingsYaml.write(settings));
    }

    /**
     * Parses a small document with every construct the registry's files use (block and flow mappings
     * and sequences, plain and quoted scalars, a comment), and throws it away: the first document a
     * process parses sets up the YAML scanner, parser and resolver, which a thread started ahead of a
     * command can do while the command line is parsed. Reads nothing and keeps nothing.
     */
    public static void warmUp() {
        new YamlReader().read(WARM_UP, "warm-up");
    }

    private static final byte[] WARM_UP = ("# a document of every construct\nname: churn\nversion: '1.4.0'\nat: 2026-01-01T00:00:00Z\n"
            + "count: 3\nratio: 0.5\nflag: true\nnone: null\nlist:\n  - a\n  - {b: \"c\", d: [1, 2]}\nnested:\n  key: |\n    text\n")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);

    @Override
    public RegistrySettings readSettings(byte[] bytes, String file) {
        return SettingsYaml.read(reader.read(bytes, file));
    }

    @Override
    public byte[] writeModel(ModelInfo model) {
        return writer.write(ModelYaml.write(model));
    }

    @Override
    public ModelInfo readModel(byte[] bytes, String file) {
        return ModelYaml.read(reader.read(bytes, file));
    }

    @Override
    public byte[] writeRecord(VersionRecord record) {
        return writer.write(RecordYaml.write(record));
    }

    @Override
    public VersionRecord readRecord(byte[] bytes, String file) {
        return RecordYaml.read(reader.read(bytes, file));
    }

    @Override
    public byte[] writeRoles(Roles roles) {
        return writer.write(RolesYaml.write(roles));
    }

    @Override
    public Roles readRoles(byte[] bytes, String file) {
        return RolesYaml.read(reader.read(bytes, file));
    }

    @Override
    public Metadata readMetadata(byte[] bytes, String file) {
        return MetadataYaml.read(reader.read(bytes, file).requirePrintable(MetadataYaml.MULTI_LINE));
    }

    /** Writes META.yaml content (the inverse of {@link #readMetadata}), for templates and tests. */
    public byte[] writeMetadata(Metadata metadata) {
        return writer.write(MetadataYaml.write(metadata));
    }

    @Override
    public byte[] emptyPolicy() {
        return EMPTY_POLICY.clone();
    }

    @Override
    public Policy readPolicy(byte[] bytes, String file, List<String> environments) {
        return PolicyYaml.read(reader.read(bytes, file), environments);
    }

    @Override
    public ReleaseState readState(byte[] bytes, String file) {
        return StateYaml.read(reader.read(bytes, file));
    }

    @Override
    public byte[] writeState(ReleaseState state) {
        return writer.write(StateYaml.write(state));
    }

    @Override
    public List<ChecklistAnswerInput> readChecklistAnswers(byte[] bytes, String file) {
        return ChecklistAnswersYaml.read(reader.read(bytes, file).requirePrintable(Set.of()));
    }

    @Override
    public Consumers readConsumers(byte[] bytes, String file) {
        return NoticesYaml.readConsumers(reader.read(bytes, file));
    }

    @Override
    public byte[] writeConsumers(Consumers consumers) {
        return writer.write(NoticesYaml.writeConsumers(consumers));
    }

    @Override
    public List<Deprecation> readDeprecations(byte[] bytes, String file) {
        return NoticesYaml.readDeprecations(reader.read(bytes, file));
    }

    @Override
    public byte[] writeDeprecations(List<Deprecation> deprecations) {
        return writer.write(NoticesYaml.writeDeprecations(deprecations));
    }

    @Override
    public OutboxItem readOutboxItem(byte[] bytes, String file) {
        return NoticesYaml.readItem(reader.read(bytes, file));
    }

    @Override
    public byte[] writeOutboxItem(OutboxItem item) {
        return writer.write(NoticesYaml.writeItem(item));
    }

    @Override
    public Collected readCollected(byte[] bytes, String file) {
        return NoticesYaml.readCollected(reader.read(bytes, file));
    }

    @Override
    public byte[] writeCollected(Collected collected) {
        return writer.write(NoticesYaml.writeCollected(collected));
    }
}
