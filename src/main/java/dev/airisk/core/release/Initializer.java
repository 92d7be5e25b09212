package dev.airisk.core.release;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.Layout;
import dev.airisk.core.model.RegistrySettings;
import dev.airisk.core.model.Roles;
import dev.airisk.core.model.StoreSettings;
import dev.airisk.core.port.CommitMessage;
import dev.airisk.core.port.Registry;
import dev.airisk.core.port.RegistryCodec;
import dev.airisk.core.port.RegistryProvider;
import dev.airisk.core.port.Signer;
import dev.airisk.core.port.StoreProvider;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Creates a registry for a one-person setup: the acting key is trusted and holds every role. */
public final class Initializer {
    private final RegistryProvider registries;
    private final StoreProvider stores;
    private final RegistryCodec codec;

    public Initializer(RegistryProvider registries, StoreProvider stores, RegistryCodec codec) {
        this.registries = registries;
        this.stores = stores;
        this.codec = codec;
    }

    /** {@code storeLocation} null means the provider's default (for a path, the path with ".store" appended). */
    public Initialized init(String registryLocation, String storeLocation, Signer signer) {
        return init(registryLocation, storeLocation, StoreSettings.DEFAULTS, signer);
    }

    /**
     * A registry whose registry.yaml records the store and its settings (endpoint, path style,
     * retention). The store is checked before anything is created, so an unreachable store leaves
     * no registry behind.
     */
    public Initialized init(String registryLocation, String storeLocation, StoreSettings storeSettings, Signer signer) {
        if (signer == null) {
            throw new InvalidInput("init needs an acting key", "create one with 'airisk keys generate --name NAME'");
        }
        String fallback = registries.defaultStore(registryLocation); // also refuses a malformed registry location first
        String named = storeLocation != null ? storeLocation : fallback;
        if (named == null) {
            throw new InvalidInput("a registry at a URL is shared, so it needs a store everyone can reach",
                    "pass --store with an S3 URL (s3://BUCKET/PREFIX) or a shared folder");
        }
        String store = stores.canonical(named);
        Map<String, String> settings = storeSettings.toMap();
        signer.ready();
        stores.probe(store, settings);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(Layout.SETTINGS, codec.writeSettings(new RegistrySettings(RegistrySettings.FORMAT,
                RegistrySettings.DEFAULT_ENVIRONMENTS, stores.recorded(store, registries.folder(registryLocation)), settings)));
        files.put(Layout.POLICY, codec.emptyPolicy());
        files.put(Layout.trustedKey(signer.keyId()), signer.publicKeyPem().getBytes(StandardCharsets.UTF_8));
        Map<String, List<String>> roles = new LinkedHashMap<>();
        for (String role : Roles.BUILT_IN) {
            roles.put(role, List.of(signer.keyId()));
        }
        files.put(Layout.ROLES, codec.writeRoles(new Roles(roles)));
        Map<String, String> trailers = Trailers.op(Operation.INIT).by(signer.keyId());
        String commit;
        String location;
        try (Registry registry = registries.create(registryLocation, signer, files,
                CommitMessage.of("Initialise registry with store " + store, trailers))) {
            commit = registry.head().commitId();
            location = registry.location();
        }
        stores.open(store, settings, true);
        return new Initialized(location, store, signer.keyId(), RegistrySettings.DEFAULT_ENVIRONMENTS, commit);
    }

    /** What init created. */
    public record Initialized(String registry, String store, String keyId, List<String> environments, String commit) {
    }
}
