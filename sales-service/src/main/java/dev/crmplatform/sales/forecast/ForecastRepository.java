package dev.crmplatform.sales.forecast;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Exact sums (PostgreSQL numeric) of opportunity amounts per currency, stage and owner; the forecast weights and
 * rounds them. Every query filters by tenant; row-level security backs it up.
 */
@Repository
public class ForecastRepository {

    private final JdbcClient jdbc;

    public ForecastRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Open opportunities (not CLOSED_WON/CLOSED_LOST) expected to close in the period. */
    public List<Sum> open(UUID tenant, ForecastPeriod period) {
        return jdbc.sql("""
                        select currency, stage, owner_id, count(*) as opportunities, sum(amount) as total
                          from opportunity
                         where tenant_id = :tenant
                           and expected_close_date between :start and :end
                           and stage not in ('CLOSED_WON', 'CLOSED_LOST')
                         group by currency, stage, owner_id""")
                .param("tenant", tenant).param("start", period.start()).param("end", period.end())
                .query(Sum.class)
                .list();
    }

    /** Opportunities won in the period: by the day they closed (UTC), else by their expected close date. */
    public List<Sum> closedWon(UUID tenant, ForecastPeriod period) {
        return jdbc.sql("""
                        select currency, stage, owner_id, count(*) as opportunities, sum(amount) as total
                          from opportunity
                         where tenant_id = :tenant
                           and stage = 'CLOSED_WON'
                           and coalesce((closed_at at time zone 'UTC')::date, expected_close_date)
                               between :start and :end
                         group by currency, stage, owner_id""")
                .param("tenant", tenant).param("start", period.start()).param("end", period.end())
                .query(Sum.class)
                .list();
    }

    public record Sum(String currency, String stage, String ownerId, int opportunities, BigDecimal total) {
    }
}
