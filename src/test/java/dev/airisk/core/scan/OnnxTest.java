package dev.airisk.core.scan;

import static dev.airisk.core.scan.Fixtures.rules;
import static dev.airisk.core.scan.Fixtures.scan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnnxTest {
    private final FakePickles pickles = new FakePickles();

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static byte[] field(int number, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varint(out, ((long) number << 3) | 2);
        varint(out, value.length);
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] field(int number, String value) {
        return field(number, value.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] varintField(int number, long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varint(out, (long) number << 3);
        varint(out, value);
        return out.toByteArray();
    }

    private static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** A TensorProto named {@code name} whose data lives at {@code location}. */
    private static byte[] externalTensor(String name, String location) {
        return cat(varintField(1, 1), varintField(2, 1), field(8, name),
                field(13, cat(field(1, "location"), field(2, location))),
                field(13, cat(field(1, "offset"), field(2, "0"))),
                varintField(14, 1));
    }

    private static byte[] model(byte[] graph) {
        return cat(varintField(1, 8), field(2, "pytorch"), field(7, graph), field(8, cat(field(1, ""), varintField(2, 17))));
    }

    @Test
    void externalDataClimbingOut_isFlagged() {
        byte[] graph = cat(field(2, "g"), field(5, externalTensor("w", "../../etc/passwd")));
        Scanner.FileScan scan = scan(pickles, "model.onnx", model(graph));

        assertEquals(List.of("onnx/external-data-escape"), rules(scan));
        assertEquals(Severity.HIGH, scan.findings().get(0).severity());
        assertTrue(scan.findings().get(0).message().contains("'w'"));
        assertTrue(scan.findings().get(0).message().contains("'../../etc/passwd'"));
        assertEquals(List.of("onnx"), scan.files().get(0).analysers());
    }

    @Test
    void externalDataAbsolute_inANodeAttribute_isFlagged() {
        byte[] attribute = cat(field(1, "value"), field(5, externalTensor("c", "/etc/shadow")));
        byte[] node = cat(field(1, "x"), field(4, "Constant"), field(5, attribute));
        Scanner.FileScan scan = scan(pickles, "model.onnx", model(cat(field(1, node))));

        assertEquals(List.of("onnx/external-data-escape"), rules(scan));
        assertTrue(scan.findings().get(0).message().contains("absolute"));
    }

    @Test
    void externalDataNextToTheModel_isFine() {
        byte[] graph = cat(field(5, externalTensor("w", "weights/model.onnx.data")),
                field(5, externalTensor("v", "./a/../b.data")));
        Scanner.FileScan scan = scan(pickles, "model.onnx", model(graph));

        assertEquals(List.of(), scan.findings());
    }

    @Test
    void escapeRules_coverDrivesAndUnc() {
        assertTrue(Onnx.escape("C:\\Windows\\system.ini").contains("drive"));
        assertTrue(Onnx.escape("\\\\server\\share\\x").contains("UNC"));
        assertTrue(Onnx.escape("a/../../b").contains("climbs"));
        assertNull(Onnx.escape("a/../b"));
    }

    @Test
    void truncatedModel_isMalformed() {
        byte[] m = model(cat(field(5, externalTensor("w", "x.data"))));
        byte[] cut = Arrays.copyOf(m, m.length - 5);
        Scanner.FileScan scan = scan(pickles, "model.onnx", cut);

        assertEquals(List.of("onnx/malformed"), rules(scan));
    }

    @Test
    void textNamedOnnx_isMalformed() {
        Scanner.FileScan scan = scan(pickles, "model.onnx", Fixtures.utf8("hello world, this is not protobuf"));

        assertEquals(List.of("onnx/malformed"), rules(scan));
    }
}
