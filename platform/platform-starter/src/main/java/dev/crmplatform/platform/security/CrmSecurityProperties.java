package dev.crmplatform.platform.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Resource-server settings ({@code crm.security.*}).
 *
 * @param jwkSetUri   the gateway's JWKS URL (required)
 * @param issuer      required {@code iss} of the internal JWT
 * @param audience    required entry of {@code aud}
 * @param scopeArea   when set (e.g. {@code customers}), GET/HEAD under {@code /api/**} need {@code <area>:read} and
 *                    every other method {@code <area>:write}
 * @param publicPaths extra path patterns open without a token (e.g. {@code /v3/api-docs/**})
 */
@ConfigurationProperties("crm.security")
public record CrmSecurityProperties(
        String jwkSetUri,
        @DefaultValue("crm-gateway") String issuer,
        @DefaultValue("crm-services") String audience,
        String scopeArea,
        @DefaultValue List<String> publicPaths) {

    public String readScope() {
        return scopeArea + ":read";
    }

    public String writeScope() {
        return scopeArea + ":write";
    }

    public boolean hasScopeArea() {
        return scopeArea != null && !scopeArea.isBlank();
    }
}
