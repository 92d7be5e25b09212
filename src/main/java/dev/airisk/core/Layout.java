package dev.airisk.core;

import dev.airisk.core.model.ModelRef;

/** Where each file lives in the registry tree (see DESIGN.md, "The registry"). */
public final class Layout {
    public static final String SETTINGS = "registry.yaml";
    public static final String POLICY = "policy.yaml";
    public static final String TRUST_KEYS = "trust/keys";
    public static final String ROLES = "trust/roles.yaml";
    public static final String MODELS = "models";

    private Layout() {
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

    public static String approvals(ModelRef ref) {
        return versionDir(ref) + "/approvals";
    }

    public static String attachments(ModelRef ref) {
        return versionDir(ref) + "/attachments";
    }

    public static String checklist(ModelRef ref) {
        return versionDir(ref) + "/checklist";
    }

    public static String scans(ModelRef ref) {
        return versionDir(ref) + "/scans";
    }

    public static String state(String name) {
        return MODELS + "/" + name + "/state.yaml";
    }
}
