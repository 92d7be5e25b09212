package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
