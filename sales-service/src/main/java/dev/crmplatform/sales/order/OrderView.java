package dev.crmplatform.sales.order;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** An order as stored, with its lines in position order. */
public record OrderView(UUID id, UUID customerId, UUID quoteId, UUID opportunityId, String status, String currency,
                        BigDecimal total, BigDecimal paidTotal, boolean fullyPaid, String creditOverrideBy,
                        String creditOverrideReason, OffsetDateTime placedAt, OffsetDateTime createdAt,
                        OffsetDateTime updatedAt, String createdBy, long version, List<LineView> lines) {

    public static final String PLACED = "PLACED";
    public static final String FULFILLED = "FULFILLED";
    public static final String CANCELLED = "CANCELLED";

    public BigDecimal outstanding() {
        return CANCELLED.equals(status) ? BigDecimal.ZERO : total.subtract(paidTotal);
    }

    OrderView withLines(List<LineView> newLines) {
        return new OrderView(id, customerId, quoteId, opportunityId, status, currency, total, paidTotal, fullyPaid,
                creditOverrideBy, creditOverrideReason, placedAt, createdAt, updatedAt, createdBy, version,
                List.copyOf(newLines));
    }

    public record LineView(int position, UUID productId, String description, BigDecimal quantity,
                           BigDecimal unitPrice, BigDecimal discountPercent, BigDecimal taxRate, BigDecimal total) {
    }
}
