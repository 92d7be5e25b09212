package dev.airisk.cli;

import dev.airisk.core.model.ReleaseState;
import dev.airisk.core.model.Version;
import dev.airisk.core.release.Lifecycle;
import dev.airisk.core.release.Status;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airisk status}: what runs where. Its JSON is what deployment tooling reads. */
@Command(name = "status", description = "Show, per model and environment, the stable version, the canary and its weight, earlier stable versions and the fallback version.",
        footerHeading = "%nExamples:%n",
        footer = {"  Every model in every environment:",
                "    airisk status",
                "  One model in prod, for a script:",
                "    airisk status churn --env prod --format json"})
final class StatusCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ReadOptions read;
    @Mixin OutputOptions output;
    @Parameters(paramLabel = "<model>", arity = "0..1", description = "One model (default: every model that was ever promoted).")
    String model;
    @Option(names = "--env", paramLabel = "<env>", description = "Only this environment.")
    String env;

    @Override
    public Integer call() {
        var services = read.services();
        List<Status.ModelStatus> all = services.status().status(model, env);
        Map<String, Map<String, Lifecycle>> inactive = new LinkedHashMap<>();
        for (Status.ModelStatus s : all) {
            Map<String, Lifecycle> byVersion = new LinkedHashMap<>();
            services.deprecations().inactive(s.model()).forEach(l -> byVersion.put(l.ref().version().toString(), l));
            inactive.put(s.model(), byVersion);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            List<Map<String, Object>> models = all.stream().map(s -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("model", s.model());
                m.put("risk_tier", s.tier());
                Map<String, Object> envs = new LinkedHashMap<>();
                s.environments().forEach((e, st) -> envs.put(e, ReleaseOutput.env(st)));
                m.put("environments", envs);
                m.put("deprecations", inactive.get(s.model()).values().stream().map(ReleaseOutput::lifecycle).toList());
                return m;
            }).toList();
            Json.print(out, Map.of("models", models));
            return ExitCodes.OK;
        }
        // the FALLBACK column only where some environment listed has a fallback version
        boolean fallbacks = all.stream().anyMatch(s -> s.environments().values().stream().anyMatch(st -> st.fallback() != null));
        Table t = fallbacks ? new Table("MODEL", "ENV", "STABLE", "SINCE", "CANARY", "PREVIOUS", "FALLBACK")
                : new Table("MODEL", "ENV", "STABLE", "SINCE", "CANARY", "PREVIOUS");
        for (Status.ModelStatus s : all) {
            s.environments().forEach((e, st) -> t.row(Arrays.copyOf(new Object[] {s.model(), e,
                    st.stable() == null ? null : noted(st.stable().version(), inactive.get(s.model())),
                    st.stable() == null ? null : st.stable().since().truncatedTo(ChronoUnit.SECONDS),
                    st.canary() == null ? null : noted(st.canary().version(), inactive.get(s.model()))
                            + (st.canary().shadow() ? " (shadow)" : " (" + st.canary().weight() + "%)"),
                    st.previous().isEmpty() ? null : String.join(", ", st.previous().stream().limit(3)
                            .map(ReleaseState.Stable::version).map(Object::toString).toList()),
                    st.fallback() == null ? null : noted(st.fallback().version(), inactive.get(s.model())) + (st.onFallback() ? " (serving)" : "")},
                    fallbacks ? 7 : 6)));
        }
        t.print(out);
        return ExitCodes.OK;
    }

    /** A version, with "(retired on DATE)" or "(deprecated, retires on DATE)" when it is not active. */
    private static String noted(Version v, Map<String, Lifecycle> inactive) {
        Lifecycle l = inactive.get(v.toString());
        return l == null ? v.toString() : v + " (" + l.describe() + ")";
    }
}
