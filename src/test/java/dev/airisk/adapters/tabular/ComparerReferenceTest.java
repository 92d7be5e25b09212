package dev.airisk.adapters.tabular;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.monitor.Comparer;
import dev.airisk.core.monitor.Comparison;
import dev.airisk.core.port.RowSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The canary comparison read through the real log readers, checked against an independent plain-python3
 * computation (src/test/resources/canary/canary_reference.py) to 1e-9, and its refusals of bad logs.
 */
class ComparerReferenceTest {
    @TempDir
    Path tmp;
    final TabularFiles files = new TabularFiles();

    /** Two logs of the same requests: the candidate's scores shifted, its rows a little out of order, some requests in one log only. */
    private void write(Path baseline, Path candidate, long seed) throws IOException {
        Random r = new Random(seed);
        List<String> b = new ArrayList<>();
        List<String> c = new ArrayList<>();
        String[] segments = {"eu", "us", "apac"};
        for (int i = 0; i < 3000; i++) {
            double s = Math.min(1, Math.max(0, 0.5 + 0.2 * r.nextGaussian()));
            double t = Math.min(1, Math.max(0, s + 0.05 + 0.05 * r.nextGaussian()));
            String seg = segments[r.nextInt(3)];
            if (i % 50 != 7) {
                b.add("req-" + i + "," + s + "," + (r.nextDouble() < s ? 1 : 0) + "," + seg);
            }
            if (i % 60 != 11) {
                c.add("req-" + i + "," + (i % 10 == 0 ? Math.round(t * 100) / 100.0 : t) + "," + (r.nextDouble() < s ? 1 : 0) + "," + seg);
            }
        }
        for (int k = 0; k + 20 <= c.size(); k += 20) {
            Collections.shuffle(c.subList(k, k + 20), r);
        }
        b.add(0, "id,score,label,region");
        c.add(0, "id,score,label,region");
        Files.write(baseline, b, StandardCharsets.UTF_8);
        Files.write(candidate, c, StandardCharsets.UTF_8);
    }

    private Comparison compare(Path baseline, Path candidate, String join, String segment) {
        try (RowSource b = files.rows(baseline); RowSource c = files.rows(candidate)) {
            return new Comparer().compare(b, c, join, segment, 0.5);
        }
    }

    @Test
    void figures_matchAnIndependentPythonComputation_to1e9() throws Exception {
        Path baseline = tmp.resolve("baseline.csv");
        Path candidate = tmp.resolve("candidate.csv");
        write(baseline, candidate, 16);
        Comparison.Figures f = compare(baseline, candidate, "id", "region").all();
        Process p = new ProcessBuilder("python3", Path.of("src/test/resources/canary/canary_reference.py").toAbsolutePath().toString(),
                baseline.toString(), candidate.toString(), "id", "0.5").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        JsonNode py = new ObjectMapper().readTree(out);
        assertEquals(py.get("baseline_rows").asLong(), f.baselineRows());
        assertEquals(py.get("candidate_rows").asLong(), f.candidateRows());
        assertEquals(py.get("joined").asLong(), f.joined());
        assertEquals(py.get("ks").asDouble(), f.ks(), 1e-9);
        assertEquals(py.get("ks_p").asDouble(), f.ksPValue(), 1e-9);
        assertEquals(py.get("psi").asDouble(), f.psi(), 1e-9);
        assertEquals(py.get("agreement").asDouble(), f.agreement(), 1e-9);
        assertEquals(py.get("diff_mean").asDouble(), f.meanScoreDiff(), 1e-9);
        assertEquals(py.get("diff_p99").asDouble(), f.p99ScoreDiff(), 1e-9);
        assertEquals(0, f.ksErrorBound());
        assertTrue(f.exact());
        // the figures are not trivially small: the shift is seen
        assertTrue(f.ks() > 0.05 && f.psi() > 0.01 && f.agreement() < 1, f.toString());
    }

    @Test
    void segments_partitionTheRows() throws Exception {
        Path baseline = tmp.resolve("baseline.csv");
        Path candidate = tmp.resolve("candidate.csv");
        write(baseline, candidate, 3);
        Comparison c = compare(baseline, candidate, "id", "region");
        assertEquals(3, c.segments().size());
        assertEquals(c.all().baselineRows(), c.segments().stream().mapToLong(Comparison.Figures::baselineRows).sum());
        assertEquals(c.all().joined(), c.segments().stream().mapToLong(Comparison.Figures::joined).sum());
    }

    @Test
    void withoutJoin_rowsPairInFileOrder() throws Exception {
        Path baseline = tmp.resolve("b.csv");
        Path candidate = tmp.resolve("c.csv");
        Files.writeString(baseline, "score\n0.1\n0.9\n0.4\n");
        Files.writeString(candidate, "score\n0.2\n0.3\n");
        Comparison.Figures f = compare(baseline, candidate, null, null).all();
        assertEquals(2, f.joined());
        assertEquals(0.5, f.agreement(), 1e-12);
        assertEquals((0.1 + 0.6) / 2, f.meanScoreDiff(), 1e-12);
    }

    private String refusal(String baselineText, String candidateText, String join, String segment) throws IOException {
        Path baseline = tmp.resolve("base.csv");
        Path candidate = tmp.resolve("cand.csv");
        Files.writeString(baseline, baselineText);
        Files.writeString(candidate, candidateText);
        return assertThrows(InvalidInput.class, () -> compare(baseline, candidate, join, segment)).getMessage();
    }

    @Test
    void badLogs_areRefusedAtTheirLine() throws IOException {
        assertEquals("cand.csv line 3: column 'score' is 1.5, not from 0 to 1",
                refusal("id,score\na,0.1\nb,0.2\n", "id,score\na,0.1\nb,1.5\n", "id", null));
        assertEquals("base.csv line 3: request id 'a' appears twice",
                refusal("id,score\na,0.1\na,0.2\n", "id,score\nx,0.1\ny,0.3\n", "id", null));
        assertEquals("cand.csv has no column 'id'", refusal("id,score\na,0.1\n", "score\n0.1\n", "id", null));
        StringBuilder many = new StringBuilder("score,region\n");
        for (int i = 0; i <= Comparer.MAX_SEGMENTS; i++) {
            many.append("0.5,r").append(i).append('\n');
        }
        assertEquals(String.format(Locale.ROOT, "base.csv line %d: column 'region' has more than 20 values", Comparer.MAX_SEGMENTS + 2),
                refusal(many.toString(), many.toString(), null, "region"));
    }
}
