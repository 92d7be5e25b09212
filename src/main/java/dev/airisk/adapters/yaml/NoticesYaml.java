package dev.airisk.adapters.yaml;

import dev.airisk.core.model.Collected;
import dev.airisk.core.model.Deprecation;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.model.Version;
import dev.airisk.core.notify.Consumer;
import dev.airisk.core.notify.Consumers;
import dev.airisk.core.notify.Endpoint;
import dev.airisk.core.notify.OutboxItem;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The files of notices and retention: consumers.yaml, a model's deprecations.yaml, one outbox
 * delivery, and a version's collected.yaml marker. Strict like every registry file.
 */
final class NoticesYaml {
    private static final List<String> CONSUMERS_KEYS = List.of("consumers");
    private static final List<String> CONSUMER_KEYS = List.of("models", "events", "webhook", "slack", "slack_url_env", "email", "file",
            "secret_env");
    private static final List<String> DEPRECATIONS_KEYS = List.of("deprecations");
    private static final List<String> DEPRECATION_KEYS = List.of("version", "retire_on", "replacement", "reason", "at", "by");
    private static final List<String> ITEM_KEYS = List.of("id", "notice", "consumer", "channel", "target", "secret_env", "type",
            "subject", "time", "due", "data", "text", "status", "attempts", "last_attempt", "next_attempt", "result", "claim", "decision");
    private static final List<String> CLAIM_KEYS = List.of("run", "by", "at");
    private static final List<String> DECISION_KEYS = List.of("action", "by", "at", "attempts", "reason");
    private static final List<String> COLLECTED_KEYS = List.of("collected_at", "by", "deleted", "kept");

    private NoticesYaml() {
    }

    // ---- consumers.yaml

    static YamlMap writeConsumers(Consumers consumers) {
        YamlMap all = new YamlMap();
        consumers.byName().forEach((name, c) -> {
            Endpoint e = c.endpoint();
            YamlMap m = new YamlMap().textsAlways("models", c.models()).textsAlways("events", c.events());
            if (e.kind() == Endpoint.Kind.SLACK && e.target() == null) {
                m.text("slack_url_env", e.secretEnv());
            } else {
                m.text(e.kind().id(), e.target()).text("secret_env", e.secretEnv());
            }
            all.map(name, m);
        });
        return new YamlMap().map("consumers", consumers.byName().isEmpty() ? null : all);
    }

    static Consumers readConsumers(Node node) {
        node.fields(CONSUMERS_KEYS);
        Map<String, Consumer> out = new LinkedHashMap<>();
        Node consumers = node.get("consumers");
        if (consumers != null) {
            consumers.entries().forEach((name, c) -> {
                c.fields(CONSUMER_KEYS);
                Endpoint endpoint = null;
                for (Endpoint.Kind kind : Endpoint.Kind.values()) {
                    String target = c.text(kind.id());
                    if (target != null) {
                        if (endpoint != null) {
                            throw c.error("consumer '" + Node.shown(name) + "' has more than one channel");
                        }
                        endpoint = new Endpoint(kind, target, c.text("secret_env"));
                    }
                }
                String slackEnv = c.text("slack_url_env");
                if (slackEnv != null) {
                    if (endpoint != null || c.text("secret_env") != null) {
                        throw c.error("consumer '" + Node.shown(name) + "' has slack_url_env beside another channel or secret_env");
                    }
                    endpoint = Endpoint.slack(slackEnv);
                }
                if (endpoint == null) {
                    throw c.error("consumer '" + Node.shown(name) + "' has no channel (webhook, slack_url_env, email or file)");
                }
                Endpoint e = endpoint;
                out.put(name, c.build(() -> new Consumer(name, c.texts("models"), new LinkedHashSet<>(c.texts("events")), e)));
            });
        }
        return new Consumers(out);
    }

    // ---- deprecations.yaml

    static YamlMap writeDeprecations(List<Deprecation> deprecations) {
        return new YamlMap().maps("deprecations", deprecations.stream().map(d -> new YamlMap()
                .text("version", d.version()).text("retire_on", d.retireOn()).text("replacement", d.replacement())
                .text("reason", d.reason()).text("at", d.at()).text("by", d.by())).toList());
    }

    static List<Deprecation> readDeprecations(Node node) {
        node.fields(DEPRECATIONS_KEYS);
        List<Deprecation> out = new ArrayList<>();
        for (Node d : MetadataYaml.list(node.get("deprecations"))) {
            d.fields(DEPRECATION_KEYS);
            Node replacement = d.get("replacement");
            Node at = d.get("at");
            out.add(new Deprecation(d.require("version").as(Version::parse, "a semantic version like 1.4.0"),
                    d.require("retire_on").as(LocalDate::parse, "a date like 2026-12-01"),
                    replacement == null ? null : replacement.as(ModelRef::parse, "a model version like churn@1.4.0"),
                    d.text("reason"), at == null ? null : ModelYaml.instant(at), d.text("by")));
        }
        return out;
    }

    // ---- outbox/<xx>/<id>.yaml

    static YamlMap writeItem(OutboxItem i) {
        YamlMap data = new YamlMap();
        i.data().forEach(data::text);
        YamlMap claim = i.claim() == null ? null
                : new YamlMap().text("run", i.claim().run()).text("by", i.claim().by()).text("at", i.claim().at());
        return new YamlMap().text("id", i.id()).text("notice", i.notice()).text("consumer", i.consumer())
                .text("channel", i.endpoint().kind().id()).text("target", i.endpoint().target())
                .text("secret_env", i.endpoint().secretEnv()).text("type", i.type()).text("subject", i.subject())
                .text("time", i.time()).text("due", i.due()).map("data", i.data().isEmpty() ? null : data)
                .text("text", i.text().isEmpty() ? null : i.text()).text("status", i.status().id())
                .number("attempts", i.attempts()).text("last_attempt", i.lastAttempt()).text("next_attempt", i.nextAttempt())
                .text("result", i.result()).map("claim", claim).map("decision", decision(i.decision()));
    }

    private static YamlMap decision(OutboxItem.Decision d) {
        return d == null ? null : new YamlMap().text("action", d.action().id()).text("by", d.by()).text("at", d.at())
                .number("attempts", d.attempts()).text("reason", d.reason());
    }

    private static OutboxItem.Decision decision(Node node) {
        if (node == null) {
            return null;
        }
        node.fields(DECISION_KEYS);
        Node attempts = node.get("attempts");
        return node.build(() -> new OutboxItem.Decision(node.require("action").as(OutboxItem.Decision.Action::parse,
                "requeued or acknowledged"), node.require("by").text(), ModelYaml.instant(node.require("at")),
                attempts == null ? 0 : (int) attempts.wholeNumber(), node.text("reason")));
    }

    static OutboxItem readItem(Node node) {
        node.fields(ITEM_KEYS);
        Map<String, String> data = new LinkedHashMap<>();
        Node d = node.get("data");
        if (d != null) {
            d.entries().forEach((k, v) -> data.put(k, v.text()));
        }
        Node claim = node.get("claim");
        OutboxItem.Claim c = null;
        if (claim != null) {
            claim.fields(CLAIM_KEYS);
            c = new OutboxItem.Claim(claim.require("run").text(), claim.text("by"), ModelYaml.instant(claim.require("at")));
        }
        Node attempts = node.get("attempts");
        OutboxItem.Claim fc = c;
        Endpoint.Kind kind = node.require("channel").as(k -> Endpoint.Kind.valueOf(k.toUpperCase(Locale.ROOT)),
                "one of webhook, slack, email, file");
        String secretEnv = node.text("secret_env");
        Endpoint endpoint = new Endpoint(kind, kind == Endpoint.Kind.SLACK && secretEnv != null ? node.text("target")
                : node.require("target").text(), secretEnv);
        OutboxItem.Decision decision = decision(node.get("decision"));
        return node.build(() -> new OutboxItem(node.require("id").text(), node.require("notice").text(),
                node.require("consumer").text(), endpoint, node.require("type").text(), node.text("subject"),
                ModelYaml.instant(node.require("time")), ModelYaml.instant(node.require("due")), data, node.text("text"),
                node.require("status").as(OutboxItem.Status::parse, "one of pending, sent, failed, cancelled"),
                attempts == null ? 0 : (int) attempts.wholeNumber(), optionalInstant(node.get("last_attempt")),
                optionalInstant(node.get("next_attempt")), node.text("result"), fc, decision));
    }

    // ---- collected.yaml

    static YamlMap writeCollected(Collected c) {
        return new YamlMap().text("collected_at", c.at()).text("by", c.by())
                .textsAlways("deleted", c.deleted().stream().map(Sha256::hex).toList())
                .texts("kept", c.kept().stream().map(Sha256::hex).toList());
    }

    static Collected readCollected(Node node) {
        node.fields(COLLECTED_KEYS);
        return new Collected(ModelYaml.instant(node.require("collected_at")), node.text("by"),
                digests(node.get("deleted")), digests(node.get("kept")));
    }

    private static List<Sha256> digests(Node list) {
        return MetadataYaml.list(list).stream().map(n -> n.as(Sha256::parse, "a SHA-256 digest (64 hex characters)")).toList();
    }

    private static Instant optionalInstant(Node node) {
        return node == null ? null : ModelYaml.instant(node);
    }
}
