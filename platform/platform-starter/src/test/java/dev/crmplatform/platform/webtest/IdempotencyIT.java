package dev.crmplatform.platform.webtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.crmplatform.platform.tenancy.TenantContext;

class IdempotencyIT extends WebIntegrationTestSupport {

    @Autowired
    WidgetService service;

    private HttpResponse<String> post(String path, UUID tenant, String key, String body) {
        return send(request(path, tenant).header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void replayReturnsTheOriginalResponseAndCreatesNothingNew() {
        UUID tenant = UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = post("/api/widgets", tenant, key, createBody("once"));
        assertThat(first.statusCode()).isEqualTo(201);

        HttpResponse<String> replay = post("/api/widgets", tenant, key, createBody("once"));
        assertThat(replay.statusCode()).isEqualTo(201);
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(replay.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
        assertThat(replay.headers().firstValue("ETag")).isEqualTo(first.headers().firstValue("ETag"));
        assertThat(replay.headers().firstValue("Content-Type")).isEqualTo(first.headers().firstValue("Content-Type"));
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(TenantContext.callAs(tenant, service::countInTransaction)).isEqualTo(1);
    }

    @Test
    void sameKeyWithDifferentBodyIs422() {
        UUID tenant = UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        assertThat(post("/api/widgets", tenant, key, createBody("one")).statusCode()).isEqualTo(201);
        assertProblem(post("/api/widgets", tenant, key, createBody("two")), 422, "idempotency-key-reused");
        assertThat(TenantContext.callAs(tenant, service::countInTransaction)).isEqualTo(1);
    }

    @Test
    void keysAreScopedPerTenant() {
        String key = UUID.randomUUID().toString();
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        assertThat(post("/api/widgets", a, key, createBody("x")).statusCode()).isEqualTo(201);
        HttpResponse<String> other = post("/api/widgets", b, key, createBody("x"));
        assertThat(other.statusCode()).isEqualTo(201);
        assertThat(other.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(TenantContext.callAs(b, service::countInTransaction)).isEqualTo(1);
    }

    @Test
    void concurrentRequestWithTheSameKeyIs409WhileTheFirstRuns() throws Exception {
        UUID tenant = UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        WidgetController.slowEntered = new CountDownLatch(1);
        WidgetController.slowRelease = new CountDownLatch(1);
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(
                () -> post("/api/widgets/slow", tenant, key, createBody("slow")));
        assertThat(WidgetController.slowEntered.await(20, TimeUnit.SECONDS)).isTrue();

        HttpResponse<String> second = post("/api/widgets/slow", tenant, key, createBody("slow"));
        assertProblem(second, 409, "idempotency-key-in-flight");
        assertThat(second.headers().firstValue("Retry-After")).isPresent();

        WidgetController.slowRelease.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                post("/api/widgets/slow", tenant, key, createBody("slow")).headers()
                        .firstValue("Idempotent-Replayed")).hasValue("true"));
        assertThat(TenantContext.callAs(tenant, service::countInTransaction)).isEqualTo(1);
    }

    @Test
    void serverErrorsAreNotStoredSoTheClientCanRetry() {
        UUID tenant = UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        WidgetController.flakyCalls.set(0);
        assertProblem(post("/api/widgets/flaky", tenant, key, createBody("flaky")), 500, "internal-error");
        HttpResponse<String> retry = post("/api/widgets/flaky", tenant, key, createBody("flaky"));
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
    }

    @Test
    void clientErrorsAreReplayedToo() {
        UUID tenant = UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        assertProblem(post("/api/widgets", tenant, key, "{\"name\":\"\"}"), 400, "validation-failed");
        HttpResponse<String> replay = post("/api/widgets", tenant, key, "{\"name\":\"\"}");
        assertProblem(replay, 400, "validation-failed");
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    }

    @Test
    void oversizedKeyIs400() {
        assertProblem(post("/api/widgets", UUID.randomUUID(), "k".repeat(300), createBody("x")), 400,
                "validation-failed");
    }
}
