package dev.airisk.core.release;

import dev.airisk.core.AiriskException.Conflict;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.AiriskException.NotFound;
import dev.airisk.core.AiriskException.PolicyDenied;
import dev.airisk.core.Layout;
import dev.airisk.core.model.Deprecation;
import dev.airisk.core.model.Durations;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.notify.OutboxItem;
import dev.airisk.core.port.Change;
import dev.airisk.core.port.CommitMessage;
import dev.airisk.core.port.Registry;
import dev.airisk.core.port.RegistryCodec;
import dev.airisk.core.port.Signer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code airisk deprecate} and {@code undeprecate}: records that a version retires on a date (00:00
 * UTC), and queues in the same commit a notice to every consumer of the model, reminders before the
 * retirement at the policy's offsets, and the retirement notice itself. Undeprecating cancels the
 * reminders and the retirement notice that are still pending, and notifies.
 */
public final class Deprecations {

    private final Registry registry;
    private final RegistryCodec codec;
    private final Signer signer;
    private final Clock clock;
    private final boolean dryRun;

    Deprecations(Registry registry, RegistryCodec codec, Signer signer, Clock clock) {
        this(registry, codec, signer, clock, false);
    }

    private Deprecations(Registry registry, RegistryCodec codec, Signer signer, Clock clock, boolean dryRun) {
        this.dryRun = dryRun;
        this.registry = registry;
        this.codec = codec;
        this.signer = signer;
        this.clock = clock;
    }

    /** deprecate and undeprecate as dry runs: every check of the real run, the key unlocked, nothing written. */
    public Deprecations dryRun() {
        return new Deprecations(registry, codec, signer, clock, true);
    }

    /** What deprecate or undeprecate did (or, for a dry run, would do). */
    public record Result(ModelRef ref, Deprecation deprecation, boolean changed, int queued, int cancelled, String commit,
                         boolean dryRun) {
        Result(ModelRef ref, Deprecation deprecation, boolean changed, int queued, int cancelled, String commit) {
            this(ref, deprecation, changed, queued, cancelled, commit, false);
        }
    }

    /** Throws PolicyDenied (exit 3) when {@code ref} is retired at {@code now}, naming the date and the replacement. */
    static void requireNotRetired(RegistryView view, ModelRef ref, Instant now) {
        view.deprecation(ref).filter(d -> d.retired(now)).ifPresent(d -> {
            throw new PolicyDenied(ref + " was retired on " + d.retireOn() + (d.replacement() == null ? "" : " (use " + d.replacement() + ")"),
                    d.replacement() == null ? "a retired version cannot be promoted, canaried or pulled; choose another version"
                            : "a retired version cannot be promoted, canaried or pulled");
        });
    }

    /** Where a version is in its life now. */
    public Lifecycle lifecycle(ModelRef ref) {
        RegistryView view = new RegistryView(registry.head(), codec);
        view.requireRecord(ref);
        return Lifecycle.of(view, ref, clock.instant());
    }

    /** The versions of a model that are not active (deprecated, retired or collected), oldest first. */
    public List<Lifecycle> inactive(String model) {
        RegistryView view = new RegistryView(registry.head(), codec);
        Instant now = clock.instant();
        return view.versions(model).stream().map(v -> Lifecycle.of(view, new ModelRef(model, v), now))
                .filter(l -> !l.active()).toList();
    }

    /** Parses a retire-on date as given on the command line. */
    public static LocalDate parseDate(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidInput("retire-on date '" + text + "' is malformed", "write a date like 2026-12-01 (retirement starts at 00:00 UTC)");
        }
    }

    public Result deprecate(ModelRef ref, LocalDate retireOn, ModelRef replacement, String reason) {
        requireReason(reason);
        Registry.Committed<Result> done = Writes.update(registry, signer, dryRun, head -> {
            RegistryView view = new RegistryView(head, codec);
            Actors.require(view, signer, Operation.DEPRECATE);
            view.requireRecord(ref);
            Instant now = clock.instant();
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            if (retireOn.isBefore(today)) {
                throw new InvalidInput("retire-on date " + retireOn + " is in the past", "give today (" + today + ") or a later date");
            }
            if (replacement != null) {
                if (replacement.equals(ref)) {
                    throw new InvalidInput("the replacement of " + ref + " is " + ref + " itself", "name another version");
                }
                view.record(replacement).orElseThrow(() -> new NotFound("replacement " + replacement + " is not registered",
                        "run 'airisk list " + replacement.name() + "' to see its versions"));
                view.deprecation(replacement).filter(d -> !d.retireOn().isAfter(retireOn)).ifPresent(d -> {
                    throw new InvalidInput("replacement " + replacement + " retires on " + d.retireOn() + ", no later than " + ref,
                            "name a version that is not deprecated");
                });
            }
            view.collected(ref).ifPresent(c -> {
                throw new Conflict("the artifacts of " + ref + " were collected under retention on " + c.at(), "it stays retired");
            });
            List<Deprecation> all = new ArrayList<>(view.deprecations(ref.name()));
            Deprecation existing = all.stream().filter(d -> d.version().equals(ref.version())).findFirst().orElse(null);
            if (existing != null) {
                if (existing.retireOn().equals(retireOn) && Objects.equals(existing.replacement(), replacement)) {
                    return Change.none(new Result(ref, existing, false, 0, 0, null));
                }
                throw new Conflict(ref + " is already deprecated (retires on " + existing.retireOn() + ")",
                        "run 'airisk undeprecate " + ref + " --reason TEXT' first to change the date or the replacement");
            }
            Deprecation d = new Deprecation(ref.version(), retireOn, replacement, reason.strip(), now, signer.keyId());
            all.add(d);
            all.sort(Comparator.comparing(Deprecation::version));
            Map<String, byte[]> writes = new LinkedHashMap<>();
            writes.put(Layout.deprecations(ref.name()), codec.writeDeprecations(all));
            Map<String, byte[]> queued = Outbox.queue(view, codec, notices(ref, d, view.policy().notices().reminders(), now));
            writes.putAll(queued);
            Trailers t = Trailers.op(Operation.DEPRECATE).ref(ref).put(Trailers.RETIRE_ON, retireOn).put(Trailers.REPLACEMENT, replacement)
                    .put(Trailers.REASON, reason);
            return new Change<>(new Result(ref, d, true, queued.size(), 0, null), writes,
                    CommitMessage.of("Deprecate " + ref + ", retiring on " + retireOn
                            + (replacement == null ? "" : " (use " + replacement + ")"), t.by(signer.keyId())));
        });
        return finished(done);
    }

    public Result undeprecate(ModelRef ref, String reason) {
        requireReason(reason);
        Registry.Committed<Result> done = Writes.update(registry, signer, dryRun, head -> {
            RegistryView view = new RegistryView(head, codec);
            Actors.require(view, signer, Operation.UNDEPRECATE);
            view.requireRecord(ref);
            List<Deprecation> all = new ArrayList<>(view.deprecations(ref.name()));
            Deprecation d = all.stream().filter(x -> x.version().equals(ref.version())).findFirst()
                    .orElseThrow(() -> new NotFound(ref + " is not deprecated", "see 'airisk show " + ref + "'"));
            view.collected(ref).ifPresent(c -> {
                throw new Conflict("the artifacts of " + ref + " were collected under retention on " + c.at(),
                        "it cannot return to service; register it again under a new version");
            });
            all.remove(d);
            Instant now = clock.instant();
            Map<String, byte[]> writes = new LinkedHashMap<>();
            writes.put(Layout.deprecations(ref.name()), all.isEmpty() ? null : codec.writeDeprecations(all));
            int cancelled = 0;
            for (OutboxItem item : view.outboxDue(null)) {
                if (item.subject() != null && item.subject().equals(ref.toString())
                        && (Outbox.REMINDER.equals(item.type()) || Outbox.RETIRED.equals(item.type()))) {
                    Outbox.update(writes, codec, item, item.cancelled("undeprecated: " + oneLine(reason)));
                    cancelled++;
                }
            }
            Map<String, String> data = Outbox.data(ref);
            data.put("reason", reason.strip());
            Map<String, byte[]> queued = Outbox.queue(view, codec, List.of(new Outbox.Notice(Operation.UNDEPRECATE.event(), ref, now, now, data,
                    ref + " is no longer deprecated and will not retire on " + d.retireOn() + ": " + oneLine(reason))));
            writes.putAll(queued);
            return new Change<>(new Result(ref, d, true, queued.size(), cancelled, null), writes,
                    CommitMessage.of("Undeprecate " + ref + ": " + oneLine(reason),
                            Trailers.op(Operation.UNDEPRECATE).ref(ref).put(Trailers.REASON, reason).by(signer.keyId())));
        });
        return finished(done);
    }

    private Result finished(Registry.Committed<Result> done) {
        Result r = done.result();
        return new Result(r.ref(), r.deprecation(), r.changed(), r.queued(), r.cancelled(), done.commitId(), dryRun);
    }

    /** The deprecation notice now, a reminder at each offset still ahead, and the retirement notice on the date. */
    private static List<Outbox.Notice> notices(ModelRef ref, Deprecation d, List<Duration> reminders, Instant now) {
        Map<String, String> data = Outbox.data(ref);
        data.put("retire_on", d.retireOn().toString());
        if (d.replacement() != null) {
            data.put("replacement", d.replacement().toString());
        }
        data.put("reason", d.reason());
        String instead = d.replacement() == null ? "" : " Use " + d.replacement() + " instead.";
        List<Outbox.Notice> out = new ArrayList<>();
        out.add(new Outbox.Notice(Operation.DEPRECATE.event(), ref, now, now, data,
                ref + " is deprecated and retires on " + d.retireOn() + ": " + oneLine(d.reason()) + "." + instead));
        for (Duration before : reminders) {
            Instant due = d.retiresAt().minus(before);
            if (due.isAfter(now)) {
                Map<String, String> r = new LinkedHashMap<>(data);
                r.put("retires_in", Durations.human(before));
                out.add(new Outbox.Notice(Outbox.REMINDER, ref, now, due, r,
                        "Reminder: " + ref + " retires on " + d.retireOn() + " (in " + Durations.human(before) + ")." + instead));
            }
        }
        out.add(new Outbox.Notice(Outbox.RETIRED, ref, now, d.retiresAt(), data,
                ref + " is retired as of " + d.retireOn() + " and can no longer be promoted or pulled." + instead));
        return out;
    }

    private static void requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInput("a reason is required", "pass --reason TEXT (consumers receive it)");
        }
    }

    static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }
}
