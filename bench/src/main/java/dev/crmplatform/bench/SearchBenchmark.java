package dev.crmplatform.bench;

import static dev.crmplatform.bench.BenchReport.fmt;
import static dev.crmplatform.bench.BenchReport.log;
import static dev.crmplatform.bench.BenchReport.scalar;
import static dev.crmplatform.bench.BenchReport.secs;
import dev.crmplatform.customer.CustomerServiceApplication;
import dev.crmplatform.platform.test.CrmTestInfrastructure;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Search ({@code GET /api/v1/customers?q=}), GET-by-id and duplicate-detection latency against a real
 * customer-service started in this JVM (fresh database, the in-process Kafka broker, a token from the test issuer),
 * all through HTTP, on customers seeded through SQL ({@code seed-customers.sql}: plain inserts, so the service's
 * triggers maintain contact keys and search terms as for any write), then VACUUM ANALYZE.
 *
 * <p>Arguments ({@code key=value}): {@code rows} (1000000), {@code queries} (2000), {@code gets} (10000),
 * {@code duplicates} (300), {@code name} (results file name without .md, default search-1m); {@code database} and
 * {@code tenant} to measure again on the customers an earlier run seeded (its database stays). Results go to
 * {@code results/<name>.md}.
 */
public final class SearchBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int SEED_CHUNK = 100_000;
    private static final String[] KINDS = {"typo'd last name", "first name + typo'd last name", "email prefix",
            "phone fragment", "name prefix (3-5 letters)"};

    private final Map<String, String> args;
    private final BenchReport report = new BenchReport();
    private UUID tenant;
    private BenchClient client;
    private Environment env;

    private SearchBenchmark(Map<String, String> args) {
        this.args = args;
    }

    public static void main(String[] argv) throws Exception {
        new SearchBenchmark(BenchClient.args(argv)).run();
        System.exit(0);
    }

    private long arg(String name, long fallback) {
        return Long.parseLong(args.getOrDefault(name, String.valueOf(fallback)));
    }

    private void run() throws Exception {
        long rows = arg("rows", 1_000_000);
        String name = args.getOrDefault("name", "search-1m");
        SpringApplication app = new SpringApplication(CustomerServiceApplication.class);
        app.addInitializers(new CrmTestInfrastructure());
        String database = args.get("database");
        if (database != null) {
            // measure again on the customers seeded by an earlier run (its database is left in place)
            app.addInitializers(context -> {
                String url = context.getEnvironment().getProperty("spring.datasource.url");
                context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("benchDatabase",
                        Map.of("spring.datasource.url", url.substring(0, url.lastIndexOf('/') + 1) + database)));
            });
        }
        ConfigurableApplicationContext context = app.run("--server.port=0", "--logging.level.root=WARN");
        env = context.getEnvironment();
        tenant = database == null ? UUID.randomUUID() : UUID.fromString(args.get("tenant"));
        client = new BenchClient(env, tenant);

        header(name);
        if (database == null) {
            report.section("Seed (" + fmt(rows) + " customers through SQL, triggers included)");
            seed(rows);
        } else {
            report.append("Customers: those seeded by an earlier run into database `").append(database)
                    .append("` (tenant ").append(tenant).append(").\n\n");
        }

        report.section("Search `q` latency");
        search((int) arg("queries", 2000));

        report.section("GET by id latency");
        getById((int) arg("gets", 10_000));

        report.section("Duplicate detection latency (GET /customers/{id}/duplicates)");
        duplicates((int) arg("duplicates", 300));

        report.append("Load average at the end: ").append(loadAverage()).append("\n");
        Path out = Path.of("results", name + ".md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
        log("results written to %s", out.toAbsolutePath());
        context.close();
    }

    private void header(String name) throws Exception {
        report.append("# Benchmark ").append(name).append("\n\n");
        report.append("Run ").append(Instant.now()).append(" by `bench/search.sh`")
                .append(" (dev.crmplatform.bench.SearchBenchmark).\n\n");
        report.append("| machine | |\n|---|---|\n");
        report.append("| CPUs | ").append(Runtime.getRuntime().availableProcessors()).append(" |\n");
        report.append("| load average at start (1/5/15 min) | ").append(loadAverage())
                .append(" (the machine is shared with other builds) |\n");
        report.append("| JVM | ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.version")).append(", max heap ")
                .append(Runtime.getRuntime().maxMemory() >> 20).append(" MB |\n");
        try (Connection c = client.connect(); Statement s = c.createStatement()) {
            report.append("| PostgreSQL | ").append(scalar(s, "select version()")).append(" |\n");
            report.append("| shared_buffers / work_mem | ").append(scalar(s, "show shared_buffers")).append(" / ")
                    .append(scalar(s, "show work_mem")).append(" |\n");
            report.append("| PostgreSQL configuration | ").append(BenchClient.postgresConfiguration()).append(" |\n");
            report.append("| code | ").append(BenchClient.codeRevision()).append(" |\n");
        }
        report.append("\nThe service, PostgreSQL, the Kafka broker and this client share the machine; one client, "
                + "sequential requests.\n\n");
    }

    private void seed(long rows) throws Exception {
        String sql;
        try (InputStream in = SearchBenchmark.class.getResourceAsStream("/seed-customers.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(":'tenant'", "'" + tenant + "'");
        }
        long start = System.nanoTime();
        try (Connection c = client.connect(); Statement s = c.createStatement()) {
            s.execute("select set_config('app.tenant_id', '" + tenant + "', false)");
            for (long first = 1; first <= rows; first += SEED_CHUNK) {
                long last = Math.min(rows, first + SEED_CHUNK - 1);
                s.execute(sql.replace(":first", String.valueOf(first)).replace(":last", String.valueOf(last)));
                log("seeded %,d customers (%.0f s)", last, secs(start));
            }
            double insertSecs = secs(start);
            long vacuumStart = System.nanoTime();
            s.execute("vacuum analyze customer");
            s.execute("vacuum analyze customer_search_term");
            s.execute("vacuum analyze customer_search_word");
            s.execute("vacuum analyze customer_contact_key");
            report.row("inserts (with contact-key and search-term triggers)", String.format(Locale.ROOT,
                    "%.0f s = %,.0f rows/s", insertSecs, rows / insertSecs));
            report.row("VACUUM ANALYZE", String.format(Locale.ROOT, "%.0f s", secs(vacuumStart)));
            report.row("customers / postings / dictionary words", scalar(s, "select count(*) from customer") + " / "
                    + scalar(s, "select count(*) from customer_search_term") + " / "
                    + scalar(s, "select count(*) from customer_search_word"));
            report.row("sizes: customer / customer_search_term (with key) / customer_search_word (with indexes)",
                    scalar(s, "select pg_size_pretty(pg_total_relation_size('customer')) || ' / '"
                            + " || pg_size_pretty(pg_total_relation_size('customer_search_term')) || ' / '"
                            + " || pg_size_pretty(pg_total_relation_size('customer_search_word'))"));
        }
        report.append('\n');
    }

    private record Query(int kind, String q) {
    }

    private void search(int queries) throws Exception {
        List<Query> qs = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(7);
        try (Connection c = client.connect(); Statement s = c.createStatement()) {
            s.execute("select set_config('app.tenant_id', '" + tenant + "', false)");
            try (ResultSet rs = s.executeQuery("select first_name, last_name, email_keys[1], phone_keys[1]"
                    // people with an email and a phone, so every kind of query has its material (an imported
                    // database, e.g. ImportBenchmark's, also holds organisations and customers without a phone)
                    + " from customer where first_name is not null and last_name is not null"
                    + " and cardinality(email_keys) > 0 and cardinality(phone_keys) > 0"
                    + " order by md5(id::text) limit " + queries)) {
                while (rs.next()) {
                    int kind = qs.size() % KINDS.length;
                    qs.add(new Query(kind, query(kind, rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), random)));
                }
            }
        }
        for (int i = 0; i < Math.min(200, qs.size()); i++) {
            client.get(searchPath(qs.get(qs.size() - 1 - i).q()));
        }
        long[] nanos = new long[qs.size()];
        Map<Integer, List<Long>> byKind = new LinkedHashMap<>();
        int hits = 0;
        for (int i = 0; i < qs.size(); i++) {
            long start = System.nanoTime();
            HttpResponse<String> r = client.get(searchPath(qs.get(i).q()));
            nanos[i] = System.nanoTime() - start;
            if (r.statusCode() != 200) {
                throw new IllegalStateException("search " + qs.get(i) + " -> " + r.statusCode() + " " + r.body());
            }
            if (JSON.readTree(r.body()).get("items").size() > 0) {
                hits++;
            }
            byKind.computeIfAbsent(qs.get(i).kind(), k -> new ArrayList<>()).add(nanos[i]);
            if (i % 500 == 499) {
                log("%d queries", i + 1);
            }
        }
        report.row("queries", qs.size() + " (limit=20, sorted by relevance; 200 warm-up queries first), "
                + "one fifth each of: " + String.join(", ", KINDS));
        report.row("examples", String.join(", ", qs.subList(0, 10).stream().map(q -> "`" + q.q() + "`").toList()));
        report.row("queries with at least one result", String.valueOf(hits));
        report.percentiles("**all queries**", nanos);
        byKind.forEach((kind, list) ->
                report.percentiles(KINDS[kind], list.stream().mapToLong(Long::longValue).toArray()));
        report.append('\n');
    }

    private static String searchPath(String q) {
        return "/api/v1/customers?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&limit=20";
    }

    /** A typo'd or partial query for a customer, the way people type into a search box. */
    private static String query(int kind, String first, String last, String email, String phone,
                                SplittableRandom random) {
        return switch (kind) {
            case 0 -> BenchClient.typo(last, random);
            case 1 -> first + " " + BenchClient.typo(last, random);
            case 2 -> email.substring(0, Math.min(9, email.length()));
            case 3 -> phone.substring(2, 9);
            default -> last.substring(0, Math.min(last.length(), 3 + random.nextInt(3)));
        };
    }

    private List<String> sampleIds(int n, String salt) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = client.connect(); Statement s = c.createStatement()) {
            s.execute("select set_config('app.tenant_id', '" + tenant + "', false)");
            try (ResultSet rs = s.executeQuery("select id from customer where status = 'ACTIVE'"
                    + " order by md5(id::text || '" + salt + "') limit " + n)) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    private void duplicates(int requests) throws Exception {
        BenchClient.DuplicatesTimings timings = client.duplicates(sampleIds(requests + 50, "duplicates"), 50);
        report.row("requests", timings.nanos().length + " random existing ids, minScore=0, sequential, one client, after 50 warm-up requests");
        report.row("requests with at least one candidate", String.valueOf(timings.withCandidates()));
        report.percentiles("**GET /api/v1/customers/{id}/duplicates**", timings.nanos());
        report.append('\n');
    }

    private void getById(int gets) throws Exception {
        List<String> ids = sampleIds(gets, "get");
        for (int i = 0; i < Math.min(500, ids.size()); i++) {
            client.get("/api/v1/customers/" + ids.get(ids.size() - 1 - i));
        }
        long[] nanos = new long[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            long start = System.nanoTime();
            HttpResponse<String> r = client.get("/api/v1/customers/" + ids.get(i));
            nanos[i] = System.nanoTime() - start;
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + ids.get(i) + " -> " + r.statusCode());
            }
        }
        report.row("requests", ids.size() + " random existing ids, sequential, one client, after 500 warm-up requests");
        report.percentiles("**GET /api/v1/customers/{id}**", nanos);
        report.append('\n');
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

}
