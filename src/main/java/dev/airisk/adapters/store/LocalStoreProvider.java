package dev.airisk.adapters.store;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.AiriskException.NotFound;
import dev.airisk.core.AiriskException.Unavailable;
import dev.airisk.core.Printable;
import dev.airisk.core.Redact;
import dev.airisk.core.io.Fsync;
import dev.airisk.core.io.IoErrors;
import dev.airisk.core.port.ArtifactStore;
import dev.airisk.core.port.StoreProvider;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Opens {@link LocalStore}s from a plain path or a {@code file:} URI ({@code file:///srv/store},
 * {@code file:/srv/store}, {@code file:relative/store}). The canonical form is the absolute,
 * normalized path.
 */
public final class LocalStoreProvider implements StoreProvider {
    private static final Pattern URL_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");

    @Override
    public ArtifactStore open(String location, boolean create) {
        Path root = toPath(location);
        if (Files.isDirectory(root)) {
            return new LocalStore(root);
        }
        if (Files.exists(root)) {
            throw new InvalidInput("store location " + root + " is a file, not a folder",
                    "point 'store' in registry.yaml at a folder");
        }
        if (!create) {
            throw new NotFound("there is no store at " + root,
                    "check 'store' in registry.yaml, or create the folder; a relative store is relative to the registry's folder, "
                            + "so a copied registry needs its store copied beside it");
        }
        try {
            Fsync.createDirectories(root);
        } catch (IOException e) {
            throw new Unavailable("cannot create the store folder " + root + ": " + IoErrors.describe(e),
                    "check that its parent folder exists and is writable", e);
        }
        return new LocalStore(root);
    }

    @Override
    public String canonical(String location) {
        return toPath(location).toString();
    }

    /**
     * A store in the folder that holds the registry (its parent) or below it is recorded relative to
     * the registry's folder ({@code ../registry.git.store}), so a registry copied together with its
     * store (a rehearsal, a restore) uses the copied store; a store elsewhere keeps its absolute path.
     */
    @Override
    public String recorded(String store, String registryFolder) {
        if (registryFolder == null) {
            return store;
        }
        Path registry = Path.of(registryFolder).toAbsolutePath().normalize();
        Path path = toPath(store);
        Path parent = registry.getParent();
        if (parent == null || parent.getParent() == null || !path.startsWith(parent) || path.equals(registry)) {
            return store;
        }
        return registry.relativize(path).toString();
    }

    /** A relative path is relative to the registry's folder; a path or {@code file:} URI that is absolute stays as it is. */
    @Override
    public String resolve(String recorded, String registryFolder) {
        if (!isRelative(recorded)) {
            return recorded;
        }
        if (registryFolder == null) {
            throw new InvalidInput("registry.yaml records the store as '" + shown(recorded) + "', relative to the registry's folder, "
                    + "and a registry at a URL has none", "record the store's absolute path or its s3:// URL in registry.yaml");
        }
        return Path.of(registryFolder).resolve(recorded).normalize().toString();
    }

    private static boolean isRelative(String location) {
        try {
            return location != null && !location.isBlank() && !location.startsWith("file:") && !URL_SCHEME.matcher(location).matches()
                    && !Path.of(location).isAbsolute();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Path toPath(String location) {
        if (location == null || location.isBlank()) {
            throw new InvalidInput("the store location is empty", "give a folder path or a file: URI");
        }
        try {
            Path path = location.startsWith("file:") ? fromFileUri(location) : plain(location);
            return path.toAbsolutePath().normalize();
        } catch (IllegalArgumentException | URISyntaxException e) {
            throw new InvalidInput("'" + shown(location) + "' is not a valid store location",
                    "give a folder path or a file: URI such as file:///srv/airisk-store", e);
        }
    }

    private static Path plain(String location) {
        if (URL_SCHEME.matcher(location).matches()) {
            throw new InvalidInput("store location '" + shown(location) + "' uses " + location.substring(0, location.indexOf(':'))
                    + "://, which airisk does not support", "give a folder path, a file: URI or s3://BUCKET/PREFIX");
        }
        return Path.of(location);
    }

    private static String shown(String location) {
        return Printable.oneLine(Redact.credentials(location));
    }

    private static Path fromFileUri(String location) throws URISyntaxException {
        URI uri = new URI(location);
        if (uri.isOpaque()) {
            return Path.of(uri.getSchemeSpecificPart());
        }
        if (uri.getAuthority() != null && !uri.getAuthority().isEmpty() && !"localhost".equals(uri.getAuthority())) {
            throw new InvalidInput("store location '" + shown(location) + "' names another host",
                    "a local store must be on this machine; use file:///path");
        }
        return Path.of(uri.getPath());
    }
}
