package dev.crmplatform.bench.gateway;

import dev.crmplatform.bench.gateway.GatewayBenchmark.LatencyPhase;
import dev.crmplatform.bench.gateway.GatewayBenchmark.Settings;
import dev.crmplatform.bench.gateway.LoadGenerator.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The markdown written to bench/results/gateway.md. */
final class Report {

    static final double TARGET_RATIO = 0.70;
    static final double TARGET_ADDED_P99_MS = 3.0;

    record Data(Instant startedAt, String loadAtStart, String loadAtEnd, Settings settings, int customers,
                List<String> warmups, Map<String, Integer> bestConcurrency, List<Result> probes, Result directPeak,
                Result gatewayPeak, List<CpuMeter.Cost> cpuCosts, double latencyRate, LatencyPhase directLatency,
                LatencyPhase gatewayLatency) {
    }

    private Report() {
    }

    static String headline(Result directPeak, Result gatewayPeak, Result directLatency, Result gatewayLatency) {
        return String.format(Locale.ROOT,
                "gateway/direct throughput %.1f%% (%.0f / %.0f req/s); added p99 at the same rate %.2f ms",
                100 * gatewayPeak.throughput() / directPeak.throughput(), gatewayPeak.throughput(),
                directPeak.throughput(), gatewayLatency.millis(99) - directLatency.millis(99));
    }

    private static void cpuTable(StringBuilder s, List<CpuMeter.Cost> costs) {
        List<String> names = List.copyOf(costs.getFirst().microsPerRequest().keySet());
        s.append("| path | ").append(String.join(" | ", names)).append(" | total |\n|---|");
        s.append("---|".repeat(names.size() + 1)).append('\n');
        for (CpuMeter.Cost c : costs) {
            s.append("| ").append(c.label());
            names.forEach(n -> s.append(f(" | %.0f", c.microsPerRequest().get(n))));
            s.append(f(" | %.0f |\n", c.total()));
        }
    }

    static String markdown(Data d) {
        double ratio = d.gatewayPeak().throughput() / d.directPeak().throughput();
        Result directLatency = d.directLatency().merged();
        Result gatewayLatency = d.gatewayLatency().merged();
        double addedP99 = gatewayLatency.millis(99) - directLatency.millis(99);
        StringBuilder s = new StringBuilder();
        s.append("# Gateway benchmark: gateway-routed versus direct\n\n");
        s.append("Issue 3, \"Benchmark\". `GET /api/v1/customers/{id}` (a random id of ").append(d.customers())
                .append(" customers) against the SAME customer-service instance in ONE run, started ")
                .append(d.startedAt()).append(".\n\n");

        s.append("## Result\n\n");
        s.append("| criterion | measured | target | met |\n|---|---|---|---|\n");
        s.append(f("| gateway / direct peak throughput | %.1f%% (%.0f / %.0f req/s) | >= 70%% | %s |\n",
                100 * ratio, d.gatewayPeak().throughput(), d.directPeak().throughput(),
                ratio >= TARGET_RATIO ? "yes" : "NO"));
        s.append(f("| added p99 at %.0f req/s (50%% of the gateway peak) | %.2f ms (%.2f - %.2f) | <= 3 ms | %s |\n\n",
                d.latencyRate(), addedP99, gatewayLatency.millis(99), directLatency.millis(99),
                addedP99 <= TARGET_ADDED_P99_MS ? "yes" : "NO"));

        s.append("## Peak throughput (closed loop, ").append(d.settings().peak().toSeconds())
                .append(" s each, best concurrency of the probes)\n\n");
        table(s, List.of(d.directPeak(), d.gatewayPeak()));
        s.append("\nCPU time per request during these two phases, per process (µs; /proc and the JVM's process "
                + "accounting, so other work on the machine barely affects it):\n\n");
        cpuTable(s, d.cpuCosts());
        s.append("\nConcurrency probes (").append(d.settings().probe().toSeconds()).append(" s each):\n\n");
        table(s, d.probes());

        s.append("\n## Latency at the same constant arrival rate (open loop, ")
                .append(d.settings().latency().toSeconds()).append(" s per path)\n\n");
        s.append(f("Rate: %.0f req/s = 50%% of the gateway peak. Latency is measured from each request's SCHEDULED "
                + "send time, so stalls are not hidden (no coordinated omission). The two paths alternate in %d "
                + "rounds each (direct then gateway, gateway then direct, ...), so that a slow spell of the machine "
                + "falls on both.\n\n", d.latencyRate(), d.settings().latencyRounds()));
        table(s, List.of(directLatency, gatewayLatency));
        roundsTable(s, d.directLatency().rounds(), d.gatewayLatency().rounds());
        s.append("\nThe machine during these phases: how late a benchmark-JVM thread that sleeps 1 ms woke up "
                + "(jHiccup's measure: whatever delays it delays the requests in flight too), and the CPU that "
                + "processes other than the participants used (kernel threads, other services of the host):\n\n");
        s.append("| path | hiccup p50 ms | hiccup p99 ms | hiccup p99.9 ms | hiccup max ms | CPU of other processes "
                + "(ms per s) |\n|---|---|---|---|---|---|\n");
        for (LatencyPhase phase : List.of(d.directLatency(), d.gatewayLatency())) {
            var h = phase.hiccupMicros();
            s.append(f("| %s | %.2f | %.2f | %.2f | %.2f | %.0f |\n", phase.merged().label(),
                    h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                    h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0, phase.othersMillisPerSecond()));
        }

        s.append("\n## Errors\n\n");
        boolean anyErrors = false;
        for (Result r : concat(d.probes(), List.of(d.directPeak(), d.gatewayPeak(), directLatency,
                gatewayLatency))) {
            if (r.errors() > 0) {
                anyErrors = true;
                s.append("- ").append(r.label()).append(", ").append(r.mode()).append(": ").append(r.errors())
                        .append(" non-200 ").append(r.nonOk()).append('\n');
            }
        }
        if (!anyErrors) {
            s.append("None: every measured request answered 200 (in particular no 429, so the API key's budget was "
                    + "never hit while rate limiting stayed on).\n");
        }

        s.append("\n## Set-up\n\n");
        s.append("- One JVM runs the benchmark client; customer-service and the gateway run as child processes from "
                + "`customer-service/target/customer-service-exec.jar` and `gateway/target/gateway-exec.jar` with the "
                + "same JVM flags: `").append(String.join(" ", ChildService.JVM_FLAGS)).append("`.\n");
        s.append("- Infrastructure from platform-test (no Spring context in the benchmark JVM): two fresh PostgreSQL "
                + "databases owned by `crm_app` (customer, gateway), the in-process Kafka broker of the benchmark JVM, "
                + "the local Redis.\n");
        s.append("- **Gateway path**: `X-API-Key` of a tenant API key (scopes customers:read/write) with "
                + "rateLimitPerMinute 1,000,000 and rateLimitPerDay 100,000,000: API-key authentication, Redis token "
                + "bucket rate limiting (ON), scope check, internal JWT signing, proxying to customer-service, which "
                + "validates that JWT.\n");
        s.append("- **Direct path**: `Authorization: Bearer <token>` straight to customer-service. The token is minted "
                + "by platform-test's `TestJwtIssuer` for the same tenant and key id (issuer crm-gateway, audience "
                + "crm-services). customer-service's `CRM_JWK_SET_URI` points at a small JWKS server in the benchmark "
                + "JVM that serves the gateway's keys (fetched live from the gateway's `/.well-known/jwks.json`) "
                + "merged with TestJwtIssuer's key, so the service accepts both. Direct calls therefore skip the "
                + "gateway's authentication, rate limiting and proxying but still pay the service's JWT validation, "
                + "as in production.\n");
        s.append("- Client: JDK `HttpClient`, HTTP/1.1 keep-alive, one virtual thread per worker (closed loop) or per "
                + "scheduled request (open loop); latencies recorded in HdrHistogram (microsecond resolution, 3 "
                + "significant digits). Best concurrency: ").append(d.bestConcurrency()).append(".\n");
        s.append("- Warm-up: each path under load in chunks of ").append(d.settings().warmup().toSeconds())
                .append(" s until the JIT compilers of both services used less than ")
                .append(d.settings().jitSettledPercent())
                .append("% of one core in a chunk (the steady state a long-running gateway serves in); ")
                .append(String.join("; ", d.warmups())).append(".\n");
        s.append("- ").append(d.customers()).append(" customers created through the gateway before the load.\n");

        s.append("\n## Machine\n\n");
        s.append("- CPUs visible to the JVM (nproc): ").append(Runtime.getRuntime().availableProcessors())
                .append(cpuModel()).append('\n');
        s.append("- JVM: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append(" (").append(System.getProperty("java.vendor"))
                .append("), same binary for the client and both services\n");
        s.append("- OS: ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append(memTotal()).append('\n');
        s.append("- Load average at start: `").append(d.loadAtStart()).append("`, at the end: `").append(d.loadAtEnd())
                .append("` (other work on the machine may have run concurrently)\n");

        s.append("\n## Caveats\n\n");
        s.append("- The benchmark client, customer-service, the gateway, PostgreSQL, Redis and the Kafka broker all "
                + "share the same CPUs. The gateway path runs one more JVM hop (and the client drives it), so on 2 "
                + "cores the ratio is pessimistic compared with a gateway on its own nodes; the direct path likewise "
                + "competes with the idle gateway and client.\n");
        s.append("- Single run, no repetition; expect a few percent of noise, more if the load average above was "
                + "high.\n");
        s.append("- Peak = closed loop at the best of the probed concurrencies; latency = open loop at a constant "
                + "rate, both paths at the SAME rate.\n");

        s.append("\n## How to reproduce\n\n```\nbench/gateway/run.sh\n```\n\n");
        s.append("which runs `./mvnw -B -q -pl bench/gateway -am package -DskipTests` (builds the services' exec jars "
                + "too) and then `java -cp <runtime classpath> dev.crmplatform.bench.gateway.GatewayBenchmark`. "
                + "Knobs (system properties, via `BENCH_OPTS`): `bench.customers`, `bench.warmupSeconds`, "
                + "`bench.probeSeconds`, `bench.peakSeconds`, `bench.latencySeconds`, `bench.latencyRounds`, `bench.concurrency` "
                + "(this run: ").append(d.settings().customers()).append(", ").append(d.settings().warmup().toSeconds())
                .append(", ").append(d.settings().probe().toSeconds()).append(", ")
                .append(d.settings().peak().toSeconds()).append(", ").append(d.settings().latency().toSeconds())
                .append(", ").append(d.settings().latencyRounds()).append(", ").append(d.settings().concurrencies()).append("). Service logs: "
                        + "`bench/gateway/target/logs/`. Warm-up: `bench.warmupSeconds` is one chunk; "
                        + "`bench.jitSettledPercent` and `bench.maxWarmupSeconds` end it (this run: ")
                .append(d.settings().jitSettledPercent()).append(", ").append(d.settings().maxWarmup().toSeconds())
                .append("). `bench.breakdown=true` gives both services access logs and appends a section that takes the "
                        + "latency phase apart (").append(GatewayBenchmark.breakdown() ? "on" : "off").append(" in this run).\n");
        return s.toString();
    }

    private static void table(StringBuilder s, List<Result> results) {
        s.append("| path | mode | ok req/s | requests | non-200 | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |\n");
        s.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            s.append(f("| %s | %s | %.0f | %d | %d | %.2f | %.2f | %.2f | %.2f | %.2f |\n", r.label(), r.mode(),
                    r.throughput(), r.requests(), r.errors(), r.millis(50), r.millis(90), r.millis(99),
                    r.millis(99.9), r.maxMillis()));
        }
    }

    /** p99 of each round, the two paths of a round side by side, and the median of the rounds' added p99. */
    private static void roundsTable(StringBuilder s, List<Result> direct, List<Result> gateway) {
        s.append("\nPer round:\n\n| round | direct p99 ms | gateway p99 ms | added p99 ms |\n|---|---|---|---|\n");
        double[] added = new double[direct.size()];
        for (int i = 0; i < direct.size(); i++) {
            added[i] = gateway.get(i).millis(99) - direct.get(i).millis(99);
            s.append(f("| %d | %.2f | %.2f | %.2f |\n", i + 1, direct.get(i).millis(99), gateway.get(i).millis(99),
                    added[i]));
        }
        Arrays.sort(added);
        double median = added.length % 2 == 1 ? added[added.length / 2]
                : (added[added.length / 2 - 1] + added[added.length / 2]) / 2;
        s.append(f("\nMedian of the rounds' added p99: %.2f ms.\n", median));
    }

    private static List<Result> concat(List<Result> a, List<Result> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> " (" + l.substring(l.indexOf(':') + 1).trim() + ")").orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> ", " + l.replaceAll("\\s+", " ")).orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
