package dev.crmplatform.platform.web;

import java.time.Instant;
import java.time.OffsetDateTime;

import dev.crmplatform.platform.web.problem.InvalidRequestException;

/**
 * The instants a client may send: years 0001 to 9999 (UTC). PostgreSQL's {@code timestamptz} spans more, but pgjdbc
 * writes instants before 4713 BC as {@code -infinity}, which no {@code java.time} type reads back (every later read
 * of the row fails), and later years overflow the column or the ISO-8601 format most clients parse. Every service
 * checks the timestamps it receives (bodies and query parameters) here, before anything is written or queried.
 */
public final class Timestamps {

    /** The first supported instant, inclusive. */
    public static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
    /** The first unsupported instant after the range. */
    public static final Instant END = Instant.parse("+10000-01-01T00:00:00Z");

    static final String MESSAGE = "must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z";

    private Timestamps() {
    }

    /**
     * The value as an instant; {@code null} stays {@code null}. Outside the range: 400 {@code validation-failed}
     * naming {@code field}.
     */
    public static Instant requireSupported(String field, OffsetDateTime value) {
        if (value == null) {
            return null;
        }
        Instant instant = value.toInstant();
        if (instant.isBefore(MIN) || !instant.isBefore(END)) {
            throw InvalidRequestException.of(field, MESSAGE);
        }
        return instant;
    }
}
