package dev.crmplatform.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

import dev.crmplatform.platform.web.problem.FieldErrorView;
import dev.crmplatform.platform.web.problem.InvalidRequestException;

class TimestampsTest {

    @Test
    void acceptsYearsOneToNineThousandNineHundredNinetyNine() {
        assertThat(Timestamps.requireSupported("at", (Object) null)).isNull();
        for (Object value : new Object[] { OffsetDateTime.parse("0001-01-01T00:00:00Z"),
                OffsetDateTime.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("0001-01-01T00:00:00Z"),
                ZonedDateTime.parse("9999-12-31T23:59:59Z[UTC]"), LocalDate.parse("0001-01-01"),
                LocalDate.parse("9999-12-31"), LocalDateTime.parse("9999-12-31T23:59:59.999999999"),
                // the offset counts: this is 0001-01-01T00:00Z
                OffsetDateTime.parse("0000-12-31T23:00:00-01:00"),
                // not a date at all: nothing to check
                "-5000-01-01" }) {
            assertThat(Timestamps.problem(value)).as(value.toString()).isNull();
            assertThat(Timestamps.requireSupported("at", value)).isSameAs(value);
        }
    }

    @Test
    void rejectsWhatPostgresOrTheIsoFormatCannotRoundTrip() {
        for (Object value : new Object[] { OffsetDateTime.parse("-5000-01-01T00:00:00Z"),
                OffsetDateTime.parse("0000-12-31T23:59:59.999Z"), OffsetDateTime.parse("+10000-01-01T00:00:00Z"),
                OffsetDateTime.parse("+294277-01-01T00:00:00Z"), OffsetDateTime.parse("+999999999-01-01T00:00:00Z"),
                OffsetDateTime.parse("9999-12-31T23:30:00-01:00"), Instant.parse("-5000-01-01T00:00:00Z"),
                ZonedDateTime.parse("+10000-01-01T00:00:00Z[UTC]"), LocalDate.parse("-5000-01-01"),
                LocalDate.parse("0000-12-31"), LocalDate.parse("+294277-01-01"),
                LocalDateTime.parse("+10000-01-01T00:00:00") }) {
            assertThatThrownBy(() -> Timestamps.requireSupported("occurredAt", value)).as(value.toString())
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                        assertThat(e.getType()).isEqualTo("validation-failed");
                        assertThat(e.getErrors()).extracting(FieldErrorView::field).containsExactly("occurredAt");
                        assertThat(e.getErrors()).extracting(FieldErrorView::message)
                                .containsExactly(Timestamps.problem(value));
                    });
        }
        assertThat(Timestamps.problem(LocalDate.parse("-5000-01-01")))
                .isEqualTo("must be between 0001-01-01 and 9999-12-31");
        assertThat(Timestamps.problem(Instant.parse("+10000-01-01T00:00:00Z")))
                .isEqualTo("must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z");
    }
}
