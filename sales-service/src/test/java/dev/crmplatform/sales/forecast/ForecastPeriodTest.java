package dev.crmplatform.sales.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmplatform.platform.web.problem.InvalidRequestException;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ForecastPeriodTest {

    @Test
    void aQuarterSpansItsThreeMonths() {
        assertThat(ForecastPeriod.parse("2026-Q4"))
                .isEqualTo(new ForecastPeriod("2026-Q4", LocalDate.of(2026, 10, 1), LocalDate.of(2026, 12, 31)));
        assertThat(ForecastPeriod.parse("2024-q1").end()).isEqualTo(LocalDate.of(2024, 3, 31));
    }

    @Test
    void aMonthAndAYearAreAcceptedToo() {
        assertThat(ForecastPeriod.parse("2028-02"))
                .isEqualTo(new ForecastPeriod("2028-02", LocalDate.of(2028, 2, 1), LocalDate.of(2028, 2, 29)));
        assertThat(ForecastPeriod.parse("2026"))
                .isEqualTo(new ForecastPeriod("2026", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2026-Q5", "2026-Q0", "2026-13", "2026-00", "26", "2026-1", "Q4-2026", "1899",
            "2026-Q4-01", "2026-11-01", "twenty"})
    void anythingElseIsAValidationProblemOnThePeriod(String text) {
        assertThatThrownBy(() -> ForecastPeriod.parse(text))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        ex -> assertThat(ex.getErrors().getFirst().field()).isEqualTo("period"));
    }
}
