package dev.airisk.core.release;

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
import java.util.List;
import java.util.function.Supplier;

/**
 * A codec that remembers the files it parsed, by their bytes: checking thousands of commits reads the
 * the same roles, settings, policy, model files and version records again and again (each commit is checked
 * against its parent, and most commits change none of them), and a commit's state.yaml again as
 * the state its child starts from; parsing YAML is what costs. Values
 * are immutable, so sharing them is safe. At most {@link #LIMIT} are kept, the least recently used
 * dropped first. Safe for several threads.
 */
final class ParsedFiles implements RegistryCodec {
    static final int LIMIT = 4096;

    private final RegistryCodec codec;
    private final Memo memo = new Memo(LIMIT);

    ParsedFiles(RegistryCodec codec) {
        this.codec = codec;
    }

    private <T> T remembered(String kind, byte[] bytes, Object extra, Supplier<T> parse) {
        return memo.get(kind, bytes, extra, parse);
    }

    @Override
    public RegistrySettings readSettings(byte[] bytes, String file) {
        return remembered("settings", bytes, null, () -> codec.readSettings(bytes, file));
    }

    @Override
    public ModelInfo readModel(byte[] bytes, String file) {
        return remembered("model", bytes, null, () -> codec.readModel(bytes, file));
    }

    @Override
    public VersionRecord readRecord(byte[] bytes, String file) {
        return remembered("record", bytes, null, () -> codec.readRecord(bytes, file));
    }

    @Override
    public Roles readRoles(byte[] bytes, String file) {
        return remembered("roles", bytes, null, () -> codec.readRoles(bytes, file));
    }

    @Override
    public Policy readPolicy(byte[] bytes, String file, List<String> environments) {
        return remembered("policy", bytes, List.copyOf(environments), () -> codec.readPolicy(bytes, file, environments));
    }

    @Override
    public Consumers readConsumers(byte[] bytes, String file) {
        return codec.readConsumers(bytes, file);
    }

    @Override
    public List<Deprecation> readDeprecations(byte[] bytes, String file) {
        return codec.readDeprecations(bytes, file);
    }

    @Override
    public byte[] writeSettings(RegistrySettings settings) {
        return codec.writeSettings(settings);
    }

    @Override
    public byte[] writeModel(ModelInfo model) {
        return codec.writeModel(model);
    }

    @Override
    public byte[] writeRecord(VersionRecord record) {
        return codec.writeRecord(record);
    }

    @Override
    public byte[] writeRoles(Roles roles) {
        return codec.writeRoles(roles);
    }

    @Override
    public Metadata readMetadata(byte[] bytes, String file) {
        return codec.readMetadata(bytes, file);
    }

    @Override
    public byte[] emptyPolicy() {
        return codec.emptyPolicy();
    }

    @Override
    public ReleaseState readState(byte[] bytes, String file) {
        return remembered("state", bytes, null, () -> codec.readState(bytes, file));
    }

    @Override
    public byte[] writeState(ReleaseState state) {
        return codec.writeState(state);
    }

    @Override
    public byte[] writeConsumers(Consumers consumers) {
        return codec.writeConsumers(consumers);
    }

    @Override
    public byte[] writeDeprecations(List<Deprecation> deprecations) {
        return codec.writeDeprecations(deprecations);
    }

    @Override
    public OutboxItem readOutboxItem(byte[] bytes, String file) {
        return codec.readOutboxItem(bytes, file);
    }

    @Override
    public byte[] writeOutboxItem(OutboxItem item) {
        return codec.writeOutboxItem(item);
    }

    @Override
    public Collected readCollected(byte[] bytes, String file) {
        return codec.readCollected(bytes, file);
    }

    @Override
    public byte[] writeCollected(Collected collected) {
        return codec.writeCollected(collected);
    }

    @Override
    public List<ChecklistAnswerInput> readChecklistAnswers(byte[] bytes, String file) {
        return codec.readChecklistAnswers(bytes, file);
    }
}
