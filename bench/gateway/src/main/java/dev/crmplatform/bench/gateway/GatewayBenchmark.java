package dev.crmplatform.bench.gateway;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.crmplatform.bench.gateway.LoadGenerator.Result;
import dev.crmplatform.bench.gateway.LoadGenerator.Target;
import dev.crmplatform.platform.test.TestDatabases;
import dev.crmplatform.platform.test.TestJwtIssuer;
import dev.crmplatform.platform.test.TestJwtIssuer.TokenSpec;
import dev.crmplatform.platform.test.TestKafka;
import dev.crmplatform.platform.test.TestRedis;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Gateway-routed versus direct {@code GET /api/v1/customers/{id}} against the SAME customer-service in ONE run
 * (issue 3, "Benchmark"). Not a test: run {@code bench/gateway/run.sh}; the report goes to
 * {@code bench/results/gateway.md}.
 *
 * <p>Infrastructure comes from platform-test without any Spring context here: two fresh PostgreSQL databases, the
 * in-process Kafka broker and the local Redis. customer-service and the gateway run as child processes from their exec
 * jars with identical JVM flags. Tuning knobs are system properties (see {@link Settings}).
 */
public final class GatewayBenchmark {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GatewayBenchmark.class);

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /** Defaults give a run of about five minutes of load after start-up. */
    record Settings(int customers, Duration warmup, double jitSettledPercent, Duration maxWarmup, Duration probe,
                    Duration peak, Duration latency, int latencyRounds, List<Integer> concurrencies, Path root) {

        static Settings fromSystemProperties() {
            return new Settings(
                    Integer.getInteger("bench.customers", 1000),
                    Duration.ofSeconds(Long.getLong("bench.warmupSeconds", 15)),
                    Double.parseDouble(System.getProperty("bench.jitSettledPercent", "3")),
                    Duration.ofSeconds(Long.getLong("bench.maxWarmupSeconds", 240)),
                    Duration.ofSeconds(Long.getLong("bench.probeSeconds", 8)),
                    Duration.ofSeconds(Long.getLong("bench.peakSeconds", 30)),
                    Duration.ofSeconds(Long.getLong("bench.latencySeconds", 30)),
                    Integer.getInteger("bench.latencyRounds", 6),
                    Arrays.stream(System.getProperty("bench.concurrency", "16,32,64").split(","))
                            .map(String::trim).map(Integer::valueOf).toList(),
                    Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize());
        }
    }

    private final Settings settings;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final List<ChildService> children = Collections.synchronizedList(new ArrayList<>());

    private GatewayBenchmark(Settings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        GatewayBenchmark benchmark = new GatewayBenchmark(Settings.fromSystemProperties());
        Thread hook = new Thread(benchmark::stopChildren, "bench-stop-children");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            benchmark.run();
        } finally {
            benchmark.stopChildren();
        }
        if (breakdown()) {
            // after the children stopped: Tomcat flushes its buffered access log on shutdown
            Path root = benchmark.settings.root();
            Path report = root.resolve("bench/results/gateway.md");
            Files.writeString(report, LatencyBreakdown.markdown(traceDir(), accessLogDir(logDir(root))),
                    java.nio.file.StandardOpenOption.APPEND);
            LOG.info("latency breakdown appended to {}", report);
        }
        // The in-process Kafka broker keeps non-daemon threads alive.
        System.exit(0);
    }

    /**
     * {@code -Dbench.breakdown=true}: both children write access logs and the latency phase traces its requests, so
     * that the report can take the gateway path's latency apart ({@link LatencyBreakdown}). The access logs cost both
     * services a little CPU per request, so the throughput figures of such a run are not the headline ones.
     */
    static boolean breakdown() {
        return Boolean.getBoolean("bench.breakdown");
    }

    static Path logDir(Path root) {
        return root.resolve("bench/gateway/target/logs");
    }

    static Path accessLogDir(Path logDir) {
        return logDir.resolveSibling("access");
    }

    static Path traceDir() {
        return Path.of(System.getProperty("bench.traceDir", "bench/gateway/target/traces"));
    }

    private void stopChildren() {
        List<ChildService> copy;
        synchronized (children) {
            copy = new ArrayList<>(children);
            children.clear();
        }
        copy.forEach(ChildService::close);
    }

    private void run() throws Exception {
        Instant startedAt = Instant.now();
        String loadAtStart = loadAverage();
        log("load average at start: " + loadAtStart);

        // 1. Infrastructure, no Spring context in this JVM.
        TestDatabases.Database customerDb = TestDatabases.createFreshDatabase("benchcustomer");
        TestDatabases.Database gatewayDb = TestDatabases.createFreshDatabase("benchgateway");
        String kafka = TestKafka.bootstrapServers();
        String redisHost = TestRedis.host();
        int redisPort = TestRedis.port();
        log("databases " + customerDb.name() + ", " + gatewayDb.name() + "; kafka " + kafka + "; redis "
                + redisHost + ":" + redisPort);

        // 2. The two services. customer-service trusts the merged JWKS (gateway keys + TestJwtIssuer key).
        int customerPort = freePort();
        int gatewayPort = freePort();
        String adminKey = "crm_test_" + randomBase62(43);
        Path logDir = logDir(settings.root());
        if (breakdown()) {
            // Tomcat appends to a log file of the same day, and the traces of an earlier run would mix in
            deleteFiles(accessLogDir(logDir));
            deleteFiles(traceDir());
        }
        try (MergedJwks jwks = new MergedJwks(TestJwtIssuer.jwksUri())) {
            jwks.gateway("http://127.0.0.1:" + gatewayPort + "/.well-known/jwks.json");

            Map<String, String> customerEnv = new LinkedHashMap<>();
            customerEnv.put("PORT", String.valueOf(customerPort));
            customerEnv.put("SERVER_PORT", String.valueOf(customerPort));
            customerEnv.put("CRM_CUSTOMER_DB_URL", customerDb.url());
            customerEnv.put("CRM_CUSTOMER_DB_USER", customerDb.username());
            customerEnv.put("CRM_CUSTOMER_DB_PASSWORD", customerDb.password());
            customerEnv.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
            customerEnv.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", kafka);
            customerEnv.put("CRM_JWK_SET_URI", jwks.uri());
            customerEnv.put("CRM_LOGGING_STRUCTURED", "false");
            customerEnv.put("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED", "true");

            Map<String, String> gatewayEnv = new LinkedHashMap<>();
            gatewayEnv.put("SERVER_PORT", String.valueOf(gatewayPort));
            gatewayEnv.put("SPRING_DATASOURCE_URL", gatewayDb.url());
            gatewayEnv.put("SPRING_DATASOURCE_USERNAME", gatewayDb.username());
            gatewayEnv.put("SPRING_DATASOURCE_PASSWORD", gatewayDb.password());
            gatewayEnv.put("CRM_REDIS_HOST", redisHost);
            gatewayEnv.put("CRM_REDIS_PORT", String.valueOf(redisPort));
            gatewayEnv.put("CRM_BOOTSTRAP_ADMIN_KEY", adminKey);
            gatewayEnv.put("CRM_GATEWAY_SERVICES_CUSTOMER", "http://127.0.0.1:" + customerPort);
            gatewayEnv.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
            gatewayEnv.put("CRM_LOGGING_STRUCTURED", "false");
            gatewayEnv.put("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED", "true");

            ChildService customer = ChildService.start("customer-service",
                    settings.root().resolve("customer-service/target/customer-service-exec.jar"), customerPort,
                    customerEnv, logDir);
            children.add(customer);
            ChildService gateway = ChildService.start("gateway",
                    settings.root().resolve("gateway/target/gateway-exec.jar"), gatewayPort, gatewayEnv, logDir);
            children.add(gateway);
            customer.awaitReady(http, Duration.ofMinutes(3));
            gateway.awaitReady(http, Duration.ofMinutes(3));
            log("customer-service on " + customerPort + ", gateway on " + gatewayPort + " ready");

            // 3. Tenant, API key with a budget far above what the run sends, customers through the gateway.
            String gw = gateway.baseUrl();
            UUID tenant = UUID.fromString(string(post(gw + "/api/v1/admin/tenants", adminKey,
                    "{\"name\":\"benchmark\"}"), "id"));
            Map<String, Object> key = post(gw + "/api/v1/admin/api-keys", adminKey, """
                    {"tenantId":"%s","name":"benchmark","scopes":["customers:read","customers:write"],
                     "environment":"test","rateLimitPerMinute":1000000,"rateLimitPerDay":100000000}"""
                    .formatted(tenant));
            String apiKey = string(key, "key");
            String keyId = string(key, "id");
            List<String> ids = createCustomers(gw, apiKey, settings.customers());
            log(ids.size() + " customers created in tenant " + tenant);

            // 4. Direct calls carry a token the benchmark mints for the same tenant and key (trusted via the merged JWKS).
            String directToken = TestJwtIssuer.token(TokenSpec.apiKey(tenant, keyId, Set.of("customers:read",
                    "customers:write")).withLifetime(Duration.ofHours(2)));
            Target direct = new Target("direct", customer.baseUrl(), "Authorization", "Bearer " + directToken);
            Target viaGateway = new Target("gateway", gw, "X-API-Key", apiKey);
            check(direct, ids.getFirst());
            check(viaGateway, ids.getFirst());

            // 5. Load.
            LoadGenerator load = new LoadGenerator(ids);
            int warmupConcurrency = settings.concurrencies().get(settings.concurrencies().size() / 2);
            Map<String, ProcessHandle> processes = Map.of("customer-service", customer.handle(), "gateway",
                    gateway.handle());
            List<String> warmups = new ArrayList<>();
            for (Target t : List.of(direct, viaGateway)) {
                warmups.add(warmUp(load, t, warmupConcurrency, processes));
            }
            List<Result> probes = new ArrayList<>();
            Map<String, Integer> bestConcurrency = new LinkedHashMap<>();
            for (Target t : List.of(direct, viaGateway)) {
                Result best = null;
                for (int c : settings.concurrencies()) {
                    Result r = load.closedLoop(t, c, settings.probe());
                    probes.add(r);
                    log("probe " + summary(r));
                    if (best == null || r.throughput() > best.throughput()) {
                        best = r;
                        bestConcurrency.put(t.label(), c);
                    }
                }
            }
            CpuMeter cpu = new CpuMeter(Map.of("customer-service", customer.handle(), "gateway", gateway.handle()));
            CpuMeter.Snapshot before = cpu.snapshot();
            Result directPeak = load.closedLoop(direct, bestConcurrency.get("direct"), settings.peak());
            CpuMeter.Snapshot between = cpu.snapshot();
            log("peak " + summary(directPeak));
            Result gatewayPeak = load.closedLoop(viaGateway, bestConcurrency.get("gateway"), settings.peak());
            CpuMeter.Snapshot after = cpu.snapshot();
            log("peak " + summary(gatewayPeak));
            List<CpuMeter.Cost> cpuCosts = List.of(
                    CpuMeter.cost("direct", before, between, directPeak.requests()),
                    CpuMeter.cost("gateway", between, after, gatewayPeak.requests()));
            cpuCosts.forEach(c -> log("cpu per request " + c.label() + ": " + c.microsPerRequest()));

            double rate = Math.floor(gatewayPeak.throughput() / 2);
            Map<String, LatencyPhase> latency = latencyRounds(load, List.of(direct, viaGateway), rate, cpu);
            LatencyPhase directLatency = latency.get(direct.label());
            LatencyPhase gatewayLatency = latency.get(viaGateway.label());

            String loadAtEnd = loadAverage();
            Path out = settings.root().resolve("bench/results/gateway.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, Report.markdown(new Report.Data(startedAt, loadAtStart, loadAtEnd, settings,
                    ids.size(), warmups, bestConcurrency, probes, directPeak, gatewayPeak, cpuCosts, rate,
                    directLatency, gatewayLatency)));
            log("report written to " + out);
            LOG.info("{}", Report.headline(directPeak, gatewayPeak, directLatency.merged(), gatewayLatency.merged()));
        }
    }

    /**
     * Load in chunks of {@code bench.warmupSeconds} until the JIT compilers of both services used less than
     * {@code bench.jitSettledPercent} of one core during a chunk (at most {@code bench.maxWarmupSeconds}). On 2 cores
     * C2 takes minutes to compile a Spring service's hot paths while it competes with the load; measured earlier,
     * the gateway's peak phase was still spending much of a core on compilation, which is start-up cost, not the
     * steady state a long-running gateway serves in.
     */
    private String warmUp(LoadGenerator load, Target target, int concurrency, Map<String, ProcessHandle> processes)
            throws InterruptedException {
        long maxNanos = settings.maxWarmup().toNanos();
        long start = System.nanoTime();
        int chunks = 0;
        Map<String, Double> jitPercent;
        do {
            Map<String, Long> before = compilerNanos(processes);
            long chunkStart = System.nanoTime();
            Result r = load.closedLoop(target, concurrency, settings.warmup());
            long chunkNanos = System.nanoTime() - chunkStart;
            Map<String, Long> after = compilerNanos(processes);
            jitPercent = new TreeMap<>();
            for (String name : before.keySet()) {
                jitPercent.put(name, Math.round(1000.0 * (after.get(name) - before.get(name)) / chunkNanos) / 10.0);
            }
            chunks++;
            log("warm-up " + summary(r) + "; JIT compiler CPU, % of one core: " + jitPercent);
        } while (jitPercent.values().stream().anyMatch(p -> p >= settings.jitSettledPercent())
                && System.nanoTime() - start < maxNanos);
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        return target.label() + ": " + chunks + " chunks, " + seconds
                + " s; JIT compiler CPU in the last chunk, % of one core: " + jitPercent;
    }

    private static void deleteFiles(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    private static Map<String, Long> compilerNanos(Map<String, ProcessHandle> processes) {
        Map<String, Long> nanos = new LinkedHashMap<>();
        processes.forEach((name, process) -> nanos.put(name, CpuMeter.compilerNanos(process)));
        return nanos;
    }

    /**
     * One path's latency at the common rate: its rounds merged, each round, how late a 1 ms sleeper woke up meanwhile
     * (µs) and the CPU the rest of the machine used (ms per second).
     */
    record LatencyPhase(Result merged, List<Result> rounds, Histogram hiccupMicros, double othersMillisPerSecond) {
    }

    /**
     * Both paths at the same rate, in alternating rounds (direct then gateway, gateway then direct, ...), so that a slow
     * spell of the shared machine falls on both paths rather than on whichever ran during it.
     */
    private Map<String, LatencyPhase> latencyRounds(LoadGenerator load, List<Target> targets, double rate, CpuMeter cpu)
            throws InterruptedException {
        int rounds = settings.latencyRounds();
        Duration each = settings.latency().dividedBy(rounds);
        // -Dbench.trace=true: request ids and a per-request CSV, to match with access logs enabled via jvmOpts
        boolean trace = Boolean.getBoolean("bench.trace") || breakdown();
        Map<String, List<Result>> results = new LinkedHashMap<>();
        Map<String, Histogram> hiccups = new LinkedHashMap<>();
        Map<String, Long> othersNanos = new LinkedHashMap<>();
        try (HiccupMeter hiccup = new HiccupMeter()) {
            for (int r = 1; r <= rounds; r++) {
                List<Target> order = r % 2 == 1 ? targets : targets.reversed();
                for (Target t : order) {
                    CpuMeter.Snapshot before = cpu.snapshot();
                    long machineBefore = CpuMeter.machineBusyNanos();
                    hiccup.interval();
                    Result result = load.openLoop(t, rate, each, trace ? t.label() + "-r" + r : null);
                    hiccups.computeIfAbsent(t.label(), k -> new Histogram(3)).add(hiccup.interval());
                    othersNanos.merge(t.label(), CpuMeter.othersNanos(before, cpu.snapshot(), machineBefore,
                            CpuMeter.machineBusyNanos()), Long::sum);
                    results.computeIfAbsent(t.label(), k -> new ArrayList<>()).add(result);
                    log("latency round " + r + " " + summary(result));
                }
            }
        }
        Map<String, LatencyPhase> phases = new LinkedHashMap<>();
        results.forEach((label, list) -> {
            Result merged = Result.merge(list.getFirst().mode() + ", " + rounds + " rounds of " + each.toSeconds()
                    + " s", list);
            phases.put(label, new LatencyPhase(merged, list, hiccups.get(label),
                    othersNanos.get(label) / 1e6 / merged.seconds()));
            log("latency " + summary(merged));
        });
        return phases;
    }

    private List<String> createCustomers(String gateway, String apiKey, int count) throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> futures = new ArrayList<>();
            java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(8);
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    inFlight.acquire();
                    try {
                        return createCustomer(gateway, apiKey, n);
                    } finally {
                        inFlight.release();
                    }
                }));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : futures) {
                ids.add(f.get());
            }
            return ids;
        }
    }

    /**
     * Set-up only, not measured. On a loaded machine a create can exceed the gateway's 5 s time limit (503); the
     * Idempotency-Key makes the retry safe (a replay, never a second customer).
     */
    private String createCustomer(String gateway, String apiKey, int n) throws Exception {
        String body = """
                {"type":"PERSON","firstName":"Bench","lastName":"Customer %d",
                 "emails":[{"address":"bench.customer.%d@example.com","type":"WORK","primary":true}]}"""
                .formatted(n, n);
        String idempotencyKey = "bench-" + runId + "-" + n;
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/customers"))
                    .timeout(Duration.ofSeconds(30))
                    .header("X-API-Key", apiKey)
                    .header("Idempotency-Key", idempotencyKey)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
                return string(JSONObjectUtils.parse(response.body()), "id");
            }
            boolean retryable = response.statusCode() >= 500 || response.statusCode() == 409;
            if (!retryable || attempt >= 6) {
                throw new IllegalStateException("POST /api/v1/customers answered " + response.statusCode() + ": "
                        + response.body());
            }
            LockSupport.parkNanos(Duration.ofSeconds(attempt).toNanos());
        }
    }

    private void check(Target target, String id) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(target.baseUrl() + "/api/v1/customers/" + id))
                .header(target.headerName(), target.headerValue()).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(target.label() + " GET answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    private Map<String, Object> post(String url, String apiKey, String json) throws IOException, InterruptedException,
            ParseException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("X-API-Key", apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + url + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return JSONObjectUtils.parse(response.body());
    }

    private static String string(Map<String, Object> json, String field) {
        Object value = json.get(field);
        if (value == null) {
            throw new IllegalStateException("no " + field + " in " + json);
        }
        return value.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String randomBase62(int length) {
        SecureRandom random = new SecureRandom();
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String summary(Result r) {
        return "%s %s: %.0f req/s, p50 %.2f ms, p99 %.2f ms, errors %d %s".formatted(r.label(), r.mode(),
                r.throughput(), r.millis(50), r.millis(99), r.errors(), r.nonOk());
    }

    private static void log(String message) {
        LOG.info("[bench] {}", message);
    }
}
