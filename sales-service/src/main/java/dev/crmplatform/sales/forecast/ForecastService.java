package dev.crmplatform.sales.forecast;

import dev.crmplatform.platform.tenancy.TenantContext;
import dev.crmplatform.sales.forecast.ForecastCalculator.GroupBy;
import dev.crmplatform.sales.forecast.ForecastCalculator.Result;
import dev.crmplatform.sales.pipeline.Pipeline;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The weighted forecast of a period, per currency, from the opportunities expected to close in it. */
@Service
public class ForecastService {

    private final ForecastRepository repository;
    private final Pipeline pipeline;

    public ForecastService(ForecastRepository repository, Pipeline pipeline) {
        this.repository = repository;
        this.pipeline = pipeline;
    }

    /** Both sums are read in one (repeatable-read) snapshot, so the figures agree with each other. */
    @Transactional(readOnly = true, isolation = org.springframework.transaction.annotation.Isolation.REPEATABLE_READ)
    public Result forecast(ForecastPeriod period, GroupBy groupBy) {
        UUID tenant = TenantContext.require();
        return ForecastCalculator.calculate(repository.open(tenant, period), repository.closedWon(tenant, period),
                pipeline::probability, groupBy);
    }
}
