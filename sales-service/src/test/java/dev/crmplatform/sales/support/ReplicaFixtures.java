package dev.crmplatform.sales.support;

import java.math.BigDecimal;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Seeds customer_replica rows directly, for tests of features that only read the replica (orders, opportunities).
 * The replica consumer itself is tested through real customer events on Kafka.
 */
public final class ReplicaFixtures {

    private ReplicaFixtures() {
    }

    /** Inserts an active customer with an optional credit limit (null amount: none) and returns its id. */
    public static UUID customer(DataSource dataSource, UUID tenant, String displayName, BigDecimal creditLimit,
                                String currency) {
        UUID id = UUID.randomUUID();
        // The app role is subject to row-level security: set the tenant for this transaction only.
        JdbcClient jdbc = JdbcClient.create(dataSource);
        new org.springframework.transaction.support.TransactionTemplate(
                new org.springframework.jdbc.support.JdbcTransactionManager(dataSource)).executeWithoutResult(tx -> {
            jdbc.sql("select set_config('app.tenant_id', :tenant, true)").param("tenant", tenant.toString()).query().singleValue();
            jdbc.sql("""
                    insert into customer_replica (id, tenant_id, display_name, primary_email, email_keys, lifecycle_stage,
                                                  credit_limit_amount, credit_limit_currency, status, version)
                    values (:id, :tenant, :name, :email, array[:email], 'CUSTOMER', :limit, :currency, 'ACTIVE', 1)""")
                    .param("id", id).param("tenant", tenant).param("name", displayName)
                    .param("email", displayName.toLowerCase().replace(' ', '.') + "@example.com")
                    .param("limit", creditLimit).param("currency", creditLimit == null ? null : currency)
                    .update();
        });
        return id;
    }
}
