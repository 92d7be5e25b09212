package dev.airisk.adapters.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command-line tool (openssl, ssh-keygen, git) with a fixed argument list, no shell. */
final class Tool {
    private Tool() {
    }

    /** Exit code and output of one run. */
    record Result(List<String> command, int exit, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        Result succeeded() {
            assertEquals(0, exit, () -> String.join(" ", command) + " failed: " + stderr + out());
            return this;
        }

        Result failed() {
            assertTrue(exit != 0, () -> String.join(" ", command) + " succeeded but should not have: " + out());
            return this;
        }
    }

    /**
     * Has the openssl command line check {@code signature} over {@code data} with a PEM public key: ECDSA
     * P-256 over SHA-256 with {@code openssl dgst}, Ed25519 with {@code openssl pkeyutl -rawin}. Writes
     * {@code pub.pem}, {@code data.bin} and {@code sig.bin} in {@code dir}; the caller checks the result.
     */
    static Result opensslVerify(Path dir, KeyType type, String publicKeyPem, byte[] data, byte[] signature) {
        try {
            Files.writeString(dir.resolve("pub.pem"), publicKeyPem, StandardCharsets.US_ASCII);
            Files.write(dir.resolve("data.bin"), data);
            Files.write(dir.resolve("sig.bin"), signature);
        } catch (IOException e) {
            throw new AssertionError("cannot write the files for openssl: " + e.getMessage(), e);
        }
        String digest = switch (type) {
            case ECDSA_P256 -> "-sha256";
            case ECDSA_P384 -> "-sha384";
            case ECDSA_P521 -> "-sha512";
            case ED25519 -> null;
        };
        return digest != null
                ? run(dir, "openssl", "dgst", digest, "-verify", "pub.pem", "-signature", "sig.bin", "data.bin")
                : run(dir, "openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin",
                        "-in", "data.bin", "-sigfile", "sig.bin");
    }

    static Result run(Path dir, String... command) {
        return run(dir, Map.of(), new byte[0], command);
    }

    static Result run(Path dir, Map<String, String> env, byte[] stdin, String... command) {
        try {
            Path in = Files.createTempFile(dir, "stdin", ".bin");
            Path out = Files.createTempFile(dir, "stdout", ".bin");
            Path err = Files.createTempFile(dir, "stderr", ".txt");
            Files.write(in, stdin);
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in 60 s");
            }
            Result result = new Result(List.of(command), process.exitValue(), Files.readAllBytes(out), Files.readString(err));
            Files.delete(in);
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command[0], e);
        }
    }
}
