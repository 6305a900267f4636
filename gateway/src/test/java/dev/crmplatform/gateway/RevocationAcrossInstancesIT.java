package dev.crmplatform.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import dev.crmplatform.gateway.support.GatewayITSupport;

/**
 * Two gateway instances on the same database and Redis: a key revoked (or rotated away) through one is refused by
 * the other within 1 s, although the other has just used and cached it.
 */
class RevocationAcrossInstancesIT extends GatewayITSupport {

    private static ConfigurableApplicationContext second;
    private static String secondBase;

    @Autowired
    Environment environment;

    @BeforeEach
    void startSecondInstance() {
        if (second != null) {
            return;
        }
        Map<String, Object> props = new LinkedHashMap<>();
        GatewayITSupport.commonProperties((name, value) -> props.put(name, value.get()));
        for (String name : new String[] {"spring.datasource.url", "spring.datasource.username",
                "spring.datasource.password", "crm.redis.host", "crm.redis.port"}) {
            props.put(name, environment.getProperty(name));
        }
        props.put("server.port", "0");
        props.put("spring.datasource.hikari.maximum-pool-size", "3");
        // Command-line arguments: they override application.yml, as the test context's own properties do.
        second = new SpringApplicationBuilder(GatewayApplication.class)
                .run(props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
        secondBase = "http://127.0.0.1:" + second.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stopSecondInstance() {
        if (second != null) {
            second.close();
        }
    }

    @Test
    void revocationThroughOneInstanceIsSeenByTheOtherWithinOneSecond() {
        UUID tenant = createTenant("two-instances");
        CreatedKey key = createKey(tenant, "customers:read");
        // Both instances have the key in their caches.
        assertThat(getWithKey("/api/v1/customers", key.key()).statusCode()).isEqualTo(200);
        assertThat(sendTo(secondBase, "GET", "/api/v1/customers", null, "Authorization", "Bearer " + key.key())
                .statusCode()).isEqualTo(200);

        HttpResponse<String> revoke = send("DELETE", "/api/v1/admin/api-keys/" + key.id(), null,
                "Authorization", "Bearer " + ADMIN_KEY);
        assertThat(revoke.statusCode()).isEqualTo(204);
        long revokedAt = System.nanoTime();

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> assertProblem(
                sendTo(secondBase, "GET", "/api/v1/customers", null, "Authorization", "Bearer " + key.key()),
                401, "unauthorized"));
        assertThat((System.nanoTime() - revokedAt) / 1_000_000).isLessThan(1_000);
    }

    @Test
    void bothInstancesSignWithKeysTheOtherPublishes() {
        UUID tenant = createTenant("jwks");
        CreatedKey key = createKey(tenant, "customers:read");
        String viaSecond = json(sendTo(secondBase, "GET", "/api/v1/customers", null, "X-API-Key", key.key()))
                .path("headers").path("authorization").asString();
        // A service configured with the first instance's JWKS accepts the second instance's token.
        assertThat(InternalTokens.claims(viaSecond, base()).path("key_id").asString()).isEqualTo(key.id().toString());
    }
}
