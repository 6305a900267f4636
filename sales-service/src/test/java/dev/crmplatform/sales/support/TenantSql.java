package dev.crmplatform.sales.support;

import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Runs SQL as one tenant (row-level security applies), for test set-up and checks the API cannot reach. */
public final class TenantSql {

    private TenantSql() {
    }

    public static <T> T as(DataSource dataSource, UUID tenant, Function<JdbcClient, T> work) {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        return new TransactionTemplate(new JdbcTransactionManager(dataSource)).execute(tx -> {
            jdbc.sql("select set_config('app.tenant_id', :tenant, true)").param("tenant", tenant.toString())
                    .query().singleValue();
            return work.apply(jdbc);
        });
    }
}
