package dev.airisk.core.port;

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
import java.util.List;

/**
 * Reads and writes the registry's files and META.yaml. Writes are stable (same value, same bytes).
 * Reads throw InvalidInput naming the file and line: {@code models/churn/model.yaml: line 7: ...}.
 * {@code file} is the name used in messages.
 */
public interface RegistryCodec {
    byte[] writeSettings(RegistrySettings settings);

    RegistrySettings readSettings(byte[] bytes, String file);

    byte[] writeModel(ModelInfo model);

    ModelInfo readModel(byte[] bytes, String file);

    byte[] writeRecord(VersionRecord record);

    VersionRecord readRecord(byte[] bytes, String file);

    byte[] writeRoles(Roles roles);

    Roles readRoles(byte[] bytes, String file);

    /** META.yaml as a publisher writes it (snake_case keys; unknown keys are an error naming the line). */
    Metadata readMetadata(byte[] bytes, String file);

    /** An empty policy.yaml with a comment pointing at the documentation. */
    byte[] emptyPolicy();

    /**
     * Reads and validates policy.yaml: unknown keys, unknown gates, unknown tiers, metadata fields or
     * conditions, malformed thresholds, durations and times are InvalidInput naming file and line.
     * {@code environments} are the registry's; an environment the policy names that is not among them
     * is an error. An empty document is {@link Policy#empty()}.
     */
    Policy readPolicy(byte[] bytes, String file, List<String> environments);

    ReleaseState readState(byte[] bytes, String file);

    byte[] writeState(ReleaseState state);

    /** consumers.yaml: consumers by name. */
    Consumers readConsumers(byte[] bytes, String file);

    byte[] writeConsumers(Consumers consumers);

    /** {@code models/<name>/deprecations.yaml}: deprecations by version, oldest version first. */
    List<Deprecation> readDeprecations(byte[] bytes, String file);

    byte[] writeDeprecations(List<Deprecation> deprecations);

    /** One delivery in the outbox. */
    OutboxItem readOutboxItem(byte[] bytes, String file);

    byte[] writeOutboxItem(OutboxItem item);

    /** The marker of a version whose artifacts were collected under retention. */
    Collected readCollected(byte[] bytes, String file);

    byte[] writeCollected(Collected collected);

    /**
     * A checklist answers file as {@code airisk checklist --file} takes it:
     * {@code ITEM: {answer: yes, evidence: TEXT}} per item, in file order.
     */
    List<ChecklistAnswerInput> readChecklistAnswers(byte[] bytes, String file);

    /** One answer as a person gives it, before it is signed. */
    record ChecklistAnswerInput(String item, String answer, String evidence) {
    }
}
