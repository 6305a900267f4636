package dev.crmplatform.platform.webtest;

import java.time.OffsetDateTime;
import java.util.UUID;

public record Widget(UUID id, UUID tenantId, String name, Color color, Integer size, long version,
        OffsetDateTime createdAt) {

    public enum Color {
        RED, GREEN, BLUE
    }
}
