package dev.crmplatform.gateway.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.crmplatform.gateway.config.GatewayProperties;
import dev.crmplatform.gateway.security.GatewayPrincipal;

/**
 * Mints the short-lived internal JWT services trust: RS256, {@code kid} of the current rotating key, issuer
 * {@code crm-gateway}, audience {@code crm-services}, claims sub, tenant, roles, scopes, principal_type, key_id.
 * <p>
 * An RSA signature costs about a millisecond, so a token is reused for the same principal while it still has more
 * than half of its lifetime left.
 */
@Component
public class InternalTokenService {

    /** Reused for an equal principal until half of its lifetime is left. */
    private record Minted(GatewayPrincipal principal, String token, Instant reuseUntil) {
    }

    private record Owner(String subject, UUID tenantId) {
    }

    private final SigningKeyStore keys;
    private final GatewayProperties.InternalToken properties;
    private final Clock clock;
    /**
     * By subject and tenant: hashing the whole principal (its role and scope sets) on every request was a visible
     * share of the gateway's CPU. An API key's principal is the same instance for as long as its key is cached, so
     * the equality check on a hit is mostly an identity check.
     */
    private final Cache<Owner, Minted> cache;
    private final Duration halfTtl;

    public InternalTokenService(SigningKeyStore keys, GatewayProperties properties, Clock clock) {
        this.keys = keys;
        this.properties = properties.internalToken();
        this.clock = clock;
        this.halfTtl = this.properties.ttl().dividedBy(2);
        this.cache = Caffeine.newBuilder().maximumSize(50_000).expireAfterWrite(halfTtl).build();
    }

    public String tokenFor(GatewayPrincipal principal) {
        // A cached token is still signed by a published key after a rotation: a retired key stays in the JWKS for
        // the token TTL plus a check interval, longer than a cached token is reused. So the current key is only
        // looked up when minting.
        Owner owner = new Owner(principal.subject(), principal.tenantId());
        Minted cached = cache.getIfPresent(owner);
        Instant now = clock.instant();
        if (cached != null && cached.reuseUntil().isAfter(now)
                && (cached.principal() == principal || cached.principal().equals(principal))) {
            return cached.token();
        }
        Minted minted = mint(principal, keys.current(), now);
        cache.put(owner, minted);
        return minted.token();
    }

    private Minted mint(GatewayPrincipal p, SigningKey key, Instant now) {
        Instant expires = now.plus(properties.ttl());
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(properties.issuer())
                .audience(properties.audience())
                .subject(p.subject())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now.minus(Duration.ofSeconds(5))))
                .expirationTime(Date.from(expires))
                .claim("roles", List.copyOf(p.roles()))
                .claim("scopes", p.scopes().stream().sorted().toList())
                .claim("principal_type", p.type().claim());
        if (p.tenantId() != null) {
            claims.claim("tenant", p.tenantId().toString());
        }
        if (p.keyId() != null) {
            claims.claim("key_id", p.keyId().toString());
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.kid())
                .type(JOSEObjectType.JWT).build(), claims.build());
        try {
            jwt.sign(new RSASSASigner(key.privateKey()));
        }
        catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign the internal token", e);
        }
        return new Minted(p, jwt.serialize(), now.plus(halfTtl));
    }
}
