package dev.crmplatform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.gateway.server.mvc.handler.ProxyExchange;

import dev.crmplatform.gateway.routing.KnownLengthProxyExchange;
import dev.crmplatform.gateway.support.GatewayITSupport;
import tools.jackson.databind.JsonNode;

/** Body limit, response framing, CORS, unknown paths, docs, JWKS and health. */
class WebEdgesIT extends GatewayITSupport {

    @Autowired
    ProxyExchange proxyExchange;

    @Test
    void oversizedBodyWithContentLengthIs413() {
        UUID tenant = createTenant("big");
        CreatedKey key = createKey(tenant, "customers:write");
        int before = CUSTOMERS.requests();
        String body = "{\"x\":\"" + "a".repeat(70 * 1024) + "\"}";
        HttpResponse<String> r = send("POST", "/api/v1/customers", body, "Authorization", "Bearer " + key.key());
        assertProblem(r, 413, "payload-too-large");
        assertThat(CUSTOMERS.requests()).isEqualTo(before);
        assertThat(send("POST", "/api/v1/customers", "{\"x\":1}", "Authorization", "Bearer " + key.key())
                .statusCode()).isEqualTo(200);
    }

    @Test
    void oversizedChunkedBodyIs413() throws Exception {
        UUID tenant = createTenant("chunked");
        CreatedKey key = createKey(tenant, "customers:write");
        byte[] chunk = new byte[8 * 1024];
        Arrays.fill(chunk, (byte) 'a');
        // A publisher of unknown length makes the JDK client send Transfer-Encoding: chunked.
        HttpRequest.BodyPublisher chunked = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.SequenceInputStream(
                        new java.util.Enumeration<java.io.InputStream>() {
                            int n;

                            public boolean hasMoreElements() {
                                return n < 20;
                            }

                            public java.io.InputStream nextElement() {
                                n++;
                                return new java.io.ByteArrayInputStream(chunk);
                            }
                        })));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/api/v1/customers"))
                .header("Authorization", "Bearer " + key.key()).header("Content-Type", "application/json")
                .POST(chunked).build();
        HttpResponse<String> r;
        try {
            r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException e) {
            // The server may close the connection while the client is still sending; that is a rejection too.
            return;
        }
        assertProblem(r, 413, "payload-too-large");
    }

    @Test
    void corsPreflightForConfiguredOriginOnly() {
        HttpResponse<String> allowed = send("OPTIONS", "/api/v1/customers", null,
                "Origin", "http://localhost:3000", "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "authorization,content-type,idempotency-key");
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:3000");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Methods").orElseThrow()).contains("POST");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers").orElseThrow().toLowerCase())
                .contains("authorization").contains("idempotency-key");

        HttpResponse<String> denied = send("OPTIONS", "/api/v1/customers", null,
                "Origin", "https://evil.example", "Access-Control-Request-Method", "POST");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void corsRejectionsAreProblems() {
        int before = CUSTOMERS.requests();
        assertProblem(send("OPTIONS", "/api/v1/customers", null, "Origin", "https://evil.example",
                "Access-Control-Request-Method", "POST"), 403, "forbidden");
        assertProblem(send("OPTIONS", "/api/v1/customers", null, "Origin", "http://localhost:3000",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "x-not-allowed"), 403,
                "forbidden");
        CreatedKey key = createKey(createTenant("cors-denied"), "customers:read");
        HttpResponse<String> actual = send("GET", "/api/v1/customers", null, "Authorization", "Bearer " + key.key(),
                "Origin", "https://evil.example");
        assertProblem(actual, 403, "forbidden");
        assertThat(actual.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(CUSTOMERS.requests()).isEqualTo(before);
    }

    @Test
    void aDownstreamAnswerOfKnownLengthIsPassedOnWithItNotChunked() {
        // One write to the client instead of a chunked body and a closing chunk (see DeferredFlushFilter).
        UUID tenant = createTenant("length");
        CreatedKey key = createKey(tenant, "customers:read");
        HttpResponse<String> r = getWithKey("/api/v1/customers/sized", key.key());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Transfer-Encoding")).isEmpty();
        assertThat(r.headers().firstValueAsLong("Content-Length"))
                .hasValue(r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        // copied through a buffer of that length, not Spring Cloud Gateway's 16 KB one
        assertThat(proxyExchange).isInstanceOf(KnownLengthProxyExchange.class);
    }

    @Test
    void corsHeadersOnActualResponsesExposeRateLimitAndRequestId() {
        UUID tenant = createTenant("cors");
        CreatedKey key = createKey(tenant, "customers:read");
        HttpResponse<String> r = send("GET", "/api/v1/customers", null, "Authorization", "Bearer " + key.key(),
                "Origin", "http://localhost:3000");
        assertThat(r.headers().allValues("Access-Control-Allow-Origin")).containsExactly("http://localhost:3000");
        assertThat(r.headers().firstValue("Access-Control-Expose-Headers").orElseThrow())
                .contains("RateLimit").contains("X-Request-Id");
    }

    @Test
    void unknownPathsAre404Problems() {
        UUID tenant = createTenant("unknown");
        CreatedKey key = createKey(tenant, "customers:read", "analytics:read");
        assertProblem(getWithKey("/api/v1/nonexistent", key.key()), 404, "not-found");
        // analytics-service is not configured in this context: no route.
        assertProblem(getWithKey("/api/v1/analytics/rfm", key.key()), 404, "not-found");
        assertProblem(send("GET", "/nothing-here", null), 404, "not-found");
    }

    @Test
    void aggregatedOpenApiAndSwaggerUi() {
        HttpResponse<String> all = send("GET", "/v3/api-docs", null);
        assertThat(all.statusCode()).isEqualTo(200);
        JsonNode doc = json(all);
        assertThat(doc.path("paths").has("/api/v1/admin/api-keys")).isTrue();
        assertThat(doc.path("paths").has("/api/v1/customers")).isTrue();
        assertThat(doc.path("components").path("schemas").has("Problem")).isTrue();

        HttpResponse<String> admin = send("GET", "/v3/api-docs/gateway-admin-v1", null);
        assertThat(json(admin).path("paths").has("/api/v1/admin/tenants")).isTrue();
        assertThat(json(admin).path("paths").has("/api/v1/customers")).isFalse();
        HttpResponse<String> customer = send("GET", "/v3/api-docs/customer-v1", null);
        assertThat(json(customer).path("paths").has("/api/v1/customers")).isTrue();
        assertProblem(send("GET", "/v3/api-docs/nope", null), 404, "not-found");

        JsonNode config = json(send("GET", "/v3/api-docs/swagger-config", null));
        assertThat(config.path("urls").toString()).contains("/v3/api-docs/customer-v1")
                .contains("/v3/api-docs/gateway-admin-v1");

        HttpResponse<String> ui = send("GET", "/swagger-ui.html", null);
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui-bundle.js");
        String bundle = ui.body().replaceAll("(?s).*src=\"([^\"]*swagger-ui-bundle.js)\".*", "$1");
        assertThat(send("GET", bundle, null).statusCode()).isEqualTo(200);
    }

    @Test
    void jwksIsPublishedForServices() {
        HttpResponse<String> r = send("GET", "/.well-known/jwks.json", null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode key = json(r).path("keys").get(0);
        assertThat(key.path("kty").asString()).isEqualTo("RSA");
        assertThat(key.path("alg").asString()).isEqualTo("RS256");
        assertThat(key.path("kid").asString()).startsWith("gw-");
        assertThat(key.has("d")).isFalse();
    }

    @Test
    void healthIsPublic() {
        HttpResponse<String> r = send("GET", "/actuator/health", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"UP\"");
    }
}
