package dev.airisk.core.scan;

import static dev.airisk.core.scan.PickleAnalyzerTest.dangerous;
import static dev.airisk.core.scan.PickleAnalyzerTest.only;
import static dev.airisk.core.scan.PickleAnalyzerTest.rule;
import static dev.airisk.core.scan.PickleAnalyzerTest.scan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parity with PyTorch's weights-only loader, nested payloads in every encoding, and severities, on pickles
 * written by the real producers: src/test/resources/scan/parity (torch 2.13, see make_parity.py and VERSIONS)
 * and src/test/resources/scan/pickle (Python 3.11's pickle, see make_pickles.py).
 */
class PickleParityTest {
    static byte[] resource(String name) {
        try (InputStream in = PickleParityTest.class.getResourceAsStream("/scan/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Imports classify(String full) {
        int dot = full.lastIndexOf('.');
        return PickleAnalyzer.classify(full.substring(0, dot), full.substring(dot + 1), Set.of());
    }

    // ---- what torch.load(weights_only=True) loads scans clean ----

    @ParameterizedTest
    @ValueSource(strings = {"state_dict_dtypes", "quantized", "sparse", "misc", "optimizer"})
    void fileThatTorchsWeightsOnlyLoaderAccepts_scansCleanAtMedium(String name) {
        List<Finding> findings = scan(resource("parity/" + name + ".pkl"));
        assertTrue(findings.isEmpty(), findings::toString);
        List<Finding> highRisk = PickleAnalyzerTest.scan(new PickleAnalyzer(ScanRules.DEFAULT, true), resource("parity/" + name + ".pkl"));
        assertTrue(highRisk.isEmpty(), highRisk::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"numpy_p2", "numpy_p4", "numpy_p5"})
    void numpyArraysScalarsAndDtypes_pickledByNumpy2_scanClean(String name) {
        List<Finding> findings = scan(resource("pickle/" + name + ".pkl"));
        assertTrue(findings.isEmpty(), findings::toString);
    }

    @Test
    void safeList_coversPyTorchsDefaultWeightsOnlyGlobals() {
        for (String safe : List.of("torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter",
            "torch._utils._rebuild_sparse_tensor", "torch._utils._rebuild_qtensor",
            "torch._utils._rebuild_device_tensor_from_numpy", "torch._utils._rebuild_meta_tensor_no_storage",
            "torch._utils._rebuild_wrapper_subclass", "torch._utils._rebuild_nested_tensor",
            "torch.serialization._get_layout", "torch.storage.UntypedStorage", "torch.QUInt4x2Storage",
            "torch.float8_e4m3fn", "torch.float8_e5m2fnuz", "torch.float8_e8m0fnu", "torch.uint16", "torch.uint32",
            "torch.uint64", "torch.int4", "torch.per_tensor_affine", "torch.per_channel_affine_float_qparams",
            "torch.Size", "torch.device", "torch.nn.parameter.Parameter", "collections.OrderedDict",
            "collections.Counter", "builtins.set", "builtins.bytearray", "builtins.complex", "_codecs.encode",
            "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct", "numpy.ndarray", "numpy.dtype")) {
            assertEquals(Imports.SAFE, classify(safe), safe);
        }
    }

    @Test
    void wholeModulePickledWithTorchSave_isUnknownImportsNamingItsClasses_notMalformed() {
        List<Finding> findings = scan(resource("pickle/module.pkl"));
        assertEquals(Severity.MEDIUM, only(findings, "pickle/unknown-import", "__main__.Net").severity());
        assertEquals(Severity.MEDIUM, only(findings, "pickle/unknown-import", "torch.nn.modules.linear.Linear").severity());
        assertEquals(2, findings.size(), findings::toString);
    }

    // ---- a pickle inside pickle.loads' argument, in every encoding ----

    @ParameterizedTest
    @ValueSource(strings = {"nested_bytes_p0", "nested_bytes_p1", "nested_bytes_p2", "nested_bytes_p3",
        "nested_bytes_p4", "nested_bytes_p5", "nested_bytearray_p2", "nested_bytearray_p5", "nested_long_p0",
        "nested_long_p2"})
    void pickleInsidePickleLoads_isAnalysed_whateverEncodesItsBytes(String name) {
        List<Finding> findings = scan(resource("pickle/" + name + ".pkl"));
        Finding inner = dangerous(findings, "posix.system");
        assertTrue(inner.path().startsWith("model.pkl!payload@"), inner.path());
        // Python 3 writes pickle.loads as _pickle.loads at protocol 3 and above
        assertTrue(findings.stream().anyMatch(f -> f.path().equals("model.pkl") && f.severity() == Severity.CRITICAL
            && f.message().matches("imports _?pickle\\.loads \\(dangerous.*")), findings::toString);
        assertEquals(2, findings.size(), findings::toString);
    }

    @Test
    void pickleInsideALatin1String_atTheNestingBound_isReportedAsALimit() {
        byte[] p = PickleAnalyzerTest.osSystemProtocol4();
        for (int level = 0; level < 4; level++) {
            String latin1 = new String(p, StandardCharsets.ISO_8859_1);
            p = new PickleWriter().proto(2).global("_codecs", "encode").binUnicode(latin1).binUnicode("latin1")
                .tuple2().reduce().stop().bytes();
        }
        List<Finding> findings = scan(p);
        assertEquals(Severity.HIGH, rule(findings, "pickle/limit").severity());
        assertFalse(findings.stream().anyMatch(f -> f.rule().equals("pickle/dangerous-import")), findings::toString);
    }

    // ---- severities ----

    @Test
    void indirectNameResolversAndCommandRunners_areDangerous() {
        for (String bad : List.of("pkgutil.resolve_name", "uuid._get_command_stdout", "_osx_support._read_output",
            "_osx_support._find_build_tool", "logging.config._resolve", "torch.utils.collect_env.run",
            "torch.utils.collect_env.run_and_read_all", "operator.attrgetter", "operator.methodcaller",
            "builtins.getattr", "importlib.import_module", "pty.spawn", "runpy._run_code", "code.InteractiveInterpreter",
            "codeop.compile_command", "cProfile.run", "profile.run", "pdb.run", "timeit.timeit", "pydoc.pipepager",
            "webbrowser.open", "ctypes.CDLL", "shutil.rmtree", "asyncio.subprocess.create_subprocess_shell",
            "torch.hub.load", "torch._dynamo.eval_frame.innermost_fn", "torch.jit.load",
            "torch.utils.cpp_extension.load_inline", "numpy.testing._private.utils.runstring", "sys.modules",
            "torch.jit._pickle.os", "torch.jit._pickle.build_intlist.__globals__")) {
            assertEquals(Imports.DANGEROUS, classify(bad), bad);
        }
        for (String unknown : List.of("torch.nn.modules.linear.Linear", "__main__.Net", "collections.deque",
            "torch.jit._pickle.build_intlist", "torch.jit._pickle.restore_type_tag")) {
            assertEquals(Imports.UNKNOWN, classify(unknown), unknown);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"os ", "o\u0000s", "\u043es", "o\ts", "torch. nn"})
    void oddModuleName_isAtLeastHigh(String module) {
        byte[] p = new PickleWriter().proto(4).shortUnicode(module).shortUnicode("system").stackGlobal()
            .shortUnicode("id").tuple1().reduce().stop().bytes();
        List<Finding> findings = scan(p);
        Finding f = rule(findings, "pickle/unknown-import");
        assertEquals(Severity.HIGH, f.severity());
        assertTrue(f.message().contains("its name hides what it is"), f.message());
    }

    @Test
    void extensionOpcodes_areAtLeastHigh() {
        for (int op : new int[] {0x82, 0x83, 0x84}) {
            PickleWriter w = new PickleWriter().proto(2).op(op).le(1, op == 0x82 ? 1 : op == 0x83 ? 2 : 4);
            List<Finding> findings = scan(w.emptyTuple().reduce().stop().bytes());
            assertEquals(Severity.HIGH, rule(findings, "pickle/unknown-import").severity(), findings::toString);
        }
    }
}
