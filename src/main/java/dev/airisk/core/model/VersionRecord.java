package dev.airisk.core.model;

import dev.airisk.core.AiriskException;
import java.time.Instant;

/** The immutable record of one registered version: {@code models/<name>/versions/<v>/record.yaml}. */
public record VersionRecord(ModelRef ref, Manifest manifest, Sha256 rootDigest, Metadata metadata,
                            String registeredBy, Instant registeredAt) {
    public VersionRecord {
        if (!manifest.rootDigest().equals(rootDigest)) {
            throw new AiriskException.IntegrityFailure(
                    "record of " + ref + " states root digest " + rootDigest.shortHex()
                            + " but its files give " + manifest.rootDigest().shortHex(),
                    "the registry was edited by hand; run 'airisk verify " + ref + "'");
        }
    }

    public static VersionRecord of(ModelRef ref, Manifest manifest, Metadata metadata, String registeredBy, Instant at) {
        return new VersionRecord(ref, manifest, manifest.rootDigest(), metadata, registeredBy, at);
    }
}
