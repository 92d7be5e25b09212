package dev.airisk.bench;

import dev.airisk.core.scan.FileResult;
import dev.airisk.core.scan.Finding;
import dev.airisk.core.scan.PickleAnalyzer;
import dev.airisk.core.scan.ScanReport;
import dev.airisk.core.scan.ScanRules;
import dev.airisk.core.scan.Scanner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The pickle analyser on inputs built to cost time, memory or output (docs/performance.md, "Scanning"):
 * repeated 9-byte pickles whose LONG_BINPUT names memo key 4,194,303, repeated 7-byte one-line imports
 * ({@code cX\nY\n.}), SHORT_BINBYTES payloads of 4 bytes that are each a pickle (each analysed as one), and,
 * for comparison, a benign 64 MiB list of small integers in APPENDS batches of
 * 1,000 as pickle writes them. Prints, per input: size, median time of 3 runs after one warm-up, MB/s,
 * the findings kept, the occurrences they count, the bytes of their text in a scan report, and the heap
 * in use after the run. Usage: {@code PickleBench [MAX_MIB=40]}.
 */
public final class PickleBench {
    private PickleBench() {
    }

    public static void main(String[] args) throws Exception {
        int maxMib = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        byte[] memo = {(byte) 0x80, 0x02, 'N', 'r', (byte) 0xff, (byte) 0xff, 0x3f, 0x00, '.'};
        byte[] imports = "cX\nY\n.".getBytes(StandardCharsets.ISO_8859_1);
        System.out.println("input\tbytes\tmedian_s\tMB/s\tfindings\toccurrences\treport_text_bytes\theap_after_MiB");
        run("huge-memo-key", repeat(memo, 36_000));
        for (int mib : new int[] {5, 16, 40}) {
            if (mib <= maxMib) {
                run("huge-memo-key", repeat(memo, mib * 1024 * 1024));
            }
        }
        for (int mib : new int[] {1, 16, 40}) {
            if (mib <= maxMib) {
                run("one-line-imports", repeat(imports, mib * 1024 * 1024));
            }
        }
        byte[] tiny = {'C', 4, (byte) 0x80, 0x02, 'N', '.', '0'};
        for (int mib : new int[] {1, 16}) {
            if (mib <= maxMib) {
                byte[] body = repeat(tiny, mib * 1024 * 1024);
                byte[] p = new byte[body.length + 4];
                p[0] = (byte) 0x80;
                p[1] = 4;
                System.arraycopy(body, 0, p, 2, body.length);
                p[p.length - 2] = 'N';
                p[p.length - 1] = '.';
                run("tiny-nested-payloads", p);
            }
        }
        for (boolean alternate : new boolean[] {false, true}) {
            run(alternate ? "alternating-long-names" : "repeated-long-name", longNames(16 * 1024 * 1024, alternate));
        }
        run("benign-int-list", benignList(64 * 1024 * 1024));
    }

    private static void run(String name, byte[] input) throws Exception {
        PickleAnalyzer analyzer = new PickleAnalyzer(ScanRules.DEFAULT, false);
        analyzer.analyze("bench.pkl", new ByteArrayInputStream(input));
        long[] times = new long[3];
        List<Finding> findings = List.of();
        for (int i = 0; i < times.length; i++) {
            long t0 = System.nanoTime();
            findings = analyzer.analyze("bench.pkl", new ByteArrayInputStream(input));
            times[i] = System.nanoTime() - t0;
        }
        Arrays.sort(times);
        double s = times[1] / 1e9;
        ScanReport report = ScanReport.of(List.of(new Scanner.FileScan(
            List.of(new FileResult("bench.pkl", input.length, List.of("pickle"), null)), findings)));
        long text = report.findings().stream().mapToLong(f -> f.path().length() + f.rule().length() + f.message().length() + 40).sum();
        System.gc();
        long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        System.out.printf("%s\t%d\t%.3f\t%.0f\t%d\t%d\t%d\t%.1f%n", name, input.length, s, input.length / s / 1e6,
            report.findings().size(), report.occurrences(), text, heap / 1048576.0);
    }

    private static byte[] repeat(byte[] unit, int bytes) {
        int times = bytes / unit.length;
        byte[] out = new byte[unit.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(unit, 0, out, i * unit.length, unit.length);
        }
        return out;
    }

    /**
     * Two 60,000-character strings of dots, memoized, then STACK_GLOBAL of them over and over (BINGET,
     * BINGET, STACK_GLOBAL, POP: 6 bytes an import), the same pair or alternating pairs.
     */
    private static byte[] longNames(int bytes, boolean alternate) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes + 16);
        out.write(0x80);
        out.write(4);
        for (char c : new char[] {'a', 'b'}) {
            byte[] text = (c + ".").repeat(30_000).getBytes(StandardCharsets.US_ASCII);
            out.write('X');
            out.write(text.length & 0xff);
            out.write((text.length >> 8) & 0xff);
            out.write((text.length >> 16) & 0xff);
            out.write(0);
            out.writeBytes(text);
            out.write(0x94);
        }
        byte[] same = {'h', 0, 'h', 1, (byte) 0x93, '0'};
        byte[] other = {'h', 1, 'h', 0, (byte) 0x93, '0'};
        for (int i = 0; out.size() < bytes; i++) {
            out.writeBytes(alternate && i % 2 == 1 ? other : same);
        }
        out.write('N');
        out.write('.');
        return out.toByteArray();
    }

    private static byte[] benignList(int bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes + 16);
        out.write(0x80);
        out.write(4);
        out.write(']');
        out.write(0x94);
        while (out.size() < bytes) {
            out.write('(');
            for (int i = 0; i < 1000; i++) {
                out.write('K');
                out.write(i & 0xff);
            }
            out.write('e');
        }
        out.write('.');
        return out.toByteArray();
    }
}
