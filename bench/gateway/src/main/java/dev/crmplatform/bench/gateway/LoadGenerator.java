package dev.crmplatform.bench.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Drives GET /api/v1/customers/{random id} at one target (gateway or direct) with the JDK HttpClient (HTTP/1.1,
 * keep-alive) on virtual threads.
 */
final class LoadGenerator {

    /** Where the requests go and how they authenticate. */
    record Target(String label, String baseUrl, String headerName, String headerValue) {
    }

    /** Outcome of one phase; latencies in microseconds. */
    record Result(String label, String mode, double seconds, long requests, long ok, Map<String, Long> nonOk,
                  Histogram latencyMicros) {

        double throughput() {
            return ok / seconds;
        }

        long errors() {
            return requests - ok;
        }

        double millis(double percentile) {
            return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }

        double maxMillis() {
            return latencyMicros.getMaxValue() / 1000.0;
        }

        /** Several rounds of one path as one result (histograms and counts added up). */
        static Result merge(String mode, List<Result> rounds) {
            Histogram latencies = new Histogram(MAX_LATENCY_MICROS, 3);
            Map<String, Long> nonOk = new TreeMap<>();
            double seconds = 0;
            long requests = 0;
            long ok = 0;
            for (Result r : rounds) {
                latencies.add(r.latencyMicros());
                r.nonOk().forEach((k, v) -> nonOk.merge(k, v, Long::sum));
                seconds += r.seconds();
                requests += r.requests();
                ok += r.ok();
            }
            return new Result(rounds.getFirst().label(), mode, seconds, requests, ok, nonOk, latencies);
        }
    }

    private static final long MAX_LATENCY_MICROS = TimeUnit.SECONDS.toMicros(60);

    private final List<String> customerIds;

    LoadGenerator(List<String> customerIds) {
        this.customerIds = List.copyOf(customerIds);
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    private HttpRequest request(Target target) {
        return request(target, null);
    }

    /** With a request id, the services' access logs (when enabled) can be matched with the client's trace. */
    private HttpRequest request(Target target, String requestId) {
        String id = customerIds.get(ThreadLocalRandom.current().nextInt(customerIds.size()));
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(target.baseUrl() + "/api/v1/customers/" + id))
                .timeout(Duration.ofSeconds(30))
                .header(target.headerName(), target.headerValue())
                .header("Accept", "application/json");
        if (requestId != null) {
            builder.header("X-Request-Id", requestId);
        }
        return builder.GET().build();
    }

    /** Closed loop: {@code concurrency} workers each send the next request as soon as the previous one answered. */
    Result closedLoop(Target target, int concurrency, Duration duration) throws InterruptedException {
        HttpClient http = client();
        Recorder recorder = new Recorder(MAX_LATENCY_MICROS, 3);
        Outcomes outcomes = new Outcomes();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < concurrency; w++) {
                workers.submit(() -> {
                    while (System.nanoTime() < end) {
                        long sent = System.nanoTime();
                        int status = send(http, request(target), outcomes);
                        recorder.recordValue(Math.min(MAX_LATENCY_MICROS, (System.nanoTime() - sent) / 1000));
                        outcomes.count(status);
                    }
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        http.close();
        return outcomes.result(target.label(), "closed loop, concurrency " + concurrency, seconds,
                recorder.getIntervalHistogram());
    }

    /**
     * Open loop at a constant arrival rate: request i is due at start + i/rate whatever happened before, and its
     * latency is measured from that due time (not from when it was actually sent), so a stall shows up in the
     * percentiles instead of silently lowering the load (no coordinated omission).
     *
     * @param trace when not null, every request carries the id {@code <trace>-<i>} and its due time and latency are
     *              written to {@code <trace>.csv} in {@code bench.traceDir} (for matching with access logs); the
     *              latency is negative for a request that did not answer 200
     */
    Result openLoop(Target target, double ratePerSecond, Duration duration, String trace) throws InterruptedException {
        HttpClient http = client();
        Recorder recorder = new Recorder(MAX_LATENCY_MICROS, 3);
        Outcomes outcomes = new Outcomes();
        long intervalNanos = Math.round(1e9 / ratePerSecond);
        long total = Math.round(ratePerSecond * duration.toNanos() / 1e9);
        long[] latencies = trace == null ? null : new long[(int) total];
        long start = System.nanoTime();
        try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long i = 0; i < total; i++) {
                long due = start + i * intervalNanos;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                int n = (int) i;
                requests.submit(() -> {
                    int status = send(http, request(target, trace == null ? null : trace + "-" + n), outcomes);
                    long micros = Math.min(MAX_LATENCY_MICROS, (System.nanoTime() - due) / 1000);
                    recorder.recordValue(micros);
                    outcomes.count(status);
                    if (latencies != null) {
                        latencies[n] = status == 200 ? micros : -micros;
                    }
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        http.close();
        if (latencies != null) {
            writeTrace(trace, intervalNanos, latencies);
        }
        return outcomes.result(target.label(), "open loop, %.0f req/s".formatted(ratePerSecond), seconds,
                recorder.getIntervalHistogram());
    }

    private static void writeTrace(String trace, long intervalNanos, long[] latencies) {
        StringBuilder csv = new StringBuilder("request_id,due_micros,latency_micros\n");
        for (int i = 0; i < latencies.length; i++) {
            csv.append(trace).append('-').append(i).append(',').append(i * intervalNanos / 1000).append(',')
                    .append(latencies[i]).append('\n');
        }
        try {
            Path dir = GatewayBenchmark.traceDir();
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(trace + ".csv"), csv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int send(HttpClient http, HttpRequest request, Outcomes outcomes) {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return response.statusCode();
        } catch (Exception e) {
            outcomes.exception(e);
            return -1;
        }
    }

    /** Status counts; -1 stands for an I/O failure (its exception class is counted too). */
    private static final class Outcomes {
        private final LongAdder requests = new LongAdder();
        private final LongAdder ok = new LongAdder();
        private final Map<String, LongAdder> nonOk = new ConcurrentHashMap<>();

        void count(int status) {
            requests.increment();
            if (status == 200) {
                ok.increment();
            } else if (status > 0) {
                nonOk.computeIfAbsent("HTTP " + status, k -> new LongAdder()).increment();
            }
        }

        void exception(Exception e) {
            nonOk.computeIfAbsent(e.getClass().getSimpleName(), k -> new LongAdder()).increment();
        }

        Result result(String label, String mode, double seconds, Histogram histogram) {
            Map<String, Long> counts = new TreeMap<>();
            nonOk.forEach((k, v) -> counts.put(k, v.sum()));
            return new Result(label, mode, seconds, requests.sum(), ok.sum(), counts, histogram);
        }
    }
}
