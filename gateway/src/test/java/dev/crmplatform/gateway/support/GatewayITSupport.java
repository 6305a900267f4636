package dev.crmplatform.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.crmplatform.gateway.apikey.ApiKeySecrets;
import dev.crmplatform.platform.test.CrmIntegrationTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one gateway context most ITs share: real PostgreSQL (fresh database) and Redis from platform-test, stub
 * downstreams over real HTTP, the test OIDC issuer for user JWTs, and a bootstrap platform-admin key.
 * <ul>
 * <li>customer-service: healthy echo stub</li>
 * <li>sales-service: nothing listens (down)</li>
 * <li>marketing-service: stub whose /slow answers after 3 s; time limiter 500 ms</li>
 * <li>ticket-service: stub (its /unavailable answers 503); small breaker window so it opens after 4 failures</li>
 * <li>analytics-service: not configured (its paths are 404)</li>
 * </ul>
 */
@CrmIntegrationTest
public abstract class GatewayITSupport {

    public static final String ADMIN_KEY = ApiKeySecrets.generate("live").key();
    protected static final StubBackend CUSTOMERS = new StubBackend(Duration.ZERO);
    protected static final StubBackend MARKETING = new StubBackend(Duration.ofSeconds(3));
    protected static final StubBackend TICKETS = new StubBackend(Duration.ZERO);
    protected static final String SALES_DOWN = StubBackend.closedPortUrl();
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void gatewayProperties(DynamicPropertyRegistry registry) {
        commonProperties(registry);
    }

    public static void commonProperties(DynamicPropertyRegistry registry) {
        registry.add("spring.application.name", () -> "gateway");
        registry.add("crm.gateway.bootstrap-admin-key", () -> ADMIN_KEY);
        registry.add("crm.gateway.services.customer", CUSTOMERS::url);
        registry.add("crm.gateway.services.sales", () -> SALES_DOWN);
        registry.add("crm.gateway.services.marketing", MARKETING::url);
        registry.add("crm.gateway.services.ticket", TICKETS::url);
        registry.add("crm.gateway.oidc.issuer-uri", () -> TestOidcIssuer.get().issuer());
        registry.add("crm.gateway.oidc.jwk-set-uri", () -> TestOidcIssuer.get().jwksUri());
        registry.add("crm.gateway.oidc.audiences", () -> TestOidcIssuer.AUDIENCE);
        registry.add("crm.gateway.cors.allowed-origins", () -> "http://localhost:3000");
        registry.add("crm.gateway.web.max-body-size", () -> "64KB");
        registry.add("crm.gateway.api-keys.last-used-flush-interval", () -> "200ms");
        registry.add("resilience4j.timelimiter.instances.marketing-service.timeout-duration", () -> "500ms");
        registry.add("resilience4j.timelimiter.instances.sales-service.timeout-duration", () -> "2s");
        registry.add("resilience4j.circuitbreaker.instances.customer-service.minimum-number-of-calls", () -> "1000");
        registry.add("resilience4j.circuitbreaker.instances.customer-service.sliding-window-size", () -> "1000");
        registry.add("resilience4j.circuitbreaker.instances.sales-service.minimum-number-of-calls", () -> "1000");
        registry.add("resilience4j.circuitbreaker.instances.sales-service.sliding-window-size", () -> "1000");
        registry.add("resilience4j.circuitbreaker.instances.marketing-service.minimum-number-of-calls", () -> "1000");
        registry.add("resilience4j.circuitbreaker.instances.marketing-service.sliding-window-size", () -> "1000");
        registry.add("resilience4j.circuitbreaker.instances.ticket-service.minimum-number-of-calls", () -> "4");
        registry.add("resilience4j.circuitbreaker.instances.ticket-service.sliding-window-size", () -> "4");
        registry.add("resilience4j.circuitbreaker.instances.ticket-service.wait-duration-in-open-state", () -> "1h");
    }

    protected String base() {
        return "http://127.0.0.1:" + port;
    }

    // ---- HTTP -------------------------------------------------------------------------------------------------

    protected HttpResponse<String> send(String method, String path, String body, String... headers) {
        return sendTo(base(), method, path, body, headers);
    }

    protected static HttpResponse<String> sendTo(String base, String method, String path, String body,
            String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected HttpResponse<String> getWithKey(String path, String key) {
        return send("GET", path, null, "Authorization", "Bearer " + key);
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    protected static void assertProblem(HttpResponse<String> response, int status, String slug) {
        assertProblem(response.statusCode(), response.headers().firstValue("Content-Type"), response.body(), status,
                slug);
    }

    protected static void assertProblem(RawHttp.Response response, int status, String slug) {
        assertProblem(response.status(), response.header("Content-Type"), response.body(), status, slug);
    }

    private static void assertProblem(int actualStatus, Optional<String> contentType, String body, int status,
            String slug) {
        assertThat(actualStatus).as(body).isEqualTo(status);
        assertThat(contentType).as(body).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(body);
        assertThat(problem.path("type").asString()).isEqualTo("https://crmplatform.dev/problems/" + slug);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asString()).isNotBlank();
        assertThat(problem.path("detail").asString()).as(body).isNotBlank();
        assertThat(problem.has("instance")).isTrue();
        assertThat(body).as("no internals").doesNotContain("Exception").doesNotContain("\tat ");
    }

    // ---- admin fixtures ---------------------------------------------------------------------------------------

    protected UUID createTenant(String name) {
        HttpResponse<String> r = send("POST", "/api/v1/admin/tenants",
                JSON.writeValueAsString(Map.of("name", name + "-" + UUID.randomUUID())),
                "Authorization", "Bearer " + ADMIN_KEY);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return UUID.fromString(json(r).path("id").asString());
    }

    public record CreatedKey(UUID id, String key) {
    }

    protected CreatedKey createKey(UUID tenant, List<String> scopes, Map<String, Object> extra) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("tenantId", tenant.toString());
        body.put("name", "test-key");
        body.put("scopes", scopes);
        body.putAll(extra);
        HttpResponse<String> r = send("POST", "/api/v1/admin/api-keys", JSON.writeValueAsString(body),
                "Authorization", "Bearer " + ADMIN_KEY);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode node = json(r);
        return new CreatedKey(UUID.fromString(node.path("id").asString()), node.path("key").asString());
    }

    protected CreatedKey createKey(UUID tenant, String... scopes) {
        return createKey(tenant, List.of(scopes), Map.of());
    }
}
