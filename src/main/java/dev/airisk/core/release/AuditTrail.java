package dev.airisk.core.release;

import dev.airisk.core.port.History;
import dev.airisk.core.port.Registry;
import dev.airisk.core.port.RegistryCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry's history read back: {@code airisk log} and {@code history} from the commit trailers,
 * and the names keys signed with. {@link Audit} checks the same history against the rules.
 */
public final class AuditTrail {
    private final Registry registry;
    private final RegistryCodec codec;

    AuditTrail(Registry registry, RegistryCodec codec) {
        this.registry = registry;
        this.codec = codec;
    }

    /** One operation as the log shows it; {@code actorName} is the name the acting key signed it with, or null. */
    public record Entry(String commit, Instant time, String op, String model, String version, String env, String actor,
                        String actorName, String subject, Map<String, String> trailers) {
    }

    /** A log filter; null fields do not filter. */
    public record Filter(String model, String env, String actor, Instant since) {
        boolean accepts(Entry e) {
            return (model == null || model.equals(e.model())) && (env == null || env.equals(e.env()))
                    && (actor == null || (e.actor() != null && e.actor().startsWith(actor)))
                    && (since == null || !e.time().isBefore(since));
        }
    }

    /** Operations newest first. */
    public List<Entry> log(Filter filter) {
        List<History.Commit> commits = registry.history().commits();
        List<Entry> out = new ArrayList<>();
        for (int i = commits.size() - 1; i >= 0; i--) {
            History.Commit c = commits.get(i);
            Entry e = new Entry(c.id(), c.time(), c.trailer(Trailers.OP), c.trailer(Trailers.MODEL), c.trailer(Trailers.VERSION),
                    c.trailer(Trailers.ENV), c.trailer(Trailers.ACTOR), c.author(), c.subject(), c.trailers());
            if (filter.accepts(e)) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Key id to the name each key last signed a commit with (the name its holder gave it; names are not
     * unique, ids are). Keys that never wrote to the registry are absent.
     */
    public Map<String, String> keyNames() {
        Map<String, String> names = new HashMap<>();
        for (History.Commit c : registry.history().commits()) {
            String actor = c.trailer(Trailers.ACTOR);
            if (actor != null && c.author() != null && !c.author().isBlank()) {
                names.put(actor, c.author());
            }
        }
        return names;
    }

    /** The model's history; NotFound for a model that was never registered. */
    public List<Entry> history(String model, String env) {
        new RegistryView(registry.head(), codec).requireModel(model);
        return log(new Filter(model, env, null, null));
    }
}
