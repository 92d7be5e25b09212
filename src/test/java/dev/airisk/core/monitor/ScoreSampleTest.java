package dev.airisk.core.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A sample past its exact limit becomes a histogram; its figures keep within the error bounds docs/canary.md states. */
class ScoreSampleTest {

    private static double exactKs(double[] x, double[] y) {
        ScoreSample a = new ScoreSample();
        ScoreSample b = new ScoreSample();
        Arrays.stream(x).forEach(a::add);
        Arrays.stream(y).forEach(b::add);
        return ScoreSample.ks(a, b)[0];
    }

    @Test
    void histogram_ksWithinItsBound_quantilesWithinOneBin() {
        Random r = new Random(5);
        int n = ScoreSample.EXACT_LIMIT + 20_000;
        double[] x = new double[n];
        double[] y = new double[n - 7_000];
        ScoreSample a = new ScoreSample();
        ScoreSample b = new ScoreSample();
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.min(1, Math.max(0, 0.5 + 0.15 * r.nextGaussian()));
            a.add(x[i]);
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.min(1, Math.max(0, 0.52 + 0.15 * r.nextGaussian()));
            b.add(y[i]);
        }
        assertFalse(a.exact());
        double[] sketch = ScoreSample.ks(a, b);
        assertTrue(sketch[1] > 0);
        // the exact statistic of the same values, from exact samples of one part each
        double exact = exactKsSorted(x, y);
        assertTrue(exact >= sketch[0] - 1e-15 && exact <= sketch[0] + sketch[1] + 1e-15,
                "exact " + exact + " outside [" + sketch[0] + ", " + (sketch[0] + sketch[1]) + "]");
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        double p99 = sorted[(int) Math.ceil(0.99 * n) - 1];
        double q = a.quantile(0.99);
        assertTrue(q >= p99 && q - p99 <= 1.0 / ScoreSample.BINS, q + " vs " + p99);
    }

    /** The exact two-sample statistic, computed here by a merge of the sorted values. */
    private static double exactKsSorted(double[] x, double[] y) {
        double[] a = x.clone();
        double[] b = y.clone();
        Arrays.sort(a);
        Arrays.sort(b);
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < a.length && j < b.length) {
            double v = Math.min(a[i], b[j]);
            while (i < a.length && a[i] <= v) {
                i++;
            }
            while (j < b.length && b[j] <= v) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / a.length - (double) j / b.length));
        }
        return d;
    }

    @Test
    void exact_smallSamples() {
        assertEquals(0.5, exactKs(new double[] {0.1, 0.2}, new double[] {0.2, 0.3}), 0);
        ScoreSample s = new ScoreSample();
        for (int i = 1; i <= 100; i++) {
            s.add(i / 100.0);
        }
        assertTrue(s.exact());
        assertEquals(0.99, s.quantile(0.99), 0);
        assertEquals(1.0, ScoreSample.ksPValue(0.0, 100, 100), 0);
    }
}
