package dev.airisk.adapters.yaml;

import dev.airisk.core.model.ReleaseState;
import dev.airisk.core.model.ReleaseState.Canary;
import dev.airisk.core.model.ReleaseState.Env;
import dev.airisk.core.model.ReleaseState.Fallback;
import dev.airisk.core.model.ReleaseState.RolledBack;
import dev.airisk.core.model.ReleaseState.Stable;
import dev.airisk.core.model.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code models/<name>/state.yaml}: per environment (in name order) the stable version, the versions
 * stable before it (newest first), the versions rolled back (newest first), the active canary and
 * the fallback version.
 * Empty sections are left out; times are ISO-8601 UTC with the precision they were taken with.
 */
final class StateYaml {
    static final List<String> KEYS = List.of("environments");
    private static final List<String> ENV_KEYS = List.of("stable", "previous", "rolled_back", "canary", "fallback");
    private static final List<String> FALLBACK_KEYS = List.of("version", "since", "by");
    private static final List<String> STABLE_KEYS = List.of("version", "since", "until", "by");
    private static final List<String> ROLLED_BACK_KEYS = List.of("version", "at", "by", "reason");
    private static final List<String> CANARY_KEYS = List.of("version", "weight", "since", "by");
    private static final Pattern ENVIRONMENT = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    private StateYaml() {
    }

    static YamlMap write(ReleaseState state) {
        YamlMap environments = new YamlMap();
        state.environments().forEach((name, env) -> environments.map(name, writeEnv(env)));
        return new YamlMap().map("environments", state.environments().isEmpty() ? null : environments);
    }

    static ReleaseState read(Node node) {
        node.fields(KEYS);
        Map<String, Env> out = new TreeMap<>();
        Node environments = node.get("environments");
        if (environments != null) {
            for (String name : environments.keys()) {
                if (!ENVIRONMENT.matcher(name).matches()) {
                    throw environments.errorAtKey(name, "environment '" + Node.shown(name)
                            + "' is not an environment name (lower-case letters, digits, '_' or '-')", null);
                }
                Node env = environments.get(name);
                out.put(name, env == null ? Env.EMPTY : readEnv(env));
            }
        }
        return new ReleaseState(out);
    }

    private static YamlMap writeEnv(Env env) {
        return new YamlMap()
                .map("stable", env.stable() == null ? null : writeStable(env.stable()))
                .maps("previous", env.previous().stream().map(StateYaml::writeStable).toList())
                .maps("rolled_back", env.rolledBack().stream().map(StateYaml::writeRolledBack).toList())
                .map("canary", env.canary() == null ? null : writeCanary(env.canary()))
                .map("fallback", env.fallback() == null ? null : new YamlMap().text("version", env.fallback().version())
                        .text("since", env.fallback().since()).text("by", env.fallback().by()));
    }

    private static Env readEnv(Node env) {
        env.fields(ENV_KEYS);
        Node stable = env.get("stable");
        Node canary = env.get("canary");
        Node fallback = env.get("fallback");
        List<Stable> previous = new ArrayList<>();
        for (Node item : MetadataYaml.list(env.get("previous"))) {
            previous.add(readStable(item));
        }
        List<RolledBack> rolledBack = new ArrayList<>();
        for (Node item : MetadataYaml.list(env.get("rolled_back"))) {
            rolledBack.add(readRolledBack(item));
        }
        return new Env(stable == null ? null : readStable(stable), previous, rolledBack,
                canary == null ? null : readCanary(canary), fallback == null ? null : readFallback(fallback));
    }

    private static YamlMap writeStable(Stable s) {
        return new YamlMap().text("version", s.version()).text("since", s.since()).text("until", s.until())
                .text("by", s.by());
    }

    private static Stable readStable(Node node) {
        node.fields(STABLE_KEYS);
        Node until = node.get("until");
        return new Stable(version(node), ModelYaml.instant(node.require("since")),
                until == null ? null : ModelYaml.instant(until), node.text("by"));
    }

    private static YamlMap writeRolledBack(RolledBack r) {
        return new YamlMap().text("version", r.version()).text("at", r.at()).text("by", r.by())
                .text("reason", r.reason());
    }

    private static RolledBack readRolledBack(Node node) {
        node.fields(ROLLED_BACK_KEYS);
        return new RolledBack(version(node), ModelYaml.instant(node.require("at")), node.text("by"),
                node.text("reason"));
    }

    private static YamlMap writeCanary(Canary c) {
        return new YamlMap().text("version", c.version()).number("weight", c.weight()).text("since", c.since())
                .text("by", c.by());
    }

    private static Canary readCanary(Node node) {
        node.fields(CANARY_KEYS);
        Version version = version(node);
        Node weightNode = node.require("weight");
        long weight = weightNode.wholeNumber();
        if (weight < 0 || weight > 99) {
            throw weightNode.error(weightNode.name() + " '" + weight + "' is not a percentage from 0 (shadow) to 99");
        }
        Instant since = ModelYaml.instant(node.require("since"));
        return new Canary(version, (int) weight, since, node.text("by"));
    }

    private static Fallback readFallback(Node node) {
        node.fields(FALLBACK_KEYS);
        return new Fallback(version(node), ModelYaml.instant(node.require("since")), node.text("by"));
    }

    private static Version version(Node node) {
        return node.require("version").as(Version::parse, "a semantic version like 1.4.0");
    }
}
