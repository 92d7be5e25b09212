package dev.airisk.adapters.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The signature checks that passed on this host, remembered between commands in one file under
 * AIRISK_HOME ({@code cache/signatures/passed}, mode 0600 in a folder only its owner opens): every command
 * checks the same model.sig, record.sig and approvals of a version again, each check a fresh
 * elliptic-curve verification in a JVM that has just started. A record is the SHA-256 of the key, the
 * message and the signature (see {@link SignatureChecks}): a pure fact about the three, the same on
 * every host and for every registry, so it says nothing about whom a registry trusts (that is decided
 * afresh on every read) and a registry cannot add one (only a check that passed here does).
 * Whoever can write this file can make this host accept a signature that does not verify; the same
 * is true of the trust anchors and keys beside it, which is why AIRISK_HOME must be its owner's alone.
 *
 * <p>Read once, when first asked; the checks that passed in this run are appended in one write when
 * the command ends ({@link #close}), so commands running at once each add theirs. A file grown past
 * {@value #MAX_RECORDS} records keeps its newer half. A record cut short (a write interrupted) is
 * ignored. {@link #writeOnly} remembers without answering from the file: {@code verify} and
 * {@code audit} check every signature afresh.
 */
public final class SignatureMemo implements AutoCloseable {
    /** Remembers nothing and knows nothing (tests; checks that should not touch the host). */
    public static final SignatureMemo NONE = new SignatureMemo(null, false, 0);

    static final int RECORD = 32;
    /**
     * The records kept (512 KiB). A command reads them all into a table at its first check, about 2 ms
     * for this many in a JVM just started (60 ms for 262,144): enough for the statements every command
     * checks again, while the commits a first history verification checks come and go.
     */
    static final int MAX_RECORDS = 1 << 14;

    private final Path file;
    private final boolean answers;
    private final int maxRecords;
    private final List<byte[]> added = new ArrayList<>();
    private Table table;

    private SignatureMemo(Path file, boolean answers, int maxRecords) {
        this.file = file;
        this.answers = answers;
        this.maxRecords = maxRecords;
    }

    /** The checks remembered in {@code file}, and those that pass in this run added to it. */
    public static SignatureMemo at(Path file) {
        return at(file, MAX_RECORDS);
    }

    /** As {@link #at(Path)}, keeping the newer half of the file when it grows past {@code maxRecords}. */
    static SignatureMemo at(Path file, int maxRecords) {
        return new SignatureMemo(file, true, maxRecords);
    }

    /** Adds the checks that pass in this run to {@code file}, and answers none from it. */
    public static SignatureMemo writeOnly(Path file) {
        return new SignatureMemo(file, false, MAX_RECORDS);
    }

    /** True when the check with this record passed here before. */
    synchronized boolean contains(byte[] record) {
        if (!answers || file == null) {
            return false;
        }
        if (table == null) {
            table = new Table(read(file, maxRecords));
        }
        return table.contains(record);
    }

    /** Remembers a check that passed. */
    synchronized void add(byte[] record) {
        if (file != null && added.size() < maxRecords) {
            added.add(record.clone());
        }
    }

    /**
     * Appends this run's records in one write (best effort: a memo that cannot be written only makes
     * the next command check again).
     */
    @Override
    public synchronized void close() {
        if (file == null || added.isEmpty()) {
            return;
        }
        byte[] out = new byte[added.size() * RECORD];
        for (int i = 0; i < added.size(); i++) {
            System.arraycopy(added.get(i), 0, out, i * RECORD, RECORD);
        }
        added.clear();
        try {
            SecureFiles.createPrivateDirectory(file.getParent());
            if (SecureFiles.append(file, out, "rw-------") > (long) maxRecords * RECORD) {
                keepNewerHalf();
            }
        } catch (IOException | RuntimeException ignored) {
            // the next command checks these signatures again
        }
    }

    /** Replaces the file with its newest records, half as many as it may hold (the end of a file that grew past that, by any writers). */
    private void keepNewerHalf() throws IOException {
        ByteBuffer newest;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long records = ch.size() / RECORD;
            int keep = (int) Math.min(records, maxRecords / 2);
            newest = ByteBuffer.allocate(keep * RECORD);
            long at = (records - keep) * RECORD;
            while (newest.hasRemaining() && ch.read(newest, at + newest.position()) >= 0) {
                // reads until the buffer is full
            }
        }
        SecureFiles.replace(file, Arrays.copyOf(newest.array(), newest.position() - newest.position() % RECORD), "rw-------");
    }

    /** The whole records in the file (a cut-short last one left out); none when it is missing or unreadable. */
    private static byte[] read(Path file, int maxRecords) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] all = in.readNBytes((maxRecords + maxRecords / 2) * RECORD);
            return all.length % RECORD == 0 ? all : Arrays.copyOf(all, all.length - all.length % RECORD);
        } catch (IOException missingOrUnreadable) {
            return new byte[0];
        }
    }

    /** Records by their first eight bytes, in an open-addressing table over the file's bytes (no object per record). */
    private static final class Table {
        private final byte[] records;
        private final long[] keys;
        private final int[] slots;
        private final int mask;

        Table(byte[] records) {
            this.records = records;
            int n = records.length / RECORD;
            int capacity = Integer.highestOneBit(Math.max(4, n * 2 - 1)) << 1;
            keys = new long[capacity];
            slots = new int[capacity];
            mask = capacity - 1;
            for (int i = 0; i < n; i++) {
                long k = key(records, i * RECORD);
                int s = (int) (k ^ (k >>> 32)) & mask;
                while (slots[s] != 0) {
                    s = (s + 1) & mask;
                }
                keys[s] = k;
                slots[s] = i + 1;
            }
        }

        boolean contains(byte[] record) {
            long k = key(record, 0);
            for (int s = (int) (k ^ (k >>> 32)) & mask; slots[s] != 0; s = (s + 1) & mask) {
                int at = (slots[s] - 1) * RECORD;
                if (keys[s] == k && Arrays.equals(records, at, at + RECORD, record, 0, RECORD)) {
                    return true;
                }
            }
            return false;
        }

        private static long key(byte[] b, int at) {
            return ByteBuffer.wrap(b, at, 8).getLong();
        }
    }
}
