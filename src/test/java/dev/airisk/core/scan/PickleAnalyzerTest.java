package dev.airisk.core.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PickleAnalyzerTest {
    static final PickleAnalyzer ANALYZER = new PickleAnalyzer(ScanRules.DEFAULT, false);

    static List<Finding> scan(byte[] pickle) {
        return scan(ANALYZER, pickle);
    }

    static List<Finding> scan(PickleAnalyzer analyzer, byte[] pickle) {
        try {
            return analyzer.analyze("model.pkl", new ByteArrayInputStream(pickle));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Finding only(List<Finding> findings, String rule, String callable) {
        List<Finding> hits = findings.stream()
            .filter(f -> f.rule().equals(rule) && f.message().startsWith("imports " + callable + " ("))
            .collect(Collectors.toList());
        assertEquals(1, hits.size(), () -> rule + " " + callable + " in " + findings);
        return hits.get(0);
    }

    static Finding dangerous(List<Finding> findings, String callable) {
        Finding f = only(findings, "pickle/dangerous-import", callable);
        assertEquals(Severity.CRITICAL, f.severity());
        return f;
    }

    static Finding rule(List<Finding> findings, String rule) {
        List<Finding> hits = findings.stream().filter(f -> f.rule().equals(rule)).collect(Collectors.toList());
        assertEquals(1, hits.size(), () -> rule + " in " + findings);
        return hits.get(0);
    }

    static byte[] concat(byte[]... parts) {
        PickleWriter w = new PickleWriter();
        for (byte[] p : parts) {
            w.raw(p);
        }
        return w.bytes();
    }

    /** The protocol 4 shape of {@code os.system('id')}, as pickle.dumps writes it. */
    static byte[] osSystemProtocol4() {
        PickleWriter body = new PickleWriter()
            .shortUnicode("os").memoize().shortUnicode("system").memoize().stackGlobal().memoize()
            .shortUnicode("id").memoize().tuple1().memoize().reduce().memoize().stop();
        byte[] b = body.bytes();
        return new PickleWriter().proto(4).frame(b.length).raw(b).bytes();
    }

    // ---- every protocol ----

    @Test
    void protocol0_textGlobal_osSystem_isDangerous() {
        byte[] p = new PickleWriter().global("os", "system").mark().string0("'echo hi'").tuple().reduce().stop().bytes();
        List<Finding> findings = scan(p);
        Finding f = dangerous(findings, "os.system");
        assertEquals("imports os.system (dangerous: it can run code or reach the system when the file is loaded)"
            + " via GLOBAL, used by REDUCE", f.message());
        assertEquals(0, f.offset());
        assertEquals("model.pkl", f.path());
        assertEquals(1, findings.size(), findings::toString);
    }

    @Test
    void protocol1_posixSystem_isDangerous() {
        byte[] p = new PickleWriter().global("posix", "system").binput(0).mark().shortBinString("id").binput(1)
            .tuple().reduce().stop().bytes();
        dangerous(scan(p), "posix.system");
    }

    @Test
    void protocol2_builtinEval_isDangerous() {
        byte[] p = new PickleWriter().proto(2).global("__builtin__", "eval").binput(0)
            .binUnicode("__import__('os').system('id')").tuple1().reduce().stop().bytes();
        assertTrue(dangerous(scan(p), "__builtin__.eval").message().endsWith("via GLOBAL, used by REDUCE"));
    }

    @Test
    void protocol3_subprocessThroughNewobj_isDangerous() {
        byte[] p = new PickleWriter().proto(3).global("subprocess", "Popen").binput(0)
            .binUnicode("id").tuple1().op(0x81).stop().bytes();
        assertTrue(dangerous(scan(p), "subprocess.Popen").message().endsWith("used by NEWOBJ"));
    }

    @Test
    void protocol4_stackGlobalWithFrameAndMemoize_isDangerous() {
        List<Finding> findings = scan(osSystemProtocol4());
        Finding f = dangerous(findings, "os.system");
        assertTrue(f.message().endsWith("via STACK_GLOBAL, used by REDUCE"), f.message());
        assertEquals(1, findings.size(), findings::toString);
    }

    @Test
    void protocol5_withOutOfBandBuffers_isDangerous() {
        byte[] body = new PickleWriter().byteArray8(new byte[] {1, 2, 3}).memoize().op(0x97).op(0x98).memoize()
            .op(0x30).op(0x30)
            .shortUnicode("builtins").memoize().shortUnicode("exec").memoize().stackGlobal().memoize()
            .binUnicode8("import os").tuple1().reduce().stop().bytes();
        byte[] p = new PickleWriter().proto(5).frame(body.length).raw(body).bytes();
        dangerous(scan(p), "builtins.exec");
    }

    // ---- bypass families ----

    @Test
    void memoIndirection_withDecoyStrings_stillResolvesOs() {
        byte[] p = new PickleWriter().proto(4)
            .shortUnicode("os").longBinput(70000).op('0')
            .shortUnicode("collections").memoize().op('0')
            .shortUnicode("torch").put(3).op('0')
            .shortUnicode("OrderedDict").binput(9).op('0')
            .longBinget(70000).shortUnicode("system").stackGlobal()
            .callWithString("id").stop().bytes();
        List<Finding> findings = scan(p);
        dangerous(findings, "os.system");
        assertEquals(1, findings.size(), findings::toString);
    }

    @Test
    void memoIndirection_ofTheNameThroughTextGet_isResolved() {
        byte[] p = new PickleWriter().proto(4)
            .shortUnicode("decoy").put(0).op('0').shortUnicode("system").put(1).op('0')
            .shortUnicode("nt").get(1).stackGlobal().callWithString("id").stop().bytes();
        dangerous(scan(p), "nt.system");
    }

    @Test
    void stackGlobal_fromEveryStringOpcode_isResolved() {
        byte[][] moduleEncodings = {
            new PickleWriter().shortUnicode("os").bytes(),
            new PickleWriter().binUnicode("os").bytes(),
            new PickleWriter().binUnicode8("os").bytes(),
            new PickleWriter().unicode0("os").bytes(),
            new PickleWriter().unicode0("\\u006fs").bytes(),
            new PickleWriter().string0("'os'").bytes(),
            new PickleWriter().string0("\"\\x6fs\"").bytes(),
            new PickleWriter().shortBinString("os").bytes(),
            new PickleWriter().binString("os").bytes(),
        };
        for (byte[] module : moduleEncodings) {
            byte[] p = new PickleWriter().proto(4).raw(module).binUnicode("system").stackGlobal()
                .callWithString("id").stop().bytes();
            dangerous(scan(p), "os.system");
        }
    }

    @Test
    void stackGlobal_fromALongBinunicodeName_isResolved() {
        String padding = "x".repeat(300);
        byte[] p = new PickleWriter().proto(4).binUnicode(padding).op('0').binUnicode("subprocess")
            .binUnicode("check_output").stackGlobal().callWithString("id").stop().bytes();
        dangerous(scan(p), "subprocess.check_output");
    }

    @Test
    void inst_withoutReduce_isDangerous() {
        byte[] p = new PickleWriter().mark().string0("'id'").inst("os", "system").stop().bytes();
        Finding f = dangerous(scan(p), "os.system");
        assertTrue(f.message().endsWith("via INST, which calls it"), f.message());
    }

    @Test
    void obj_withoutReduce_isDangerous() {
        byte[] p = new PickleWriter().mark().global("subprocess", "Popen").string0("'id'").op('o').stop().bytes();
        assertTrue(dangerous(scan(p), "subprocess.Popen").message().endsWith("used by OBJ"));
    }

    @Test
    void newobjEx_andBuild_throughTheMemo_areTiedToTheImport() {
        byte[] p = new PickleWriter().proto(4).shortUnicode("evil_lib").shortUnicode("Payload").stackGlobal()
            .binput(5).op('0').binget(5).emptyTuple().op('}').op(0x92).op('}').build().stop().bytes();
        Finding f = only(scan(p), "pickle/unknown-import", "evil_lib.Payload");
        assertTrue(f.message().endsWith("via STACK_GLOBAL, used by NEWOBJ_EX, BUILD"), f.message());
        assertEquals(Severity.MEDIUM, f.severity());
    }

    @Test
    void nestedPickle_insideBytesInsideAList_isFoundWithItsPath() {
        byte[] inner = osSystemProtocol4();
        PickleWriter w = new PickleWriter().proto(4).op(']').memoize().mark().binInt1(1);
        int payloadAt = w.size() + 9;
        byte[] p = w.binBytes8(inner).shortBinBytes(new PickleWriter().proto(2).global("os", "popen").stop().bytes())
            .op('e').stop().bytes();
        List<Finding> findings = scan(p);
        Finding f = dangerous(findings, "os.system");
        assertEquals("model.pkl!payload@" + payloadAt, f.path());
        assertTrue(f.offset() < inner.length);
        dangerous(findings, "os.popen");
    }

    @Test
    void nestedPickle_deeperThanThreeLevels_isReportedNotFollowed() {
        byte[] p = osSystemProtocol4();
        for (int level = 0; level < 4; level++) {
            p = new PickleWriter().proto(4).binBytes(p).stop().bytes();
        }
        List<Finding> deep = scan(p);
        Finding limit = rule(deep, "pickle/limit");
        assertEquals(Severity.HIGH, limit.severity());
        assertTrue(limit.message().contains("nested more than 3 levels"), limit.message());
        assertEquals(1, deep.size(), deep::toString);
        byte[] three = osSystemProtocol4();
        for (int level = 0; level < 3; level++) {
            three = new PickleWriter().proto(4).binBytes(three).stop().bytes();
        }
        Finding f = dangerous(scan(three), "os.system");
        assertEquals(3, f.path().split("!payload@", -1).length - 1, f.path());
    }

    @Test
    void maliciousPickle_afterABenignOne_isFound() {
        byte[] benign = new PickleWriter().proto(2).op('}').binput(0).stop().bytes();
        List<Finding> findings = scan(concat(benign, osSystemProtocol4()));
        Finding f = dangerous(findings, "os.system");
        assertTrue(f.message().endsWith("at pickle 2"), f.message());
        assertEquals(benign.length + 2 + 9 + 4 + 1 + 8 + 1, f.offset());
    }

    @Test
    void getattrAndImportChain_isDangerous() {
        byte[] p = new PickleWriter().proto(4)
            .shortUnicode("builtins").shortUnicode("getattr").stackGlobal().memoize()
            .shortUnicode("builtins").shortUnicode("__import__").stackGlobal().memoize()
            .shortUnicode("os").tuple1().reduce()
            .shortUnicode("system").tuple2().reduce()
            .callWithString("id").stop().bytes();
        List<Finding> findings = scan(p);
        dangerous(findings, "builtins.getattr");
        dangerous(findings, "builtins.__import__");
    }

    @Test
    void operatorAttrgetter_isDangerous() {
        byte[] p = new PickleWriter().proto(2).global("operator", "attrgetter").binUnicode("system").tuple1().reduce()
            .global("os", "path").tuple1().reduce().stop().bytes();
        List<Finding> findings = scan(p);
        dangerous(findings, "operator.attrgetter");
        dangerous(findings, "os.path");
    }

    @Test
    void dottedNames_cannotWalkIntoADangerousModule() {
        String[][] targets = {{"torch", "hub.load"}, {"collections", "os.system"}, {"numpy", "testing._private.utils.runstring"},
            {"torch._utils", "_rebuild_tensor_v2.__globals__"}, {"importlib.machinery", "SourceFileLoader"}};
        for (String[] t : targets) {
            byte[] p = new PickleWriter().proto(4).shortUnicode(t[0]).shortUnicode(t[1]).stackGlobal()
                .callWithString("x").stop().bytes();
            dangerous(scan(p), t[0] + "." + t[1]);
        }
    }

    @Test
    void stackGlobal_withOperandsThatAreNotStrings_isUnresolvable() {
        byte[] p = new PickleWriter().proto(4).shortBinBytes("os".getBytes(StandardCharsets.US_ASCII))
            .shortUnicode("system").stackGlobal().callWithString("id").stop().bytes();
        Finding f = rule(scan(p), "pickle/unresolved-import");
        assertEquals(Severity.HIGH, f.severity());
        assertTrue(f.message().startsWith("unresolvable import target: STACK_GLOBAL takes module a bytes value and name 'system'"),
            f.message());

        byte[] fromCall = new PickleWriter().proto(4).global("collections", "OrderedDict").emptyTuple().reduce()
            .shortUnicode("system").stackGlobal().stop().bytes();
        assertTrue(rule(scan(fromCall), "pickle/unresolved-import").message().contains("module the result of a call"));
    }

    @Test
    void extensionRegistryImports_areUnknown() {
        byte[] p = new PickleWriter().proto(2).op(0x82).le(7, 1).emptyTuple().reduce()
            .op(0x83).le(300, 2).op(0x84).le(70000, 4).op(0x30).op(0x30).stop().bytes();
        List<Finding> findings = scan(p);
        assertEquals(3, findings.stream().filter(f -> f.rule().equals("pickle/unknown-import")).count(), findings::toString);
        assertTrue(findings.get(0).message().startsWith("imports extension code 7 from the copyreg extension registry"));
    }

    @Test
    void unknownImports_followTheRiskTier_andExtraSafe() {
        byte[] p = new PickleWriter().proto(2).global("mylib.models", "Net").emptyTuple().op(0x81).stop().bytes();
        Finding f = only(scan(p), "pickle/unknown-import", "mylib.models.Net");
        assertEquals(Severity.MEDIUM, f.severity());
        assertTrue(f.message().contains("add 'mylib.models.Net' to the policy's safe callables"), f.message());
        Finding high = only(scan(new PickleAnalyzer(ScanRules.DEFAULT, true), p), "pickle/unknown-import", "mylib.models.Net");
        assertEquals(Severity.HIGH, high.severity());
        ScanRules trusting = new ScanRules(Set.of("mylib.models.Net", "os.system"), Severity.CRITICAL, Severity.HIGH, Severity.LOW);
        assertTrue(scan(new PickleAnalyzer(trusting, true), p).isEmpty());
        byte[] os = new PickleWriter().proto(2).global("os", "system").stop().bytes();
        dangerous(scan(new PickleAnalyzer(trusting, true), os), "os.system");
    }

    @Test
    void namesInMessages_cannotInjectLines() {
        byte[] p = new PickleWriter().proto(4).shortUnicode("evil\nairisk: ok").shortUnicode("x\u001b[2J").stackGlobal()
            .stop().bytes();
        Finding f = rule(scan(p), "pickle/unknown-import");
        assertFalse(f.message().contains("\n") || f.message().contains("\u001b"), f.message());
        assertTrue(f.message().contains("evil\\u000aairisk: ok.x\\u001b[2J"), f.message());
    }

    // ---- malformed streams ----

    @Test
    void truncatedStreams_areMalformed_atEveryCut_andKeepEarlierFindings() {
        byte[] full = osSystemProtocol4();
        int stackGlobalEnd = 2 + 9 + 4 + 1 + 8 + 1 + 1;
        for (int cut = 1; cut < full.length; cut++) {
            List<Finding> findings = scan(Arrays.copyOf(full, cut));
            Finding m = rule(findings, "pickle/malformed");
            assertEquals(Severity.HIGH, m.severity());
            assertTrue(m.message().startsWith("malformed pickle: "), m.message());
            if (cut >= stackGlobalEnd) {
                dangerous(findings, "os.system");
            }
        }
        assertEquals("malformed pickle: the stream ends before STOP (truncated) at offset " + (full.length - 1)
            + "; a loader fails here and the rest was not analysed",
            rule(scan(Arrays.copyOf(full, full.length - 1)), "pickle/malformed").message());
    }

    @Test
    void hugeDeclaredLength_isMalformed_withoutAllocating() {
        byte[] p = new PickleWriter().proto(4).op(0x8e).le(1L << 40, 8).raw("tiny").bytes();
        Finding f = rule(scan(p), "pickle/malformed");
        assertTrue(f.message().contains("the stream ends inside the 1099511627776-byte payload of BINBYTES8"), f.message());
        byte[] s = new PickleWriter().proto(4).op(0x8d).le(-1L, 8).bytes();
        assertTrue(rule(scan(s), "pickle/malformed").message().contains("exceeds the largest possible size"));
    }

    @Test
    void unknownOpcode_isMalformed() {
        byte[] p = new PickleWriter().proto(2).op('}').op(0xff).stop().bytes();
        Finding f = rule(scan(p), "pickle/malformed");
        assertEquals("malformed pickle: unknown opcode 0xff at offset 3; a loader fails here and the rest was"
            + " not analysed", f.message());
        assertEquals(3, f.offset());
    }

    @Test
    void stackUnderflow_missingMemoKey_andBadProtocol_areMalformed() {
        assertTrue(rule(scan(new PickleWriter().proto(2).reduce().stop().bytes()), "pickle/malformed").message()
            .contains("stack underflow in REDUCE at offset 2"));
        assertTrue(rule(scan(new PickleWriter().proto(2).binget(7).stop().bytes()), "pickle/malformed").message()
            .contains("memo key 7 was never stored"));
        assertTrue(rule(scan(new PickleWriter().proto(9).stop().bytes()), "pickle/malformed").message()
            .contains("unsupported protocol 9"));
        assertTrue(rule(scan(new PickleWriter().proto(2).op('t').stop().bytes()), "pickle/malformed").message()
            .contains("no MARK"));
        assertTrue(rule(scan(new byte[0]), "pickle/malformed").message().contains("empty"));
    }

    @Test
    void trailingGarbage_afterTheLastPickle_isReported() {
        byte[] benign = new PickleWriter().proto(2).op('}').stop().bytes();
        byte[] p = concat(benign, new byte[] {0, 0, 0}, "garbage".getBytes(StandardCharsets.US_ASCII));
        List<Finding> findings = scan(p);
        Finding f = rule(findings, "pickle/trailing-data");
        assertEquals(Severity.MEDIUM, f.severity());
        assertTrue(f.message().startsWith("10 bytes after the last pickle are not a pickle"), f.message());
        assertEquals(benign.length, f.offset());
        assertEquals(1, findings.size());
    }

    // ---- benign files shaped like real ones ----

    /** A torch.save data.pkl (protocol 2): an OrderedDict of tensors whose storages are persistent ids. */
    static byte[] torchDataPkl(int tensors) {
        PickleWriter w = new PickleWriter().proto(2).global("collections", "OrderedDict").binput(0)
            .emptyTuple().reduce().binput(1).mark();
        int memo = 2;
        for (int i = 0; i < tensors; i++) {
            w.binUnicode("layer" + i + ".weight").binput(memo++);
            if (i == 0) {
                w.global("torch._utils", "_rebuild_tensor_v2").binput(memo++);
            } else {
                w.binget(2 + 1);
            }
            w.mark().mark().binUnicode("storage").binput(memo++);
            if (i == 0) {
                w.global("torch", "FloatStorage").binput(memo++);
            } else {
                w.binget(5);
            }
            w.binUnicode(Integer.toString(i)).binput(memo++).binUnicode("cpu").binput(memo++).binInt1(4)
                .tuple().binput(memo++).op('Q')
                .binInt1(0).binInt1(2).binInt1(2).tuple2().binput(memo++).binInt1(2).binInt1(1).tuple2().binput(memo++)
                .op(0x89);
            if (i == 0) {
                w.global("collections", "OrderedDict").binput(memo++);
            } else {
                w.binget(0);
            }
            w.emptyTuple().reduce().binput(memo++).tuple().binput(memo++).reduce().binput(memo++);
        }
        w.op('u').op('}').binput(memo++).binUnicode("_metadata").binput(memo++).binget(0).emptyTuple().reduce()
            .binput(memo++).mark().shortUnicode("").op('}').shortUnicode("version").binInt1(1).op('s').op('u').op('s').build().stop();
        return w.bytes();
    }

    @Test
    void torchDataPkl_isClean() {
        List<Finding> findings = scan(torchDataPkl(3));
        assertTrue(findings.isEmpty(), findings::toString);
    }

    @Test
    void numpyArrayPickle_protocol2_isClean() {
        PickleWriter w = new PickleWriter().proto(2).global("numpy.core.multiarray", "_reconstruct").binput(0)
            .global("numpy", "ndarray").binput(1).binInt1(0).tuple1().binput(2)
            .global("_codecs", "encode").binput(3).binUnicode("b").binput(4).binUnicode("latin1").binput(5).tuple2()
            .binput(6).reduce().binput(7).tuple3().binput(8).reduce().binput(9)
            .mark().binInt1(1).binInt1(3).tuple1().binput(10)
            .global("numpy", "dtype").binput(11).binUnicode("f8").binput(12).op(0x89).op(0x88).tuple3().binput(13)
            .reduce().binput(14).mark().binInt1(3).binUnicode("<").binput(15).op('N').op('N').op('N')
            .binInt(-1).binInt(-1).binInt1(0).tuple().binput(16).build()
            .op(0x89).binget(3).binUnicode("\u0000\u0000\u0000\u0000\u0000\u0000\u00f0?").binput(17).binget(5).tuple2()
            .binput(18).reduce().binput(19).tuple().binput(20).build().stop();
        List<Finding> findings = scan(w.bytes());
        assertTrue(findings.isEmpty(), findings::toString);
    }

    @Test
    void orderedDictStateDict_protocol4_isClean() {
        byte[] body = new PickleWriter().shortUnicode("collections").memoize().shortUnicode("OrderedDict").memoize()
            .stackGlobal().memoize().emptyTuple().reduce().memoize().mark()
            .shortUnicode("fc.weight").memoize().shortUnicode("torch").memoize().shortUnicode("Size").memoize()
            .stackGlobal().memoize().binInt1(2).binInt1(3).tuple2().memoize().tuple1().reduce().memoize()
            .shortUnicode("fc.bias").memoize().op('G').le(0, 8)
            .shortUnicode("dtype").memoize().binget(5).shortUnicode("float32").stackGlobal().memoize()
            .shortUnicode("device").memoize().binget(5).shortUnicode("device").stackGlobal().shortUnicode("cpu")
            .tuple1().reduce()
            .op('u').stop().bytes();
        byte[] p = new PickleWriter().proto(4).frame(body.length).raw(body).bytes();
        List<Finding> findings = scan(p);
        assertTrue(findings.isEmpty(), findings::toString);
    }

    static byte[] legacyTorch(byte[] mainPickle, byte[] rawStorage) {
        byte[] magic = {0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19};
        byte[] first = new PickleWriter().proto(2).long1(magic).stop().bytes();
        byte[] version = new PickleWriter().proto(2).op('M').le(1001, 2).stop().bytes();
        byte[] sysInfo = new PickleWriter().proto(2).op('}').binput(0).mark().binUnicode("protocol_version").binput(1)
            .op('M').le(1001, 2).binUnicode("little_endian").binput(2).op(0x88).binUnicode("type_sizes").binput(3)
            .op('}').binput(4).mark().binUnicode("short").binput(5).binInt1(2).op('u').op('u').stop().bytes();
        byte[] keys = new PickleWriter().proto(2).op(']').binput(0).mark().binUnicode("0").binput(1)
            .binUnicode("1").binput(2).binUnicode("2").binput(3).op('e').stop().bytes();
        return concat(first, version, sysInfo, mainPickle, keys, rawStorage);
    }

    @Test
    void legacyTorchLayout_withRawStorageBytes_isClean() {
        byte[] raw = new byte[4096];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (i * 31 + 7);
        }
        raw[8] = (byte) 0xff;
        List<Finding> findings = scan(legacyTorch(torchDataPkl(3), raw));
        assertTrue(findings.isEmpty(), findings::toString);
    }

    @Test
    void legacyTorchLayout_withAMaliciousMainPickle_isFoundAtPickle4() {
        byte[] main = new PickleWriter().proto(2).global("os", "system").binUnicode("id").tuple1().reduce().stop().bytes();
        Finding f = dangerous(scan(legacyTorch(main, new byte[64])), "os.system");
        assertTrue(f.message().endsWith("at pickle 4"), f.message());
    }

    @Test
    void legacyTorchSaved_insideAPayload_isAnalysedAsANestedTorchFile() {
        byte[] main = new PickleWriter().proto(2).global("os", "system").stop().bytes();
        byte[] saved = legacyTorch(main, new byte[] {(byte) 0xff, 0});
        byte[] p = new PickleWriter().proto(2).global("torch.storage", "_load_from_bytes").binBytes(saved).tuple1()
            .reduce().stop().bytes();
        List<Finding> findings = scan(p);
        only(findings, "pickle/unknown-import", "torch.storage._load_from_bytes");
        assertTrue(dangerous(findings, "os.system").path().startsWith("model.pkl!payload@"));
        assertEquals(2, findings.size(), findings::toString);
    }

    /** A pickle whose one value is a {@code size}-byte BINBYTES8 payload, generated as it is read. */
    static InputStream hugeBenignPickle(long size) {
        byte[] head = new PickleWriter().proto(4).op('}').memoize().shortUnicode("weight").memoize()
            .op(0x8e).le(size, 8).bytes();
        byte[] tail = new PickleWriter().memoize().op('s').stop().bytes();
        InputStream zeros = new InputStream() {
            private long left = size;

            @Override
            public int read() {
                if (left == 0) {
                    return -1;
                }
                left--;
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                Arrays.fill(b, off, off + n, (byte) 0);
                left -= n;
                return n;
            }
        };
        return new SequenceInputStream(new ByteArrayInputStream(head),
            new SequenceInputStream(zeros, new ByteArrayInputStream(tail)));
    }

    @Test
    void hugeBinbytes8Payload_isStreamedAndClean() throws IOException {
        List<Finding> findings = ANALYZER.analyze("big.pkl", hugeBenignPickle(256L * 1024 * 1024));
        assertTrue(findings.isEmpty(), findings::toString);
    }

    // ---- classification ----

    @Test
    void classify_allowlistBlocklistAndUnknown() {
        Set<String> none = Set.of();
        for (String safe : List.of("torch._utils._rebuild_tensor_v2", "torch.FloatStorage", "torch.bfloat16",
            "collections.OrderedDict", "numpy.core.multiarray._reconstruct", "numpy._core.multiarray.scalar",
            "_codecs.encode", "builtins.set", "__builtin__.frozenset", "torch._tensor._rebuild_from_type_v2")) {
            int dot = safe.lastIndexOf('.');
            assertEquals(Imports.SAFE, PickleAnalyzer.classify(safe.substring(0, dot), safe.substring(dot + 1), none), safe);
        }
        for (String bad : List.of("os.system", "os.path.join", "posix.system", "nt.system", "subprocess.Popen",
            "importlib.import_module", "importlib.util.find_spec", "builtins.getattr", "__builtin__.apply",
            "functools.partial", "operator.methodcaller", "_operator.itemgetter", "types.CodeType", "sys.modules",
            "pickle.loads", "_pickle.loads", "runpy.run_path", "socket.create_connection", "shutil.rmtree",
            "http.client.HTTPConnection", "urllib.request.urlopen", "webbrowser.open", "ctypes.CDLL",
            "torch.hub.load", "torch.load", "numpy.load", "__builtin__.reduce", "commands.getoutput", "urllib2.urlopen")) {
            int dot = bad.lastIndexOf('.');
            assertEquals(Imports.DANGEROUS, PickleAnalyzer.classify(bad.substring(0, dot), bad.substring(dot + 1), none), bad);
        }
        for (String unknown : List.of("torch.storage._load_from_bytes", "copy_reg._reconstructor",
            "copyreg._reconstructor", "tempfile.mkdtemp", "builtins.list", "mylib.Net", "codecs.encode")) {
            int dot = unknown.lastIndexOf('.');
            assertEquals(Imports.UNKNOWN, PickleAnalyzer.classify(unknown.substring(0, dot), unknown.substring(dot + 1), none),
                unknown);
        }
        assertEquals(Imports.SAFE, PickleAnalyzer.classify("mylib", "Net", Set.of("mylib.Net")));
        assertEquals(Imports.DANGEROUS, PickleAnalyzer.classify("os", "system", Set.of("os.system")));
    }
}
