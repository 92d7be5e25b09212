package dev.airisk.core.release;

import dev.airisk.core.AiriskException;
import dev.airisk.core.Layout;
import dev.airisk.core.model.Incident;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.RiskTier;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.model.Version;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.policy.MonitoringRecord;
import dev.airisk.core.port.Attestations;
import dev.airisk.core.port.Attestations.SignedStatement;
import dev.airisk.core.port.History;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The audit's own checks of the monitoring operations, beyond their row in {@link Operation}: the
 * evaluation a commit records is a signed evaluation statement by the commit's key, of the version and
 * environment its trailers name, with the digest and verdict they give; a monitoring rollback rolls
 * back the version its breaching evaluation (with action rollback) names; an override is signed in the
 * role the version's tier names for it, of a version that was halted there.
 */
final class MonitoringCommits {
    private final Attestations attestations;

    MonitoringCommits(Attestations attestations) {
        this.attestations = attestations;
    }

    /** A {@code monitor-evaluate} commit: its one file is the evaluation its trailers describe. */
    String evaluation(History.Commit c, RegistryView basis, RegistryView after, List<String> changed, String actor) {
        return evaluationFile(c, basis, after, changed.get(0), ref(c, Trailers.VERSION), actor);
    }

    /** A {@code monitor-rollback} commit: the version rolled back is the one its breaching evaluation, with action rollback, names. */
    String rollback(History.Commit c, RegistryView basis, RegistryView after, List<String> changed, String actor) {
        if (c.trailer(Trailers.FROM) == null) {
            return "names no version rolled back (no Airisk-From trailer)";
        }
        ModelRef from = ref(c, Trailers.FROM);
        String env = c.trailer(Trailers.ENV);
        List<String> evaluations = changed.stream().filter(p -> p.startsWith(Layout.versions(from.name()) + "/")).toList();
        if (evaluations.size() != 1 || !evaluations.get(0).startsWith(Layout.evaluations(from, env) + "/")) {
            return "rolls back " + from + " in " + env + " without recording exactly one evaluation of it there";
        }
        String problem = evaluationFile(c, basis, after, evaluations.get(0), from, actor);
        if (problem != null) {
            return problem;
        }
        Map<String, Object> p = statement(basis, after, evaluations.get(0)).statement().predicate();
        if (!Boolean.FALSE.equals(p.get("healthy")) || !"rollback".equals(p.get("action"))) {
            return "rolls back " + from + " in " + env + " on an evaluation that is not a breach with action rollback";
        }
        if (!basis.state(from.name()).env(env).stableVersion().map(from.version()::equals).orElse(false)) {
            return "rolls back " + from + " in " + env + ", which was not the stable version there";
        }
        String id = c.trailer(Trailers.INCIDENT);
        Sha256 digest = Sha256.digest(after.snapshot().read(evaluations.get(0)).orElseThrow());
        try {
            Incident incident = Incidents.read(after, attestations, id);
            if (!incident.ref().equals(from) || !incident.first(Incident.Kind.DETECTED).map(d -> digest.equals(d.evaluation())).orElse(false)) {
                return "opens incident " + id + ", which is not about " + from + " detected by the evaluation it records";
            }
        } catch (AiriskException e) {
            return "opens no readable incident " + id + ": " + e.getMessage();
        }
        return null;
    }

    /** A {@code monitor-override} commit: signed in the tier's override role, of a version halted in the environment. */
    String override(History.Commit c, RegistryView basis, RegistryView after, List<String> changed, String actor) {
        ModelRef ref = ref(c, Trailers.VERSION);
        String env = c.trailer(Trailers.ENV);
        VersionRecord record = basis.requireRecord(ref);
        RiskTier tier = record.metadata().riskTier() != null ? record.metadata().riskTier() : basis.requireModel(ref.name()).riskTier();
        String role = basis.policy().tier(tier).monitoring().overrideRole();
        if (!role.equals(c.trailer(Trailers.ROLE))) {
            return "overrides the halt of " + ref + " in " + env + " as " + c.trailer(Trailers.ROLE) + ", not as its tier's override role "
                    + role;
        }
        SignedStatement s;
        try {
            s = verified(basis, after, changed.get(0), Statements.HALT_OVERRIDE);
        } catch (AiriskException | Statements.Malformed e) {
            return "records " + changed.get(0) + ", which is not a halt override: " + e.getMessage();
        }
        Map<String, Object> p = s.statement().predicate();
        if (!s.keyId().equals(actor) || !named(s, record, env) || !role.equals(p.get("role"))) {
            return "records " + changed.get(0) + ", an override that is not by its commit's key, of " + ref + " in " + env + " as " + role;
        }
        if (MonitoringRecord.halt(Statements.monitoring(basis, record, attestations, env, new ArrayList<>()), env).isEmpty()) {
            return "overrides the halt of " + ref + " in " + env + ", which was not halted there";
        }
        return null;
    }

    /** The evaluation at {@code path}: by {@code actor}, of {@code ref} in the commit's environment, with its trailers' digest and verdict. */
    private String evaluationFile(History.Commit c, RegistryView basis, RegistryView after, String path, ModelRef ref, String actor) {
        String env = c.trailer(Trailers.ENV);
        SignedStatement s;
        try {
            s = verified(basis, after, path, Statements.EVALUATION);
        } catch (AiriskException | Statements.Malformed e) {
            return "records " + path + ", which is not an evaluation: " + e.getMessage();
        }
        if (!s.keyId().equals(actor) || !named(s, basis.requireRecord(ref), env)) {
            return "records " + path + ", an evaluation that is not by its commit's key of " + ref + " in " + env;
        }
        Sha256 digest = Sha256.digest(after.snapshot().read(path).orElseThrow());
        Object healthy = s.statement().predicate().get("healthy");
        String verdict = Boolean.TRUE.equals(healthy) ? "healthy" : "breached";
        if (!digest.hex().equals(c.trailer(Trailers.EVALUATION)) || !verdict.equals(c.trailer(Trailers.VERDICT))) {
            return "records " + path + " (" + verdict + ", " + digest.shortHex() + ") but its trailers say "
                    + c.trailer(Trailers.VERDICT) + ", " + c.trailer(Trailers.EVALUATION);
        }
        return null;
    }

    private SignedStatement statement(RegistryView basis, RegistryView after, String path) {
        return attestations.verifyStatement(after.snapshot().read(path).orElseThrow(), basis.trustedKeys(), path);
    }

    private SignedStatement verified(RegistryView basis, RegistryView after, String path, String type) {
        SignedStatement s = statement(basis, after, path);
        if (!s.statement().predicateType().equals(type)) {
            throw new Statements.Malformed("its predicate type is " + s.statement().predicateType());
        }
        return s;
    }

    /** Whether the statement is bound to the version's root digest and names the version and the environment. */
    private static boolean named(SignedStatement s, VersionRecord record, String env) {
        try {
            return s.statement().subjectDigest().equals(record.rootDigest()) && Statements.ref(s.statement()).equals(record.ref())
                    && Objects.equals(env, s.statement().predicate().get("environment"));
        } catch (Statements.Malformed e) {
            return false;
        }
    }

    private static ModelRef ref(History.Commit c, String versionTrailer) {
        return new ModelRef(c.trailer(Trailers.MODEL), Version.parse(c.trailer(versionTrailer)));
    }
}
