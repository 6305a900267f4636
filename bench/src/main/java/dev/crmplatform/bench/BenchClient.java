package dev.crmplatform.bench;

import dev.crmplatform.platform.test.TestJwtIssuer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.springframework.core.env.Environment;

/**
 * The customer-service a benchmark measures, as one tenant: HTTP calls with a test token (re-minted every minute,
 * since a million-row run outlasts one) and plain JDBC to its database.
 */
final class BenchClient {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Environment env;
    private final String baseUrl;
    private final UUID tenant;
    private String token;
    private long tokenMintedAt;

    BenchClient(Environment env, UUID tenant) {
        this.env = env;
        this.baseUrl = "http://127.0.0.1:" + env.getProperty("local.server.port");
        this.tenant = tenant;
    }

    /** {@code key=value} arguments; a bare {@code key} means {@code key=true}. */
    static Map<String, String> args(String[] argv) {
        Map<String, String> args = new HashMap<>();
        for (String a : argv) {
            String[] kv = a.split("=", 2);
            args.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        return args;
    }

    UUID tenant() {
        return tenant;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + token());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    String token() {
        if (token == null || System.nanoTime() - tokenMintedAt > 60_000_000_000L) {
            token = TestJwtIssuer.token(tenant, "bench", Set.of("customers:read", "customers:write"));
            tokenMintedAt = System.nanoTime();
        }
        return token;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(env.getProperty("spring.datasource.url"),
                env.getProperty("spring.datasource.username"), env.getProperty("spring.datasource.password"));
    }

    /** Swaps two neighbouring letters (not the first), the way people mistype a name. */
    static String typo(String s, SplittableRandom random) {
        if (s.length() < 4) {
            return s;
        }
        int i = 1 + random.nextInt(s.length() - 2);
        char[] chars = s.toCharArray();
        char tmp = chars[i];
        chars[i] = chars[i + 1];
        chars[i + 1] = tmp;
        return new String(chars).trim();
    }

    /** Which PostgreSQL configuration the run had: bench/pg/start.sh's (BENCH_PG=tuned) or the local server's. */
    static String postgresConfiguration() {
        return "tuned".equals(System.getenv("BENCH_PG"))
                ? "a cluster of its own configured by bench/pg/postgresql.conf (BENCH_PG=tuned)"
                : "the local server's own (Debian defaults unless changed)";
    }

    /** The commit the run measured, and whether the working tree had changes on top of it. */
    static String codeRevision() {
        try {
            Process head = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String revision = new String(head.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            Process status = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no")
                    .redirectErrorStream(true).start();
            boolean dirty = status.getInputStream().readAllBytes().length > 0;
            return head.waitFor() == 0 ? "`" + revision + "`" + (dirty ? " with uncommitted changes" : "") : "unknown";
        } catch (IOException e) {
            return "unknown (no git)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** Latencies of {@code GET /customers/{id}/duplicates?minScore=0}, and how many answers had a candidate. */
    record DuplicatesTimings(long[] nanos, int withCandidates) {
    }

    /** Times the duplicates endpoint for each id after the first {@code warmUp}, which only warm up. */
    DuplicatesTimings duplicates(List<String> ids, int warmUp) throws IOException, InterruptedException {
        for (int i = 0; i < warmUp; i++) {
            get("/api/v1/customers/" + ids.get(i) + "/duplicates?minScore=0");
        }
        long[] nanos = new long[ids.size() - warmUp];
        int withCandidates = 0;
        for (int i = warmUp; i < ids.size(); i++) {
            long start = System.nanoTime();
            HttpResponse<String> r = get("/api/v1/customers/" + ids.get(i) + "/duplicates?minScore=0");
            nanos[i - warmUp] = System.nanoTime() - start;
            if (r.statusCode() != 200) {
                throw new IllegalStateException("duplicates " + ids.get(i) + " -> " + r.statusCode() + " " + r.body());
            }
            if (!r.body().contains("\"items\":[]")) {
                withCandidates++;
            }
        }
        return new DuplicatesTimings(nanos, withCandidates);
    }
}
