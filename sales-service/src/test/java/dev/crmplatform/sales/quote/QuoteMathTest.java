package dev.crmplatform.sales.quote;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuoteMathTest {

    private static QuoteMath.LineAmounts line(String quantity, String unitPrice, String discount, String tax) {
        return QuoteMath.line(new QuoteMath.LineInput(new BigDecimal(quantity), new BigDecimal(unitPrice),
                discount == null ? null : new BigDecimal(discount), tax == null ? null : new BigDecimal(tax)));
    }

    @ParameterizedTest(name = "{0} × {1}, -{2}%, +{3}% tax")
    @CsvSource({
            // quantity, unitPrice, discount%, tax%, subtotal, discount, net, tax, total
            "2, 1200.00, 0, 0, 2400.00, 0.00, 2400.00, 0.00, 2400.00",
            // 3 × 0.125 = 0.375 → 0.38 (HALF_EVEN: 7 is odd, round up)
            "3, 0.125, 0, 0, 0.38, 0.00, 0.38, 0.00, 0.38",
            // 1 × 0.125 = 0.125 → 0.12 (HALF_EVEN: 2 is even, stays); HALF_UP would give 0.13
            "1, 0.125, 0, 0, 0.12, 0.00, 0.12, 0.00, 0.12",
            // discount 10% of 0.25 = 0.025 → 0.02; net 0.23; tax 50% = 0.115 → 0.12
            "1, 0.25, 10, 50, 0.25, 0.02, 0.23, 0.12, 0.35",
            // 1.5 × 33.333 = 49.9995 → 50.00; discount 12.5% = 6.25; net 43.75; tax 19% = 8.3125 → 8.31
            "1.5, 33.333, 12.5, 19, 50.00, 6.25, 43.75, 8.31, 52.06",
            // 7 × 14.285 = 99.995 → 100.00 (HALF_EVEN, 9 odd → up); 100% discount leaves nothing to tax
            "7, 14.285, 100, 19, 100.00, 100.00, 0.00, 0.00, 0.00",
            // tax 7.5% of 10.10 = 0.7575 → 0.76
            "1, 10.10, 0, 7.5, 10.10, 0.00, 10.10, 0.76, 10.86",
            // tax 5% of 0.50 = 0.025 → 0.02 (even stays)
            "1, 0.50, 0, 5, 0.50, 0.00, 0.50, 0.02, 0.52",
    })
    void linesAreRoundedHalfEvenToTwoDecimalsAtEveryStep(String quantity, String unitPrice, String discount, String tax,
                                                         String subtotal, String discountAmount, String net,
                                                         String taxAmount, String total) {
        QuoteMath.LineAmounts amounts = line(quantity, unitPrice, discount, tax);

        assertThat(amounts.subtotal()).isEqualByComparingTo(subtotal).hasScaleOf(2);
        assertThat(amounts.discount()).isEqualByComparingTo(discountAmount).hasScaleOf(2);
        assertThat(amounts.net()).isEqualByComparingTo(net);
        assertThat(amounts.tax()).isEqualByComparingTo(taxAmount).hasScaleOf(2);
        assertThat(amounts.total()).isEqualByComparingTo(total);
    }

    @Test
    void documentTotalsAreSumsOfRoundedLinesNotRoundedSums() {
        // Three lines of 1 × 0.335 with 0% → each 0.34 (HALF_EVEN: 3 odd → up); summed: 1.02.
        // Rounding the unrounded sum (1.005) would give 1.00.
        List<QuoteMath.LineAmounts> lines = List.of(line("1", "0.335", null, null), line("1", "0.335", null, null),
                line("1", "0.335", null, null));

        QuoteMath.Totals totals = QuoteMath.totals(lines);

        assertThat(totals.subtotal()).isEqualByComparingTo("1.02");
        assertThat(totals.total()).isEqualByComparingTo("1.02");
    }

    @Test
    void totalIsSubtotalMinusDiscountsPlusTaxExactly() {
        List<QuoteMath.LineAmounts> lines = List.of(line("3", "19.99", "15", "19"), line("1.25", "7.777", "3.5", "7"),
                line("10", "0.015", "0", "21"));

        QuoteMath.Totals totals = QuoteMath.totals(lines);

        assertThat(totals.total()).isEqualByComparingTo(
                totals.subtotal().subtract(totals.discountTotal()).add(totals.taxTotal()));
        // 59.97 - 9.00 (8.9955) = 50.97 → tax 9.68 (9.6843) → 60.65
        // 9.72 (9.72125) - 0.34 (0.3402) = 9.38 → tax 0.66 (0.6566) → 10.04
        // 0.15 → tax 0.03 (0.0315) → 0.18
        assertThat(totals.subtotal()).isEqualByComparingTo("69.84");
        assertThat(totals.discountTotal()).isEqualByComparingTo("9.34");
        assertThat(totals.taxTotal()).isEqualByComparingTo("10.37");
        assertThat(totals.total()).isEqualByComparingTo("70.87");
    }

    @Test
    void noLinesMakeZeroTotals() {
        assertThat(QuoteMath.totals(List.of()).total()).isEqualByComparingTo("0.00").hasScaleOf(2);
    }
}
