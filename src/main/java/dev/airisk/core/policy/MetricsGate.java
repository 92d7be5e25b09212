package dev.airisk.core.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every metric threshold of the tier holds on the version's recorded metrics; a missing metric fails. */
final class MetricsGate implements Gate {
    static final String ID = "metrics";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "the recorded metrics meet every threshold of the risk tier";
    }

    @Override
    public GateResult evaluate(GateInput in) {
        List<Threshold> thresholds = Gates.tierRules(in).metrics();
        String tier = GateText.tier(Gates.riskTier(in));
        if (thresholds.isEmpty()) {
            return GateResult.pass(ID, "no thresholds for tier " + tier);
        }
        Map<String, Double> metrics = in.record().metadata().metrics();
        List<String> failing = new ArrayList<>();
        List<String> holding = new ArrayList<>();
        for (Threshold t : thresholds) {
            Double actual = metrics.get(t.metric());
            if (actual == null) {
                failing.add("metric '" + t.metric() + "' is missing");
            } else if (!t.holds(actual)) {
                failing.add(t.metric() + " " + GateText.number(actual) + " (needs " + t.text() + ")");
            } else {
                holding.add(t.metric() + " " + GateText.number(actual) + " " + t.text());
            }
        }
        if (failing.isEmpty()) {
            return GateResult.pass(ID, String.join(", ", holding));
        }
        return GateResult.fail(ID, String.join(", ", failing),
                "evaluate again and register a new version whose metrics meet tier " + tier + " (--metric NAME=VALUE)");
    }
}
