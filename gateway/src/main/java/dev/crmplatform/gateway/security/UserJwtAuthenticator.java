package dev.crmplatform.gateway.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;

import dev.crmplatform.gateway.config.GatewayProperties;
import dev.crmplatform.gateway.security.GatewayPrincipal.PrincipalType;

/**
 * Validates user JWTs from the configured OIDC issuer (signature via JWKS, issuer, expiry, audience) and maps
 * the configurable tenant and roles claims to a principal. The decoder is built lazily so the gateway starts even
 * when the issuer is not reachable yet.
 */
public class UserJwtAuthenticator {

    private final GatewayProperties.Oidc oidc;
    private final RoleScopes roleScopes;
    private final JwtDecoder decoder;

    public UserJwtAuthenticator(GatewayProperties.Oidc oidc) {
        this.oidc = oidc;
        this.roleScopes = new RoleScopes(oidc);
        this.decoder = createDecoder(oidc);
    }

    public boolean enabled() {
        return decoder != null;
    }

    public GatewayPrincipal authenticate(String token) {
        if (decoder == null) {
            throw new BadCredentialsException("Bearer tokens are not accepted: no OIDC issuer is configured");
        }
        Jwt jwt;
        try {
            jwt = decoder.decode(token);
        }
        catch (JwtValidationException e) {
            boolean expired = e.getErrors().stream().anyMatch(err -> String.valueOf(err.getDescription()).contains("expired"));
            if (expired) {
                throw new CredentialsExpiredException("The bearer token has expired");
            }
            throw new BadCredentialsException("The bearer token is not valid for this gateway");
        }
        catch (JwtException e) {
            throw new BadCredentialsException("The bearer token is not valid");
        }
        List<String> roles = stringList(claim(jwt.getClaims(), oidc.rolesClaim()));
        boolean platformAdmin = roles.contains(oidc.platformAdminRole());
        UUID tenant = tenant(claim(jwt.getClaims(), oidc.tenantClaim()));
        if (tenant == null && !platformAdmin) {
            throw new BadCredentialsException("The bearer token carries no valid tenant");
        }
        Set<String> scopes = roleScopes.scopesFor(roles);
        return new GatewayPrincipal(jwt.getSubject(), tenant, new LinkedHashSet<>(roles), scopes, PrincipalType.USER,
                null, platformAdmin, null, null);
    }

    private static JwtDecoder createDecoder(GatewayProperties.Oidc oidc) {
        boolean hasJwks = oidc.jwkSetUri() != null && !oidc.jwkSetUri().isBlank();
        boolean hasIssuer = oidc.issuerUri() != null && !oidc.issuerUri().isBlank();
        if (!hasJwks && !hasIssuer) {
            return null;
        }
        OAuth2TokenValidator<Jwt> validator = validator(oidc, hasIssuer);
        if (hasJwks) {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(oidc.jwkSetUri())
                    .jwsAlgorithms(algs -> algs.addAll(List.of(SignatureAlgorithm.RS256, SignatureAlgorithm.ES256,
                            SignatureAlgorithm.PS256)))
                    .build();
            decoder.setJwtValidator(validator);
            return decoder;
        }
        return new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder = JwtDecoders.fromIssuerLocation(oidc.issuerUri());
            decoder.setJwtValidator(validator);
            return decoder;
        });
    }

    private static OAuth2TokenValidator<Jwt> validator(GatewayProperties.Oidc oidc, boolean checkIssuer) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(new JwtTimestampValidator(oidc.clockSkew()));
        if (checkIssuer) {
            validators.add(new JwtIssuerValidator(oidc.issuerUri()));
        }
        if (!oidc.audiences().isEmpty()) {
            validators.add(jwt -> {
                List<String> aud = jwt.getAudience();
                return aud != null && aud.stream().anyMatch(oidc.audiences()::contains)
                        ? OAuth2TokenValidatorResult.success()
                        : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
                                "The token is not intended for this audience", null));
            });
        }
        return new DelegatingOAuth2TokenValidator<>(validators);
    }

    /** Reads a claim by a dot path such as {@code realm_access.roles}. */
    static Object claim(Map<String, Object> claims, String path) {
        Object current = claims;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(part);
        }
        return current;
    }

    static List<String> stringList(Object value) {
        if (value instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        if (value instanceof String s && !s.isBlank()) {
            return List.of(s.trim().split("[\\s,]+"));
        }
        return List.of();
    }

    private static UUID tenant(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(String.valueOf(value));
        }
        catch (IllegalArgumentException e) {
            return null;
        }
    }
}
