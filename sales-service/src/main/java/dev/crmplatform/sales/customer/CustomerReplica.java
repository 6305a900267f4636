package dev.crmplatform.sales.customer;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads the local replica of customer-service's customers (fed from crm.customer.events). Sales requests ask this,
 * never customer-service, for a customer. Row-level security limits every read to the current tenant.
 */
@Component
public class CustomerReplica {

    private static final String COLUMNS = """
            id, display_name, primary_email, lifecycle_stage, owner_id, credit_limit_amount, credit_limit_currency,
            status, merged_into, erased, version""";

    private final JdbcClient jdbc;

    public CustomerReplica(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<ReplicaCustomer> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from customer_replica where id = :id")
                .param("id", id)
                .query(ReplicaCustomer.class)
                .optional();
    }

    /** The active customer holding this (normalised, lower-case) email, if exactly one does. */
    public Optional<ReplicaCustomer> findActiveByEmail(String email) {
        var matches = jdbc.sql("select " + COLUMNS + " from customer_replica"
                        + " where email_keys @> array[lower(:email)] and status = 'ACTIVE' and not erased"
                        + " order by version desc limit 2")
                .param("email", email)
                .query(ReplicaCustomer.class)
                .list();
        return matches.size() == 1 ? Optional.of(matches.getFirst()) : Optional.empty();
    }

    /**
     * @param creditLimitAmount null when customer-service has no credit limit for the customer
     * @param status            ACTIVE, ARCHIVED, MERGED or ERASED, as customer-service reports it
     */
    public record ReplicaCustomer(UUID id, String displayName, String primaryEmail, String lifecycleStage,
                                  String ownerId, BigDecimal creditLimitAmount, String creditLimitCurrency,
                                  String status, UUID mergedInto, boolean erased, long version) {

        public boolean isActive() {
            return "ACTIVE".equals(status) && !erased;
        }
    }
}
