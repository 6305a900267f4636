package dev.crmplatform.sales.quote;

import dev.crmplatform.sales.product.Amounts;
import java.math.BigDecimal;
import java.util.List;

/**
 * Quote and order arithmetic, all in {@link BigDecimal} with explicit rounding: every money step of a line is rounded
 * HALF_EVEN to 2 decimals, and document totals are sums of the rounded line values. Per line:
 * <pre>
 * lineSubtotal   = round(quantity × unitPrice)
 * discountAmount = round(lineSubtotal × discountPercent / 100)
 * netAmount      = lineSubtotal − discountAmount
 * taxAmount      = round(netAmount × taxRate / 100)
 * total          = netAmount + taxAmount
 * </pre>
 * so {@code total = subtotal − discountTotal + taxTotal} holds exactly for the document too.
 */
public final class QuoteMath {

    private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(Amounts.SCALE);

    private QuoteMath() {
    }

    /** @param discountPercent 0..100; null for none @param taxRate 0..100 (percent); null for none */
    public record LineInput(BigDecimal quantity, BigDecimal unitPrice, BigDecimal discountPercent,
                            BigDecimal taxRate) {
    }

    public record LineAmounts(BigDecimal subtotal, BigDecimal discount, BigDecimal net, BigDecimal tax,
                              BigDecimal total) {
    }

    public record Totals(BigDecimal subtotal, BigDecimal discountTotal, BigDecimal taxTotal, BigDecimal total) {
    }

    public static LineAmounts line(LineInput line) {
        BigDecimal subtotal = Amounts.round(line.quantity().multiply(line.unitPrice()));
        BigDecimal discount = Amounts.round(percentOf(subtotal, line.discountPercent()));
        BigDecimal net = subtotal.subtract(discount);
        BigDecimal tax = Amounts.round(percentOf(net, line.taxRate()));
        return new LineAmounts(subtotal, discount, net, tax, net.add(tax));
    }

    public static Totals totals(List<LineAmounts> lines) {
        BigDecimal subtotal = ZERO;
        BigDecimal discount = ZERO;
        BigDecimal tax = ZERO;
        BigDecimal total = ZERO;
        for (LineAmounts line : lines) {
            subtotal = subtotal.add(line.subtotal());
            discount = discount.add(line.discount());
            tax = tax.add(line.tax());
            total = total.add(line.total());
        }
        return new Totals(subtotal, discount, tax, total);
    }

    // Dividing by 100 only moves the decimal point, so it is exact; rounding happens once, in the caller.
    private static BigDecimal percentOf(BigDecimal amount, BigDecimal percent) {
        return percent == null ? BigDecimal.ZERO : amount.multiply(percent).movePointLeft(2);
    }
}
