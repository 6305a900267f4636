package dev.crmplatform.sales.order;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

public record PaymentView(UUID id, UUID orderId, BigDecimal amount, String currency, String method, String reference,
                          OffsetDateTime receivedAt, String createdBy) {
}
