package dev.crmplatform.gateway.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

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

/**
 * Stands in for the frontend users' OIDC issuer: an RSA key, its JWKS over HTTP, and user tokens with the
 * claims the gateway is configured to read (tenant, roles). Distinct from the gateway's internal tokens on purpose.
 */
public final class TestOidcIssuer {

    public static final String AUDIENCE = "crm-frontend";
    private static TestOidcIssuer instance;

    private final RSAKey key;
    private final RSAKey otherKey;
    private final String baseUrl;

    private TestOidcIssuer() {
        try {
            key = new RSAKeyGenerator(2048).keyID("oidc-" + UUID.randomUUID()).generate();
            otherKey = new RSAKeyGenerator(2048).keyID("rogue-" + UUID.randomUUID()).generate();
            byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/jwks", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(jwks);
                }
            });
            server.start();
            baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        }
        catch (JOSEException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static synchronized TestOidcIssuer get() {
        if (instance == null) {
            instance = new TestOidcIssuer();
        }
        return instance;
    }

    public String issuer() {
        return baseUrl + "/issuer";
    }

    public String jwksUri() {
        return baseUrl + "/jwks";
    }

    public String user(UUID tenant, String subject, List<String> roles) {
        return sign(key, issuer(), AUDIENCE, tenant, subject, roles, Duration.ofMinutes(5));
    }

    public String sign(boolean rogueKey, String issuer, String audience, UUID tenant, String subject,
            List<String> roles, Duration lifetime) {
        return sign(rogueKey ? otherKey : key, issuer, audience, tenant, subject, roles, lifetime);
    }

    private static String sign(RSAKey signingKey, String issuer, String audience, UUID tenant, String subject,
            List<String> roles, Duration lifetime) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).audience(audience).subject(subject)
                .issueTime(Date.from(now.minus(Duration.ofMinutes(10))))
                .expirationTime(Date.from(now.plus(lifetime)))
                .claim("roles", roles)
                .claim("email", subject + "@example.test");
        if (tenant != null) {
            claims.claim("tenant", tenant.toString());
        }
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID())
                    .build(), claims.build());
            jwt.sign(new RSASSASigner(signingKey));
            return jwt.serialize();
        }
        catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

}
