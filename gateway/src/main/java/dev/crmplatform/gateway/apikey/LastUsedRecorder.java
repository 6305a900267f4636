package dev.crmplatform.gateway.apikey;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * lastUsedAt without a database write per request: each use only updates an in-memory map; a scheduled flush
 * writes the latest value per key in one JDBC batch ({@code crm.gateway.api-keys.last-used-flush-interval}).
 * Instances flush independently; greatest() in the update keeps the newest value.
 */
@Component
public class LastUsedRecorder implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LastUsedRecorder.class);

    private final ApiKeyRepository keys;
    private final ConcurrentHashMap<UUID, Instant> pending = new ConcurrentHashMap<>();

    public LastUsedRecorder(ApiKeyRepository keys) {
        this.keys = keys;
    }

    public void used(UUID keyId, Instant at) {
        pending.merge(keyId, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    @Scheduled(fixedDelayString = "${crm.gateway.api-keys.last-used-flush-interval:10s}")
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Map<UUID, Instant> batch = new HashMap<>();
        for (UUID id : pending.keySet()) {
            Instant at = pending.remove(id);
            if (at != null) {
                batch.put(id, at);
            }
        }
        try {
            keys.recordLastUsed(batch);
        }
        catch (RuntimeException e) {
            batch.forEach(this::used); // try again next time
            log.warn("Could not record API key last-used times: {}", e.getMessage());
        }
    }

    @Override
    public void destroy() {
        flush();
    }
}
