package dev.airisk.core.scan;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A stand-in for the pickle analyser: records what it was asked about and flags "os\nsystem". */
final class FakePickles implements PickleReader {
    final List<String> paths = new ArrayList<>();
    final List<byte[]> contents = new ArrayList<>();

    @Override
    public List<Finding> analyze(String path, InputStream in) throws IOException {
        paths.add(path);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        byte[] bytes = out.toByteArray();
        contents.add(bytes);
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("os\nsystem");
        return at < 0 ? List.of() : List.of(new Finding(path, "pickle/test", Severity.CRITICAL, "os.system", at));
    }
}
