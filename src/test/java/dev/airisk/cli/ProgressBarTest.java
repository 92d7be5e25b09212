package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.core.port.Progress;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void bar_showsWhatAndHowFar_andErasesItselfWhenDone() {
        StringWriter err = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(err));

        try (Progress.Task task = bar.start("uploading weights.bin", 4L << 30)) {
            task.advance(1L << 30);
            task.advance(3L << 30);
        }

        String out = err.toString();
        assertTrue(out.startsWith("\ruploading weights.bin [........................]   0% 0 KiB/4.00 GiB "), out);
        assertTrue(out.contains("uploading weights.bin [########################] 100% 4.00 GiB/4.00 GiB "), out);
        String last = out.substring(out.lastIndexOf("100%"));
        assertTrue(last.endsWith("\r"), "the bar is erased at the end");
        assertEquals(-1, out.indexOf('\n'), "a bar never adds lines");
    }

    @Test
    void taskStartedInsideAnother_takesTheLineOver_andTheOuterIsDrawnAgainWhenItEnds() {
        StringWriter err = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(err));

        try (Progress.Task outer = bar.start("registering churn@1.4.0", 8L << 20)) {
            try (Progress.Task inner = bar.start("uploading weights.bin", 4L << 20)) {
                outer.advance(1L << 20);
                inner.advance(4L << 20);
            }
            int afterInner = err.getBuffer().length();
            outer.advance(7L << 20);
            String rest = err.toString().substring(afterInner);
            assertTrue(rest.contains("registering churn@1.4.0 [########################] 100% 8.0 MiB/8.0 MiB "), rest);
        }

        String out = err.toString();
        assertTrue(out.contains("\ruploading weights.bin [########################] 100% 4.0 MiB/4.0 MiB "), out);
        int innerEnd = out.indexOf("\r", out.indexOf("100% 4.0 MiB/4.0 MiB"));
        assertFalse(out.substring(out.indexOf("uploading"), innerEnd).contains("registering"), "only the inner bar while it is open: " + out);
        assertTrue(out.substring(innerEnd).startsWith("\r                    "), "the inner bar is erased: " + out);
        assertTrue(out.substring(innerEnd).contains("\rregistering churn@1.4.0 [###"), "then the outer one is drawn again: " + out);
        assertTrue(out.endsWith("\r"), "the bar is erased at the end");
        assertEquals(-1, out.indexOf('\n'), "a bar never adds lines");
    }
}
