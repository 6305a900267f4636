package dev.crmplatform.gateway.apikey;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.crmplatform.gateway.security.GatewayPrincipal;
import dev.crmplatform.gateway.security.GatewayPrincipal.PrincipalType;

/** Turns a presented API key into a principal, or a 401 reason. */
@Component
public class ApiKeyAuthenticator {

    private final ApiKeyRepository keys;
    private final ApiKeyCache cache;
    private final LastUsedRecorder lastUsed;
    private final Clock clock;
    /**
     * One principal per cached key row (weak keys compare by identity): the same instance on every request while the
     * row is cached, so the downstream caches keyed on it (internal token, rate-limit bucket) hit cheaply. A changed
     * row is a new instance, hence a new principal.
     */
    private final Cache<StoredApiKey, GatewayPrincipal> principals = Caffeine.newBuilder().weakKeys().build();

    public ApiKeyAuthenticator(ApiKeyRepository keys, ApiKeyCache cache, LastUsedRecorder lastUsed, Clock clock) {
        this.keys = keys;
        this.cache = cache;
        this.lastUsed = lastUsed;
        this.clock = clock;
    }

    public GatewayPrincipal authenticate(String presented) {
        if (!ApiKeySecrets.wellFormed(presented)) {
            throw new BadCredentialsException("Invalid API key");
        }
        byte[] hash = ApiKeySecrets.sha256(presented);
        String hashHex = ApiKeySecrets.hex(hash);
        StoredApiKey key = cache.lookup(hashHex, () -> keys.findByHash(hash))
                // The index found it by hash; compare again in constant time before trusting the row.
                .filter(k -> ApiKeySecrets.matches(hash, k.keyHash()))
                .orElseThrow(() -> new BadCredentialsException("Invalid API key"));
        Instant now = clock.instant();
        switch (key.status(now)) {
            case REVOKED -> throw new DisabledException("The API key has been revoked");
            case EXPIRED -> throw new CredentialsExpiredException("The API key has expired");
            case ACTIVE -> {
            }
        }
        lastUsed.used(key.id(), now);
        return principals.get(key, ApiKeyAuthenticator::principalOf);
    }

    private static GatewayPrincipal principalOf(StoredApiKey key) {
        Set<String> roles = key.platformAdmin() ? Set.of("PLATFORM_ADMIN") : Set.of();
        // A row stored before scopes were validated may hold a NULL scope: it grants nothing.
        Set<String> scopes = key.scopes().stream().filter(Objects::nonNull).collect(Collectors.toUnmodifiableSet());
        return new GatewayPrincipal("api-key:" + key.id(), key.tenantId(), roles, scopes,
                PrincipalType.API_KEY, key.id(), key.platformAdmin(), key.rateLimitPerMinute(), key.rateLimitPerDay());
    }
}
