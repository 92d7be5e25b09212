package dev.airisk.cli;

import dev.airisk.core.port.Progress;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-line progress bar on a terminal's stderr, redrawn at most ten times a second (also while no
 * bytes are reported, so the time and rate stay current during one long file) and erased when the
 * work ends. A task started while another is open (an upload during a registration) takes the line
 * over; when it ends, the one below is drawn again. Plain characters only, so it needs no colour
 * (and NO_COLOR has nothing to turn off). The command line makes one only when stderr is a terminal
 * and the output is not for a program.
 */
final class ProgressBar implements Progress {
    private static final int WIDTH = 24;
    /** At most ten redraws a second. */
    static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    /** Open tasks, the one drawn on top; guarded by this. */
    private final Deque<Bar> open = new ArrayDeque<>();
    private long drawnAt;
    private int drawnWidth;
    private Thread ticker;

    ProgressBar(PrintWriter err) {
        this.err = err;
    }

    @Override
    public Task start(String what, long total) {
        Bar bar = new Bar(what, total);
        synchronized (this) {
            open.push(bar);
            draw(bar, true);
            if (ticker == null) {
                ticker = new Thread(this::tick, "airisk-progress");
                ticker.setDaemon(true);
                ticker.start();
            }
        }
        return bar;
    }

    /** Redraws the bar on top every tenth of a second while a task is open. */
    private void tick() {
        while (true) {
            try {
                Thread.sleep(REDRAW_NANOS / 1_000_000L);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                if (open.isEmpty()) {
                    ticker = null;
                    return;
                }
                draw(open.peek(), false);
            }
        }
    }

    /** Draws {@code bar} when it is on top and, unless {@code now}, when the last redraw is a tenth of a second old. */
    private synchronized void draw(Bar bar, boolean now) {
        long t = System.nanoTime();
        if (open.peek() != bar || (!now && t - drawnAt < REDRAW_NANOS)) {
            return;
        }
        String line = bar.line(t);
        err.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
        err.flush();
        drawnWidth = line.length();
        drawnAt = t;
    }

    private synchronized void end(Bar bar) {
        boolean onTop = open.peek() == bar;
        if (!open.remove(bar) || !onTop) {
            return;
        }
        err.print("\r" + " ".repeat(drawnWidth) + "\r");
        err.flush();
        drawnWidth = 0;
        if (!open.isEmpty()) {
            draw(open.peek(), true);
        }
    }

    private final class Bar implements Task {
        private final String what;
        private final long total;
        private final long started = System.nanoTime();
        private final AtomicLong done = new AtomicLong();

        Bar(String what, long total) {
            this.what = what;
            this.total = Math.max(1, total);
        }

        @Override
        public void advance(long bytes) {
            long now = done.addAndGet(bytes);
            draw(this, now >= total);
        }

        @Override
        public void close() {
            end(this);
        }

        String line(long t) {
            long now = Math.min(done.get(), total);
            int filled = (int) (WIDTH * now / total);
            double seconds = Math.max(1e-3, (t - started) / 1e9);
            return String.format(Locale.ROOT, "%s [%s%s] %3d%% %s/%s %s/s", what, "#".repeat(filled),
                    ".".repeat(WIDTH - filled), 100 * now / total, size(now), size(total), size((long) (now / seconds)));
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
