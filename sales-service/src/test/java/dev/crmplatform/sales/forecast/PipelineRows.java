package dev.crmplatform.sales.forecast;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Inserts lead and opportunity rows directly under a tenant (row-level security applies to the app role), for
 * features that only read them (tasks, forecast). Those tables' own APIs are tested by their owners.
 */
public final class PipelineRows {

    private final DataSource dataSource;
    private final UUID tenant;

    public PipelineRows(DataSource dataSource, UUID tenant) {
        this.dataSource = dataSource;
        this.tenant = tenant;
    }

    public UUID lead(String lastName) {
        UUID id = UUID.randomUUID();
        inTenant(jdbc -> jdbc.sql("""
                        insert into lead (id, tenant_id, first_name, last_name, email, created_by, updated_by)
                        values (:id, :tenant, 'Test', :lastName, :email, 'test', 'test')""")
                .param("id", id).param("tenant", tenant).param("lastName", lastName)
                .param("email", lastName.toLowerCase() + "@example.com")
                .update());
        return id;
    }

    public UUID opportunity(UUID customerId, String stage, String amount, String currency, LocalDate expectedClose,
                            String ownerId) {
        return opportunity(customerId, stage, amount, currency, expectedClose, ownerId, null);
    }

    /** @param closedAt for CLOSED_WON/CLOSED_LOST: when it closed */
    public UUID opportunity(UUID customerId, String stage, String amount, String currency, LocalDate expectedClose,
                            String ownerId, Instant closedAt) {
        UUID id = UUID.randomUUID();
        inTenant(jdbc -> jdbc.sql("""
                        insert into opportunity (id, tenant_id, customer_id, name, amount, currency, expected_close_date,
                                                 stage, probability, owner_id, closed_at, created_by, updated_by)
                        values (:id, :tenant, :customer, 'Deal', :amount, :currency, :close, :stage, 0, :owner,
                                :closedAt, 'test', 'test')""")
                .param("id", id).param("tenant", tenant).param("customer", customerId)
                .param("amount", new BigDecimal(amount)).param("currency", currency).param("close", expectedClose)
                .param("stage", stage).param("owner", ownerId)
                .param("closedAt", closedAt == null ? null : OffsetDateTime.ofInstant(closedAt, ZoneOffset.UTC))
                .update());
        return id;
    }

    public void inTenant(Consumer<JdbcClient> work) {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        new TransactionTemplate(new JdbcTransactionManager(dataSource)).executeWithoutResult(tx -> {
            jdbc.sql("select set_config('app.tenant_id', :tenant, true)").param("tenant", tenant.toString())
                    .query().singleValue();
            work.accept(jdbc);
        });
    }
}
