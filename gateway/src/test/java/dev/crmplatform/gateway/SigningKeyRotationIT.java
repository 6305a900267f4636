package dev.crmplatform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.crmplatform.gateway.support.GatewayITSupport;
import dev.crmplatform.gateway.token.SigningKeyStore;
import tools.jackson.databind.JsonNode;

/** The internal JWT's signing key rotates; the JWKS keeps the old key while its tokens may still be in flight. */
class SigningKeyRotationIT extends GatewayITSupport {

    @Autowired
    SigningKeyStore keys;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aDueKeyIsReplacedAndBothArePublishedDuringTheOverlap() {
        UUID tenant = createTenant("rotation-keys");
        CreatedKey apiKey = createKey(tenant, "customers:read");
        String before = json(getWithKey("/api/v1/customers", apiKey.key())).path("headers").path("authorization")
                .asString();
        String oldKid = InternalTokens.kid(before);

        // Make the current key older than the rotation interval (24 h), as if a day had passed.
        jdbc.sql("update internal_signing_keys set created_at = created_at - interval '25 hours'").update();
        keys.refresh();

        List<String> published = kids();
        assertThat(published).contains(oldKid).hasSizeGreaterThanOrEqualTo(2);
        String newKid = published.stream().filter(k -> !k.equals(oldKid)).reduce((a, b) -> b).orElseThrow();
        // The new key is not used before every instance had a key-check interval to publish it.
        assertThat(keys.current().kid()).isEqualTo(oldKid);
        // Once it is old enough it signs, and tokens of the old key stay verifiable meanwhile.
        jdbc.sql("update internal_signing_keys set created_at = created_at - interval '2 minutes' where kid = :kid")
                .param("kid", newKid).update();
        keys.refresh();
        assertThat(keys.current().kid()).isEqualTo(newKid);
        assertThat(InternalTokens.claims(before, base()).path("key_id").asString()).isEqualTo(apiKey.id().toString());

        CreatedKey fresh = createKey(tenant, "customers:read");
        String after = json(getWithKey("/api/v1/customers", fresh.key())).path("headers").path("authorization")
                .asString();
        assertThat(InternalTokens.kid(after)).isEqualTo(newKid);
        assertThat(InternalTokens.claims(after, base()).path("key_id").asString()).isEqualTo(fresh.id().toString());
    }

    private List<String> kids() {
        JsonNode jwks = json(send("GET", "/.well-known/jwks.json", null));
        List<String> kids = new java.util.ArrayList<>();
        jwks.path("keys").forEach(k -> kids.add(k.path("kid").asString()));
        return kids;
    }
}
