package dev.crmplatform.sales.forecast;

import dev.crmplatform.contracts.sales.api.ForecastApi;
import dev.crmplatform.contracts.sales.model.Forecast;
import dev.crmplatform.contracts.sales.model.ForecastFigures;
import dev.crmplatform.contracts.sales.model.ForecastGroup;
import dev.crmplatform.contracts.sales.model.ForecastGroupBy;
import dev.crmplatform.contracts.sales.model.Money;
import dev.crmplatform.sales.forecast.ForecastCalculator.Figures;
import dev.crmplatform.sales.forecast.ForecastCalculator.GroupBy;
import dev.crmplatform.sales.forecast.ForecastCalculator.Result;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class ForecastController implements ForecastApi {

    private final ForecastService service;

    public ForecastController(ForecastService service) {
        this.service = service;
    }

    @Override
    public ResponseEntity<Forecast> getForecast(String period, ForecastGroupBy groupBy) {
        ForecastPeriod parsed = ForecastPeriod.parse(period);
        GroupBy grouping = groupBy == null ? null : GroupBy.valueOf(groupBy.getValue().toUpperCase(java.util.Locale.ROOT));
        Result result = service.forecast(parsed, grouping);
        Forecast dto = new Forecast()
                .period(parsed.label())
                .periodStart(parsed.start())
                .periodEnd(parsed.end())
                .groupBy(groupBy)
                .asOf(OffsetDateTime.now(ZoneOffset.UTC))
                .totals(figures(result.totals()));
        if (result.groups() != null) {
            dto.groups(result.groups().stream()
                    .map(g -> new ForecastGroup().key(g.key()).figures(figures(g.figures())))
                    .toList());
        }
        return ResponseEntity.ok(dto);
    }

    private static List<ForecastFigures> figures(List<Figures> figures) {
        return figures.stream().map(f -> new ForecastFigures()
                .currency(f.currency())
                .openCount(f.openCount())
                .pipeline(money(f.pipeline(), f.currency()))
                .weighted(money(f.weighted(), f.currency()))
                .bestCase(money(f.bestCase(), f.currency()))
                .commit(money(f.commit(), f.currency()))
                .closedWonCount(f.closedWonCount())
                .closedWon(money(f.closedWon(), f.currency())))
                .toList();
    }

    private static Money money(BigDecimal amount, String currency) {
        return new Money().amount(amount.toPlainString()).currency(currency);
    }
}
