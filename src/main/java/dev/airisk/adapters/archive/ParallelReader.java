package dev.airisk.adapters.archive;

import dev.airisk.adapters.archive.SourceValidator.Listed;
import dev.airisk.core.io.IoErrors;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one task per listed file on a bounded pool. The first failure cancels the tasks not yet
 * started, interrupts the running ones, waits for them to stop, and is rethrown as it was thrown.
 */
final class ParallelReader {
    private ParallelReader() {
    }

    /** Work on one listed file. */
    @FunctionalInterface
    interface Task<H, R> {
        R apply(Listed<H> file) throws IOException;
    }

    /** The results by path, in listing order. */
    static <H, R> Map<String, R> run(int parallelism, List<Listed<H>> files, Task<H, R> task) throws IOException {
        Map<String, R> results = new LinkedHashMap<>();
        int threads = Math.min(Math.max(parallelism, 1), files.size());
        if (threads <= 1) {
            for (Listed<H> f : files) {
                results.put(f.path(), task.apply(f));
            }
            return results;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
        try {
            CompletionService<Map.Entry<String, R>> done = new ExecutorCompletionService<>(pool);
            for (Listed<H> f : files) {
                done.submit(() -> Map.entry(f.path(), task.apply(f)));
            }
            Map<String, R> byPath = new HashMap<>();
            for (int i = 0; i < files.size(); i++) {
                Map.Entry<String, R> e = done.take().get();
                byPath.put(e.getKey(), e.getValue());
            }
            files.forEach(f -> results.put(f.path(), byPath.get(f.path())));
            return results;
        } catch (ExecutionException e) {
            throw IoErrors.rethrown(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading the model");
        } finally {
            stop(pool);
        }
    }

    private static void stop(ExecutorService pool) {
        pool.shutdownNow();
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "airisk-read-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
