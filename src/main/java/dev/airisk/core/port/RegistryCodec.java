package dev.airisk.core.port;

import dev.airisk.core.model.Metadata;
import dev.airisk.core.model.ModelInfo;
import dev.airisk.core.model.RegistrySettings;
import dev.airisk.core.model.Roles;
import dev.airisk.core.model.VersionRecord;

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
}
