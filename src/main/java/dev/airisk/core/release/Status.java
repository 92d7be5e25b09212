package dev.airisk.core.release;

import dev.airisk.core.Layout;
import dev.airisk.core.model.ReleaseState;
import dev.airisk.core.model.RiskTier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What runs where: per model and environment, the stable version, earlier ones, rollbacks and the canary. */
public final class Status {
    private final RegistryView view;

    Status(RegistryView view) {
        this.view = view;
    }

    /**
     * One model's release state, environments in promotion order (every environment is listed).
     *
     * @param model        the model
     * @param tier         its risk tier
     * @param environments environment name to its state
     */
    public record ModelStatus(String model, RiskTier tier, Map<String, ReleaseState.Env> environments) {
    }

    /**
     * The status of one model, or of every model that was ever promoted when {@code model} is null;
     * only {@code env} when it is given.
     */
    public List<ModelStatus> status(String model, String env) {
        List<String> envs = view.settings().environments();
        if (env != null) {
            view.requireEnvironment(env);
        }
        List<String> names;
        if (model != null) {
            view.requireModel(model);
            names = List.of(model);
        } else {
            names = view.modelNames().stream().filter(n -> view.snapshot().exists(Layout.state(n))).toList();
        }
        List<ModelStatus> out = new ArrayList<>();
        for (String name : names) {
            ReleaseState state = view.state(name);
            Map<String, ReleaseState.Env> byEnv = new LinkedHashMap<>();
            for (String e : envs) {
                if (env == null || env.equals(e)) {
                    byEnv.put(e, state.env(e));
                }
            }
            out.add(new ModelStatus(name, view.requireModel(name).riskTier(), byEnv));
        }
        return out;
    }
}
