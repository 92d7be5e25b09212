package dev.airisk.core;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.release.Bytes;

/**
 * Every bound on what a person gives airisk and on what airisk writes into the registry, in one
 * table (documented in docs/formats.md, "Limits"). A user's file is refused when it is larger than
 * its limit before anything is stored; every file a registry write commits is at most
 * {@link #REGISTRY_FILE}, well below what the registry's reader takes ({@link #REGISTRY_READ}), so
 * nothing written can ever be unreadable. All refusals are {@link InvalidInput} (exit 2).
 */
public enum Limits {
    /** {@code register --meta}: META.yaml. */
    METADATA(Unit.BYTES, 256 * Unit.KIB, "metadata", "shorten it"),
    /** {@code policy set} and {@code policy validate}: policy.yaml. */
    POLICY(Unit.BYTES, Unit.MIB, "a policy", "shorten it"),
    /** {@code checklist --file}: the answers YAML. */
    CHECKLIST_ANSWERS(Unit.BYTES, 256 * Unit.KIB, "a checklist answers file", "shorten the evidence; link to documents instead of pasting them"),
    /**
     * {@code keys import --certificate/--chain}, {@code keys trust --ca} and {@code verify-signature
     * --certificate-chain}: a key's certificate and intermediates, or CA certificates.
     */
    KEY_CERTIFICATES(Unit.BYTES, 64 * Unit.KIB, "a certificate file", "give the PEM certificates only: the key's certificate and its intermediates, or the CA's"),
    /** {@code keys trust}: one PEM public key. */
    PUBLIC_KEY(Unit.BYTES, 16 * Unit.KIB, "a public key file", "give one PEM public key, e.g. from 'airisk keys export-public'"),
    /** A model signature (a model_signing bundle) given to be checked. */
    SIGNATURE(Unit.BYTES, 8 * Unit.MIB, "a signature file", "give the model's model_signing bundle (model.sig)"),
    /** Any one file a registry write commits: records, signatures, approvals, attachments' and checklist statements, state. */
    REGISTRY_FILE(Unit.BYTES, 8 * Unit.MIB, "a registry file", "write less into one file, e.g. fewer files in one model or shorter metadata"),
    /** The most the registry's YAML reader takes; twice {@link #REGISTRY_FILE}, so every file written stays readable. */
    REGISTRY_READ(Unit.BYTES, 16 * Unit.MIB, "a registry file", "the registry was edited by hand; restore the file"),

    /** Entries of metadata lists, and the longest free text of signed statements. */
    REGIONS(Unit.ITEMS, 300, "regions", "list each region once; there are fewer than 300 countries"),
    TRAINING_REGIONS(Unit.ITEMS, 300, "training regions", "list each region once; there are fewer than 300 countries"),
    DATASETS(Unit.ITEMS, 1_000, "datasets", "name the dataset collections rather than every shard"),
    BASE_MODELS(Unit.ITEMS, 100, "base models", "name the models it was directly derived from"),
    METRICS(Unit.ITEMS, 1_000, "metrics", "keep the headline metrics; attach the full evaluation with 'airisk attach'"),
    LABELS(Unit.ITEMS, 1_000, "labels", "keep fewer labels"),
    INPUT_FEATURES(Unit.ITEMS, 10_000, "input features", "attach the full schema with 'airisk attach'"),
    EVIDENCE(Unit.CHARACTERS, 4_096, "checklist evidence", "give a document id or link instead of the text"),
    COMMENT(Unit.CHARACTERS, 4_096, "an approval comment", "shorten it; link to a document for the details"),
    OVERRIDE_REASON(Unit.CHARACTERS, 4_096, "the reason of a halt override", "shorten it, link to a document for the details"),
    /** An incident's summary, a note on its timeline, its root cause. */
    INCIDENT_TEXT(Unit.CHARACTERS, 4_096, "incident text", "shorten it; attach the details with 'airisk incident attach'");

    /** What a limit counts. */
    public enum Unit {
        BYTES, ITEMS, CHARACTERS;

        static final long KIB = 1024;
        static final long MIB = 1024 * KIB;
    }

    private final Unit unit;
    private final long max;
    private final String subject;
    private final String fix;

    Limits(Unit unit, long max, String subject, String fix) {
        this.unit = unit;
        this.max = max;
        this.subject = subject;
        this.fix = fix;
    }

    public long max() {
        return max;
    }

    public Unit unit() {
        return unit;
    }

    /** The limit as people read it: {@code 256 KiB}, {@code 300 regions}, {@code 4096 characters}. */
    public String shown() {
        return switch (unit) {
            case BYTES -> max % Unit.MIB == 0 ? max / Unit.MIB + " MiB" : max % Unit.KIB == 0 ? max / Unit.KIB + " KiB" : max + " B";
            case ITEMS -> max + " " + subject;
            case CHARACTERS -> max + " characters";
        };
    }

    /**
     * Refuses {@code actual} above the limit, naming {@code what} (a file name, or the thing that
     * holds the list or the text): {@code META.yaml is 6.1 MiB; metadata may be at most 256 KiB (shorten it)}.
     */
    public void check(String what, long actual) {
        if (actual > max) {
            throw tooLarge(what, actual);
        }
    }

    /** The refusal for {@code actual} (above the limit). */
    public InvalidInput tooLarge(String what, long actual) {
        return new InvalidInput(switch (unit) {
            case BYTES -> what + " is " + Bytes.human(actual) + "; " + subject + " may be at most " + shown();
            case ITEMS -> what + " lists " + actual + " " + subject + "; at most " + max + " are allowed";
            case CHARACTERS -> what + " is " + actual + " characters long; " + subject + " may be at most " + shown();
        }, fix);
    }

    /** The refusal for a stream that went on past the limit (its full size is unknown). */
    public InvalidInput tooLarge(String what) {
        return new InvalidInput(what + " is larger than " + shown() + "; " + subject + " may be at most " + shown(), fix);
    }
}
