package dev.airisk.core.scan;

import static dev.airisk.core.scan.Fixtures.DICT_PICKLE;
import static dev.airisk.core.scan.Fixtures.EVIL_PICKLE;
import static dev.airisk.core.scan.Fixtures.Entry.deflated;
import static dev.airisk.core.scan.Fixtures.Entry.stored;
import static dev.airisk.core.scan.Fixtures.file;
import static dev.airisk.core.scan.Fixtures.rules;
import static dev.airisk.core.scan.Fixtures.scan;
import static dev.airisk.core.scan.Fixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class ScannerTest {
    private final FakePickles pickles = new FakePickles();

    @Test
    void torchZip_storedDataPklInNestedFolder_goesToPickleReader() {
        byte[] zip = Fixtures.zip(stored("model/archive/data.pkl", EVIL_PICKLE),
                stored("model/archive/data/0", new byte[4096]), stored("model/archive/version", utf8("3\n")));
        Scanner.FileScan scan = scan(pickles, "model.pt", zip);

        assertEquals(List.of("model.pt!model/archive/data.pkl"), pickles.paths);
        assertArrayEquals(EVIL_PICKLE, pickles.contents.get(0));
        assertEquals(List.of("pickle/test"), rules(scan));
        assertEquals("model.pt!model/archive/data.pkl", scan.findings().get(0).path());
        assertEquals(List.of("zip"), file(scan, "model.pt").analysers());
        assertEquals(List.of("pickle"), file(scan, "model.pt!model/archive/data.pkl").analysers());
        assertEquals("zip member of no known format", file(scan, "model.pt!model/archive/data/0").skipped());
        assertEquals(4096, file(scan, "model.pt!model/archive/data/0").size());
        assertEquals(List.of("secrets"), file(scan, "model.pt!model/archive/version").analysers());
        assertEquals(4, scan.files().size());
    }

    @Test
    void torchZip_deflatedPickles_everyPklEntryIsRead() {
        byte[] zip = Fixtures.zip(deflated("archive/data.pkl", DICT_PICKLE), deflated("archive/constants.pkl", EVIL_PICKLE),
                deflated("extra/data.pkl", DICT_PICKLE));
        Scanner.FileScan scan = scan(pickles, "ckpt.pth", zip);

        assertEquals(List.of("ckpt.pth!archive/data.pkl", "ckpt.pth!archive/constants.pkl", "ckpt.pth!extra/data.pkl"),
                pickles.paths);
        assertArrayEquals(EVIL_PICKLE, pickles.contents.get(1));
        assertEquals(List.of("pickle/test"), rules(scan));
        assertEquals(EVIL_PICKLE.length, file(scan, "ckpt.pth!archive/constants.pkl").size());
    }

    @Test
    void rawPickle_namedBin_isFoundByContent() {
        Scanner.FileScan scan = scan(pickles, "pytorch_model.bin", EVIL_PICKLE);

        assertEquals(List.of("pytorch_model.bin"), pickles.paths);
        assertEquals(List.of("pickle/test"), rules(scan));
        assertEquals(List.of("pickle"), scan.files().get(0).analysers());
    }

    @Test
    void rawPickle_withoutAnyPickleName_isFoundByContent() {
        scan(pickles, "weights", EVIL_PICKLE);

        assertEquals(List.of("weights"), pickles.paths);
    }

    @Test
    void protocol0Pickle_namedPt_isAPickle() {
        Scanner.FileScan scan = scan(pickles, "old.pt", Fixtures.bytes("cos\nsystem\n(S'ls'\ntR."));

        assertEquals(List.of("old.pt"), pickles.paths);
        assertEquals(List.of("pickle/test"), rules(scan));
    }

    @Test
    void protocol0Pickle_unnamed_isRecognisedByItsShape() {
        scan(pickles, "blob", Fixtures.bytes("(dp0\nS'a'\np1\nI1\ns."));

        assertEquals(List.of("blob"), pickles.paths);
    }

    @Test
    void joblibZlib_isInflatedAndReadAsPickles() {
        Scanner.FileScan scan = scan(pickles, "model.joblib", Fixtures.zlib(EVIL_PICKLE));

        assertArrayEquals(EVIL_PICKLE, pickles.contents.get(0));
        assertEquals(List.of("pickle/test"), rules(scan));
        assertEquals(List.of("zlib", "pickle"), scan.files().get(0).analysers());
    }

    @Test
    void joblibZfHeader_isInflatedAndReadAsPickles() {
        byte[] z = Fixtures.zlib(EVIL_PICKLE);
        String header = "ZF" + String.format("0x%x", EVIL_PICKLE.length);
        while (header.length() < 21) {
            header += " ";
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Fixtures.bytes(header));
        out.writeBytes(z);
        Scanner.FileScan scan = scan(pickles, "old.pkl", out.toByteArray());

        assertArrayEquals(EVIL_PICKLE, pickles.contents.get(0));
        assertEquals(List.of("pickle/test"), rules(scan));
    }

    @Test
    void gzipPickle_isInflatedAndRead() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(EVIL_PICKLE);
        }
        Scanner.FileScan scan = scan(pickles, "model.pkl.gz", out.toByteArray());

        assertEquals(List.of("pickle/test"), rules(scan));
        assertEquals(List.of("gzip", "pickle"), scan.files().get(0).analysers());
    }

    @Test
    void corruptZlib_isMalformedNotClean() {
        byte[] z = Fixtures.zlib(EVIL_PICKLE);
        Scanner.FileScan truncated = scan(pickles, "model.joblib", Arrays.copyOf(z, z.length - 6));
        byte[] garbage = {0x78, (byte) 0x9c, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3};
        Scanner.FileScan invalid = scan(pickles, "model.joblib", garbage);

        assertTrue(rules(truncated).contains("zlib/malformed"), rules(truncated).toString());
        assertEquals(List.of("zlib/malformed"), rules(invalid));
    }

    @Test
    void npyObjectDtype_isAPickleAndAFinding() {
        byte[] npy = Fixtures.npy("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", EVIL_PICKLE);
        Scanner.FileScan scan = scan(pickles, "arr.npy", npy);

        assertEquals(List.of("numpy/object-array", "pickle/test"), rules(scan));
        assertArrayEquals(EVIL_PICKLE, pickles.contents.get(0));
        assertEquals(List.of("npy", "pickle"), scan.files().get(0).analysers());
        assertEquals(npy.length - EVIL_PICKLE.length + 3, scan.findings().get(1).offset(), "offset is in the .npy file, past its header");
    }

    @Test
    void npyNumeric_isNotAPickle() {
        byte[] npy = Fixtures.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", new byte[24]);
        Scanner.FileScan scan = scan(pickles, "arr.npy", npy);

        assertEquals(List.of(), scan.findings());
        assertEquals(List.of(), pickles.paths);
        assertEquals(List.of("npy"), scan.files().get(0).analysers());
    }

    @Test
    void npyStructuredWithObjectField_isAPickle() {
        byte[] npy = Fixtures.npy("{'descr': [('a', '<i4'), ('b', '|O')], 'fortran_order': False, 'shape': (1,), }", DICT_PICKLE);
        Scanner.FileScan scan = scan(pickles, "arr.npy", npy);

        assertEquals(List.of("numpy/object-array"), rules(scan));
        assertEquals(1, pickles.paths.size());
    }

    @Test
    void npyObjectSpelledOut_orNestedInAStructuredField_isAHighFinding() {
        for (String descr : List.of("'object'", "'object_'", "'|O8'", "[('a', [('b', '<f4'), ('c', '|O')])]", "[('a', '|O', (2,))]")) {
            FakePickles reader = new FakePickles();
            byte[] npy = Fixtures.npy("{'descr': " + descr + ", 'fortran_order': False, 'shape': (1,), }", EVIL_PICKLE);
            Scanner.FileScan scan = scan(reader, "arr.npy", npy);

            assertEquals(List.of("numpy/object-array", "pickle/test"), rules(scan), descr);
            assertEquals(Severity.HIGH, scan.findings().get(0).severity(), descr);
        }
    }

    @Test
    void npyBadHeader_isMalformed() {
        byte[] npy = Fixtures.npy("{'descr': '<f4', 'fortran_order': False", new byte[0]);
        Scanner.FileScan scan = scan(pickles, "arr.npy", npy);

        assertEquals(List.of("numpy/malformed"), rules(scan));
        assertEquals(Severity.HIGH, scan.findings().get(0).severity());
    }

    @Test
    void npz_eachNpyMemberIsRead() {
        byte[] obj = Fixtures.npy("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", EVIL_PICKLE);
        byte[] num = Fixtures.npy("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", new byte[8]);
        Scanner.FileScan scan = scan(pickles, "arrays.npz", Fixtures.zip(deflated("a.npy", num), deflated("b.npy", obj)));

        assertEquals(List.of("arrays.npz!b.npy"), pickles.paths);
        assertEquals(List.of("numpy/object-array", "pickle/test"), rules(scan));
        assertEquals(List.of("npy"), file(scan, "arrays.npz!a.npy").analysers());
        assertEquals(List.of("npy", "pickle"), file(scan, "arrays.npz!b.npy").analysers());
    }

    @Test
    void keras_lambdaLayerAndCustomModule_areFlagged() {
        String config = """
                {"module": "keras", "class_name": "Sequential", "registered_name": null, "config": {"layers": [
                  {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "units": 2}},
                  {"module": "keras.layers", "class_name": "Lambda", "config": {"name": "evil", "function": {}}},
                  {"module": "my_company.layers", "class_name": "Fancy", "registered_name": "Custom>Fancy", "config": {}}
                ]}}""";
        byte[] keras = Fixtures.zip(deflated("metadata.json", utf8("{\"keras_version\": \"3.4.1\"}")),
                deflated("config.json", utf8(config)), stored("model.weights.h5", new byte[] {(byte) 0x89, 'H', 'D', 'F', 0, 0}));
        Scanner.FileScan scan = scan(pickles, "model.keras", keras);

        assertEquals(List.of("keras/lambda-layer", "keras/custom-module", "keras/custom-module"), rules(scan));
        assertEquals(Severity.HIGH, scan.findings().get(0).severity());
        assertTrue(scan.findings().get(0).message().contains("'evil'"));
        assertEquals(Severity.MEDIUM, scan.findings().get(1).severity());
        assertTrue(scan.findings().get(1).message().contains("my_company.layers"));
        assertEquals(List.of("zip", "keras"), file(scan, "model.keras").analysers());
        assertEquals(List.of("keras", "secrets"), file(scan, "model.keras!config.json").analysers());
        assertEquals("zip member of no known format", file(scan, "model.keras!model.weights.h5").skipped());
    }

    @Test
    void keras_plainModel_hasNoFindings() {
        String config = "{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {\"layers\": [{\"module\": "
                + "\"keras.layers\", \"class_name\": \"Dense\", \"registered_name\": null, \"config\": {}}]}}";
        Scanner.FileScan scan = scan(pickles, "model.keras", Fixtures.zip(deflated("config.json", utf8(config))));

        assertEquals(List.of(), scan.findings());
    }

    @Test
    void keras_badConfigJson_isMalformed() {
        Scanner.FileScan scan = scan(pickles, "model.keras", Fixtures.zip(deflated("config.json", utf8("{\"a\": }"))));

        assertEquals(List.of("keras/malformed"), rules(scan));
    }

    @Test
    void keras_withoutConfig_isMalformed() {
        Scanner.FileScan scan = scan(pickles, "model.keras", Fixtures.zip(deflated("x.txt", utf8("hi"))));

        assertEquals(List.of("keras/malformed"), rules(scan));
    }

    @Test
    void zipPathTraversal_isFlaggedAndScanningGoesOn() {
        Scanner.FileScan scan = scan(pickles, "a.zip",
                Fixtures.zip(deflated("../../evil.pkl", EVIL_PICKLE), deflated("/etc/cron.d/x", utf8("* * * * * root sh"))));

        assertEquals(List.of("zip/path-traversal", "zip/path-traversal", "pickle/test"), rules(scan));
        assertEquals("a.zip!../../evil.pkl", scan.findings().get(0).path());
        assertEquals(3, scan.files().size());
    }

    @Test
    void zipBomb_highRatioEntry_stopsTheScan() {
        byte[] zeros = new byte[50 << 20];
        byte[] zip = Fixtures.zip(deflated("a.bin", zeros), deflated("b.pkl", EVIL_PICKLE));
        Scanner.FileScan scan = scan(pickles, "bomb.zip", zip);

        assertEquals(List.of("zip/bomb"), rules(scan));
        assertEquals(Severity.HIGH, scan.findings().get(0).severity());
        assertTrue(scan.findings().get(0).message().contains("200:1"), scan.findings().get(0).message());
        assertEquals(List.of(), pickles.paths, "the scan stopped before the next entry");
    }

    @Test
    void zipBomb_tooManyEntries_stopsTheScan() {
        List<Fixtures.Entry> entries = new ArrayList<>();
        for (int k = 0; k <= 100_000; k++) {
            entries.add(stored("e" + k, new byte[0]));
        }
        Scanner.FileScan scan = scan(pickles, "many.zip", Fixtures.zip(entries));

        assertEquals(List.of("zip/bomb"), rules(scan));
        assertTrue(scan.findings().get(0).message().contains("more than 100000 entries"), scan.findings().get(0).message());
    }

    @Test
    void nestedZip_isScannedWithItsPath() {
        byte[] inner = Fixtures.zip(deflated("data.pkl", EVIL_PICKLE));
        Scanner.FileScan scan = scan(pickles, "outer.zip", Fixtures.zip(stored("inner.zip", inner)));

        assertEquals(List.of("outer.zip!inner.zip!data.pkl"), pickles.paths);
        assertEquals(List.of("zip"), file(scan, "outer.zip!inner.zip").analysers());
        assertEquals(3, scan.files().size());
    }

    @Test
    void zipsNestedTooDeep_areSkipped() {
        byte[] z = Fixtures.zip(deflated("data.pkl", EVIL_PICKLE));
        for (int k = 0; k < 4; k++) {
            z = Fixtures.zip(stored("n" + k + ".zip", z));
        }
        Scanner.FileScan scan = scan(pickles, "o.zip", z);

        assertEquals(List.of(), pickles.paths);
        assertTrue(scan.files().stream().anyMatch(f -> f.skipped() != null && f.skipped().contains("nested more than 3")),
                scan.files().toString());
    }

    @Test
    void truncatedZip_isMalformed() {
        byte[] noise = new byte[100_000];
        new Random(1).nextBytes(noise);
        byte[] zip = Fixtures.zip(deflated("a.txt", noise), deflated("b.pkl", EVIL_PICKLE));
        byte[] cut = Arrays.copyOf(zip, 50_000);
        Scanner.FileScan scan = scan(pickles, "cut.zip", cut);

        assertTrue(rules(scan).contains("zip/malformed"), rules(scan).toString());
    }

    @Test
    void binaryOfNoKnownFormat_isSkippedWithAReason() {
        byte[] data = new byte[1000];
        for (int k = 0; k < data.length; k++) {
            data[k] = (byte) (k * 31 + 7);
        }
        data[0] = 0;
        Scanner.FileScan scan = scan(pickles, "blob.dat", data);

        assertEquals(List.of(), scan.findings());
        assertEquals("binary data of no known format", scan.files().get(0).skipped());
        assertEquals(List.of(), scan.files().get(0).analysers());
        assertEquals(1000, scan.files().get(0).size());
    }

    @Test
    void emptyFile_isSkipped() {
        Scanner.FileScan scan = scan(pickles, "empty.txt", new byte[0]);

        assertEquals("empty file", scan.files().get(0).skipped());
    }

    @Test
    void textFile_isScannedForSecrets() {
        Scanner.FileScan scan = scan(pickles, "README", utf8("hello\nkey AKIAABCDEFGHIJKLMNOP\n"));

        assertEquals(List.of("secret/aws-access-key"), rules(scan));
        assertEquals(List.of("secrets"), scan.files().get(0).analysers());
    }

    @Test
    void textMemberOfZip_isScannedForSecrets() {
        Scanner.FileScan scan = scan(pickles, "bundle.zip", Fixtures.zip(deflated("conf/.env", utf8("API_KEY=sk_live_abcdefgh1234\n"))));

        assertEquals(List.of("secret/assignment"), rules(scan));
        assertEquals("bundle.zip!conf/.env", scan.findings().get(0).path());
    }

    @Test
    void everyFile_isListed_inOrder() {
        List<Fixtures.Entry> entries = new ArrayList<>();
        entries.add(stored("archive/data.pkl", DICT_PICKLE));
        for (int k = 0; k < 20; k++) {
            entries.add(stored("archive/data/" + k, new byte[] {0, 1, 2, (byte) k}));
        }
        entries.add(deflated("archive/empty", new byte[0]));
        Scanner.FileScan scan = scan(pickles, "m.pt", Fixtures.zip(entries));

        assertEquals(23, scan.files().size());
        assertEquals("m.pt", scan.files().get(0).path());
        assertEquals("m.pt!archive/data.pkl", scan.files().get(1).path());
        assertEquals("m.pt!archive/empty", scan.files().get(22).path());
        for (FileResult f : scan.files()) {
            assertTrue(f.skipped() != null ^ !f.analysers().isEmpty(), f.toString());
        }
    }

    @Test
    void safetensorsMemberOfZip_isChecked() {
        byte[] st = Fixtures.safetensors("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,16]}}", 8);
        Scanner.FileScan scan = scan(pickles, "b.zip", Fixtures.zip(deflated("m.safetensors", st)));

        assertEquals(List.of("safetensors/malformed"), rules(scan));
    }

    @Test
    void pickleExtensionInsideZip_withTensorLikeBytes_isNotAPickle() {
        byte[] data = new byte[64];
        data[0] = (byte) 0x80;
        data[1] = 2;
        Scanner.FileScan scan = scan(pickles, "m.pt", Fixtures.zip(stored("archive/data/7", data)));

        assertEquals(List.of(), pickles.paths);
        assertNull(file(scan, "m.pt").skipped());
        assertFalse(file(scan, "m.pt!archive/data/7").skipped() == null);
    }
}
