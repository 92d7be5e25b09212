package dev.airisk.core.policy;

import dev.airisk.core.model.Sha256;
import java.time.Instant;

/** A verified, signed document attached to a version (bias audit, impact assessment, ...). */
public record Attachment(String file, String kind, String name, long size, Sha256 sha256, String keyId, Instant at) {
}
