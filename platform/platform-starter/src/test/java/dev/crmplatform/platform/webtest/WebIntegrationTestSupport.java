package dev.crmplatform.platform.webtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import dev.crmplatform.platform.test.CrmIntegrationTest;
import dev.crmplatform.platform.test.TestJwtIssuer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shared set-up of the starter's integration tests: one Spring context (same annotations and properties in every
 * subclass), real HTTP on a random port, tokens from the test issuer.
 */
@CrmIntegrationTest
@AutoConfigureMetrics
@TestPropertySource(properties = {
        "spring.application.name=platform-web",
        "spring.flyway.locations=classpath:db/webtest",
        "spring.flyway.table=flyway_schema_history",
        "crm.security.scope-area=widgets",
        "crm.logging.structured=false",
        "crm.web.max-body-size=64KB",
        "crm.web.large-body-paths=/api/widgets/upload",
        "crm.web.large-body-max-size=4MB" })
abstract class WebIntegrationTestSupport {

    static final String PROBLEM_JSON = "application/problem+json";
    static final Set<String> READ_WRITE = Set.of("widgets:read", "widgets:write");

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    static String token(UUID tenant, Set<String> scopes) {
        return TestJwtIssuer.token(tenant, "user-" + tenant.toString().substring(0, 8), scopes);
    }

    HttpRequest.Builder request(String path, UUID tenant) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        if (tenant != null) {
            builder.header("Authorization", "Bearer " + token(tenant, READ_WRITE));
        }
        return builder;
    }

    HttpResponse<String> get(String path, UUID tenant) {
        return send(request(path, tenant).GET());
    }

    HttpResponse<String> postJson(String path, UUID tenant, String json) {
        return send(request(path, tenant).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    static HttpResponse<String> send(HttpRequest.Builder builder) {
        try {
            return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        return JsonMapper.shared().readTree(response.body());
    }

    /** Asserts an RFC 9457 response with a stable type and the request path as instance; returns the body. */
    static JsonNode assertProblem(HttpResponse<String> response, int status, String slug) {
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith(PROBLEM_JSON));
        JsonNode body = json(response);
        assertThat(body.path("type").asString()).isEqualTo("https://crmplatform.dev/problems/" + slug);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("title").asString()).isNotBlank();
        assertThat(body.path("instance").asString()).isEqualTo(response.uri().getRawPath());
        assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
        return body;
    }

    static String createBody(String name) {
        return "{\"name\":\"" + name + "\",\"color\":\"RED\",\"size\":1}";
    }
}
