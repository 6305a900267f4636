package dev.crmplatform.platform.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonFormat;

import dev.crmplatform.platform.web.problem.FieldErrorView;
import dev.crmplatform.platform.web.problem.InvalidRequestException;
import dev.crmplatform.platform.web.problem.JsonFieldErrors;

import tools.jackson.databind.json.JsonMapper;

/** Dates and timestamps outside years 0001-9999 in any JSON document the platform's mapper reads. */
class SupportedDatesTest {

    record Dates(OffsetDateTime offset, Instant instant, ZonedDateTime zoned, LocalDate date, LocalDateTime local,
            @JsonFormat(pattern = "dd.MM.uuuu") LocalDate formatted, List<Dates> nested) {
    }

    private final JsonMapper json = StrictJsonTest.strict();

    @Test
    void readsDatesInTheSupportedYearsAsJacksonWould() {
        Dates dates = json.readValue("""
                {"offset":"0000-12-31T23:00:00-01:00","instant":"9999-12-31T23:59:59.999999Z",
                 "zoned":"2026-01-01T00:00:00Z","date":"0001-01-01","local":"9999-12-31T23:59:59",
                 "formatted":"31.12.9999","nested":[{"date":"2026-06-30"}]}""", Dates.class);
        assertThat(dates.offset().toInstant()).isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
        assertThat(dates.instant()).isEqualTo(Instant.parse("9999-12-31T23:59:59.999999Z"));
        assertThat(dates.date()).isEqualTo(LocalDate.of(1, 1, 1));
        assertThat(dates.formatted()).isEqualTo(LocalDate.of(9999, 12, 31));
        assertThat(dates.nested().getFirst().date()).isEqualTo(LocalDate.of(2026, 6, 30));
        assertThat(json.readValue("{\"offset\":null,\"date\":null}", Dates.class).offset()).isNull();
    }

    @Test
    void refusesDatesOutsideTheSupportedYearsNamingTheMember() {
        String[][] cases = {
                { "{\"offset\":\"-5000-01-01T00:00:00Z\"}", "offset" },
                { "{\"offset\":\"+294277-01-01T00:00:00Z\"}", "offset" },
                { "{\"offset\":\"9999-12-31T23:30:00-01:00\"}", "offset" },
                { "{\"instant\":\"0000-12-31T23:59:59Z\"}", "instant" },
                { "{\"zoned\":\"+10000-01-01T00:00:00Z\"}", "zoned" },
                { "{\"date\":\"-5000-01-01\"}", "date" },
                { "{\"date\":\"+294277-01-01\"}", "date" },
                { "{\"local\":\"+10000-01-01T00:00:00\"}", "local" },
                { "{\"nested\":[{\"date\":\"2026-01-01\"},{\"date\":\"0000-01-01\"}]}", "nested[1].date" } };
        for (String[] c : cases) {
            assertThatThrownBy(() -> json.readValue(c[0], Dates.class)).as(c[0])
                    .isInstanceOfSatisfying(UnsupportedDateException.class, e -> {
                        InvalidRequestException problem = JsonFieldErrors.invalidValue(e);
                        assertThat(problem.getType()).isEqualTo("validation-failed");
                        assertThat(problem.getErrors()).extracting(FieldErrorView::field).containsExactly(c[1]);
                        assertThat(problem.getErrors().getFirst().message()).startsWith("must be between 0001-01-01");
                    });
        }
    }

    @Test
    void refusesThemInUntypedTreesConvertedLater() {
        var tree = json.readTree("{\"date\":\"-5000-01-01\"}");
        assertThatThrownBy(() -> json.treeToValue(tree, Dates.class)).isInstanceOf(UnsupportedDateException.class);
    }
}
