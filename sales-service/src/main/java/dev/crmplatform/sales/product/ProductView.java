package dev.crmplatform.sales.product;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A catalogue product as stored. */
public record ProductView(UUID id, String sku, String name, String description, BigDecimal listPrice,
                          String currency, boolean active, OffsetDateTime createdAt, OffsetDateTime updatedAt,
                          long version) {
}
