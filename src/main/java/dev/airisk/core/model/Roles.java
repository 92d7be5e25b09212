package dev.airisk.core.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** {@code trust/roles.yaml}: role name to the key ids that hold it. */
public record Roles(Map<String, List<String>> byRole) {
    public static final List<String> BUILT_IN = List.of("admin", "publisher", "releaser", "approver", "notifier", "responder");

    public Roles {
        Map<String, List<String>> copy = new TreeMap<>();
        byRole.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        byRole = Collections.unmodifiableMap(copy);
    }

    public boolean has(String keyId, String role) {
        return byRole.getOrDefault(role, List.of()).contains(keyId);
    }

    public Set<String> rolesOf(String keyId) {
        Set<String> out = new TreeSet<>();
        byRole.forEach((role, keys) -> {
            if (keys.contains(keyId)) {
                out.add(role);
            }
        });
        return out;
    }
}
