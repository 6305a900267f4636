package dev.crmplatform.gateway.apikey;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An API key row (never the secret; {@code keyHash} is the hex SHA-256 of it). This is also the form cached in
 * Redis, so it must stay JSON round-trippable.
 */
public record StoredApiKey(
        UUID id,
        UUID tenantId,
        String name,
        String prefix,
        String keyHash,
        String environment,
        List<String> scopes,
        boolean platformAdmin,
        Instant expiresAt,
        Integer rateLimitPerMinute,
        Integer rateLimitPerDay,
        Instant revokedAt,
        UUID rotatedFromId,
        Instant lastUsedAt,
        Instant createdAt,
        String createdBy,
        Instant updatedAt,
        String updatedBy,
        long version) {

    public enum Status { ACTIVE, EXPIRED, REVOKED }

    public Status status(Instant now) {
        if (revokedAt != null) {
            return Status.REVOKED;
        }
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            return Status.EXPIRED;
        }
        return Status.ACTIVE;
    }
}
