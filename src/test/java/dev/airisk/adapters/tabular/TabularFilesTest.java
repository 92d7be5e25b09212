package dev.airisk.adapters.tabular;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.port.MetricsSnapshot;
import dev.airisk.core.port.RowSource;
import dev.airisk.core.port.TabularInputs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The readers of prediction logs, samples and metrics: formats, nulls, numbers and every refusal word for word. */
class TabularFilesTest {
    @TempDir
    Path tmp;
    final TabularFiles files = new TabularFiles();

    Path write(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text);
    }

    Path gzip(String name, byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return Files.write(tmp.resolve(name), out.toByteArray());
    }

    /** Every row of the selected columns, as text ("null" for a null), read to the end. */
    List<List<String>> rows(Path file, List<String> columns) {
        List<List<String>> out = new ArrayList<>();
        try (RowSource rows = files.rows(file)) {
            rows.select(columns);
            while (rows.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 0; i < columns.size(); i++) {
                    row.add(rows.isNull(i) ? "null" : rows.isNumber(i) ? "n:" + rows.number(i) : rows.text(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    String refusal(Path file, List<String> columns) {
        return assertThrows(InvalidInput.class, () -> rows(file, columns)).getMessage();
    }

    static final String CSV = """
            age,country,score,note
            42,DE,0.91,"a, quoted ""note""\"
            ,FR,NA,plain
            -1.5e2,null,NaN,"two
            lines"
            """;

    static final String JSONL = """
            {"age": 42, "country": "DE", "score": 0.91, "note": "a, quoted \\"note\\""}
            {"age": null, "country": "FR", "note": "plain", "extra": {"nested": [1, 2]}}

            {"age": "-1.5e2", "country": null, "score": "NaN", "note": "two\\nlines", "flag": true}
            """;

    @Test
    void csvAndJsonLines_giveTheSameRows_nullsAndNumbersAlike() throws IOException {
        List<String> columns = List.of("age", "country", "score", "note");
        List<List<String>> expected = List.of(
                List.of("n:42.0", "DE", "n:0.91", "a, quoted \"note\""),
                List.of("null", "FR", "null", "plain"),
                List.of("n:-150.0", "null", "null", "two\nlines"));
        assertEquals(expected, rows(write("p.csv", CSV), columns));
        assertEquals(expected, rows(write("p.jsonl", JSONL), columns));
        assertEquals(expected, rows(gzip("p.csv.gz", CSV.getBytes(StandardCharsets.UTF_8)), columns));
        assertEquals(expected, rows(gzip("p.jsonl.gz", JSONL.getBytes(StandardCharsets.UTF_8)), columns));
    }

    @Test
    void theHeader_isTheCsvHeaderOrTheFirstObjectsKeys_andLinesAreCounted() throws IOException {
        try (RowSource rows = files.rows(write("p.jsonl", JSONL))) {
            assertEquals(List.of("age", "country", "score", "note"), rows.header());
            rows.select(List.of("flag", "age"));
            assertTrue(rows.next());
            assertEquals(1, rows.line());
            assertTrue(rows.isNull(0));
            assertTrue(rows.next());
            assertTrue(rows.next());
            assertEquals(4, rows.line());
            assertEquals("true", rows.text(0));
            assertFalse(rows.next());
        }
        try (RowSource rows = files.rows(write("p.csv", CSV))) {
            assertEquals(List.of("age", "country", "score", "note"), rows.header());
            rows.select(List.of("note"));
            rows.next();
            rows.next();
            rows.next();
            assertEquals(4, rows.line()); // where the record with a line break starts
        }
    }

    @Test
    void closingBeforeTheEnd_stopsTheHelperThreads() throws IOException {
        StringBuilder csv = new StringBuilder("age,score\n");
        for (int i = 0; i < 200_000; i++) {
            csv.append(i).append(",0.5\n");
        }
        Path big = gzip("big.csv.gz", csv.toString().getBytes(StandardCharsets.UTF_8));
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> {
            for (int k = 0; k < 5; k++) {
                try (RowSource rows = files.rows(big)) {
                    rows.select(List.of("age"));
                    for (int i = 0; i < 10; i++) {
                        assertTrue(rows.next());
                    }
                    assertEquals(9.0, rows.number(0));
                }
            }
        });
        assertEquals(List.of(), Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.equals("rows big.csv.gz") || n.equals("read-ahead big.csv.gz")).toList());
    }

    @Test
    void theDigest_isOfTheFileAsStored() throws Exception {
        Path gz = gzip("p.csv.gz", CSV.getBytes(StandardCharsets.UTF_8));
        try (RowSource rows = files.rows(gz)) {
            rows.select(List.of("age"));
            assertNull(rows.sha256());
            while (rows.next()) {
                // to the end
            }
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(gz))), rows.sha256());
        }
    }

    @Test
    void aValueThatIsNotANumber_isRefusedNamingFileLineAndColumn() throws IOException {
        Path p = write("predictions.csv", "age,score\n1,0.5\n2,0.5\n3,0.5\n4,0.5\n5,0.5\nabc,0.5\n");
        try (RowSource rows = files.rows(p)) {
            rows.select(List.of("age"));
            for (int i = 0; i < 5; i++) {
                rows.next();
                rows.number(0);
            }
            rows.next();
            InvalidInput e = assertThrows(InvalidInput.class, () -> rows.number(0));
            assertEquals("predictions.csv line 7: column 'age' is 'abc', not a number "
                    + "(give numbers as decimals like 42 or -0.5e3, or leave the value empty for a missing one)", e.oneLine());
        }
        for (String notANumber : List.of("0x10", "1.5d", "Infinity", "1e", ".", "+", "1 ")) {
            Path q = write("q.csv", "age\n\"" + notANumber + "\"\n");
            try (RowSource rows = files.rows(q)) {
                rows.select(List.of("age"));
                rows.next();
                assertFalse(rows.isNumber(0), notANumber);
            }
        }
    }

    @Test
    void decimals_areCorrectlyRounded_onTheFastPathAndOffIt() {
        java.util.Random r = new java.util.Random(11);
        List<String> texts = new ArrayList<>(List.of("0", "-0", "+7", "5.", ".5", "0.1", "0.3", "9007199254740993", "123456789012345678901234",
                "1e22", "1e23", "4.9e-324", "2.2250738585072014E-308", "1.7976931348623157e308", "1e400", "-1e-400",
                "0.000000000000000000000000001", "3.14159265358979323846264338327950288"));
        for (int i = 0; i < 20_000; i++) {
            double d = r.nextInt(4) == 0 ? r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20) : r.nextDouble() * 1000;
            texts.add(switch (i % 4) {
                case 0 -> Double.toString(d);
                case 1 -> String.format(Locale.ROOT, "%.4f", d);
                case 2 -> String.format(Locale.ROOT, "%.17e", d);
                default -> Long.toString(r.nextLong() >> r.nextInt(64));
            });
        }
        for (String t : texts) {
            assertEquals(Double.doubleToLongBits(Double.parseDouble(t)), Double.doubleToLongBits(Slots.decimal(t)), t);
        }
        for (String t : List.of("", "-", ".", "e5", "1e", "1e+", "0x1p3", "1.5d", "1f", "Infinity", "NaN", "1_000", " 1", "1 ", "1..2")) {
            assertTrue(Double.isNaN(Slots.decimal(t)), t);
        }
    }

    @Test
    void badFiles_areRefusedInOneLine() throws IOException {
        List<String> age = List.of("age");
        assertEquals("predictions.csv has no column 'score'",
                refusal(write("predictions.csv", "age,country\n1,DE\n"), List.of("age", "score")));
        assertEquals("predictions.csv is empty", refusal(write("predictions.csv", ""), age));
        assertEquals("predictions.csv is empty", refusal(write("predictions.csv", "\n  \n"), age));
        assertEquals("predictions.jsonl.gz is empty", refusal(gzip("predictions.jsonl.gz", new byte[0]), age));
        assertEquals("missing.csv does not exist", refusal(tmp.resolve("missing.csv"), age));
        assertEquals("predictions.csv line 3 has 3 fields where the header has 2",
                refusal(write("predictions.csv", "age,country\n1,DE\n2,FR,x\n"), age));
        assertEquals("predictions.jsonl line 2 is not a JSON object",
                refusal(write("predictions.jsonl", "{\"age\": 1}\n[1, 2]\n"), age));
        assertTrue(refusal(write("predictions.jsonl", "{\"age\": 1}\n{\"age\": 2,\n"), age)
                .startsWith("predictions.jsonl line 3 is not valid JSON: "));
        assertEquals("predictions.jsonl line 2: column 'age' is an object or a list, not a value",
                refusal(write("predictions.jsonl", "{\"age\": 1}\n{\"age\": [2]}\n"), age));
    }

    @Test
    void aTruncatedGzipFile_isRefusedAsSuch() throws IOException {
        StringBuilder csv = new StringBuilder("age,score\n");
        for (int i = 0; i < 20_000; i++) {
            csv.append(i).append(',').append(i % 7 / 7.0).append('\n');
        }
        Path whole = gzip("whole.csv.gz", csv.toString().getBytes(StandardCharsets.UTF_8));
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(tmp.resolve("predictions.csv.gz"), Arrays.copyOf(bytes, bytes.length / 2));
        assertEquals("predictions.csv.gz is a truncated gzip file", refusal(cut, List.of("age")));
        Path noTrailer = Files.write(tmp.resolve("predictions.csv.gz"), Arrays.copyOf(bytes, bytes.length - 4));
        assertEquals("predictions.csv.gz is a truncated gzip file", refusal(noTrailer, List.of("age")));
    }

    @Test
    void aLineLongerThanTheLimit_isRefusedBeforeItIsHeldWhole() throws IOException {
        int n = TabularInputs.MAX_LINE + 10;
        StringBuilder csv = new StringBuilder("age,note\n1,short\n2,");
        csv.append("x".repeat(n)).append('\n');
        assertEquals("predictions.csv line 3 is longer than 1 MiB", refusal(write("predictions.csv", csv.toString()), List.of("age")));
        String jsonl = "{\"age\": 1}\n{\"age\": 2, \"note\": \"" + "x".repeat(n) + "\"}\n";
        assertEquals("predictions.jsonl line 2 is longer than 1 MiB", refusal(write("predictions.jsonl", jsonl), List.of("age")));
        assertEquals("predictions.csv.gz line 1 is longer than 1 MiB",
                refusal(gzip("predictions.csv.gz", "a".repeat(n).getBytes(StandardCharsets.UTF_8)), List.of("age")));
    }

    @Test
    void aPrometheusSnapshot_isReadSampleBySample() throws IOException {
        Path p = write("metrics.prom", """
                # HELP http_requests_total Requests.
                # TYPE http_requests_total counter
                http_requests_total{code="200",path="/predict"} 9900
                http_requests_total{code="503", path="/predict",} 100 1733300000000
                request_duration_seconds_bucket{le="0.1"} 5000
                request_duration_seconds_bucket{le="+Inf"} 10000
                process_start_time_seconds 1.7333e9
                weird_label{msg="a \\"quoted\\" value\\n"} NaN
                """);
        MetricsSnapshot s = files.metrics(p);
        assertEquals(6, s.samples().size());
        assertEquals("503", s.samples().get(1).labels().get("code"));
        assertEquals(100.0, s.samples().get(1).value());
        assertEquals(Double.POSITIVE_INFINITY, Double.parseDouble("Infinity"));
        assertEquals("+Inf", s.samples().get(3).labels().get("le"));
        assertEquals("a \"quoted\" value\n", s.samples().get(5).labels().get("msg"));
        assertTrue(Double.isNaN(s.samples().get(5).value()));
        assertEquals(64, s.sha256().length());
    }

    @Test
    void aBadPrometheusLine_isRefusedAtItsLine() throws IOException {
        assertEquals("metrics.prom line 2 is not a Prometheus sample: expected a number as the value, not 'lots'",
                assertThrows(InvalidInput.class, () -> files.metrics(write("metrics.prom", "# ok\nrequests_total lots\n"))).getMessage());
        assertEquals("metrics.prom line 1 is not a Prometheus sample: expected '\"' at column 18",
                assertThrows(InvalidInput.class, () -> files.metrics(write("metrics.prom", "requests_total{a=b} 1\n"))).getMessage());
        assertEquals("metrics.prom is empty",
                assertThrows(InvalidInput.class, () -> files.metrics(write("metrics.prom", ""))).getMessage());
    }
}
