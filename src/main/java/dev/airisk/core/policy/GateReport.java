package dev.airisk.core.policy;

import java.util.List;

/** What the gates said about one version entering one environment, in the order they ran. */
public record GateReport(List<GateResult> results) {

    public GateReport {
        results = List.copyOf(results);
    }

    /** True when no gate failed (warnings do not block). */
    public boolean allowed() {
        return results.stream().noneMatch(r -> r.result() == GateResult.Result.FAIL);
    }

    public List<GateResult> failures() {
        return results.stream().filter(r -> r.result() == GateResult.Result.FAIL).toList();
    }

    public List<GateResult> warnings() {
        return results.stream().filter(r -> r.result() == GateResult.Result.WARN).toList();
    }

    /**
     * One line: {@code denied by metrics, approvals}, {@code allowed with warnings from freeze},
     * {@code allowed: 12 gates passed}, or {@code allowed: no gates ran}.
     */
    public String summary() {
        if (!allowed()) {
            return "denied by " + ids(failures());
        }
        List<GateResult> warnings = warnings();
        if (!warnings.isEmpty()) {
            return "allowed with warnings from " + ids(warnings);
        }
        return results.isEmpty() ? "allowed: no gates ran" : "allowed: " + GateText.plural(results.size(), "gate", "gates") + " passed";
    }

    private static String ids(List<GateResult> rs) {
        return String.join(", ", rs.stream().map(GateResult::gate).toList());
    }
}
