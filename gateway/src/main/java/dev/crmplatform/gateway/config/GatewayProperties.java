package dev.crmplatform.gateway.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Everything the gateway reads from {@code crm.gateway.*}. Secrets (the bootstrap admin key, the signing-key
 * encryption key) come from the environment only.
 *
 * @param services        service name (customer, sales, marketing, ticket, analytics) to base URL; a service
 *                        without a URL gets no route, so its paths answer 404
 * @param bootstrapAdminKey when set (env {@code CRM_BOOTSTRAP_ADMIN_KEY}), registered hashed as a platform-admin key
 */
@ConfigurationProperties("crm.gateway")
public record GatewayProperties(
        @DefaultValue Map<String, String> services,
        String bootstrapAdminKey,
        @DefaultValue ApiKeys apiKeys,
        @DefaultValue Oidc oidc,
        @DefaultValue InternalToken internalToken,
        @DefaultValue RateLimit rateLimit,
        @DefaultValue Web web,
        @DefaultValue Cors cors,
        @DefaultValue Headers headers) {

    public GatewayProperties {
        services = services == null ? Map.of() : new LinkedHashMap<>(services);
    }

    /**
     * @param rotationGracePeriod how long a rotated key keeps working unless the rotate call names another period
     * @param localCacheTtl       upper bound for how long an instance trusts its in-memory copy of a key; pub/sub
     *                            invalidation normally evicts sooner. Keep it at or below 1 s: it bounds revocation
     *                            latency even when an invalidation message is lost.
     * @param redisCacheTtl       lifetime of the shared Redis copy of a key lookup
     * @param lastUsedFlushInterval how often the batched {@code lastUsedAt} updates are written to the database
     */
    public record ApiKeys(
            @DefaultValue("24h") Duration rotationGracePeriod,
            @DefaultValue("1s") Duration localCacheTtl,
            @DefaultValue("10m") Duration redisCacheTtl,
            @DefaultValue("30s") Duration negativeCacheTtl,
            @DefaultValue("10s") Duration lastUsedFlushInterval,
            @DefaultValue("600") int defaultRateLimitPerMinute,
            @DefaultValue("100000") int defaultRateLimitPerDay) {
    }

    /**
     * The user-facing OIDC issuer. Either {@code jwkSetUri} or {@code issuerUri} (discovery) must be set for JWT
     * users to be accepted; with neither, only API keys work.
     *
     * @param audiences   accepted {@code aud} values; empty = audience not checked
     * @param tenantClaim claim holding the tenant id (dot path allowed, e.g. {@code ext.tenant})
     * @param rolesClaim  claim holding the role list (dot path allowed, e.g. {@code realm_access.roles})
     * @param roleScopes  role to scopes; replaces the built-in ARCHITECTURE §4 mapping when not empty
     */
    public record Oidc(
            String issuerUri,
            String jwkSetUri,
            @DefaultValue List<String> audiences,
            @DefaultValue("tenant") String tenantClaim,
            @DefaultValue("roles") String rolesClaim,
            @DefaultValue("PLATFORM_ADMIN") String platformAdminRole,
            @DefaultValue Map<String, Set<String>> roleScopes,
            @DefaultValue("60s") Duration clockSkew) {
    }

    /**
     * The token the gateway signs for services.
     *
     * @param keyRotationInterval a new RS256 key is generated when the newest one is older than this
     * @param keyEncryptionKey    base64 AES-256 key (env {@code CRM_GATEWAY_KEY_ENCRYPTION_KEY}); when set, private
     *                            signing keys are stored AES-GCM encrypted in the database
     */
    public record InternalToken(
            @DefaultValue("crm-gateway") String issuer,
            @DefaultValue("crm-services") String audience,
            @DefaultValue("60s") Duration ttl,
            @DefaultValue("24h") Duration keyRotationInterval,
            @DefaultValue("1m") Duration keyCheckInterval,
            String keyEncryptionKey) {
    }

    public enum FailMode { OPEN, CLOSED }

    /**
     * @param failMode what to do when Redis cannot be reached: let requests through (OPEN, default, counted in
     *                 {@code crm.gateway.ratelimit.unavailable}) or answer 503 (CLOSED)
     * @param leaseInterval how long a busy bucket's lease of tokens should last at its recent rate: an instance asks
     *                 Redis about that often per busy key. 0 takes one token per exchange (requests queued behind
     *                 an exchange still share it)
     */
    public record RateLimit(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("OPEN") FailMode failMode,
            @DefaultValue("1200") int userPerMinute,
            @DefaultValue("200000") int userPerDay,
            @DefaultValue("50ms") Duration leaseInterval) {
    }

    /**
     * @param maxBodySize     request bodies above this answer 413
     * @param largeBodyPaths  Ant-style paths allowed up to {@code largeBodyMaxSize} (bulk imports)
     */
    public record Web(
            @DefaultValue("1MB") DataSize maxBodySize,
            @DefaultValue("/api/v1/customers/imports/**") List<String> largeBodyPaths,
            @DefaultValue("50MB") DataSize largeBodyMaxSize) {
    }

    public record Cors(
            @DefaultValue List<String> allowedOrigins,
            @DefaultValue("1h") Duration maxAge) {
    }

    /**
     * Incoming headers that could pass for internal identity; they are removed before proxying.
     *
     * @param strip         exact names
     * @param stripPrefixes name prefixes (case-insensitive)
     */
    public record Headers(
            @DefaultValue({"Authorization", "X-API-Key", "X-Tenant-Id", "X-Tenant", "X-Roles", "X-Scopes",
                    "X-Principal-Type", "X-Key-Id", "X-Forwarded-User", "X-Forwarded-Email",
                    "X-Forwarded-Preferred-Username", "X-Auth-Request-User", "X-Remote-User", "Remote-User",
                    "Cookie"}) List<String> strip,
            @DefaultValue({"X-User-", "X-Internal-", "X-Crm-", "X-Principal-", "X-Auth-"}) List<String> stripPrefixes) {
    }
}
