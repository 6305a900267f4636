package dev.crmplatform.platform.webtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.crmplatform.platform.tenancy.TenantContext;

import tools.jackson.databind.JsonNode;

class ErrorHandlingIT extends WebIntegrationTestSupport {

    private final UUID tenant = UUID.randomUUID();

    @Autowired
    WidgetService service;

    @AfterEach
    void rejectedRequestsWroteNothing() {
        assertThat(TenantContext.callAs(tenant, service::countInTransaction)).isZero();
    }

    @Test
    void beanValidationFailureListsFieldErrors() {
        JsonNode body = assertProblem(postJson("/api/widgets", tenant, "{\"name\":\"\",\"size\":-1}"), 400,
                "validation-failed");
        assertThat(body.path("errors").findValuesAsString("field")).containsExactlyInAnyOrder("name", "size");
        assertThat(body.path("errors").get(0).path("message").asString()).isNotBlank();
    }

    @Test
    void methodParameterValidationFailure() {
        JsonNode body = assertProblem(get("/api/widgets/validated?code=toolong", tenant), 400, "validation-failed");
        assertThat(body.path("errors").get(0).path("field").asString()).isEqualTo("code");
    }

    @Test
    void serviceLevelConstraintViolation() {
        JsonNode body = assertProblem(postJson("/api/widgets/service-validated", tenant, "{\"name\":\" \"}"), 400,
                "validation-failed");
        assertThat(body.path("errors").get(0).path("field").asString()).isEqualTo("command.name");
    }

    @Test
    void malformedJson() {
        JsonNode body = assertProblem(postJson("/api/widgets", tenant, "{\"name\": "), 400, "malformed-json");
        assertThat(body.path("detail").asString()).doesNotContain("tools.jackson", "Exception");
    }

    @Test
    void missingBody() {
        assertProblem(postJson("/api/widgets", tenant, ""), 400, "malformed-json");
    }

    @Test
    void wrongTypeInBody() {
        JsonNode body = assertProblem(postJson("/api/widgets", tenant, "{\"name\":\"a\",\"size\":\"big\"}"), 400,
                "invalid-value");
        assertThat(body.path("errors").get(0).path("field").asString()).isEqualTo("size");
        assertThat(body.path("errors").get(0).path("message").asString()).isEqualTo("must be an integer");
    }

    @Test
    void unknownEnumValueNamesTheAllowedValues() {
        JsonNode body = assertProblem(postJson("/api/widgets", tenant, "{\"name\":\"a\",\"color\":\"PURPLE\"}"),
                400, "invalid-value");
        assertThat(body.path("errors").get(0).path("field").asString()).isEqualTo("color");
        assertThat(body.path("errors").get(0).path("message").asString())
                .isEqualTo("must be one of [RED, GREEN, BLUE]");
    }

    @Test
    void unknownEnumInPath() {
        JsonNode body = assertProblem(get("/api/widgets/by-color/PURPLE", tenant), 400, "invalid-value");
        assertThat(body.path("errors").get(0).path("message").asString()).contains("RED, GREEN, BLUE");
    }

    @Test
    void wrongTypeInQueryParameter() {
        JsonNode body = assertProblem(get("/api/widgets/search?minSize=abc", tenant), 400, "invalid-value");
        assertThat(body.path("errors").get(0).path("field").asString()).isEqualTo("minSize");
    }

    @Test
    void wrongTypeInPathVariable() {
        assertProblem(get("/api/widgets/not-a-uuid", tenant), 400, "invalid-value");
    }

    @Test
    void aRepeatedQueryParameterIsRefusedRatherThanHalfUsed() {
        JsonNode body = assertProblem(get("/api/widgets/search?minSize=1&other=x&minSize=2", tenant), 400,
                "bad-request");
        assertThat(body.path("detail").asString()).isEqualTo("Query parameter minSize can be given only once.");
        assertThat(get("/api/widgets/search?minSize=1&other=x", tenant).body()).isEqualTo("ok 1");
    }

    @Test
    void missingQueryParameter() {
        JsonNode body = assertProblem(get("/api/widgets/search", tenant), 400, "missing-parameter");
        assertThat(body.path("errors").get(0).path("field").asString()).isEqualTo("minSize");
    }

    @Test
    void methodNotAllowed() {
        HttpResponse<String> response = send(request("/api/widgets/search", tenant).DELETE());
        assertProblem(response, 405, "method-not-allowed");
        assertThat(response.headers().firstValue("Allow")).isPresent();
    }

    @Test
    void notAcceptable() {
        assertProblem(send(request("/api/widgets", tenant).header("Accept", "image/png").GET()),
                406, "not-acceptable");
    }

    @Test
    void unsupportedMediaType() {
        assertProblem(send(request("/api/widgets", tenant).header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofString("<widget/>"))), 415, "unsupported-media-type");
    }

    @Test
    void unknownRoute() {
        assertProblem(get("/api/no-such-thing", tenant), 404, "not-found");
        assertProblem(get("/nowhere", tenant), 404, "not-found");
    }

    @Test
    void unknownId() {
        JsonNode body = assertProblem(get("/api/widgets/" + UUID.randomUUID(), tenant), 404, "not-found");
        assertThat(body.path("resource").asString()).isEqualTo("Widget");
    }

    @Test
    void optimisticConflict() {
        assertProblem(get("/api/widgets/conflict", tenant), 409, "concurrent-modification");
    }

    @Test
    void unexpectedExceptionLeaksNothing() {
        HttpResponse<String> response = get("/api/widgets/boom", tenant);
        JsonNode body = assertProblem(response, 500, "internal-error");
        assertThat(response.body()).doesNotContain("secret", "hunter2", "IllegalStateException", "at dev.");
        assertThat(body.path("requestId").asString())
                .isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
    }

    @Test
    void failuresOutsideSpringMvcAreProblemsToo() {
        HttpResponse<String> response = get("/api/widgets/filter-boom", tenant);
        JsonNode body = assertProblem(response, 500, "internal-error");
        assertThat(response.body()).doesNotContain("hunter2", "IllegalStateException");
        assertThat(body.path("requestId").asString())
                .isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
    }

    @Test
    void oversizedBodyWithContentLength() {
        String big = "{\"name\":\"" + "x".repeat(70 * 1024) + "\"}";
        JsonNode body = assertProblem(postJson("/api/widgets", tenant, big), 413, "payload-too-large");
        assertThat(body.path("maxBytes").asLong()).isEqualTo(64 * 1024);
    }

    @Test
    void oversizedChunkedBody() {
        // ofInputStream has no length, so the client sends it chunked: only counting while reading can catch it.
        byte[] big = new byte[100 * 1024];
        HttpResponse<String> response = send(request("/api/widgets/echo-size", tenant)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))));
        assertProblem(response, 413, "payload-too-large");
    }

    @Test
    void largeBodyPathAcceptsMore() {
        byte[] big = new byte[1024 * 1024];
        HttpResponse<String> response = send(request("/api/widgets/upload", tenant)
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofByteArray(big)));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(String.valueOf(big.length));
    }

    @Test
    void requestIdIsEchoedOrGenerated() {
        HttpResponse<String> echoed = send(request("/api/widgets/search?minSize=1", tenant)
                .header("X-Request-Id", "abc-123").GET());
        assertThat(echoed.headers().firstValue("X-Request-Id")).hasValue("abc-123");
        HttpResponse<String> generated = send(request("/api/widgets/search?minSize=1", tenant)
                .header("X-Request-Id", "bad value; injected").GET());
        assertThat(generated.headers().firstValue("X-Request-Id")).hasValueSatisfying(
                id -> assertThat(id).hasSize(36).isNotEqualTo("bad value"));
    }

    @Test
    void traceparentIsContinued() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        HttpResponse<String> response = send(request("/api/widgets/trace", tenant)
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01").GET());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(traceId);
    }
}
