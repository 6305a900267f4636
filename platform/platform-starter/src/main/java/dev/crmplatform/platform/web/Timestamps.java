package dev.crmplatform.platform.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;

import dev.crmplatform.platform.web.problem.InvalidRequestException;

/**
 * The dates and instants a client may send: years 0001 to 9999 (instants in UTC). PostgreSQL's {@code timestamptz}
 * and {@code date} span more, but pgjdbc writes values before 4713 BC as {@code -infinity}, which no
 * {@code java.time} type reads back (every later read of the row fails), and later years overflow the column or the
 * ISO-8601 format most clients parse.
 *
 * <p>Every JSON body is checked while it is read ({@code SupportedDateDeserializer}) and every
 * {@code @DateTimeFormat} query or path parameter while it is converted ({@link SupportedDateTimeFormatFactory}),
 * so services only call this for values they parse themselves (e.g. members of a merge patch).
 */
public final class Timestamps {

    /** The first supported instant, inclusive. */
    public static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
    /** The first unsupported instant after the range. */
    public static final Instant END = Instant.parse("+10000-01-01T00:00:00Z");

    static final String MESSAGE = "must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z";
    static final String DATE_MESSAGE = "must be between 0001-01-01 and 9999-12-31";
    static final String LOCAL_DATE_TIME_MESSAGE = "must be between 0001-01-01T00:00:00 and 9999-12-31T23:59:59.999999";

    private Timestamps() {
    }

    /**
     * What is wrong with a date or time, in contract terms; {@code null} when it is in range, is {@code null}, or is
     * not one of the types a contract's {@code date}/{@code date-time} becomes. An offset counts:
     * {@code 0000-12-31T23:00:00-01:00} is {@code 0001-01-01T00:00:00Z}.
     */
    public static String problem(Object value) {
        return switch (value) {
            case Instant instant -> instant.isBefore(MIN) || !instant.isBefore(END) ? MESSAGE : null;
            case OffsetDateTime dateTime -> problem(dateTime.toInstant());
            case ZonedDateTime dateTime -> problem(dateTime.toInstant());
            case LocalDate date -> supportedYear(date.getYear()) ? null : DATE_MESSAGE;
            case LocalDateTime dateTime -> supportedYear(dateTime.getYear()) ? null : LOCAL_DATE_TIME_MESSAGE;
            case null, default -> null;
        };
    }

    /** The value unchanged; out of range: 400 {@code validation-failed} naming {@code field}. */
    public static <T> T requireSupported(String field, T value) {
        String problem = problem(value);
        if (problem != null) {
            throw InvalidRequestException.of(field, problem);
        }
        return value;
    }

    private static boolean supportedYear(int year) {
        return year >= 1 && year <= 9999;
    }
}
