package dev.airisk.core.scan;

import static dev.airisk.core.scan.PickleAnalyzerTest.rule;
import static dev.airisk.core.scan.PickleAnalyzerTest.scan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bounded memory and output whatever the input: the inputs that used to take seconds to minutes, gigabytes
 * of memory or hundreds of megabytes of findings. What is asserted is the size of what the analysis keeps
 * (memo entries, findings), never wall time; src/bench/ScanBench measures time (docs/performance.md).
 */
class PickleBoundsTest {
    static byte[] repeat(byte[] unit, int times) {
        byte[] out = new byte[unit.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(unit, 0, out, i * unit.length, unit.length);
        }
        return out;
    }

    static final byte[] HUGE_MEMO_KEY = {(byte) 0x80, 0x02, 'N', 'r', (byte) 0xff, (byte) 0xff, 0x3f, 0x00, '.'};
    static final byte[] ONE_LINE_IMPORT = "cX\nY\n.".getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void memo_isSparse_aKeyOfFourMillionIsOneEntry() throws Exception {
        PickleMemo memo = new PickleMemo();
        memo.put(0x3fffffL, "x");
        memo.put(0xffffffffL, "y");
        assertEquals(2, memo.size());
        assertEquals("y", memo.get(0xffffffffL));
        memo.clear();
        assertEquals(0, memo.size());
    }

    @Test
    void memo_aboveItsBound_isALimit() throws Exception {
        PickleMemo memo = new PickleMemo();
        for (int i = 0; i < PickleMemo.MAX_ENTRIES; i++) {
            memo.put(i * 7L, Boolean.TRUE);
        }
        PickleMalformed e = assertThrows(PickleMalformed.class, () -> memo.put(-1L >>> 1, Boolean.TRUE));
        assertTrue(e.limit, e.getMessage());
    }

    @Test
    void thirtySixKilobytesOfPicklesWithAHugeMemoKey_areClean() {
        byte[] input = repeat(HUGE_MEMO_KEY, 4_000);
        assertEquals(36_000, input.length);
        assertTrue(scan(input).isEmpty());
    }

    @Test
    void sixteenMegabytesOfOneLineImports_areTwentyFindingsAndOneSummaryWithTheCount() {
        int times = 16 * 1024 * 1024 / ONE_LINE_IMPORT.length;
        List<Finding> findings = scan(repeat(ONE_LINE_IMPORT, times));
        assertEquals(FindingCap.PER_KIND + 1, findings.size());
        Finding summary = findings.get(FindingCap.PER_KIND);
        assertEquals("pickle/unknown-import", summary.rule());
        assertEquals(times - FindingCap.PER_KIND, summary.count());
        assertTrue(summary.message().startsWith("and " + (times - FindingCap.PER_KIND) + " more pickle/unknown-import"),
            summary.message());
        assertEquals(times, findings.stream().mapToLong(Finding::count).sum());
        assertTrue(findings.stream().mapToInt(f -> f.message().length() + f.path().length()).sum() < 16 * 1024);
    }

    @Test
    void aMegabyteOfTinyPayloadsThatArePickles_areEachAnalysed_withABufferTheirSize() {
        byte[] tiny = {'C', 4, (byte) 0x80, 0x02, 'N', '.', '0'};
        byte[] p = new PickleWriter().proto(4).raw(repeat(tiny, 150_000)).op('N').stop().bytes();
        assertTrue(scan(p).isEmpty());
        byte[] dangerous = new PickleWriter().proto(4).raw(repeat(tiny, 1_000))
            .shortBinBytes(new PickleWriter().proto(2).global("os", "system").stop().bytes()).stop().bytes();
        PickleAnalyzerTest.dangerous(scan(dangerous), "os.system");
        assertEquals(16, new PickleInput(InputStream.nullInputStream(), 4).bufferSize());
        assertEquals(PickleInput.BUFFER, new PickleInput(InputStream.nullInputStream(), 1L << 40).bufferSize());
    }

    @Test
    void longMemoizedNames_importedOverAndOver_areOneFindingEach_atLeastHigh() {
        PickleWriter w = new PickleWriter().proto(4).binUnicode("a.".repeat(30_000)).memoize()
            .binUnicode("b.".repeat(30_000)).memoize();
        for (int i = 0; i < 100_000; i++) {
            w.binget(i % 2).binget(1 - i % 2).stackGlobal().op('0');
        }
        List<Finding> findings = scan(w.op('N').stop().bytes());
        assertEquals(2, findings.size(), findings::toString);
        for (Finding f : findings) {
            assertEquals(Severity.HIGH, f.severity());
            assertTrue(f.message().contains("a name of 120001 characters, longer than any real one"), f.message());
        }
        byte[] os = new PickleWriter().proto(4).shortUnicode("os").binUnicode("path.".repeat(100) + "system").stackGlobal()
            .shortUnicode("id").tuple1().reduce().stop().bytes();
        assertEquals(Severity.CRITICAL, rule(scan(os), "pickle/dangerous-import").severity());
    }

    @Test
    void stackAboveItsBound_isALimitFinding() {
        byte[] p = new PickleWriter().proto(4).raw(repeat(new byte[] {'N'}, PickleAnalyzer.MAX_STACK + 1)).stop().bytes();
        Finding f = rule(scan(p), "pickle/limit");
        assertEquals(Severity.HIGH, f.severity());
        assertTrue(f.message().contains("the stack holds more than"), f.message());
    }

    @Test
    void memoAboveItsBound_isALimitFinding() {
        byte[] p = new PickleWriter().proto(4).op('N').raw(repeat(new byte[] {(byte) 0x94}, PickleMemo.MAX_ENTRIES + 1))
            .stop().bytes();
        Finding f = rule(scan(p), "pickle/limit");
        assertTrue(f.message().contains("the memo holds more than"), f.message());
    }

    @Test
    void manyDistinctImportsInOnePickle_areCappedWithACount() {
        PickleWriter w = new PickleWriter().proto(2);
        int n = PickleAnalyzer.MAX_IMPORTS + 500;
        for (int i = 0; i < n; i++) {
            w.global("m" + i, "f").op('0');
        }
        List<Finding> findings = scan(w.op('N').stop().bytes());
        assertEquals(FindingCap.PER_KIND + 1, findings.size());
        assertEquals(n, findings.stream().mapToLong(Finding::count).sum());
    }

    @Test
    void reportOfManyFiles_keepsAtMostItsTotal_andCountsTheRest() {
        List<Scanner.FileScan> scans = new ArrayList<>();
        for (int file = 0; file < 200; file++) {
            List<Finding> findings = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                findings.add(new Finding("f" + file + ".pkl", "pickle/unknown-import", Severity.MEDIUM, "imports m" + i + ".f", i));
            }
            scans.add(new Scanner.FileScan(List.of(new FileResult("f" + file + ".pkl", 1, List.of("pickle"), null)), findings));
        }
        ScanReport r = ScanReport.of(scans);
        assertEquals(200 * 30, r.occurrences());
        assertTrue(r.findings().size() <= FindingCap.REPORT_TOTAL + 1_000 / FindingCap.PER_KIND + 1, () -> "" + r.findings().size());
        assertTrue(r.findings().stream().anyMatch(f -> f.count() > 1 && f.message().contains("beyond the 1000 findings")));
        assertEquals(r.digest(), new ScanReport(r.scanner(), r.files(), r.findings()).digest());
    }

    @Test
    void reportAsStored_listsAtMostItsFileBound_andFoldsTheRest() {
        List<FileResult> files = new ArrayList<>();
        for (int i = 0; i < ScanReport.RECORD_FILES + 5; i++) {
            files.add(new FileResult(String.format("m/%06d.bin", i), 10, List.of("secrets"), null));
        }
        ScanReport full = ScanReport.of(List.of(new Scanner.FileScan(files, List.of())));
        ScanReport stored = full.forRecord();
        assertEquals(ScanReport.RECORD_FILES + 1, stored.files().size());
        FileResult folded = stored.files().stream().filter(f -> f.path().startsWith("~(")).findFirst().orElseThrow();
        assertEquals("~(5 more files)", folded.path());
        assertEquals(50, folded.size());
        assertTrue(folded.skipped().contains("5 more (50 bytes)"), folded.skipped());
        assertEquals(stored.digest(), new ScanReport(stored.scanner(), stored.files(), stored.findings()).digest());
        ScanReport small = ScanReport.of(List.of(new Scanner.FileScan(files.subList(0, 3), List.of())));
        assertTrue(small == small.forRecord());
    }
}
