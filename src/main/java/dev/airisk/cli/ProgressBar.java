package dev.airisk.cli;

import dev.airisk.core.port.Progress;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-line progress bar on a terminal's stderr, redrawn at most five times a second and erased
 * when the transfer ends. Plain characters only, so it needs no colour (and NO_COLOR has nothing
 * to turn off). The command line makes one only when there is a terminal.
 */
final class ProgressBar implements Progress {
    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintWriter err;

    ProgressBar(PrintWriter err) {
        this.err = err;
    }

    @Override
    public Task start(String what, long total) {
        return new Bar(what, total);
    }

    private final class Bar implements Task {
        private final String what;
        private final long total;
        private final long started = System.nanoTime();
        private final AtomicLong done = new AtomicLong();
        private long drawnAt;
        private int drawnWidth;

        Bar(String what, long total) {
            this.what = what;
            this.total = Math.max(1, total);
            draw(0);
        }

        @Override
        public void advance(long bytes) {
            long now = done.addAndGet(bytes);
            long t = System.nanoTime();
            synchronized (this) {
                if (t - drawnAt >= REDRAW_NANOS || now >= total) {
                    draw(now);
                    drawnAt = t;
                }
            }
        }

        @Override
        public synchronized void close() {
            err.print("\r" + " ".repeat(drawnWidth) + "\r");
            err.flush();
        }

        private void draw(long now) {
            int filled = (int) (WIDTH * Math.min(now, total) / total);
            double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
            String line = String.format(Locale.ROOT, "%s [%s%s] %3d%% %s/%s %s/s", what, "#".repeat(filled),
                    ".".repeat(WIDTH - filled), 100 * Math.min(now, total) / total, size(now), size(total),
                    size((long) (now / seconds)));
            err.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
            err.flush();
            drawnWidth = line.length();
        }
    }

    private static String size(long bytes) {
        if (bytes < 1 << 20) {
            return (bytes >> 10) + " KiB";
        }
        if (bytes < 1L << 30) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
        }
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
    }
}
