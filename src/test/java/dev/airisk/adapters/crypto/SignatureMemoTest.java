package dev.airisk.adapters.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host's memory of signature checks that passed: only passing checks are kept, in a private file;
 * a later command is answered from it (which is why it must be as private as the trust anchors), a
 * command that checks afresh is not; the file survives a cut-short write and stays bounded.
 */
class SignatureMemoTest {
    @TempDir Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void onlyPassingChecks_areKept_inAFileOnlyItsOwnerReads() throws Exception {
        KeyPair alice = SignatureChecksTest.p256();
        Path file = dir.resolve("signatures").resolve("passed");
        byte[] message = bytes("approval");
        byte[] sig = SignatureChecksTest.sign(alice, message);
        try (SignatureMemo memo = SignatureMemo.at(file)) {
            assertTrue(new SignatureChecks().verify(memo, alice.getPublic(), message, sig));
            assertFalse(new SignatureChecks().verify(memo, alice.getPublic(), bytes("approval!"), sig));
            assertFalse(new SignatureChecks().verify(memo, SignatureChecksTest.p256().getPublic(), message, sig));
        }
        assertArrayEquals(SignatureChecks.record(alice.getPublic(), sha(message), sig), Files.readAllBytes(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    }

    @Test
    void aRememberedCheck_isAnswered_butNotWhenCheckingAfresh() throws Exception {
        KeyPair alice = SignatureChecksTest.p256();
        Path file = dir.resolve("passed");
        byte[] message = bytes("record.sig");
        byte[] wrong = SignatureChecksTest.sign(alice, bytes("something else"));
        // a record of this check in the file (only a check that passed here writes one, or whoever can write AIRISK_HOME)
        Files.write(file, SignatureChecks.record(alice.getPublic(), sha(message), wrong));
        try (SignatureMemo memo = SignatureMemo.at(file)) {
            assertTrue(new SignatureChecks().verify(memo, alice.getPublic(), message, wrong), "answered from the file");
        }
        try (SignatureMemo afresh = SignatureMemo.writeOnly(file)) {
            assertFalse(new SignatureChecks().verify(afresh, alice.getPublic(), message, wrong), "checked afresh");
            byte[] right = SignatureChecksTest.sign(alice, message);
            assertTrue(new SignatureChecks().verify(afresh, alice.getPublic(), message, right));
        }
        assertEquals(2 * SignatureMemo.RECORD, Files.size(file), "a check that passed afresh is remembered");
    }

    @Test
    void aRecordCutShort_isIgnored_andTheOthersStillAnswer() throws Exception {
        KeyPair alice = SignatureChecksTest.p256();
        Path file = dir.resolve("passed");
        byte[] message = bytes("statement");
        byte[] sig = SignatureChecksTest.sign(alice, message);
        try (SignatureMemo memo = SignatureMemo.at(file)) {
            assertTrue(new SignatureChecks().verify(memo, alice.getPublic(), message, sig));
        }
        Files.write(file, Arrays.copyOf(bytes("cut short"), 9), StandardOpenOption.APPEND);
        byte[] forged = new byte[] {1, 2, 3};
        try (SignatureMemo memo = SignatureMemo.at(file)) {
            assertTrue(memo.contains(SignatureChecks.record(alice.getPublic(), sha(message), sig)));
            assertFalse(new SignatureChecks().verify(memo, alice.getPublic(), message, forged));
        }
    }

    @Test
    void aFileGrownPastItsLimit_keepsItsNewerHalf() throws Exception {
        KeyPair alice = SignatureChecksTest.p256();
        Path file = dir.resolve("passed");
        byte[][] messages = new byte[10][];
        byte[][] sigs = new byte[10][];
        for (int i = 0; i < 10; i++) {
            messages[i] = bytes("commit " + i);
            sigs[i] = SignatureChecksTest.sign(alice, messages[i]);
            try (SignatureMemo memo = SignatureMemo.at(file, 8)) {
                assertTrue(new SignatureChecks().verify(memo, alice.getPublic(), messages[i], sigs[i]));
            }
        }
        // 9 records passed the limit of 8 and left the newer 4; the tenth was appended
        assertEquals(5 * SignatureMemo.RECORD, Files.size(file));
        try (SignatureMemo memo = SignatureMemo.at(file, 8)) {
            for (int i = 0; i < 10; i++) {
                assertEquals(i >= 5, memo.contains(SignatureChecks.record(alice.getPublic(), sha(messages[i]), sigs[i])), "commit " + i);
            }
        }
    }

    @Test
    void aFileOthersGrewFarPastItsLimit_keepsItsNewestRecords() throws Exception {
        KeyPair alice = SignatureChecksTest.p256();
        Path file = dir.resolve("passed");
        byte[] older = new byte[20 * SignatureMemo.RECORD];
        for (int i = 0; i < older.length; i++) {
            older[i] = (byte) (i / SignatureMemo.RECORD);
        }
        Files.write(file, older);
        byte[] message = bytes("latest");
        byte[] sig = SignatureChecksTest.sign(alice, message);
        try (SignatureMemo memo = SignatureMemo.at(file, 8)) {
            assertTrue(new SignatureChecks().verify(memo, alice.getPublic(), message, sig));
        }
        byte[] kept = Files.readAllBytes(file);
        assertEquals(4 * SignatureMemo.RECORD, kept.length, "half the limit");
        assertArrayEquals(Arrays.copyOfRange(older, 17 * SignatureMemo.RECORD, 20 * SignatureMemo.RECORD),
                Arrays.copyOfRange(kept, 0, 3 * SignatureMemo.RECORD), "the newest of the older records");
        assertArrayEquals(SignatureChecks.record(alice.getPublic(), sha(message), sig),
                Arrays.copyOfRange(kept, 3 * SignatureMemo.RECORD, kept.length), "and this run's");
    }

    private static byte[] sha(byte[] message) {
        return dev.airisk.core.model.Sha256.digest(message).raw();
    }
}
