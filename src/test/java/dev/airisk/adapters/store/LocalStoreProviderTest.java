package dev.airisk.adapters.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.AiriskException.NotFound;
import dev.airisk.core.AiriskException.Unavailable;
import dev.airisk.core.port.ArtifactStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStoreProviderTest {
    private final LocalStoreProvider provider = new LocalStoreProvider();

    @TempDir
    Path dir;

    @Test
    void canonical_plainPathAndFileUris_areTheAbsoluteNormalizedPath() {
        String expected = dir.resolve("store").toString();

        assertEquals(expected, provider.canonical(dir + "/x/../store"));
        assertEquals(expected, provider.canonical("file://" + dir + "/store"));
        assertEquals(expected, provider.canonical("file:" + dir + "/store/"));
        assertEquals(Path.of("rel/store").toAbsolutePath().toString(), provider.canonical("file:rel/store"));
    }

    @Test
    void canonical_otherScheme_isRefused() {
        InvalidInput e = assertThrows(InvalidInput.class, () -> provider.canonical("s3://bucket/models"));

        assertEquals("store location 's3://bucket/models' uses s3://, which airisk does not support"
                + " (give a folder path, a file: URI or s3://BUCKET/PREFIX)", e.oneLine());
    }

    @Test
    void canonical_fileUriOfAnotherHost_isRefused() {
        assertThrows(InvalidInput.class, () -> provider.canonical("file://fileserver/share/store"));
    }

    @Test
    void open_missingFolderWithoutCreate_isNotFound() {
        Path missing = dir.resolve("nope");

        NotFound e = assertThrows(NotFound.class, () -> provider.open(missing.toString(), false));

        assertEquals("there is no store at " + missing + " (check 'store' in registry.yaml, or create the folder; a relative store is relative to the registry's folder, "
                + "so a copied registry needs its store copied beside it)", e.oneLine());
        assertFalse(Files.exists(missing));
    }

    @Test
    void open_missingFolderWithCreate_createsIt() {
        Path missing = dir.resolve("a/b/store");

        ArtifactStore store = provider.open("file://" + missing, true);

        assertTrue(Files.isDirectory(missing));
        assertEquals(missing.toString(), store.location());
    }

    @Test
    void open_locationThatIsAFile_isRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("store"), "x");

        InvalidInput e = assertThrows(InvalidInput.class, () -> provider.open(file.toString(), true));

        assertEquals("store location " + file + " is a file, not a folder (point 'store' in registry.yaml at a folder)", e.oneLine());
    }

    @Test
    void open_createUnderAFile_isUnavailable() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");

        Unavailable e = assertThrows(Unavailable.class, () -> provider.open(file + "/store", true));

        assertTrue(e.oneLine().startsWith("cannot create the store folder " + file.resolve("store") + ": "), e.oneLine());
        assertTrue(e.oneLine().endsWith("(check that its parent folder exists and is writable)"), e.oneLine());
    }
}
