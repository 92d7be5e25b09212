package dev.airisk.core.policy;

import dev.airisk.core.model.Metadata;
import java.util.ArrayList;
import java.util.List;

/** Where the model serves and was trained stays within the regions the environment allows. */
final class RegionsGate implements Gate {
    static final String ID = "regions";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "the serving and training regions are among the regions the environment allows";
    }

    @Override
    public GateResult evaluate(GateInput in) {
        List<String> allowed = in.policy().environment(in.env()).allowedRegions();
        if (allowed.isEmpty()) {
            return GateResult.pass(ID, "no region restriction in " + in.env());
        }
        Metadata m = in.record().metadata();
        List<String> problems = new ArrayList<>();
        if (m.regions().isEmpty()) {
            problems.add("no serving regions recorded");
        }
        List<String> serving = outside(m.regions(), allowed);
        if (!serving.isEmpty()) {
            problems.add("serving " + String.join(", ", serving) + " not allowed in " + in.env());
        }
        List<String> training = outside(m.trainingRegions(), allowed);
        if (!training.isEmpty()) {
            problems.add("training " + String.join(", ", training) + " not allowed in " + in.env());
        }
        String allowedText = String.join(", ", allowed);
        if (problems.isEmpty()) {
            return GateResult.pass(ID, "regions " + String.join(", ", union(m.regions(), m.trainingRegions()))
                    + " within " + allowedText + " allowed in " + in.env());
        }
        return GateResult.fail(ID, String.join("; ", problems) + " (allowed: " + allowedText + ")",
                "record regions (and training_regions) within " + allowedText + " in META.yaml and register a new version,"
                        + " or change allowed_regions of " + in.env() + " in policy.yaml");
    }

    private static List<String> outside(List<String> regions, List<String> allowed) {
        return regions.stream().filter(r -> allowed.stream().noneMatch(a -> a.equalsIgnoreCase(r.trim()))).distinct().toList();
    }

    private static List<String> union(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        b.stream().filter(r -> !out.contains(r)).forEach(out::add);
        return out;
    }
}
