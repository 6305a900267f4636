package dev.crmplatform.bench.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * Takes the latency phase's requests apart ({@code -Dbench.breakdown=true}): each request's latency as the client saw
 * it (the trace CSVs of {@code -Dbench.trace}) is joined by its {@code X-Request-Id} with the time each service's
 * Tomcat spent on it (access logs, {@code %D} in µs). So the report shows how much of the gateway path's latency is the
 * gateway's own work and how much is customer-service, and whether customer-service itself answers as fast on the
 * gateway path as on the direct one.
 */
final class LatencyBreakdown {

    /** Tomcat access log pattern of both children: request id and processing time in µs. */
    static final String ACCESS_LOG_PATTERN = "%{X-Request-Id}i,%D";

    private LatencyBreakdown() {
    }

    /** JVM flags that make a child write its access log to {@code dir}, one file per child name. */
    static List<String> accessLogFlags(String childName, Path dir) {
        return List.of("-Dserver.tomcat.accesslog.enabled=true",
                "-Dserver.tomcat.accesslog.directory=" + dir.toAbsolutePath(),
                "-Dserver.tomcat.accesslog.prefix=" + childName,
                "-Dserver.tomcat.accesslog.pattern=" + ACCESS_LOG_PATTERN);
    }

    /**
     * The markdown section. Call after the children have stopped: Tomcat buffers its access log until then.
     *
     * @param traceDir  the trace CSVs ({@code <path>-r<round>.csv})
     * @param accessDir the access logs of "gateway" and "customer-service"
     */
    static String markdown(Path traceDir, Path accessDir) {
        Map<String, Long> gateway = accessLog(accessDir, "gateway");
        Map<String, Long> service = accessLog(accessDir, "customer-service");
        StringBuilder s = new StringBuilder("""

                ## Where the latency lies (open loop, all rounds)

                Each request of the latency phase, joined by its `X-Request-Id` with the time the gateway's and \
                customer-service's Tomcat spent on it (access log `%D`). "Outside" is the client's latency minus the \
                outermost server's time: the client, the network stack and the server's accept/dispatch before Tomcat \
                starts the clock.

                | path | measure | p50 ms | p90 ms | p99 ms | p99.9 ms |
                |---|---|---|---|---|---|
                """);
        for (String path : List.of("direct", "gateway")) {
            Map<String, Histogram> h = new java.util.LinkedHashMap<>();
            for (String measure : List.of("client latency", "gateway (its own work)", "customer-service", "outside")) {
                h.put(measure, new Histogram(3));
            }
            long joined = 0;
            for (String[] row : traces(traceDir, path)) {
                long latency = Long.parseLong(row[2]);
                Long inService = service.get(row[0]);
                Long inGateway = gateway.get(row[0]);
                if (latency < 0 || inService == null || (path.equals("gateway") && inGateway == null)) {
                    continue;
                }
                joined++;
                h.get("client latency").recordValue(latency);
                h.get("customer-service").recordValue(inService);
                long outermost = path.equals("gateway") ? inGateway : inService;
                h.get("outside").recordValue(Math.max(0, latency - outermost));
                if (path.equals("gateway")) {
                    h.get("gateway (its own work)").recordValue(Math.max(0, inGateway - inService));
                }
            }
            for (Map.Entry<String, Histogram> e : h.entrySet()) {
                Histogram v = e.getValue();
                if (v.getTotalCount() > 0) {
                    s.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2f | %.2f |%n", path, e.getKey(),
                            ms(v, 50), ms(v, 90), ms(v, 99), ms(v, 99.9)));
                }
            }
            s.append(String.format(Locale.ROOT, "| %s | requests joined | %d | | | |%n", path, joined));
        }
        return s.toString();
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }

    /** Rows of request id, due time and latency (µs; negative for a non-200) of all rounds of one path. */
    private static List<String[]> traces(Path dir, String path) {
        List<String[]> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(path + "-r")).toList()) {
                try (Stream<String> lines = Files.lines(f)) {
                    lines.skip(1).map(l -> l.split(",")).filter(r -> r.length == 3).forEach(rows::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** Processing time in µs by request id, from all of a child's access log files. */
    private static Map<String, Long> accessLog(Path dir, String childName) {
        Map<String, Long> micros = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(childName + ".")).toList()) {
                try (Stream<String> lines = Files.lines(f)) {
                    lines.map(l -> l.split(",")).filter(r -> r.length == 2 && !r[0].equals("-"))
                            .forEach(r -> micros.put(r[0], Long.parseLong(r[1].trim())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return micros;
    }
}
