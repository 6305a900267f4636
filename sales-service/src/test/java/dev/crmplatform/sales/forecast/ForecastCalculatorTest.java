package dev.crmplatform.sales.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmplatform.contracts.sales.model.OpportunityStage;
import dev.crmplatform.sales.forecast.ForecastCalculator.Figures;
import dev.crmplatform.sales.forecast.ForecastCalculator.GroupBy;
import dev.crmplatform.sales.forecast.ForecastCalculator.Result;
import dev.crmplatform.sales.forecast.ForecastRepository.Sum;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForecastCalculatorTest {

    private static final Map<OpportunityStage, Integer> PROBABILITIES = Map.of(
            OpportunityStage.PROSPECTING, 10, OpportunityStage.QUALIFICATION, 20, OpportunityStage.PROPOSAL, 50,
            OpportunityStage.NEGOTIATION, 75, OpportunityStage.CLOSED_WON, 100, OpportunityStage.CLOSED_LOST, 0);

    @Test
    void theWeightedSumIsRoundedOnceAtTheEndHalfEven() {
        // 0.005 + 0.005 + 0.005 = 0.015 -> 0.02; rounding each row first would give 0.00.
        Result result = ForecastCalculator.calculate(
                List.of(new Sum("EUR", "PROSPECTING", "a", 3, new BigDecimal("0.15"))), List.of(),
                PROBABILITIES::get, null);

        Figures eur = result.totals().getFirst();
        assertThat(eur.weighted()).isEqualByComparingTo("0.02");
        assertThat(eur.weighted().scale()).isEqualTo(2);
        assertThat(result.groups()).isNull();
    }

    @Test
    void currenciesAreNeverAddedAndCommitAndBestCaseIncludeWhatWasWon() {
        Result result = ForecastCalculator.calculate(
                List.of(new Sum("USD", "NEGOTIATION", "a", 1, new BigDecimal("100.00")),
                        new Sum("EUR", "PROPOSAL", "a", 2, new BigDecimal("166.665")),
                        new Sum("EUR", "NEGOTIATION", null, 1, new BigDecimal("10.005"))),
                List.of(new Sum("EUR", "CLOSED_WON", "b", 1, new BigDecimal("1.00"))),
                PROBABILITIES::get, GroupBy.OWNER);

        assertThat(result.totals()).extracting(Figures::currency).containsExactly("EUR", "USD");
        Figures eur = result.totals().getFirst();
        assertThat(eur.openCount()).isEqualTo(3);
        assertThat(eur.pipeline()).isEqualByComparingTo("176.67");          // 176.670
        assertThat(eur.weighted()).isEqualByComparingTo("90.84");           // 83.3325 + 7.50375 = 90.83625
        assertThat(eur.commit()).isEqualByComparingTo("11.00");             // 1.00 + 10.005 = 11.005 -> 11.00
        assertThat(eur.bestCase()).isEqualByComparingTo("177.67");
        assertThat(eur.closedWon()).isEqualByComparingTo("1.00");
        assertThat(result.groups()).extracting(ForecastCalculator.Group::key)
                .containsExactly("a", "b", ForecastCalculator.UNASSIGNED);
    }

    @Test
    void stageGroupsFollowThePipelineOrder() {
        Result result = ForecastCalculator.calculate(
                List.of(new Sum("EUR", "PROPOSAL", "a", 1, BigDecimal.ONE),
                        new Sum("EUR", "PROSPECTING", "a", 1, BigDecimal.ONE)),
                List.of(new Sum("EUR", "CLOSED_WON", "a", 1, BigDecimal.ONE)),
                PROBABILITIES::get, GroupBy.STAGE);

        assertThat(result.groups()).extracting(ForecastCalculator.Group::key)
                .containsExactly("PROSPECTING", "PROPOSAL", "CLOSED_WON");
    }
}
