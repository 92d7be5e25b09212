package dev.airisk.adapters.yaml;

import dev.airisk.core.model.Roles;
import dev.airisk.core.model.Sha256;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code trust/roles.yaml}: {@code roles:} mapping each role to the key ids that hold it. */
final class RolesYaml {
    static final List<String> KEYS = List.of("roles");
    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    private RolesYaml() {
    }

    static YamlMap write(Roles roles) {
        YamlMap byRole = new YamlMap();
        roles.byRole().forEach(byRole::textsAlways);
        return new YamlMap().map("roles", byRole);
    }

    static Roles read(Node node) {
        node.fields(KEYS);
        Map<String, List<String>> out = new LinkedHashMap<>();
        Node roles = node.get("roles");
        if (roles != null) {
            roles.entries().forEach((role, keys) -> {
                if (!ROLE.matcher(role).matches()) {
                    throw keys.error("role '" + Node.shown(role) + "' is not a role name (lower-case letters, digits, '_' or '-')");
                }
                List<String> ids = new ArrayList<>();
                for (Node key : keys.items()) {
                    ids.add(key.as(id -> Sha256.parse(id).hex(), "a key id (64 hex characters)"));
                }
                out.put(role, ids);
            });
        }
        return new Roles(out);
    }
}
