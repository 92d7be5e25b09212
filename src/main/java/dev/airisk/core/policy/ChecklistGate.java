package dev.airisk.core.policy;

import java.util.ArrayList;
import java.util.List;

/** When the tier requires it, every checklist item's newest answer is yes, with evidence. */
public final class ChecklistGate implements Gate {
    ChecklistGate() {
    }

    static final String ID = "checklist";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "every item of the high-risk checklist is answered yes with evidence, when the risk tier requires it";
    }

    @Override
    public GateResult evaluate(GateInput in) {
        String tier = GateText.tier(Gates.riskTier(in));
        if (!Gates.tierRules(in).checklist()) {
            return GateResult.pass(ID, "checklist not required for tier " + tier);
        }
        List<Policy.ChecklistItem> items = in.policy().checklist();
        if (items.isEmpty()) {
            return GateResult.pass(ID, "checklist required for tier " + tier + " but the policy lists no items");
        }
        List<String> problems = new ArrayList<>();
        String firstOpen = null;
        for (Policy.ChecklistItem item : items) {
            ChecklistAnswer newest = newest(in.answers(), item.id());
            String problem;
            if (newest == null) {
                problem = item.id() + " unanswered";
            } else if (newest.answer() != ChecklistAnswer.Answer.YES) {
                problem = item.id() + " answered " + newest.answer().id();
            } else if (GateText.blank(newest.evidence())) {
                problem = item.id() + " yes without evidence";
            } else {
                continue;
            }
            problems.add(problem);
            if (firstOpen == null) {
                firstOpen = item.id();
            }
        }
        if (problems.isEmpty()) {
            return GateResult.pass(ID, "all " + GateText.plural(items.size(), "checklist item", "checklist items") + " answered yes with evidence");
        }
        return GateResult.fail(ID, "checklist incomplete: " + String.join(", ", problems),
                "answer with 'airisk checklist " + in.ref() + " --answer " + firstOpen + "=yes --evidence TEXT'");
    }

    /** The newest answer to an item; of answers at the same instant, the later one in the list (answers come oldest first). */
    public static ChecklistAnswer newest(List<ChecklistAnswer> answers, String item) {
        ChecklistAnswer newest = null;
        for (ChecklistAnswer a : answers) {
            if (item.equals(a.item()) && (newest == null || !a.at().isBefore(newest.at()))) {
                newest = a;
            }
        }
        return newest;
    }
}
