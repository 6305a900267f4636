package dev.crmplatform.sales.support;

import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Plain SQL as one tenant (the app role is subject to row-level security), for seeding rows and checking them. */
public final class TenantJdbc {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    public TenantJdbc(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(new JdbcTransactionManager(dataSource));
    }

    public <T> T as(UUID tenant, Function<JdbcClient, T> work) {
        return transactions.execute(tx -> {
            jdbc.sql("select set_config('app.tenant_id', :tenant, true)").param("tenant", tenant.toString())
                    .query().singleValue();
            return work.apply(jdbc);
        });
    }

    public void run(UUID tenant, java.util.function.Consumer<JdbcClient> work) {
        as(tenant, jdbc -> {
            work.accept(jdbc);
            return null;
        });
    }

    /** Whether the inbox has recorded (applied, or recognised as a duplicate or stale) this event id. */
    public boolean inboxSaw(UUID eventId) {
        return transactions.execute(tx -> jdbc.sql("select count(*) from inbox_event where event_id = :id")
                .param("id", eventId).query(Long.class).single()) > 0;
    }
}
