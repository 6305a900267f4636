package dev.crmplatform.sales.quote;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A quote as stored, with its lines in position order. */
public record QuoteView(UUID id, UUID opportunityId, UUID customerId, int quoteVersion, String status,
                        String currency, BigDecimal subtotal, BigDecimal discountTotal, BigDecimal taxTotal,
                        BigDecimal total, LocalDate validUntil, OffsetDateTime acceptedAt, UUID orderId,
                        OffsetDateTime createdAt, OffsetDateTime updatedAt, String createdBy, long version,
                        List<LineView> lines) {

    public static final String OPEN = "OPEN";
    public static final String SUPERSEDED = "SUPERSEDED";
    public static final String ACCEPTED = "ACCEPTED";

    /** Past its last valid day (UTC) and not accepted. */
    public boolean expiredOn(LocalDate today) {
        return !ACCEPTED.equals(status) && today.isAfter(validUntil);
    }

    QuoteView withLines(List<LineView> newLines) {
        return new QuoteView(id, opportunityId, customerId, quoteVersion, status, currency, subtotal, discountTotal,
                taxTotal, total, validUntil, acceptedAt, orderId, createdAt, updatedAt, createdBy, version,
                List.copyOf(newLines));
    }

    /** A line; the derived amounts are recomputed from the stored inputs with {@link QuoteMath}. */
    public record LineView(int position, UUID productId, String description, BigDecimal quantity,
                           BigDecimal unitPrice, BigDecimal discountPercent, BigDecimal taxRate, BigDecimal netAmount,
                           BigDecimal taxAmount, BigDecimal total) {

        public QuoteMath.LineAmounts amounts() {
            return QuoteMath.line(new QuoteMath.LineInput(quantity, unitPrice, discountPercent, taxRate));
        }
    }
}
