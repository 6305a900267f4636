package dev.crmplatform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.crmplatform.gateway.apikey.ApiKeySecrets;
import dev.crmplatform.gateway.support.GatewayITSupport;
import redis.clients.jedis.RedisClient;

/** An unexpected failure in one of the gateway's own filters (outside Spring MVC): a problem, without internals. */
class FilterFailureIT extends GatewayITSupport {

    @Autowired
    RedisClient redis;

    @Test
    void aFailureInTheAuthenticationFilterIsA500ProblemWithoutInternals() {
        CreatedKey key = createKey(createTenant("corrupt-cache"), "customers:read");
        // A cache entry nobody can read stands in for any bug: the authentication filter fails on it.
        redis.set("crm:gateway:api-key:" + ApiKeySecrets.hex(ApiKeySecrets.sha256(key.key())), "{not json");

        HttpResponse<String> r = getWithKey("/api/v1/customers", key.key());

        assertProblem(r, 500, "internal-error");
        assertThat(r.body()).doesNotContain("timestamp").doesNotContain("json").doesNotContain("Jackson");
        assertThat(r.headers().firstValue("X-Request-Id")).isPresent();
    }
}
