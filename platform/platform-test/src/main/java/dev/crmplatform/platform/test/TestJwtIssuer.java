package dev.crmplatform.platform.test;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Stands in for the gateway in service tests: mints internal JWTs (RS256) and serves their JWKS over HTTP,
 * so services validate tokens exactly as in production.
 */
public final class TestJwtIssuer {

    public static final String ISSUER = "crm-gateway";
    public static final String AUDIENCE = "crm-services";

    private static TestJwtIssuer instance;

    private final RSAKey key;
    private final String jwksUri;

    private TestJwtIssuer() {
        try {
            key = new RSAKeyGenerator(2048).keyID("test-" + UUID.randomUUID()).generate();
            String jwks = new JWKSet(key.toPublicJWK()).toString();
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/.well-known/jwks.json", exchange -> {
                byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            jwksUri = "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json";
        } catch (JOSEException | IOException e) {
            throw new IllegalStateException("Could not start the test JWT issuer", e);
        }
    }

    public static synchronized TestJwtIssuer get() {
        if (instance == null) {
            instance = new TestJwtIssuer();
        }
        return instance;
    }

    public static String jwksUri() {
        return get().jwksUri;
    }

    /** A user token for the tenant with the given scopes. */
    public static String token(UUID tenant, String subject, Set<String> scopes) {
        return get().sign(TokenSpec.user(tenant, subject, scopes));
    }

    public static String token(TokenSpec spec) {
        return get().sign(spec);
    }

    /** What goes into a token; defaults match the gateway's, and each can be overridden for negative tests. */
    public record TokenSpec(UUID tenant, String subject, Set<String> scopes, Set<String> roles, String principalType,
                            String keyId, String issuer, String audience, Duration lifetime) {

        public static TokenSpec user(UUID tenant, String subject, Set<String> scopes) {
            return new TokenSpec(tenant, subject, scopes, Set.of(), "user", null, ISSUER, AUDIENCE, Duration.ofMinutes(5));
        }

        public static TokenSpec apiKey(UUID tenant, String keyId, Set<String> scopes) {
            return new TokenSpec(tenant, "api-key:" + keyId, scopes, Set.of(), "api_key", keyId, ISSUER, AUDIENCE,
                    Duration.ofMinutes(5));
        }

        public TokenSpec withRoles(Set<String> newRoles) {
            return new TokenSpec(tenant, subject, scopes, newRoles, principalType, keyId, issuer, audience, lifetime);
        }

        public TokenSpec withIssuer(String newIssuer) {
            return new TokenSpec(tenant, subject, scopes, roles, principalType, keyId, newIssuer, audience, lifetime);
        }

        public TokenSpec withAudience(String newAudience) {
            return new TokenSpec(tenant, subject, scopes, roles, principalType, keyId, issuer, newAudience, lifetime);
        }

        /** A negative lifetime gives an already expired token. */
        public TokenSpec withLifetime(Duration newLifetime) {
            return new TokenSpec(tenant, subject, scopes, roles, principalType, keyId, issuer, audience, newLifetime);
        }
    }

    private String sign(TokenSpec spec) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(spec.issuer())
                .audience(spec.audience())
                .subject(spec.subject())
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now.minusSeconds(spec.lifetime().isNegative() ? 600 : 0)))
                .expirationTime(Date.from(now.plus(spec.lifetime())))
                .claim("tenant", spec.tenant() == null ? null : spec.tenant().toString())
                .claim("roles", List.copyOf(spec.roles()))
                .claim("scopes", List.copyOf(spec.scopes()))
                .claim("principal_type", spec.principalType());
        if (spec.keyId() != null) {
            claims.claim("key_id", spec.keyId());
        }
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    claims.build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
