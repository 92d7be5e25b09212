package dev.airisk.core.release;

import dev.airisk.core.AiriskException.Conflict;
import dev.airisk.core.AiriskException.NotFound;
import dev.airisk.core.Layout;
import dev.airisk.core.notify.Consumer;
import dev.airisk.core.notify.Consumers;
import dev.airisk.core.notify.OutboxItem;
import dev.airisk.core.port.Change;
import dev.airisk.core.port.CommitMessage;
import dev.airisk.core.port.Registry;
import dev.airisk.core.port.RegistryCodec;
import dev.airisk.core.port.Signer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code airisk consumers add|list|remove}: consumers.yaml, changed by an admin or a releaser.
 * Removing a consumer cancels its pending deliveries in the same commit.
 */
public final class Subscriptions {

    private final Registry registry;
    private final RegistryCodec codec;
    private final Signer signer;

    Subscriptions(Registry registry, RegistryCodec codec, Signer signer) {
        this.registry = registry;
        this.codec = codec;
        this.signer = signer;
    }

    /** What add or remove did. */
    public record Result(Consumer consumer, boolean changed, int cancelled, String commit) {
    }

    public Consumers list() {
        return new RegistryView(registry.head(), codec).consumers();
    }

    public Result add(Consumer c) {
        Registry.Committed<Result> done = registry.update(head -> {
            RegistryView view = new RegistryView(head, codec);
            Actors.require(view, signer, Operation.CONSUMERS_ADD);
            c.models().forEach(view::requireModel);
            Consumers all = view.consumers();
            Consumer existing = all.byName().get(c.name());
            if (existing != null) {
                if (existing.equals(c)) {
                    return Change.none(new Result(c, false, 0, null));
                }
                throw new Conflict("consumer '" + c.name() + "' exists with other settings",
                        "run 'airisk consumers remove " + c.name() + "' first, or choose another name");
            }
            return new Change<>(new Result(c, true, 0, null), Map.of(Layout.CONSUMERS, codec.writeConsumers(all.with(c))),
                    CommitMessage.of("Add consumer " + c.name() + " of " + String.join(", ", c.models()) + " (" + c.endpoint().kind().id() + ")",
                            Trailers.op(Operation.CONSUMERS_ADD).put(Trailers.CONSUMER, c.name()).by(signer.keyId())));
        });
        Result r = done.result();
        return new Result(r.consumer(), r.changed(), 0, done.commitId());
    }

    public Result remove(String name) {
        Consumer.requireName(name);
        Registry.Committed<Result> done = registry.update(head -> {
            RegistryView view = new RegistryView(head, codec);
            Actors.require(view, signer, Operation.CONSUMERS_REMOVE);
            Consumers all = view.consumers();
            Consumer c = all.byName().get(name);
            if (c == null) {
                throw new NotFound("there is no consumer '" + name + "'", "run 'airisk consumers list'");
            }
            Map<String, byte[]> writes = new LinkedHashMap<>();
            Consumers rest = all.without(name);
            writes.put(Layout.CONSUMERS, codec.writeConsumers(rest));
            int cancelled = 0;
            for (OutboxItem item : view.outboxDue(null)) {
                if (item.consumer().equals(name)) {
                    Outbox.update(writes, codec, item, item.cancelled("consumer removed"));
                    cancelled++;
                }
            }
            return new Change<>(new Result(c, true, cancelled, null), writes, CommitMessage.of("Remove consumer " + name
                    + (cancelled == 0 ? "" : " and cancel its " + cancelled + " pending notice(s)"),
                    Trailers.op(Operation.CONSUMERS_REMOVE).put(Trailers.CONSUMER, name).by(signer.keyId())));
        });
        Result r = done.result();
        return new Result(r.consumer(), r.changed(), r.cancelled(), done.commitId());
    }
}
