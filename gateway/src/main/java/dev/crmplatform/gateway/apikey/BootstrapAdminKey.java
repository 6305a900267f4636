package dev.crmplatform.gateway.apikey;

import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.crmplatform.gateway.config.GatewayProperties;
import dev.crmplatform.gateway.web.Ids;

/**
 * When {@code CRM_BOOTSTRAP_ADMIN_KEY} ({@code crm.gateway.bootstrap-admin-key}) is set, registers it (hashed) as
 * a platform-admin key with admin:read/admin:write and no tenant. Idempotent across restarts and instances. A
 * previous bootstrap key that differs from the current value is revoked, so changing the variable rotates it.
 */
@Component
public class BootstrapAdminKey implements ApplicationRunner {

    static final String NAME = "bootstrap-platform-admin";
    private static final Logger log = LoggerFactory.getLogger(BootstrapAdminKey.class);

    private final GatewayProperties properties;
    private final ApiKeyRepository keys;
    private final ApiKeyCache cache;
    private final TransactionTemplate tx;
    private final Clock clock;

    public BootstrapAdminKey(GatewayProperties properties, ApiKeyRepository keys, ApiKeyCache cache,
            TransactionTemplate tx, Clock clock) {
        this.properties = properties;
        this.keys = keys;
        this.cache = cache;
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        register(properties.bootstrapAdminKey());
    }

    public void register(String key) {
        if (key == null || key.isBlank()) {
            return;
        }
        if (!ApiKeySecrets.wellFormed(key)) {
            throw new IllegalStateException("CRM_BOOTSTRAP_ADMIN_KEY must be crm_live_ or crm_test_ followed by at "
                    + "least 43 base62 characters (256 bits); generate one with: "
                    + "openssl rand 32 | base64 | tr -dc 'A-Za-z0-9' (and pad to 43+ characters)");
        }
        byte[] hash = ApiKeySecrets.sha256(key);
        List<StoredApiKey> replaced = tx.execute(status -> {
            boolean inserted = keys.insert(new ApiKeyRepository.NewKey(Ids.newId(), null, NAME,
                    ApiKeySecrets.displayPrefix(key), hash, ApiKeySecrets.environmentOf(key),
                    List.of("admin:read", "admin:write"), true, null, null, null, null), "bootstrap", clock.instant());
            if (inserted) {
                log.info("Registered the bootstrap platform-admin API key {}", ApiKeySecrets.displayPrefix(key));
            }
            List<StoredApiKey> old = keys.otherActiveBootstrapKeys(NAME, hash);
            old.forEach(k -> keys.revoke(k.id(), "bootstrap", clock.instant()));
            return old;
        });
        // The key may have been presented before it existed and be cached as unknown.
        cache.forget(ApiKeySecrets.hex(hash));
        replaced.forEach(k -> keys.findById(k.id()).ifPresent(cache::update));
    }
}
