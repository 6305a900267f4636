package dev.crmplatform.gateway.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.ParseException;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.nimbusds.jwt.SignedJWT;

import dev.crmplatform.gateway.security.GatewayPrincipal;
import dev.crmplatform.gateway.security.GatewayPrincipal.PrincipalType;
import dev.crmplatform.gateway.support.GatewayITSupport;

/** A minted internal token is reused only for a principal equal to the one it was minted for. */
class InternalTokenReuseIT extends GatewayITSupport {

    @Autowired
    InternalTokenService tokens;

    @Test
    void anEqualPrincipalReusesTheTokenAndAnyDifferenceMintsANewOne() throws ParseException {
        UUID tenant = UUID.randomUUID();
        String subject = "user-" + UUID.randomUUID();
        String first = tokens.tokenFor(user(subject, tenant, Set.of("customers:read")));

        assertThat(tokens.tokenFor(user(subject, tenant, Set.of("customers:read")))).isEqualTo(first);

        String moreScopes = tokens.tokenFor(user(subject, tenant, Set.of("customers:read", "customers:write")));
        assertThat(moreScopes).isNotEqualTo(first);
        assertThat(SignedJWT.parse(moreScopes).getJWTClaimsSet().getStringListClaim("scopes"))
                .containsExactly("customers:read", "customers:write");

        UUID otherTenant = UUID.randomUUID();
        String sameSubjectOtherTenant = tokens.tokenFor(user(subject, otherTenant, Set.of("customers:read")));
        assertThat(SignedJWT.parse(sameSubjectOtherTenant).getJWTClaimsSet().getStringClaim("tenant"))
                .isEqualTo(otherTenant.toString());
        assertThat(SignedJWT.parse(tokens.tokenFor(user(subject, tenant, Set.of("customers:read"))))
                .getJWTClaimsSet().getStringClaim("tenant")).isEqualTo(tenant.toString());
    }

    private static GatewayPrincipal user(String subject, UUID tenant, Set<String> scopes) {
        return new GatewayPrincipal(subject, tenant, Set.of("SALES_REP"), scopes, PrincipalType.USER, null, false,
                null, null);
    }
}
