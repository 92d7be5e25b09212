package dev.airisk.core.policy;

import dev.airisk.core.model.Metadata;
import java.util.ArrayList;
import java.util.List;

/** The documents the tier requires for this environment (bias audit, impact assessment, ...) are attached. */
final class AttachmentsGate implements Gate {
    static final String ID = "attachments";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "the documents the risk tier requires for the environment are attached";
    }

    @Override
    public GateResult evaluate(GateInput in) {
        Metadata m = in.record().metadata();
        List<String> required = new ArrayList<>();
        for (Policy.AttachmentRule rule : Gates.tierRules(in).attachments()) {
            if (applies(rule.when(), m) && (rule.environments().isEmpty() || rule.environments().contains(in.env()))
                    && !required.contains(rule.kind())) {
                required.add(rule.kind());
            }
        }
        if (required.isEmpty()) {
            return GateResult.pass(ID, "no attachments required for tier " + GateText.tier(Gates.riskTier(in)) + " in " + in.env());
        }
        List<String> missing = required.stream()
                .filter(kind -> in.attachments().stream().noneMatch(a -> kind.equals(a.kind()))).toList();
        if (missing.isEmpty()) {
            return GateResult.pass(ID, "attached: " + String.join(", ", required));
        }
        List<String> commands = missing.stream().map(kind -> "'airisk attach " + in.ref() + " --kind " + kind + " FILE'").toList();
        return GateResult.fail(ID, "missing " + (missing.size() == 1 ? "attachment " : "attachments ") + String.join(", ", missing),
                (missing.size() == 1 ? "attach it with " : "attach them with ") + String.join(" and ", commands));
    }

    /**
     * Whether a rule's condition holds. {@link Policy.AttachmentRule} admits only {@link Policy#ATTACHMENT_CONDITIONS};
     * a condition added there without a case here is taken to hold, so it never waives a document.
     */
    static boolean applies(String when, Metadata m) {
        if (when == null) {
            return true;
        }
        return switch (when) {
            case "processes_pii" -> Boolean.TRUE.equals(m.processesPii());
            case "high_stakes" -> Boolean.TRUE.equals(m.highStakes());
            case "vendor" -> m.vendor() != null;
            default -> true;
        };
    }
}
