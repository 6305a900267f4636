package dev.crmplatform.gateway.apikey;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

import dev.crmplatform.gateway.admin.api.ApiKeysApi;
import dev.crmplatform.gateway.admin.model.ApiKey;
import dev.crmplatform.gateway.admin.model.ApiKeyCreateRequest;
import dev.crmplatform.gateway.admin.model.ApiKeyCreated;
import dev.crmplatform.gateway.admin.model.ApiKeyPage;
import dev.crmplatform.gateway.admin.model.ApiKeyRotateRequest;
import dev.crmplatform.gateway.idempotency.IdempotencyFilter;
import dev.crmplatform.gateway.idempotency.OneTimeSecretResponse;
import dev.crmplatform.gateway.security.Actors;
import dev.crmplatform.gateway.web.Cursors;

@RestController
public class ApiKeysController implements ApiKeysApi {

    private final ApiKeyService service;
    private final Clock clock;

    public ApiKeysController(ApiKeyService service, Clock clock) {
        this.service = service;
        this.clock = clock;
    }

    /** {@code idempotencyKey} is handled before this runs, by {@link IdempotencyFilter}. */
    @Override
    public ResponseEntity<ApiKeyCreated> createApiKey(ApiKeyCreateRequest request, String idempotencyKey) {
        ApiKeyService.CreatedKey created = service.create(Actors.require(), new ApiKeyService.CreateCommand(
                request.getTenantId(), request.getName(), request.getScopes(),
                request.getEnvironment() == null ? "live" : request.getEnvironment().getValue(),
                request.getExpiresAt() == null ? null : request.getExpiresAt().toInstant(),
                request.getRateLimitPerMinute(), request.getRateLimitPerDay()));
        return created(created);
    }

    @Override
    public ResponseEntity<ApiKey> getApiKey(UUID keyId) {
        return ResponseEntity.ok(view(service.get(Actors.require(), keyId), clock.instant()));
    }

    @Override
    public ResponseEntity<ApiKeyPage> listApiKeys(UUID tenantId, Boolean includeRevoked, Integer limit,
            String cursor) {
        ApiKeyService.KeyPage page = service.list(Actors.require(), tenantId, Boolean.TRUE.equals(includeRevoked),
                Cursors.decode(cursor), limit);
        Instant now = clock.instant();
        ApiKeyPage body = new ApiKeyPage();
        body.setItems(page.items().stream().map(k -> view(k, now)).toList());
        body.setNextCursor(page.more() ? Cursors.encode(page.lastId()) : null);
        return ResponseEntity.ok(body);
    }

    @Override
    public ResponseEntity<Void> revokeApiKey(UUID keyId) {
        service.revoke(Actors.require(), keyId);
        return ResponseEntity.noContent().build();
    }

    /** {@code idempotencyKey} is handled before this runs, by {@link IdempotencyFilter}. */
    @Override
    public ResponseEntity<ApiKeyCreated> rotateApiKey(UUID keyId, String idempotencyKey,
            ApiKeyRotateRequest request) {
        return created(service.rotate(Actors.require(), keyId,
                request == null ? null : request.getGracePeriodSeconds()));
    }

    private static ResponseEntity<ApiKeyCreated> created(ApiKeyService.CreatedKey created) {
        // The body carries the secret: an Idempotency-Key replay must never store or return it.
        OneTimeSecretResponse.mark();
        StoredApiKey k = created.stored();
        ApiKeyCreated body = new ApiKeyCreated(k.id(), created.secret(), k.prefix())
                .tenantId(k.tenantId()).name(k.name()).scopes(k.scopes())
                .expiresAt(odt(k.expiresAt())).rateLimitPerMinute(k.rateLimitPerMinute())
                .rateLimitPerDay(k.rateLimitPerDay()).rotatedFromId(k.rotatedFromId()).createdAt(odt(k.createdAt()));
        return ResponseEntity.status(HttpStatus.CREATED).location(URI.create("/api/v1/admin/api-keys/" + k.id()))
                .body(body);
    }

    private static ApiKey view(StoredApiKey k, Instant now) {
        return new ApiKey(k.id(), k.prefix(), k.tenantId(), k.name(), k.scopes(),
                ApiKey.StatusEnum.fromValue(k.status(now).name().toLowerCase()))
                .expiresAt(odt(k.expiresAt())).rateLimitPerMinute(k.rateLimitPerMinute())
                .rateLimitPerDay(k.rateLimitPerDay()).lastUsedAt(odt(k.lastUsedAt())).revokedAt(odt(k.revokedAt()))
                .rotatedFromId(k.rotatedFromId()).createdAt(odt(k.createdAt())).createdBy(k.createdBy())
                .updatedAt(odt(k.updatedAt())).updatedBy(k.updatedBy());
    }

    private static OffsetDateTime odt(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
