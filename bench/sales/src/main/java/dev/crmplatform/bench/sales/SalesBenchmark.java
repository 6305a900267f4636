package dev.crmplatform.bench.sales;

import dev.crmplatform.bench.gateway.ChildService;
import dev.crmplatform.platform.test.TestDatabases;
import dev.crmplatform.platform.test.TestJwtIssuer;
import dev.crmplatform.platform.test.TestJwtIssuer.TokenSpec;
import dev.crmplatform.platform.test.TestKafka;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 4's benchmarks, against customer-service and sales-service started from their exec jars as child processes
 * (fresh databases, the in-process Kafka broker of this JVM, tokens from the test issuer):
 *
 * <ol>
 *   <li><b>Event propagation latency</b>: customers are updated through customer-service's API at a steady rate; the
 *   time from the customer row's commit in customer-service to the replica row's commit in sales-service is taken
 *   from PostgreSQL {@code NOTIFY}s that bench-only triggers send at commit (both received by this JVM, so one
 *   clock). Matched by (customer id, aggregate version).</li>
 *   <li><b>Order throughput with the credit check</b>: {@code POST /api/v1/orders} from several client threads on
 *   customers whose credit limit (from the replica) is checked against their open orders.</li>
 * </ol>
 *
 * System properties: {@code bench.customers} (200), {@code bench.updates} (10000 per rate), {@code bench.rates}
 * (updates/s, one latency run per rate: 25,100), {@code bench.updateThreads} (4), {@code bench.orders} (3000),
 * {@code bench.orderThreads} (8),
 * {@code bench.warmupOrders} (300), {@code bench.salesEnv} (extra environment of sales-service, {@code K=V;K=V}, e.g.
 * {@code SPRING_KAFKA_LISTENER_CONCURRENCY=3}), {@code bench.root}, {@code bench.name} (sales). Nothing is asserted.
 */
public final class SalesBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(SalesBenchmark.class);
    private static final String CUSTOMER_CHANNEL = "bench_customer";
    private static final String REPLICA_CHANNEL = "bench_replica";

    private final int customers = Integer.getInteger("bench.customers", 200);
    private final int updates = Integer.getInteger("bench.updates", 10_000);
    private final List<Integer> rates = Arrays.stream(System.getProperty("bench.rates", "25,100").split(","))
            .map(String::trim).map(Integer::valueOf).toList();
    private final int updateThreads = Integer.getInteger("bench.updateThreads", 4);
    private final int orders = Integer.getInteger("bench.orders", 3_000);
    private final int orderThreads = Integer.getInteger("bench.orderThreads", 8);
    private final int warmupOrders = Integer.getInteger("bench.warmupOrders", 300);
    private final Path root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
    private final String name = System.getProperty("bench.name", "sales");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<ChildService> children = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Long> customerCommits = new ConcurrentHashMap<>();
    private final Map<String, Long> replicaCommits = new ConcurrentHashMap<>();
    private final Map<String, Long> kafkaArrivals = new ConcurrentHashMap<>();
    private final StringBuilder report = new StringBuilder();
    private volatile boolean listening = true;
    private UUID tenant;
    private String customerToken;
    private String salesToken;
    private String salesEnvExtra = "";

    public static void main(String[] args) throws Exception {
        SalesBenchmark benchmark = new SalesBenchmark();
        Runtime.getRuntime().addShutdownHook(new Thread(benchmark::stopChildren, "bench-stop-children"));
        try {
            benchmark.run();
        } finally {
            benchmark.stopChildren();
        }
        // The in-process Kafka broker keeps non-daemon threads alive.
        System.exit(0);
    }

    private void run() throws Exception {
        Instant startedAt = Instant.now();
        String loadAtStart = loadAverage();
        log("load average at start: %s", loadAtStart);

        TestDatabases.Database customerDb = TestDatabases.createFreshDatabase("benchcustomer");
        TestDatabases.Database salesDb = TestDatabases.createFreshDatabase("benchsales");
        String kafka = TestKafka.bootstrapServers();
        int customerPort = freePort();
        int salesPort = freePort();
        Path logDir = root.resolve("bench/sales/target/logs");

        Map<String, String> customerEnv = commonEnv(customerPort, kafka);
        customerEnv.put("CRM_CUSTOMER_DB_URL", customerDb.url());
        customerEnv.put("CRM_CUSTOMER_DB_USER", customerDb.username());
        customerEnv.put("CRM_CUSTOMER_DB_PASSWORD", customerDb.password());
        Map<String, String> salesEnv = commonEnv(salesPort, kafka);
        salesEnv.put("CRM_SALES_DB_URL", salesDb.url());
        salesEnv.put("CRM_SALES_DB_USER", salesDb.username());
        salesEnv.put("CRM_SALES_DB_PASSWORD", salesDb.password());
        salesEnv.put("CRM_CUSTOMER_SERVICE_URL", "http://127.0.0.1:" + customerPort);
        for (String pair : System.getProperty("bench.salesEnv", "").split(";")) {
            if (pair.contains("=")) {
                salesEnv.put(pair.substring(0, pair.indexOf('=')).strip(), pair.substring(pair.indexOf('=') + 1).strip());
            }
        }
        salesEnvExtra = System.getProperty("bench.salesEnv", "");

        ChildService customer = ChildService.start("customer-service",
                root.resolve("customer-service/target/customer-service-exec.jar"), customerPort, customerEnv, logDir);
        children.add(customer);
        ChildService sales = ChildService.start("sales-service",
                root.resolve("sales-service/target/sales-service-exec.jar"), salesPort, salesEnv, logDir);
        children.add(sales);
        customer.awaitReady(http, Duration.ofMinutes(3));
        sales.awaitReady(http, Duration.ofMinutes(3));
        log("customer-service on %d, sales-service on %d ready; kafka %s", customerPort, salesPort, kafka);

        tenant = UUID.randomUUID();
        customerToken = TestJwtIssuer.token(TokenSpec.user(tenant, "bench", Set.of("customers:read",
                "customers:write")).withLifetime(Duration.ofHours(3)));
        salesToken = TestJwtIssuer.token(TokenSpec.user(tenant, "bench", Set.of("sales:read", "sales:write"))
                .withLifetime(Duration.ofHours(3)));

        // Bench-only instrumentation: NOTIFY at commit of every customer row and every replica row write.
        installNotifyTrigger(customerDb, "customer", CUSTOMER_CHANNEL);
        installNotifyTrigger(salesDb, "customer_replica", REPLICA_CHANNEL);
        Thread customerListener = listen(customerDb, CUSTOMER_CHANNEL, customerCommits);
        Thread replicaListener = listen(salesDb, REPLICA_CHANNEL, replicaCommits);
        Thread kafkaProbe = probeKafka();

        header(startedAt, loadAtStart);

        // Customers, created through customer-service, reach the replica through Kafka.
        List<String> ids = new ArrayList<>();
        Map<String, Long> versions = new ConcurrentHashMap<>();
        for (int i = 0; i < customers; i++) {
            HttpResponse<String> created = send(customer.baseUrl() + "/api/v1/customers?allowDuplicate=true", "POST",
                    customerToken, "application/json", """
                            {"type":"PERSON","firstName":"Bench","lastName":"Customer %d",
                             "emails":[{"address":"bench.%d.%s@example.com","type":"WORK","primary":true}],
                             "lifecycleStage":"CUSTOMER","creditLimit":{"amount":"100000000.00","currency":"EUR"}}"""
                            .formatted(i, i, tenant.toString().substring(0, 8)), null);
            if (created.statusCode() != 201) {
                throw new IllegalStateException("customer create: " + created.statusCode() + " " + created.body());
            }
            String id = created.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
            ids.add(id);
            versions.put(id, etag(created));
        }
        awaitKeys(ids.stream().map(id -> id + ":" + versions.get(id)).toList(), Duration.ofMinutes(3));
        log("%d customers created and replicated", ids.size());

        for (int rate : rates) {
            latency(customer, ids, versions, rate);
        }
        orderThroughput(sales, ids);

        listening = false;
        customerListener.join(2_000);
        replicaListener.join(2_000);
        kafkaProbe.join(2_000);
        String loadAtEnd = loadAverage();
        report.append("\nLoad average (1/5/15 min, runnable/total, last pid) at start: `").append(loadAtStart)
                .append("`, at end: `").append(loadAtEnd).append("`.\n");
        Path out = root.resolve("bench/results/" + name + ".md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
        log("results written to %s", out);
    }

    // ---------------------------------------------------------------- propagation latency

    private void latency(ChildService customer, List<String> ids, Map<String, Long> versions, int rate)
            throws Exception {
        section("Event propagation latency at " + rate + " updates/s: customer update committed in customer-service"
                + " -> replica row committed in sales-service");
        List<String> expected = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime() + 100_000_000L;
        try (ExecutorService pool = Executors.newFixedThreadPool(updateThreads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < updateThreads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    // update j goes to customer j % n, always on thread j % threads (n is a multiple of threads)
                    for (int j = thread; j < updates; j += updateThreads) {
                        long due = start + j * intervalNanos;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        String id = ids.get(j % ids.size());
                        try {
                            HttpResponse<String> r = send(customer.baseUrl() + "/api/v1/customers/" + id, "PATCH",
                                    customerToken, "application/merge-patch+json",
                                    "{\"ownerId\":\"rep-" + (j % 97) + "\"}", "\"" + versions.get(id) + "\"");
                            if (r.statusCode() != 200) {
                                failures.incrementAndGet();
                                log("update %s -> %d %s", id, r.statusCode(), r.body());
                                continue;
                            }
                            long version = etag(r);
                            versions.put(id, version);
                            expected.add(id + ":" + version);
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        double sendSecs = (System.nanoTime() - start) / 1e9;
        log("%d updates sent in %.1f s", expected.size(), sendSecs);
        int missing = awaitKeys(expected, Duration.ofMinutes(3));

        List<Long> latencies = new ArrayList<>();
        for (String key : expected) {
            Long committed = customerCommits.get(key);
            Long replicated = replicaCommits.get(key);
            if (committed != null && replicated != null) {
                latencies.add(replicated - committed);
            }
        }
        long[] nanos = latencies.stream().mapToLong(Long::longValue).toArray();
        List<Long> relay = new ArrayList<>();
        List<Long> consumer = new ArrayList<>();
        for (String key : expected) {
            Long committed = customerCommits.get(key);
            Long onKafka = kafkaArrivals.get(key);
            Long replicated = replicaCommits.get(key);
            if (committed != null && onKafka != null && replicated != null) {
                relay.add(onKafka - committed);
                consumer.add(replicated - onKafka);
            }
        }
        row("updates", String.format(Locale.ROOT, "%,d PATCHes of `ownerId` over %d customers, %d client threads,"
                + " paced at %d/s (achieved %.0f/s); %d failed", expected.size(), ids.size(), updateThreads, rate,
                expected.size() / sendSecs, failures.get()));
        row("matched (commit seen on both sides)", String.format(Locale.ROOT, "%,d; %d never reached the replica"
                + " within 3 min", nanos.length, missing));
        percentiles(nanos, "**commit to replica commit; target p99 <= 500 ms**");
        percentiles(relay.stream().mapToLong(Long::longValue).toArray(),
                "of which: commit until a consumer in this JVM receives the event (customer-service outbox relay)");
        percentiles(consumer.stream().mapToLong(Long::longValue).toArray(),
                "of which: event received until the replica row commits (sales-service consumer)");
    }

    /** Receives crm.customer.events in a consumer group of its own; first arrival per "subject:aggregateversion". */
    private Thread probeKafka() {
        var consumer = TestKafka.consumer("crm.customer.events");
        return Thread.ofPlatform().name("probe-kafka").daemon(true).start(() -> {
            try (consumer) {
                while (listening) {
                    for (var record : consumer.poll(Duration.ofMillis(200))) {
                        long now = System.nanoTime();
                        kafkaArrivals.putIfAbsent(TestKafka.header(record, "ce_subject") + ":"
                                + TestKafka.header(record, "ce_aggregateversion"), now);
                    }
                }
            } catch (Exception e) {
                LOG.warn("kafka probe stopped", e);
            }
        });
    }

    // ---------------------------------------------------------------- order throughput

    private void orderThroughput(ChildService sales, List<String> ids) throws Exception {
        section("Order creation throughput with the credit check (POST /api/v1/orders)");
        HttpResponse<String> product = send(sales.baseUrl() + "/api/v1/products", "POST", salesToken,
                "application/json", "{\"sku\":\"BENCH-1\",\"name\":\"Bench plan\",\"listPrice\":{\"amount\":\"10.00\","
                        + "\"currency\":\"EUR\"}}", null);
        if (product.statusCode() != 201) {
            row("status", "not measured: POST /api/v1/products answered " + product.statusCode() + " "
                    + product.body().replace('|', '/'));
            return;
        }
        String productId = product.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
        runOrders(sales, ids, productId, warmupOrders, 0);
        OrderRun run = runOrders(sales, ids, productId, orders, 1);
        row("orders", String.format(Locale.ROOT, "%,d orders of 2 x 10.00 EUR on %d customers (credit limit"
                + " 100,000,000.00 EUR each, so every check passes after summing the open orders), %d client threads,"
                + " after %d warm-up orders", orders, ids.size(), orderThreads, warmupOrders));
        row("statuses", run.statuses().toString());
        row("**throughput**", String.format(Locale.ROOT, "**%.0f orders/s** (%,d created in %.1f s)",
                run.created() / run.seconds(), run.created(), run.seconds()));
        percentiles(run.nanos(), "per order, client side");
    }

    private record OrderRun(int created, double seconds, long[] nanos, Map<Integer, Integer> statuses) {
    }

    private OrderRun runOrders(ChildService sales, List<String> ids, String productId, int count, int seed)
            throws Exception {
        long[] nanos = new long[count];
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(orderThreads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < orderThreads; t++) {
                SplittableRandom random = new SplittableRandom(seed * 1000L + t);
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        String customerId = ids.get(random.nextInt(ids.size()));
                        long t0 = System.nanoTime();
                        HttpResponse<String> r = send(sales.baseUrl() + "/api/v1/orders", "POST", salesToken,
                                "application/json", """
                                        {"customerId":"%s","lines":[{"productId":"%s","quantity":2,
                                         "unitPrice":{"amount":"10.00","currency":"EUR"}}]}"""
                                        .formatted(customerId, productId), null);
                        nanos[i] = System.nanoTime() - t0;
                        statuses.merge(r.statusCode(), 1, Integer::sum);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new OrderRun(statuses.getOrDefault(201, 0), seconds, nanos, new java.util.TreeMap<>(statuses));
    }

    // ---------------------------------------------------------------- instrumentation

    private static void installNotifyTrigger(TestDatabases.Database db, String table, String channel)
            throws Exception {
        try (Connection c = DriverManager.getConnection(db.url(), db.username(), db.password());
             Statement s = c.createStatement()) {
            s.execute("""
                    create or replace function bench_notify() returns trigger language plpgsql as $$
                    begin
                        perform pg_notify(TG_ARGV[0], new.id::text || ':' || new.version);
                        return null;
                    end $$""");
            s.execute("create trigger bench_notify after insert or update on " + table
                    + " for each row execute function bench_notify('" + channel + "')");
        }
    }

    /** Receives NOTIFYs (delivered at commit) and keeps the first arrival time per "id:version". */
    private Thread listen(TestDatabases.Database db, String channel, Map<String, Long> arrivals) throws Exception {
        Connection c = DriverManager.getConnection(db.url(), db.username(), db.password());
        try (Statement s = c.createStatement()) {
            s.execute("listen " + channel);
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        return Thread.ofPlatform().name("listen-" + channel).daemon(true).start(() -> {
            try (c) {
                while (listening) {
                    PGNotification[] received = pg.getNotifications(200);
                    long now = System.nanoTime();
                    if (received != null) {
                        for (PGNotification n : received) {
                            arrivals.putIfAbsent(n.getParameter(), now);
                        }
                    }
                }
            } catch (Exception e) {
                LOG.warn("listener {} stopped", channel, e);
            }
        });
    }

    /** Waits until the replica has committed every key; returns how many never arrived. */
    private int awaitKeys(List<String> keys, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long missing = keys.stream().filter(k -> !replicaCommits.containsKey(k)).count();
            if (missing == 0) {
                return 0;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        return (int) keys.stream().filter(k -> !replicaCommits.containsKey(k)).count();
    }

    // ---------------------------------------------------------------- plumbing

    private Map<String, String> commonEnv(int port, String kafka) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PORT", String.valueOf(port));
        env.put("SERVER_PORT", String.valueOf(port));
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
        env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", kafka);
        env.put("CRM_JWK_SET_URI", TestJwtIssuer.jwksUri());
        env.put("CRM_LOGGING_STRUCTURED", "false");
        env.put("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED", "true");
        return env;
    }

    private HttpResponse<String> send(String url, String method, String token, String contentType, String body,
                                      String ifMatch) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long etag(HttpResponse<String> response) {
        return Long.parseLong(response.headers().firstValue("ETag").orElseThrow().replace("\"", ""));
    }

    private void header(Instant startedAt, String load) throws Exception {
        report.append("# Benchmark: sales-service (issue 4)\n\n");
        report.append("Run ").append(startedAt).append(" by `bench/sales/run.sh` (dev.crmplatform.bench.sales"
                + ".SalesBenchmark).\n\n");
        report.append("| machine | |\n|---|---|\n");
        report.append("| CPUs | ").append(Runtime.getRuntime().availableProcessors()).append(" |\n");
        report.append("| load average at start | `").append(load).append("` |\n");
        report.append("| JVM | ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.version")).append("; services: ")
                .append(String.join(" ", ChildService.JVM_FLAGS)).append(" |\n");
        report.append("| extra sales-service environment | ").append(salesEnvExtra.isBlank() ? "none"
                : "`" + salesEnvExtra + "`").append(" |\n");
        try (Connection c = TestDatabases.adminConnection("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select version()")) {
            rs.next();
            report.append("| PostgreSQL | ").append(rs.getString(1)).append(" |\n");
        }
        report.append("\ncustomer-service and sales-service run as child processes from their exec jars; the Kafka"
                + " broker (in-process, KRaft), this load generator, PostgreSQL and Redis share the same machine.\n");
    }

    private void section(String title) {
        report.append("\n## ").append(title).append("\n\n| measure | value |\n|---|---|\n");
        log("== %s", title);
    }

    private void row(String measure, String value) {
        report.append("| ").append(measure).append(" | ").append(value).append(" |\n");
        log("%s: %s", measure, value);
    }

    private void percentiles(long[] nanos, String note) {
        if (nanos.length == 0) {
            row("latency", "no samples");
            return;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        row("p50 / p90 / p99 / max (" + note + ")", String.format(Locale.ROOT, "**%.1f / %.1f / %.1f / %.1f ms**",
                pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), sorted[sorted.length - 1] / 1e6));
    }

    private static double pct(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1e6;
    }

    private void stopChildren() {
        List<ChildService> copy;
        synchronized (children) {
            copy = new ArrayList<>(children);
            children.clear();
        }
        copy.forEach(ChildService::close);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void log(String format, Object... values) {
        LOG.info("[bench] {}", String.format(Locale.ROOT, format, values));
    }
}
