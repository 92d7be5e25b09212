package dev.airisk.core.scan;

import static dev.airisk.core.scan.Fixtures.rules;
import static dev.airisk.core.scan.Fixtures.scan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class SafetensorsTest {
    private final FakePickles pickles = new FakePickles();

    private Scanner.FileScan scanTensors(String name, String json, int dataLength) {
        return scan(pickles, name, Fixtures.safetensors(json, dataLength));
    }

    private static String only(Scanner.FileScan scan) {
        assertEquals(List.of("safetensors/malformed"), rules(scan), scan.findings().toString());
        assertEquals(Severity.HIGH, scan.findings().get(0).severity());
        return scan.findings().get(0).message();
    }

    @Test
    void wellFormed_hasNoFindings() {
        Scanner.FileScan scan = scanTensors("model.safetensors", "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[16,22]},"
                + "\"c\":{\"dtype\":\"I8\",\"shape\":[],\"data_offsets\":[22,23]}}", 23);

        assertEquals(List.of(), scan.findings());
        assertEquals(List.of("safetensors"), scan.files().get(0).analysers());
    }

    @Test
    void wellFormed_isFoundByContentWhateverItsName() {
        Scanner.FileScan scan = scanTensors("weights.bin", "{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]}}", 4);

        assertEquals(List.of("safetensors"), scan.files().get(0).analysers());
        assertEquals(List.of(), scan.findings());
    }

    @Test
    void overlappingTensors_areMalformed() {
        String message = only(scanTensors("m.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", 16));

        assertTrue(message.contains("overlap"), message);
    }

    @Test
    void offsetsOutOfBounds_areMalformed() {
        String message = only(scanTensors("m.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8));

        assertTrue(message.contains("beyond the data section (8 bytes)"), message);
    }

    @Test
    void beginAfterEnd_isMalformed() {
        String message = only(scanTensors("m.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,4]}}", 8));

        assertTrue(message.contains("begin after end"), message);
    }

    @Test
    void headerLongerThanTheFile_isMalformed() {
        ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(1000);
        b.put((byte) '{');
        String message = only(scan(pickles, "m.safetensors", b.array()));

        assertTrue(message.contains("header length 1000 is larger than the file"), message);
    }

    @Test
    void hugeHeaderLength_isMalformed() {
        ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(Long.MAX_VALUE);
        b.put((byte) '{');
        String message = only(scan(pickles, "m.safetensors", b.array()));

        assertTrue(message.contains("100 MiB"), message);
    }

    @Test
    void badJson_isMalformed() {
        String message = only(scanTensors("m.safetensors", "{\"a\":{\"dtype\":\"F32\",}}", 0));

        assertTrue(message.contains("not valid JSON"), message);
    }

    @Test
    void duplicateKeys_areMalformed() {
        String message = only(scanTensors("m.safetensors", "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},"
                + "\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1));

        assertTrue(message.contains("twice"), message);
    }

    @Test
    void sizeNotMatchingShapeAndDtype_isMalformed() {
        String message = only(scanTensors("m.safetensors", "{\"a\":{\"dtype\":\"F16\",\"shape\":[3,3],\"data_offsets\":[0,16]}}", 16));

        assertTrue(message.contains("needs 18"), message);
    }

    @Test
    void notSafetensorsButNamedSo_isMalformed() {
        Scanner.FileScan scan = scan(pickles, "m.safetensors", Fixtures.utf8("hello, I am text pretending"));

        assertEquals(List.of("safetensors/malformed"), rules(scan));
    }
}
