package dev.crmplatform.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;

import dev.crmplatform.platform.web.problem.FieldErrorView;
import dev.crmplatform.platform.web.problem.InvalidRequestException;

class TimestampsTest {

    @Test
    void acceptsYearsOneToNineThousandNineHundredNinetyNine() {
        assertThat(Timestamps.requireSupported("at", null)).isNull();
        assertThat(Timestamps.requireSupported("at", OffsetDateTime.parse("0001-01-01T00:00:00Z")))
                .isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
        assertThat(Timestamps.requireSupported("at", OffsetDateTime.parse("9999-12-31T23:59:59.999999999Z")))
                .isEqualTo(Instant.parse("9999-12-31T23:59:59.999999999Z"));
        // the offset counts: this is 0001-01-01T00:00Z
        assertThat(Timestamps.requireSupported("at", OffsetDateTime.parse("0000-12-31T23:00:00-01:00")))
                .isEqualTo(Timestamps.MIN);
    }

    @Test
    void rejectsWhatPostgresOrTheIsoFormatCannotRoundTrip() {
        for (String value : new String[] { "-5000-01-01T00:00:00Z", "0000-12-31T23:59:59.999Z",
                "+10000-01-01T00:00:00Z", "+294277-01-01T00:00:00Z", "+999999999-01-01T00:00:00Z",
                "9999-12-31T23:30:00-01:00" }) {
            assertThatThrownBy(() -> Timestamps.requireSupported("occurredAt", OffsetDateTime.parse(value))).as(value)
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                        assertThat(e.getType()).isEqualTo("validation-failed");
                        assertThat(e.getErrors()).extracting(FieldErrorView::field).containsExactly("occurredAt");
                    });
        }
    }
}
