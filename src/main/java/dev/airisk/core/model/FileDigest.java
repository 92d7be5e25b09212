package dev.airisk.core.model;

import dev.airisk.core.AiriskException.InvalidInput;

/** One file of a model version: its relative POSIX path, size in bytes and SHA-256. */
public record FileDigest(String path, long size, Sha256 sha256) {
    public FileDigest {
        ModelPath.require(path);
        if (size < 0) {
            throw new InvalidInput("file '" + path + "' has a negative size", null);
        }
        if (sha256 == null) {
            throw new InvalidInput("file '" + path + "' has no digest", null);
        }
    }
}
