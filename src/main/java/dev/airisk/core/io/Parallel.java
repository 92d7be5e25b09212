package dev.airisk.core.io;

import dev.airisk.core.AiriskException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs one function over many items on a bounded pool, keeping order and the first failure. On a
 * failure the other runs are interrupted and waited for (a while), so that none still writes after
 * the failure is thrown and the caller can clean up what they wrote.
 */
public final class Parallel {
    private static final long STOP_WAIT_SECONDS = 30;
    private Parallel() {
    }

    public static <T, R> List<R> map(List<T> items, int parallelism, Function<T, R> fn) {
        int threads = Math.max(1, Math.min(parallelism, items.size()));
        if (threads == 1) {
            List<R> out = new ArrayList<>(items.size());
            items.forEach(i -> out.add(fn.apply(i)));
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "airisk-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> fn.apply(item)));
            }
            List<R> out = new ArrayList<>(items.size());
            for (Future<R> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            pool.shutdownNow();
            awaitQuietly(pool);
        }
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            pool.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof AiriskException a) {
            return a;
        }
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
