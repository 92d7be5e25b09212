package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airisk.adapters.yaml.YamlRegistryCodec;
import dev.airisk.core.model.RiskTier;
import dev.airisk.core.policy.Policy;
import dev.airisk.core.release.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * samples/policy.yaml promises, in the comment of each risk tier, what a version of that tier needs.
 * Under that very policy, the sample model with exactly that (and nothing more) goes dev, staging, prod.
 */
class SamplePolicyTiersTest {
    static final Path SAMPLE_POLICY = Path.of("samples/policy.yaml");
    static final Path SAMPLE_MODEL = Path.of("samples/churn-model");
    /** Outside the sample's year-end freeze. */
    static final Instant START = Instant.parse("2026-11-02T09:00:00Z");

    @TempDir
    Path tmp;
    Harness h;
    MutableClock clock;

    @BeforeEach
    void setUp() throws IOException {
        h = new Harness(tmp);
        clock = new MutableClock(START);
        h.clock = clock;
        h.ok("keys", "generate", "--name", "alice");
        h.ok("init");
        for (String k : List.of("bob", "carol")) {
            h.ok("keys", "generate", "--name", k);
            Files.writeString(tmp.resolve(k + ".pub.pem"), h.ok("keys", "export-public", "--name", k).out());
        }
        as("alice", "policy", "set", SAMPLE_POLICY.toString());
        as("alice", "keys", "trust", tmp.resolve("bob.pub.pem").toString(), "--role", "risk-committee");
        as("alice", "keys", "trust", tmp.resolve("carol.pub.pem").toString(), "--role", "peer-review");
    }

    Harness.Result as(String key, String... args) {
        Map<String, String> env = new HashMap<>(h.env);
        env.put(Context.KEY, key);
        Harness.Result r = h.run(env, args);
        assertEquals(0, r.code(), () -> key + ": airisk " + String.join(" ", args) + " failed: " + r.err() + r.out());
        return r;
    }

    void register(String ref, String meta) {
        String[] nv = ref.split("@");
        as("alice", "register", SAMPLE_MODEL.toString(), "--model", nv[0], "--version", nv[1], "--meta", h.writeMeta(meta).toString());
    }

    /** dev, then staging a day later, then prod three days after that (the sample's soak times). */
    void promoteToProd(String ref) {
        as("alice", "promote", ref, "--to", "dev");
        clock.advance(Duration.ofHours(24));
        as("alice", "promote", ref, "--to", "staging");
        clock.advance(Duration.ofHours(72));
        as("alice", "promote", ref, "--to", "prod");
        JsonNode prod = as("alice", "status", ref.split("@")[0], "--format", "json").json()
                .get("models").get(0).get("environments").get("prod");
        assertEquals(ref.split("@")[1], prod.get("stable").get("version").asText());
    }

    @Test
    void theTestsBelow_coverEveryTierTheSampleConfigures() throws IOException {
        Policy policy = new YamlRegistryCodec().readPolicy(Files.readAllBytes(SAMPLE_POLICY), "samples/policy.yaml",
                List.of("dev", "staging", "prod"));
        assertEquals(List.of(RiskTier.MINIMAL, RiskTier.LIMITED, RiskTier.HIGH), List.copyOf(policy.tiers().keySet()));
    }

    @Test
    void minimalTier_anOwnerAnIntendedUseAndServingRegions_reachesProd() {
        register("router@1.0.0", """
                risk_tier: minimal
                owner: service-desk@example.com
                intended_use: Route internal IT tickets to the right queue.
                regions: [eu-west-1]
                """);
        promoteToProd("router@1.0.0");
    }

    @Test
    void limitedTier_metadataLineageMetricsAndAPeerReview_reachesProd() {
        register("churn@1.0.0", """
                risk_tier: limited
                owner: retention-analytics@example.com
                intended_use: Rank retail customers by churn risk for retention outreach.
                datasets:
                  - name: customers
                    version: 2026-09
                    sha256: 9f2b5c0e7d4a1f38c6b2e9d07a5f4c3b1e8d2a6f0c9b7e5d3a1f4c2b8e6d0a97
                code_commit: 3f2c9d41b7e8a6c5d4f3e2a1b0c9d8e7f6a5b4c3
                metrics:
                  accuracy: 0.85
                  psi_drift: 0.2
                regions: [eu-west-1]
                """);
        as("carol", "approve", "churn@1.0.0", "--for", "prod", "--role", "peer-review");
        promoteToProd("churn@1.0.0");
    }

    @Test
    void highTier_everythingItsCommentLists_reachesProd() throws IOException {
        String ref = "credit@1.0.0";
        register(ref, """
                risk_tier: high
                owner: credit-risk@example.com
                intended_use: Recommend credit limits, reviewed by an analyst before any decision.
                description: Gradient-boosted scorecard distilled into a small dense network.
                datasets:
                  - name: applications
                    version: 2026-10
                    sha256: 9f2b5c0e7d4a1f38c6b2e9d07a5f4c3b1e8d2a6f0c9b7e5d3a1f4c2b8e6d0a97
                code_commit: 3f2c9d41b7e8a6c5d4f3e2a1b0c9d8e7f6a5b4c3
                metrics:
                  accuracy: 0.90
                  auc: 0.85
                  psi_drift: 0.1
                regions: [eu-west-1]
                training_regions: [eu-central-1]
                processes_pii: true
                high_stakes: true
                input_schema:
                  features: [tenure_months, monthly_charges, support_tickets_90d, contract_type]
                """);
        for (String kind : List.of("bias-audit", "model-impact-assessment", "rollback-plan", "privacy-impact-assessment",
                "explainability")) {
            Path doc = Files.writeString(tmp.resolve(kind + ".pdf"), kind + " report");
            as("alice", "attach", ref, "--kind", kind, doc.toString());
        }
        List<String> answers = new ArrayList<>(List.of("checklist", ref));
        for (String item : List.of("risk-management", "data-governance", "technical-documentation", "record-keeping",
                "transparency", "human-oversight", "accuracy-robustness-security", "quality-management",
                "post-market-monitoring")) {
            answers.addAll(List.of("--answer", item + "=yes", "--evidence", "DOC-" + item));
        }
        as("alice", answers.toArray(String[]::new));
        as("carol", "approve", ref, "--for", "staging", "--role", "peer-review");
        as("bob", "approve", ref, "--for", "prod", "--role", "risk-committee");
        as("carol", "approve", ref, "--for", "prod", "--role", "peer-review");
        promoteToProd(ref);
        JsonNode check = as("alice", "check", ref, "--to", "prod", "--format", "json").json();
        assertTrue(check.get("allowed").asBoolean(), check.toString());
    }
}
