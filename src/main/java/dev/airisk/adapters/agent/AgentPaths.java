package dev.airisk.adapters.agent;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.AiriskException.Unavailable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where the key agent of one AIRISK_HOME lives: its socket {@code agent.sock} and its log
 * {@code agent.log}, in {@code $AIRISK_HOME/agent} (mode 0700). A UNIX socket's path is limited to
 * about 100 bytes; when the home's is longer, the socket goes to
 * {@code $XDG_RUNTIME_DIR/airisk-<12 hex of the home's SHA-256>/} (0700) instead, and the log stays in the home.
 */
public record AgentPaths(Path home, Path folder, Path socket, Path log) {
    /** The longest socket path accepted (Linux takes 107 bytes, macOS 103). */
    static final int MAX_SOCKET_PATH = 100;
    private static final Set<PosixFilePermission> PRIVATE_FOLDER = PosixFilePermissions.fromString("rwx------");

    /** The agent's paths for {@code home}; {@code runtimeDir} is $XDG_RUNTIME_DIR (null: unset). */
    public static AgentPaths of(Path home, String runtimeDir) {
        Path home0 = home.toAbsolutePath().normalize();
        Path folder = home0.resolve("agent");
        Path socket = folder.resolve("agent.sock");
        if (length(socket) > MAX_SOCKET_PATH && runtimeDir != null && !runtimeDir.isBlank()) {
            socket = Path.of(runtimeDir).toAbsolutePath().normalize().resolve("airisk-" + shortHash(home0.toString())).resolve("agent.sock");
        }
        if (length(socket) > MAX_SOCKET_PATH) {
            throw new InvalidInput("the agent's socket path " + socket + " is longer than " + MAX_SOCKET_PATH + " bytes",
                    "set AIRISK_HOME to a shorter path, or set XDG_RUNTIME_DIR");
        }
        return new AgentPaths(home0, folder, socket, folder.resolve("agent.log"));
    }

    /** Creates the folders of the socket and the log with mode 0700 and checks that they are this user's alone. */
    void createFolders() {
        for (Path dir : new LinkedHashSet<>(List.of(folder, socket.getParent()))) {
            try {
                Files.createDirectories(dir.getParent());
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE_FOLDER));
                } catch (FileAlreadyExistsException e) {
                    // checked below
                }
            } catch (IOException e) {
                throw new Unavailable("cannot create " + dir + ": " + e.getMessage(), "check that the folder is writable", e);
            }
            String problem = privacyProblem(dir);
            if (problem != null) {
                throw new InvalidInput(problem, "run 'chmod 700 " + dir + "' as its owner, or remove it");
            }
        }
    }

    /**
     * Null when the socket's folder is a directory (not a link) owned by this process's user with mode
     * 0700; else what is wrong. A client never talks to a socket in a folder others could have written.
     */
    String socketFolderProblem() {
        return privacyProblem(socket.getParent());
    }

    private static String privacyProblem(Path dir) {
        try {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                return dir + " is not a folder";
            }
            UserPrincipal owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS);
            if (!owner.equals(currentUser(dir))) {
                return dir + " belongs to " + owner.getName() + ", not to this user";
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
            if (!mode.equals(PRIVATE_FOLDER)) {
                return dir + " has mode " + PosixFilePermissions.toString(mode) + ", not rwx------";
            }
            return null;
        } catch (UnsupportedOperationException e) {
            return null; // no POSIX owner or mode on this file system: nothing to check
        } catch (IOException e) {
            return "cannot read the mode of " + dir + ": " + e.getMessage();
        }
    }

    /**
     * This process's user, as the file system names owners: looked up by {@code user.name}, else the
     * owner of a file it has just created (a user without a name in the password database).
     */
    static UserPrincipal currentUser(Path near) throws IOException {
        try {
            return near.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(System.getProperty("user.name"));
        } catch (IOException | RuntimeException unnamed) {
            // below
        }
        Path probe = Files.createTempFile(near, ".owner", ".tmp");
        try {
            return Files.getOwner(probe);
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    private static int length(Path p) {
        return p.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    private static String shortHash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
