package dev.airisk.core.policy;

import dev.airisk.core.model.RiskTier;
import dev.airisk.core.scan.Finding;
import dev.airisk.core.scan.ScanReport;
import java.util.List;

/** The version's stored files, scanned without loading them: no finding at or above the policy's threshold. */
final class ScanGate implements Gate {
    static final String ID = "scan";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "the stored files are scanned without loading them (pickle imports, formats, secrets): no finding at or above the policy's scan.fail_on";
    }

    @Override
    public boolean needsStore() {
        return true;
    }

    @Override
    public GateResult evaluate(GateInput in) {
        Policy.Scanning scanning = in.policy().scanning();
        RiskTier tier = Gates.riskTier(in);
        ScanReport report = Gates.artifact(in, this).scan(scanning.rules(), tier == RiskTier.HIGH || tier == RiskTier.UNACCEPTABLE);
        List<Finding> failing = report.atOrAbove(scanning.failOn());
        String files = GateText.plural(report.files().size(), "file", "files") + " scanned (" + report.scanner() + ")";
        if (failing.isEmpty()) {
            return GateResult.pass(ID, files + ", nothing at or above " + scanning.failOn().id()
                    + report.worst().map(w -> "; " + GateText.plural(report.findings().size(), "finding", "findings") + " below it, the worst "
                            + w.id()).orElse(""));
        }
        Finding worst = failing.get(0);
        return GateResult.fail(ID, GateText.plural(failing.size(), "finding", "findings") + " at or above " + scanning.failOn().id()
                        + ", the worst " + worst.severity().id() + " " + worst.rule() + " in " + worst.path() + ": "
                        + GateText.oneLine(worst.message()),
                "see them all with 'airisk pull " + in.ref() + " --to DIR' and 'airisk scan DIR'; register a fixed version, "
                        + "or list data-only callables under scan.safe_callables in policy.yaml");
    }
}
