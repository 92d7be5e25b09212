package dev.airisk.core.notify;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.model.ModelName;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A downstream consumer, as consumers.yaml records it: the models it uses, the events it asked for,
 * and its one channel. A webhook's HMAC secret and a Slack URL are never stored, only the name of the
 * environment variable that holds them.
 *
 * @param name     1-64 of {@code a-z}, {@code 0-9}, {@code -}, starting with a letter or digit
 * @param models   model names, sorted
 * @param events   event filters ({@link #EVENTS}), sorted
 * @param endpoint where it hears from airisk
 */
public record Consumer(String name, List<String> models, Set<String> events, Endpoint endpoint) {
    /** What a consumer can ask to hear about. */
    public static final List<String> EVENTS = List.of("deprecated", "retired", "promoted", "rolled-back", "canary",
            "incident-opened", "incident-closed", "monitoring-breached");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern ENV_VAR = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    public Consumer {
        Objects.requireNonNull(endpoint, "endpoint");
        requireName(name);
        if (models == null || models.isEmpty()) {
            throw new InvalidInput("consumer '" + name + "' names no model", "pass --model MODEL (one or more)");
        }
        models.forEach(ModelName::require);
        models = List.copyOf(new TreeSet<>(models));
        if (events == null || events.isEmpty()) {
            throw new InvalidInput("consumer '" + name + "' asks for no event", "pass --events with some of " + String.join(",", EVENTS));
        }
        for (String e : events) {
            if (!EVENTS.contains(e)) {
                throw new InvalidInput("unknown event '" + e + "'", "use some of " + String.join(",", EVENTS));
            }
        }
        events = Collections.unmodifiableSet(new TreeSet<>(events));
        requireEndpoint(endpoint);
    }

    public static String requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInput("consumer name '" + name + "' is not valid",
                    "use 1-64 lower-case letters, digits or '-', starting with a letter or digit");
        }
        return name;
    }

    private static void requireEndpoint(Endpoint e) {
        String t = e.target();
        switch (e.kind()) {
            case WEBHOOK -> requireUrl(e.kind(), t);
            case SLACK -> {
                if (t != null) {
                    requireUrl(e.kind(), t);
                } else {
                    requireVariable(e.secretEnv(), "the Slack webhook URL is a secret, which consumers.yaml would store",
                            "put it in an environment variable and pass --slack VAR", "e.g. ML_OPS_SLACK_URL");
                }
                return;
            }
            case EMAIL -> {
                if (!t.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                    throw new InvalidInput("e-mail address '" + t + "' is not valid", "give an address like team@example.com");
                }
            }
            case FILE -> {
                if (!t.startsWith("/")) {
                    throw new InvalidInput("file '" + t + "' is not an absolute path", "give an absolute path");
                }
            }
            default -> throw new IllegalStateException(e.kind().toString());
        }
        if (e.secretEnv() != null) {
            if (e.kind() != Endpoint.Kind.WEBHOOK) {
                throw new InvalidInput("--secret-env applies only to a webhook", "drop --secret-env, or use --webhook URL");
            }
            requireVariable(e.secretEnv(), "--secret-env takes the name of a variable, not the secret itself",
                    "put the secret in an environment variable and pass its name", "e.g. AIRISK_WEBHOOK_SECRET");
        }
    }

    private static void requireUrl(Endpoint.Kind kind, String t) {
        URI uri;
        try {
            uri = URI.create(t);
        } catch (IllegalArgumentException x) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw new InvalidInput(kind.id() + " URL '" + t + "' is not an http or https URL",
                    "give a URL like https://hooks.example.com/airisk");
        }
        if (uri.getUserInfo() != null) {
            throw new InvalidInput(kind.id() + " URL has credentials in it, which consumers.yaml would store",
                    "put a shared secret in an environment variable and pass --secret-env VAR");
        }
    }

    /** A variable's name; a value that looks like a URL or a secret is refused without repeating it. */
    private static void requireVariable(String name, String notAName, String fix, String example) {
        if (name != null && name.contains(":")) {
            throw new InvalidInput(notAName, fix);
        }
        if (name == null || !ENV_VAR.matcher(name).matches()) {
            throw new InvalidInput("'" + name + "' is not an environment variable name",
                    "give the variable's name, " + example + "; never the secret itself");
        }
    }

    /** True when this consumer uses {@code model} and asked for {@code filter}. */
    public boolean wants(String model, String filter) {
        return models.contains(model) && events.contains(filter);
    }
}
