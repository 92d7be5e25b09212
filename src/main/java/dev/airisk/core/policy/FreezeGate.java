package dev.airisk.core.policy;

import java.util.Comparator;
import java.util.Optional;

/** No change enters an environment during a change freeze, except an emergency change, which is flagged. */
final class FreezeGate implements Gate {
    static final String ID = "freeze";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "the environment is not in a change freeze (an emergency change passes with a warning)";
    }

    @Override
    public GateResult evaluate(GateInput in) {
        Optional<Policy.FreezeWindow> window = in.policy().freezes().stream()
                .filter(w -> w.covers(in.env(), in.now()))
                .max(Comparator.comparing(Policy.FreezeWindow::until));
        if (window.isEmpty()) {
            return GateResult.pass(ID, "no change freeze in " + in.env());
        }
        Policy.FreezeWindow w = window.get();
        String frozen = in.env() + " is frozen until " + GateText.instant(w.until())
                + (GateText.blank(w.reason()) ? "" : " (" + GateText.oneLine(w.reason()) + ")");
        if (in.emergency()) {
            return GateResult.warn(ID, "emergency change during freeze: " + frozen,
                    "the emergency and its reason are recorded; review the change when the freeze ends");
        }
        return GateResult.fail(ID, frozen, "wait, or use --emergency --reason TEXT");
    }
}
