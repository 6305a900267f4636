package dev.crmplatform.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.crmplatform.gateway.config.GatewayProperties;

class InternalIdentityHeadersTest {

    @Test
    void identityLookalikeHeadersAreStrippedCaseInsensitively() {
        GatewayProperties.Headers defaults = new GatewayProperties.Headers(
                List.of("Authorization", "X-API-Key", "X-Tenant-Id", "Cookie"), List.of("X-User-", "X-Internal-"));
        GatewayProperties properties = new GatewayProperties(null, null, null, null, null, null, null, null, defaults);
        InternalIdentityGatewayFilterFactory factory = new InternalIdentityGatewayFilterFactory(null, properties);
        assertThat(factory.stripped("authorization")).isTrue();
        assertThat(factory.stripped("X-TENANT-ID")).isTrue();
        assertThat(factory.stripped("x-user-roles")).isTrue();
        assertThat(factory.stripped("X-Internal-Anything")).isTrue();
        assertThat(factory.stripped("Content-Type")).isFalse();
        assertThat(factory.stripped("If-Match")).isFalse();
        assertThat(factory.stripped("Idempotency-Key")).isFalse();
    }
}
