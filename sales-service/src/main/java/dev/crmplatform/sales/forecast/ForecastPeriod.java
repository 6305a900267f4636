package dev.crmplatform.sales.forecast;

import dev.crmplatform.platform.web.problem.InvalidRequestException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A forecast period: a quarter ({@code 2026-Q4}), a month ({@code 2026-11}) or a year ({@code 2026}).
 *
 * @param label the canonical text
 * @param start the first day
 * @param end   the last day (inclusive)
 */
public record ForecastPeriod(String label, LocalDate start, LocalDate end) {

    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");
    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(0[1-9]|1[0-2])");
    private static final Pattern YEAR = Pattern.compile("(\\d{4})");

    /** 400 {@code validation-failed} (field {@code period}) for anything but the three forms. */
    public static ForecastPeriod parse(String text) {
        String value = text == null ? "" : text.strip().toUpperCase(java.util.Locale.ROOT);
        Matcher m = QUARTER.matcher(value);
        if (m.matches()) {
            int year = year(m.group(1));
            int quarter = Integer.parseInt(m.group(2));
            YearMonth first = YearMonth.of(year, quarter * 3 - 2);
            return new ForecastPeriod(value, first.atDay(1), first.plusMonths(2).atEndOfMonth());
        }
        m = MONTH.matcher(value);
        if (m.matches()) {
            YearMonth month = YearMonth.of(year(m.group(1)), Integer.parseInt(m.group(2)));
            return new ForecastPeriod(value, month.atDay(1), month.atEndOfMonth());
        }
        m = YEAR.matcher(value);
        if (m.matches()) {
            int year = year(m.group(1));
            return new ForecastPeriod(value, LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
        }
        throw invalid();
    }

    private static int year(String digits) {
        int year = Integer.parseInt(digits);
        if (year < 1900) {
            throw invalid();
        }
        return year;
    }

    private static InvalidRequestException invalid() {
        return InvalidRequestException.of("period", "must be a quarter (2026-Q4), a month (2026-11) or a year (2026)");
    }
}
