package dev.airisk.core.release;

import dev.airisk.core.AiriskException.Conflict;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.Layout;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.ReleaseState.Canary;
import dev.airisk.core.model.RiskTier;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.monitor.Comparer;
import dev.airisk.core.monitor.Comparison;
import dev.airisk.core.monitor.Evaluator;
import dev.airisk.core.policy.CanaryRules;
import dev.airisk.core.port.Attestations;
import dev.airisk.core.port.Change;
import dev.airisk.core.port.CommitMessage;
import dev.airisk.core.port.Registry;
import dev.airisk.core.port.RegistryCodec;
import dev.airisk.core.port.RowSource;
import dev.airisk.core.port.Signer;
import dev.airisk.core.port.Snapshot;
import dev.airisk.core.port.TabularInputs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code canary analyze}: compares the active canary's prediction log with the baseline's (the stable
 * version's, or the same traffic served without the canary), judges the figures by the canary limits
 * of the version's risk tier in the environment, and records them as a signed statement on the canary;
 * with abort-on-fail a failed analysis aborts the canary in the same commit. {@code canary promote}'s
 * canary gate reads the latest analysis.
 */
public final class CanaryAnalyses {
    /** What analysing does, as a missing role's error says it. */
    static final String PURPOSE = "record canary analyses";

    private final Registry registry;
    private final RegistryCodec codec;
    private final Attestations attestations;
    private final Signer signer;
    private final Clock clock;
    private final Releases releases;
    private final TabularInputs inputs;

    CanaryAnalyses(Registry registry, RegistryCodec codec, Attestations attestations, Signer signer, Clock clock, Releases releases,
                   TabularInputs inputs) {
        this.registry = registry;
        this.codec = codec;
        this.attestations = attestations;
        this.signer = signer;
        this.clock = clock;
        this.releases = releases;
        this.inputs = inputs;
    }

    /**
     * What to analyse.
     *
     * @param model       the model whose active canary is analysed
     * @param env         the environment
     * @param baseline    the baseline's prediction log (CSV or JSON Lines, optionally gzip)
     * @param candidate   the canary's prediction log, of the same period
     * @param join        the request-id column joining the logs, or null to pair rows by their order
     * @param segment     the column to segment by, or null
     * @param threshold   the score at or above which the predicted class is positive, or null for 0.5
     * @param abortOnFail abort the canary in the same commit when a limit is broken
     * @param dryRun      decide everything, sign nothing, write nothing
     */
    public record Request(String model, String env, Path baseline, Path candidate, String join, String segment, Double threshold,
                          boolean abortOnFail, boolean dryRun) {
    }

    /**
     * What an analysis found and did.
     *
     * @param ref         the canary version
     * @param env         the environment
     * @param canarySince when the canary started
     * @param comparison  the figures
     * @param limits      the canary limits in force (policy.yaml's keys)
     * @param breaches    the limits broken, one line each
     * @param file        the analysis's file in the registry
     * @param digest      its SHA-256
     * @param aborted     whether this analysis aborted the canary
     * @param commit      the commit made, or null
     * @param dryRun      true when nothing was written on purpose
     */
    public record Outcome(ModelRef ref, String env, Instant canarySince, Comparison comparison, Map<String, Object> limits,
                          List<String> breaches, String file, Sha256 digest, boolean aborted, String commit, boolean dryRun) {
        public Outcome {
            breaches = List.copyOf(breaches);
        }

        /** Whether no limit is broken. */
        public boolean passed() {
            return breaches.isEmpty();
        }
    }

    public Outcome analyze(Request r) {
        double threshold = r.threshold() == null ? Evaluator.DECISION_THRESHOLD : r.threshold();
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new InvalidInput("--threshold " + r.threshold() + " is not a score from 0 to 1", "give the score at or above which a prediction is positive");
        }
        RegistryView view = new RegistryView(registry.head(), codec);
        view.requireEnvironment(r.env());
        view.requireModel(r.model());
        Actors.require(view, signer, Operation.CANARY_ANALYZE);
        Canary canary = Releases.requireCanary(r.model(), r.env(), view.state(r.model()).env(r.env()));
        ModelRef ref = new ModelRef(r.model(), canary.version());
        VersionRecord record = view.requireRecord(ref);
        new RecordSignatures(attestations).require(view, record);
        Comparison comparison;
        String baselineName;
        String baselineSha;
        String candidateName;
        String candidateSha;
        try (RowSource b = inputs.rows(r.baseline()); RowSource c = inputs.rows(r.candidate())) {
            comparison = new Comparer().compare(b, c, r.join(), r.segment(), threshold);
            baselineName = b.name();
            baselineSha = b.sha256();
            candidateName = c.name();
            candidateSha = c.sha256();
        }
        Instant at = clock.instant();
        RiskTier tier = record.metadata().riskTier() != null ? record.metadata().riskTier() : view.requireModel(r.model()).riskTier();
        CanaryRules.Limits limits = view.policy().tier(tier).canary().in(r.env());
        List<String> breaches = limits.breaches(comparison, Duration.between(canary.since(), at));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("inputs", Map.of("baseline", Map.of("name", baselineName, "sha256", baselineSha),
                "candidate", Map.of("name", candidateName, "sha256", candidateSha)));
        body.put("figures", CanaryFigures.map(comparison));
        body.put("limits", limits.asMap());
        body.put("breaches", breaches);
        String id = Sha256.digest((baselineSha + "\n" + candidateSha + "\n" + canary.since() + "\n" + at + "\n" + r.abortOnFail()).getBytes(StandardCharsets.UTF_8))
                .hex().substring(0, 16);
        String file = Layout.canaryAnalyses(ref, r.env()) + "/" + Statements.STAMP.format(at) + "-" + id + ".json";
        byte[] signed = attestations.signStatement(Statements.canaryAnalysis(record, r.env(), at, canary.since(), breaches.isEmpty(), body),
                signer);
        Sha256 digest = Sha256.digest(signed);
        Outcome outcome = new Outcome(ref, r.env(), canary.since(), comparison, limits.asMap(), breaches, file, digest,
                !breaches.isEmpty() && r.abortOnFail(), null, r.dryRun());
        Registry.Committed<Outcome> done = Writes.update(registry, signer, r.dryRun(), head -> record(head, outcome, canary, signed));
        Outcome o = done.result();
        return done.commitId() == null ? o : new Outcome(o.ref(), o.env(), o.canarySince(), o.comparison(), o.limits(), o.breaches(),
                o.file(), o.digest(), o.aborted(), done.commitId(), o.dryRun());
    }

    /** On the head the commit is made on: the analysis, and the abort when it fails and was asked for; refused when the canary changed. */
    private Change<Outcome> record(Snapshot head, Outcome o, Canary analysed, byte[] signed) {
        RegistryView view = new RegistryView(head, codec);
        Actors.require(view, signer, Operation.CANARY_ANALYZE);
        Canary now = view.state(o.ref().name()).env(o.env()).canary();
        if (now == null || !now.version().equals(analysed.version()) || !now.since().equals(analysed.since())) {
            throw new Conflict("the canary of " + o.ref().name() + " in " + o.env() + " changed while it was analysed",
                    "see 'airisk status " + o.ref().name() + "' and analyse the canary running now");
        }
        if (view.snapshot().exists(o.file())) {
            throw new Conflict(o.file() + " was recorded in the same millisecond", "run the analysis again");
        }
        String verdict = o.passed() ? "passed" : "failed";
        Trailers t = Trailers.op(Operation.CANARY_ANALYZE).ref(o.ref()).put(Trailers.ENV, o.env()).put(Trailers.VERDICT, verdict)
                .put(Trailers.EVALUATION, o.digest().hex());
        String summary = o.passed() ? "" : " (" + Releases.oneLine(String.join(", ", o.breaches().subList(0, Math.min(5, o.breaches().size())))) + ")";
        if (o.aborted()) {
            String reason = "canary analysis " + o.digest().shortHex() + " failed" + summary;
            Change<ReleaseResult> abort = releases.canaryAbortOn(view, o.ref().name(), o.env(), reason, t.put(Trailers.REASON, reason));
            Map<String, byte[]> writes = new LinkedHashMap<>(abort.writes());
            writes.put(o.file(), signed);
            return new Change<>(o, writes, new CommitMessage("Analyze canary " + o.ref() + " in " + o.env() + ": failed" + summary
                    + "; abort it", "Analysis " + o.file(), abort.message().trailers()));
        }
        return new Change<>(o, Map.of(o.file(), signed), CommitMessage.of("Analyze canary " + o.ref() + " in " + o.env() + ": " + verdict
                + summary, t.by(signer.keyId())));
    }
}
