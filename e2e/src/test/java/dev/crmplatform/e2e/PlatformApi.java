package dev.crmplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Tenants, API keys and credentials through the gateway's admin API, for the journeys. */
final class PlatformApi {

    static final List<String> CUSTOMER_SCOPES = List.of("customers:read", "customers:write");
    static final List<String> ALL_DOMAIN_SCOPES = List.of("customers:read", "customers:write", "sales:read",
            "sales:write");
    private static final Map<String, String> KEY_TENANTS = new ConcurrentHashMap<>();

    private PlatformApi() {
    }

    static String gateway() {
        return RunningPlatform.get().gateway;
    }

    static Map<String, String> admin() {
        return Map.of("Authorization", "Bearer " + RunningPlatform.get().adminKey);
    }

    static Map<String, String> key(String secret) {
        return Map.of("X-API-Key", secret);
    }

    static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    static String tenant(String name) {
        Http.Response created = Http.post(gateway() + "/api/v1/admin/tenants",
                "{\"name\":\"" + name + "-" + UUID.randomUUID() + "\"}", admin());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    static Http.Response createKey(String tenant, List<String> scopes, int perMinute) {
        String scopeJson = scopes.stream().map(s -> "\"" + s + "\"").reduce((a, b) -> a + "," + b).orElse("");
        Http.Response created = Http.post(gateway() + "/api/v1/admin/api-keys", "{\"tenantId\":\"" + tenant
                + "\",\"name\":\"e2e\",\"scopes\":[" + scopeJson + "],\"rateLimitPerMinute\":" + perMinute + "}", admin());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        KEY_TENANTS.put(created.json().get("key").asString(), tenant);
        return created;
    }

    static String apiKey(String tenant, List<String> scopes, int perMinute) {
        return createKey(tenant, scopes, perMinute).json().get("key").asString();
    }

    static String tenantOf(String key) {
        return KEY_TENANTS.get(key);
    }

    /** A demo user's access token from the dev issuer (authorization code + PKCE through its login form). */
    static String userToken(String username) {
        return DevIssuerLogin.accessToken("http://localhost:" + RunningPlatform.get().issuerPort, username);
    }
}
