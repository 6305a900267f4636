package dev.crmplatform.gateway.apikey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.crmplatform.gateway.config.GatewayProperties;
import dev.crmplatform.gateway.problem.ProblemException;
import dev.crmplatform.gateway.security.GatewayPrincipal;
import dev.crmplatform.gateway.tenant.TenantRepository;
import dev.crmplatform.gateway.web.Ids;
import dev.crmplatform.gateway.web.Names;

/**
 * The admin side of API keys. Authorisation: platform admins act on any tenant; tenant admins (admin:read /
 * admin:write) only on their own, and a key of another tenant is reported as not found, never as forbidden.
 */
@Service
public class ApiKeyService {

    public record CreateCommand(UUID tenantId, String name, Set<String> scopes, String environment, Instant expiresAt,
            Integer rateLimitPerMinute, Integer rateLimitPerDay) {
    }

    public record CreatedKey(StoredApiKey stored, String secret) {
    }

    public record KeyPage(List<StoredApiKey> items, UUID lastId, boolean more) {
    }

    private final ApiKeyRepository keys;
    private final TenantRepository tenants;
    private final ApiKeyCache cache;
    private final GatewayProperties.ApiKeys properties;
    private final Clock clock;

    public ApiKeyService(ApiKeyRepository keys, TenantRepository tenants, ApiKeyCache cache,
            GatewayProperties properties, Clock clock) {
        this.keys = keys;
        this.tenants = tenants;
        this.cache = cache;
        this.properties = properties.apiKeys();
        this.clock = clock;
    }

    @Transactional
    public CreatedKey create(GatewayPrincipal actor, CreateCommand command) {
        requireScope(actor, "admin:write");
        if (command.scopes().stream().anyMatch(Objects::isNull)) {
            // Bean validation checks each scope against the contract's pattern, but lets a null item through.
            throw ProblemException.invalidField("scopes", "must not contain null");
        }
        String name = Names.clean(command.name());
        UUID tenant = targetTenant(actor, command.tenantId());
        if (!tenants.exists(tenant)) {
            throw ProblemException.notFound("Tenant", tenant);
        }
        requireGrantable(actor, command.scopes());
        Instant now = clock.instant();
        if (command.expiresAt() != null && !command.expiresAt().isAfter(now)) {
            throw ProblemException.invalidField("expiresAt", "must be in the future");
        }
        return insertNew(actor, tenant, name, new ArrayList<>(command.scopes()), command.environment(),
                command.expiresAt(), command.rateLimitPerMinute(), command.rateLimitPerDay(), null, now);
    }

    @Transactional(readOnly = true)
    public KeyPage list(GatewayPrincipal actor, UUID tenantId, boolean includeRevoked, UUID after, int limit) {
        requireScope(actor, "admin:read");
        UUID tenant = targetTenant(actor, tenantId);
        List<StoredApiKey> rows = keys.page(tenant, includeRevoked, after, limit);
        boolean more = rows.size() > limit;
        List<StoredApiKey> items = more ? rows.subList(0, limit) : rows;
        return new KeyPage(items, items.isEmpty() ? null : items.getLast().id(), more);
    }

    @Transactional(readOnly = true)
    public StoredApiKey get(GatewayPrincipal actor, UUID id) {
        requireScope(actor, "admin:read");
        return visible(actor, keys.findById(id).orElse(null), id);
    }

    @Transactional
    public void revoke(GatewayPrincipal actor, UUID id) {
        requireScope(actor, "admin:write");
        StoredApiKey key = visible(actor, keys.lockById(id).orElse(null), id);
        if (key.revokedAt() != null) {
            return;
        }
        keys.revoke(id, actor.actor(), clock.instant());
        publishAfterCommit(id);
    }

    @Transactional
    public CreatedKey rotate(GatewayPrincipal actor, UUID id, Integer gracePeriodSeconds) {
        requireScope(actor, "admin:write");
        StoredApiKey old = visible(actor, keys.lockById(id).orElse(null), id);
        Instant now = clock.instant();
        if (old.status(now) != StoredApiKey.Status.ACTIVE) {
            throw ProblemException.conflict("Only an active key can be rotated; this one is "
                    + old.status(now).name().toLowerCase());
        }
        if (old.platformAdmin()) {
            throw ProblemException.conflict("The bootstrap platform-admin key is rotated by changing "
                    + "CRM_BOOTSTRAP_ADMIN_KEY");
        }
        // the successor has the old key's scopes: rotating must not give a tenant admin a key more powerful than it
        requireGrantable(actor, old.scopes());
        Duration grace = gracePeriodSeconds == null ? properties.rotationGracePeriod()
                : Duration.ofSeconds(gracePeriodSeconds);
        CreatedKey created = insertNew(actor, old.tenantId(), old.name(), old.scopes(), old.environment(),
                old.expiresAt(), old.rateLimitPerMinute(), old.rateLimitPerDay(), old.id(), now);
        keys.expireNoLaterThan(old.id(), now.plus(grace), actor.actor(), now);
        publishAfterCommit(old.id());
        return created;
    }

    /** A tenant admin cannot obtain a key more powerful than itself; a platform admin grants any scope. */
    private static void requireGrantable(GatewayPrincipal actor, Collection<String> scopes) {
        if (actor.platformAdmin()) {
            return;
        }
        List<String> missing = scopes.stream().filter(s -> s != null && !actor.hasScope(s)).sorted().toList();
        if (!missing.isEmpty()) {
            throw ProblemException.forbidden("A key cannot be granted scopes its creator does not have")
                    .with("missingScopes", missing);
        }
    }

    private CreatedKey insertNew(GatewayPrincipal actor, UUID tenant, String name, List<String> scopes,
            String environment, Instant expiresAt, Integer perMinute, Integer perDay, UUID rotatedFrom, Instant now) {
        ApiKeySecrets.GeneratedKey generated = ApiKeySecrets.generate(environment);
        UUID id = Ids.newId();
        keys.insert(new ApiKeyRepository.NewKey(id, tenant, name, generated.prefix(), generated.hash(),
                // a row stored before scopes were validated may hold a NULL scope: a rotation drops it
                environment, scopes.stream().filter(Objects::nonNull).sorted().toList(), false, expiresAt,
                perMinute != null ? perMinute : properties.defaultRateLimitPerMinute(),
                perDay != null ? perDay : properties.defaultRateLimitPerDay(), rotatedFrom), actor.actor(), now);
        return new CreatedKey(keys.findById(id).orElseThrow(), generated.key());
    }

    private void publishAfterCommit(UUID id) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                keys.findById(id).ifPresent(cache::update);
            }
        });
    }

    private static UUID targetTenant(GatewayPrincipal actor, UUID requested) {
        if (actor.platformAdmin()) {
            if (requested == null) {
                throw new ProblemException(HttpStatus.BAD_REQUEST, "missing-parameter", "Missing parameter",
                        "Platform admins must name the tenant (tenantId)");
            }
            return requested;
        }
        if (requested != null && !requested.equals(actor.tenantId())) {
            // Another tenant: indistinguishable from a tenant that does not exist.
            throw ProblemException.notFound("Tenant", requested);
        }
        return actor.tenantId();
    }

    private static StoredApiKey visible(GatewayPrincipal actor, StoredApiKey key, UUID id) {
        if (key == null || !(actor.platformAdmin() || (key.tenantId() != null && key.tenantId().equals(actor.tenantId())))) {
            throw ProblemException.notFound("API key", id);
        }
        return key;
    }

    private static void requireScope(GatewayPrincipal actor, String scope) {
        if (!actor.platformAdmin() && !actor.hasScope(scope)) {
            throw ProblemException.forbidden("Requires scope " + scope).with("requiredScope", scope);
        }
        if (!actor.platformAdmin() && actor.tenantId() == null) {
            throw ProblemException.forbidden("No tenant in the caller's identity");
        }
    }
}
