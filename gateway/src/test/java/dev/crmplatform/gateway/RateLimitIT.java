package dev.crmplatform.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.crmplatform.gateway.support.GatewayITSupport;
import dev.crmplatform.gateway.support.TestOidcIssuer;

/** Token buckets in real Redis: exact under concurrency, with the draft RateLimit headers and 429 problems. */
class RateLimitIT extends GatewayITSupport {

    @Test
    void exactlyTheBudgetPassesWithConcurrentClients() throws Exception {
        UUID tenant = createTenant("ratelimit");
        int budget = 25;
        int clients = 10;
        int perClient = 6;
        CreatedKey key = createKey(tenant, List.of("customers:read"), Map.of("rateLimitPerMinute", budget));
        // Windows are aligned to the wall-clock minute: start the burst well inside one.
        await().atMost(Duration.ofSeconds(15)).until(() -> Instant.now().getEpochSecond() % 60 < 45);
        List<HttpResponse<String>> responses = concurrently(clients, perClient,
                () -> getWithKey("/api/v1/customers", key.key()));

        long ok = responses.stream().filter(r -> r.statusCode() == 200).count();
        long limited = responses.stream().filter(r -> r.statusCode() == 429).count();
        assertThat(ok).isEqualTo(budget);
        assertThat(limited).isEqualTo((long) clients * perClient - budget);

        HttpResponse<String> rejected = responses.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
        assertProblem(rejected, 429, "too-many-requests");
        long retryAfter = Long.parseLong(rejected.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(rejected.headers().firstValue("RateLimit-Policy").orElseThrow())
                .contains("\"minute\";q=" + budget + ";w=60").contains("\"day\";q=");
        assertThat(rejected.headers().firstValue("RateLimit").orElseThrow()).startsWith("\"minute\";r=0;t=")
                .contains("\"day\";r=");
    }

    @Test
    void successfulResponsesCarryRemainingBudgetPerWindow() {
        UUID tenant = createTenant("headers");
        CreatedKey key = createKey(tenant, List.of("customers:read"),
                Map.of("rateLimitPerMinute", 5, "rateLimitPerDay", 1000));
        await().atMost(Duration.ofSeconds(15)).until(() -> Instant.now().getEpochSecond() % 60 < 55);
        HttpResponse<String> first = getWithKey("/api/v1/customers", key.key());
        String header = first.headers().firstValue("RateLimit").orElseThrow();
        assertThat(header).matches("\"minute\";r=4;t=\\d+, \"day\";r=999;t=\\d+");
        long t = Long.parseLong(header.replaceAll(".*\"minute\";r=4;t=(\\d+),.*", "$1"));
        assertThat(t).isBetween(1L, 61L);
        HttpResponse<String> second = getWithKey("/api/v1/customers", key.key());
        assertThat(second.headers().firstValue("RateLimit").orElseThrow()).startsWith("\"minute\";r=3;t=");
    }

    @Test
    void dailyLimitAppliesToo() {
        UUID tenant = createTenant("daily");
        CreatedKey key = createKey(tenant, List.of("customers:read"),
                Map.of("rateLimitPerMinute", 100, "rateLimitPerDay", 3));
        for (int i = 0; i < 3; i++) {
            assertThat(getWithKey("/api/v1/customers", key.key()).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> r = getWithKey("/api/v1/customers", key.key());
        assertProblem(r, 429, "too-many-requests");
        // The day window resets at UTC midnight.
        long toMidnight = java.time.Duration.between(Instant.now(),
                Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(Duration.ofDays(1))).toSeconds();
        assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(toMidnight - 2, toMidnight + 2);
    }

    @Test
    void usersAreLimitedPerUserNotPerTenant() {
        // crm.gateway.rate-limit.user-per-minute is the default 1200: a couple of calls must carry a user policy.
        UUID tenant = UUID.randomUUID();
        String alice = TestOidcIssuer.get().user(tenant, "alice-" + UUID.randomUUID(), List.of("ANALYST"));
        String bob = TestOidcIssuer.get().user(tenant, "bob-" + UUID.randomUUID(), List.of("ANALYST"));
        HttpResponse<String> a1 = send("GET", "/api/v1/customers", null, "Authorization", "Bearer " + alice);
        HttpResponse<String> a2 = send("GET", "/api/v1/customers", null, "Authorization", "Bearer " + alice);
        HttpResponse<String> b1 = send("GET", "/api/v1/customers", null, "Authorization", "Bearer " + bob);
        assertThat(a1.headers().firstValue("RateLimit-Policy").orElseThrow()).contains("\"minute\";q=1200;w=60");
        assertThat(a2.headers().firstValue("RateLimit").orElseThrow()).startsWith("\"minute\";r=1198;");
        assertThat(b1.headers().firstValue("RateLimit").orElseThrow()).startsWith("\"minute\";r=1199;");
    }

    static List<HttpResponse<String>> concurrently(int clients, int perClient, Callable<HttpResponse<String>> call)
            throws Exception {
        List<Future<List<HttpResponse<String>>>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (int c = 0; c < clients; c++) {
                futures.add(pool.submit(() -> {
                    List<HttpResponse<String>> mine = new ArrayList<>();
                    for (int i = 0; i < perClient; i++) {
                        mine.add(call.call());
                    }
                    return mine;
                }));
            }
            List<HttpResponse<String>> all = new ArrayList<>();
            for (Future<List<HttpResponse<String>>> f : futures) {
                all.addAll(f.get());
            }
            return all;
        }
    }
}
