package dev.airisk.core;

import dev.airisk.core.model.ModelRef;
import dev.airisk.core.notify.OutboxItem;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/** Where each file lives in the registry tree (see DESIGN.md, "The registry"). */
public final class Layout {
    public static final String SETTINGS = "registry.yaml";
    public static final String POLICY = "policy.yaml";
    public static final String TRUST_KEYS = "trust/keys";
    public static final String ROLES = "trust/roles.yaml";
    public static final String MODELS = "models";
    public static final String CONSUMERS = "consumers.yaml";
    public static final String OUTBOX = "outbox";
    /** Incidents, one folder each, holding its signed records in the order they were written. */
    public static final String INCIDENTS = "incidents";
    /**
     * A running {@code airisk gc}'s claim on the blobs it is deleting (present only while it runs, or
     * after a gc was killed); {@link #GC_DONE} lists what the last finished gc deleted.
     */
    public static final String GC_CLAIM = "gc/claim.yaml";
    public static final String GC_DONE = "gc/done.yaml";

    private Layout() {
    }

    /**
     * CA certificates trusted for identities, one folder each by CA id (hex SHA-256 of the certificate's
     * DER): {@code ca.pem}, {@code identities} (lines {@code ROLE IDENTITY}) and {@code keys/}, the
     * certificate chains of the keys enrolled through it.
     */
    public static final String TRUST_CAS = "trust/cas";

    public static String trustedCa(String caId) {
        return TRUST_CAS + "/" + caId + "/ca.pem";
    }

    public static String caIdentities(String caId) {
        return TRUST_CAS + "/" + caId + "/identities";
    }

    /** The folder of the certificate chains of keys enrolled through a CA. */
    public static String caKeys(String caId) {
        return TRUST_CAS + "/" + caId + "/keys";
    }

    public static String enrolledKey(String caId, String keyId) {
        return caKeys(caId) + "/" + keyId + ".cert.pem";
    }

    public static String trustedKey(String keyId) {
        return TRUST_KEYS + "/" + keyId + ".pub.pem";
    }

    public static String model(String name) {
        return MODELS + "/" + name + "/model.yaml";
    }

    public static String versions(String name) {
        return MODELS + "/" + name + "/versions";
    }

    public static String versionDir(ModelRef ref) {
        return versions(ref.name()) + "/" + ref.version();
    }

    public static String record(ModelRef ref) {
        return versionDir(ref) + "/record.yaml";
    }

    public static String signature(ModelRef ref) {
        return versionDir(ref) + "/model.sig";
    }

    /** The supplier's own model_signing bundle of a vendor model, as {@code register --vendor} verified it. */
    public static String vendorSignature(ModelRef ref) {
        return versionDir(ref) + "/vendor.sig";
    }

    /** The signed statement over the exact bytes of the version's record.yaml (see docs/formats.md). */
    public static String recordSignature(ModelRef ref) {
        return versionDir(ref) + "/record.sig";
    }

    public static String approvals(ModelRef ref) {
        return versionDir(ref) + "/approvals";
    }

    public static String attachments(ModelRef ref) {
        return versionDir(ref) + "/attachments";
    }

    public static String checklist(ModelRef ref) {
        return versionDir(ref) + "/checklist";
    }

    /** A version's signed monitoring evaluations in one environment ({@code airisk monitor evaluate}). */
    public static String evaluations(ModelRef ref, String env) {
        return versionDir(ref) + "/evaluations/" + env;
    }

    /** A version's signed canary analyses in one environment ({@code airisk canary analyze}). */
    public static String canaryAnalyses(ModelRef ref, String env) {
        return versionDir(ref) + "/canary-analyses/" + env;
    }

    /** A version's signed overrides of a monitoring halt in one environment ({@code airisk monitor override}). */
    public static String overrides(ModelRef ref, String env) {
        return versionDir(ref) + "/overrides/" + env;
    }

    public static String scans(ModelRef ref) {
        return versionDir(ref) + "/scans";
    }

    public static String state(String name) {
        return MODELS + "/" + name + "/state.yaml";
    }

    /** Deprecated versions of a model and when they retire. */
    public static String deprecations(String name) {
        return MODELS + "/" + name + "/deprecations.yaml";
    }

    /** The marker written beside a version's record when retention collected its artifacts. */
    public static String collected(ModelRef ref) {
        return versionDir(ref) + "/collected.yaml";
    }

    /** The folder of an incident's signed records. */
    public static String incident(String id) {
        return INCIDENTS + "/" + id;
    }

    /** The {@code sequence}-th signed record of an incident (from 1), named after what it records. */
    public static String incidentRecord(String id, int sequence, String action) {
        return incident(id) + "/" + String.format(Locale.ROOT, "%04d", sequence) + "-" + action + ".json";
    }

    /** Deliveries not sent yet, by the UTC date they are due, then by the first two hex characters of their id. */
    public static final String OUTBOX_PENDING = OUTBOX + "/pending";
    /** Deliveries sent, failed for good or cancelled: the receipts, by the first two hex characters of their id. */
    public static final String OUTBOX_DONE = OUTBOX + "/done";
    /** Deliveries failed for good that were neither re-queued nor acknowledged since, by the first two hex characters of their id. */
    public static final String OUTBOX_FAILED = OUTBOX + "/failed";

    /**
     * Where a delivery is kept: pending ones by due date, those failed for good and not acknowledged
     * with the failed, the others (receipts) with the done.
     */
    public static String outboxItem(OutboxItem item) {
        return item.status() == OutboxItem.Status.PENDING ? outboxPending(item.due(), item.id())
                : item.givenUp() ? outboxFailed(item.id()) : outboxDone(item.id());
    }

    public static String outboxFailed(String id) {
        return OUTBOX_FAILED + "/" + id.substring(0, 2) + "/" + id + ".yaml";
    }

    public static String outboxPending(Instant due, String id) {
        return OUTBOX_PENDING + "/" + LocalDate.ofInstant(due, ZoneOffset.UTC) + "/" + id.substring(0, 2) + "/" + id + ".yaml";
    }

    public static String outboxDone(String id) {
        return OUTBOX_DONE + "/" + id.substring(0, 2) + "/" + id + ".yaml";
    }
}
