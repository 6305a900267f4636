package dev.crmplatform.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;

/**
 * Warms a request path up until this JVM's JIT has settled, so that a latency phase measures the steady state of a
 * long-running service rather than its compiler. The service runs in this JVM, so the JVM's compilation time
 * ({@link CompilationMXBean}) covers its request path.
 *
 * <p>Why: with a fixed 500 warm-up requests, the JVM compiled ~3,500 methods (966 of them with C2) during the 10,000
 * measured GETs by id that followed, on 2 cores, and their p99 was 10-12 ms.
 */
final class JitWarmup {

    /** One request of the path to warm up. */
    interface Request {
        void send() throws Exception;
    }

    record Result(long requests, Duration took, double lastChunkCompilePercent, boolean settled) {

        String describe() {
            return String.format(Locale.ROOT,
                    "%,d requests in %.0f s, until the JIT compiled for %.1f%% of a %d s chunk%s", requests, took.toMillis() / 1000.0, lastChunkCompilePercent, CHUNK.toSeconds(),
                    settled ? "" : " (not settled within the time cap)");
        }
    }

    /** Compile time is compared over chunks this long: one C2 compilation can take 50-100 ms. */
    static final Duration CHUNK = Duration.ofSeconds(5);

    private JitWarmup() {
    }

    /**
     * Sends requests in {@link #CHUNK}s until the JVM spent less than {@code settledPercent} of a chunk's wall time
     * compiling, and at least {@code minRequests}; gives up after {@code maxTime}.
     */
    static Result untilSettled(Request request, long minRequests, Duration maxTime, double settledPercent)
            throws Exception {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long start = System.nanoTime();
        long requests = 0;
        while (true) {
            long chunkStart = System.nanoTime();
            long compiledBefore = jit.getTotalCompilationTime();
            do {
                request.send();
                requests++;
            } while (System.nanoTime() - chunkStart < CHUNK.toNanos());
            double chunkMillis = (System.nanoTime() - chunkStart) / 1e6;
            double percent = 100.0 * (jit.getTotalCompilationTime() - compiledBefore) / chunkMillis;
            boolean settled = percent < settledPercent && requests >= minRequests;
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            BenchReport.log("warm-up: %,d requests, %.1f%% of the last %d s compiling", requests, percent,
                    CHUNK.toSeconds());
            if (settled || took.compareTo(maxTime) >= 0) {
                return new Result(requests, took, percent, settled);
            }
        }
    }
}
