package dev.crmplatform.sales.product;

import dev.crmplatform.contracts.sales.model.Money;
import dev.crmplatform.contracts.sales.model.NonNegativeMoney;
import dev.crmplatform.platform.web.problem.InvalidRequestException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * Money at the edges: API and event {@code {"amount": "1234.50", "currency": "EUR"}} to {@link BigDecimal} and back.
 * Stored amounts have 4 decimals; they are shown with at least 2 and without trailing zeros beyond that, so an amount
 * the server computed (always rounded to 2, see {@link #round}) reads {@code "1200.00"}.
 */
public final class Amounts {

    /** Amounts the server computes: HALF_EVEN ("banker's rounding") to 2 decimals. */
    public static final RoundingMode ROUNDING = RoundingMode.HALF_EVEN;
    public static final int SCALE = 2;

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private Amounts() {
    }

    public static BigDecimal round(BigDecimal value) {
        return value.setScale(SCALE, ROUNDING);
    }

    /** The decimal string of an amount: at least 2 decimals, no trailing zeros beyond them. */
    public static String format(BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        return (stripped.scale() < SCALE ? stripped.setScale(SCALE, ROUNDING) : stripped).toPlainString();
    }

    /** A quantity or percentage without trailing zeros, never in exponent form ({@code 2}, {@code 19.5}). */
    public static BigDecimal plain(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    public static Money money(BigDecimal amount, String currency) {
        return new Money(format(amount), currency);
    }

    public static dev.crmplatform.contracts.events.sales.Money eventMoney(BigDecimal amount, String currency) {
        return new dev.crmplatform.contracts.events.sales.Money(format(amount), currency);
    }

    /** The amount of an API money value; 400 naming {@code field} when it is not a decimal. */
    public static BigDecimal amount(Money money, String field) {
        return parse(money == null ? null : money.getAmount(), field + ".amount");
    }

    public static BigDecimal amount(NonNegativeMoney money, String field) {
        BigDecimal value = parse(money == null ? null : money.getAmount(), field + ".amount");
        if (value.signum() < 0) {
            throw InvalidRequestException.of(field + ".amount", "must not be negative");
        }
        return value;
    }

    /** The currency of an API money value, checked to be an ISO 4217-shaped code. */
    public static String currency(String currency, String field) {
        if (currency == null || !CURRENCY.matcher(currency).matches()) {
            throw InvalidRequestException.of(field, "must be an ISO 4217 code such as EUR");
        }
        return currency;
    }

    private static BigDecimal parse(String amount, String field) {
        if (amount == null) {
            throw InvalidRequestException.of(field, "is required");
        }
        try {
            BigDecimal value = new BigDecimal(amount);
            if (value.scale() > 4 || value.precision() - value.scale() > 15) {
                throw InvalidRequestException.of(field, "must have at most 15 digits and 4 decimals");
            }
            return value;
        } catch (NumberFormatException e) {
            throw InvalidRequestException.of(field, "must be a decimal string such as 1234.50");
        }
    }
}
