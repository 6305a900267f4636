package dev.crmplatform.gateway;

import java.util.ArrayList;
import java.util.List;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Verifies an internal token exactly as a service would: the gateway's JWKS, issuer crm-gateway, audience crm-services. */
final class InternalTokens {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private InternalTokens() {
    }

    static JsonNode claims(String authorizationHeader, String gatewayBase) {
        String token = authorizationHeader.substring("Bearer ".length());
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(gatewayBase + "/.well-known/jwks.json").build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer("crm-gateway"),
                new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains("crm-services"))));
        Jwt jwt = decoder.decode(token);
        return JSON.valueToTree(jwt.getClaims());
    }

    static String kid(String authorizationHeader) {
        String token = authorizationHeader.substring("Bearer ".length());
        String header = new String(java.util.Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))));
        return JSON.readTree(header).path("kid").asString();
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }
}
