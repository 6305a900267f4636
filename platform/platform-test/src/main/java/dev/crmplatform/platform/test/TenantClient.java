package dev.crmplatform.platform.test;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real HTTP calls to a running service as one tenant's user, with a token from the test issuer. Error statuses are
 * returned, not thrown, so tests assert on problems. Each service's tests extend it with their scopes and helpers.
 */
public class TenantClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RestClient http;
    private final UUID tenant;

    protected TenantClient(int port, UUID tenant, Set<String> scopes) {
        this(port, tenant, TestJwtIssuer.token(tenant, "user-" + tenant.toString().substring(0, 8), scopes));
    }

    private TenantClient(int port, UUID tenant, String token) {
        this.tenant = tenant;
        this.http = RestClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .defaultStatusHandler(status -> true, (request, response) -> { })
                .build();
    }

    public UUID tenant() {
        return tenant;
    }

    public RestClient http() {
        return http;
    }

    public Response get(String path) {
        return exchange(HttpMethod.GET, path, null, null, Map.of());
    }

    public Response post(String path, String jsonBody) {
        return exchange(HttpMethod.POST, path, jsonBody, MediaType.APPLICATION_JSON, Map.of());
    }

    public Response put(String path, String jsonBody) {
        return exchange(HttpMethod.PUT, path, jsonBody, MediaType.APPLICATION_JSON, Map.of());
    }

    public Response delete(String path) {
        return exchange(HttpMethod.DELETE, path, null, null, Map.of());
    }

    public Response patch(String path, String mergePatch, String ifMatch) {
        return exchange(HttpMethod.PATCH, path, mergePatch, MediaType.valueOf("application/merge-patch+json"),
                ifMatch == null ? Map.of() : Map.of(HttpHeaders.IF_MATCH, ifMatch));
    }

    public Response exchange(HttpMethod method, String path, String body, MediaType contentType,
                             Map<String, String> headers) {
        var spec = http.method(method).uri(path);
        headers.forEach(spec::header);
        if (body != null) {
            spec.contentType(contentType).body(body);
        }
        ResponseEntity<String> entity = spec.retrieve().toEntity(String.class);
        return new Response(entity.getStatusCode().value(), entity.getHeaders(), entity.getBody());
    }

    public record Response(int status, HttpHeaders headers, String body) {

        public JsonNode json() {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        }

        public String problemType() {
            return json().path("type").asString();
        }

        public String header(String name) {
            return headers.getFirst(name);
        }
    }
}
