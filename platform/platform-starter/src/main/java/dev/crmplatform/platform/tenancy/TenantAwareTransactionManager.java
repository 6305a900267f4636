package dev.crmplatform.platform.tenancy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * JDBC transaction manager that publishes the current tenant to PostgreSQL at the start of every transaction, so
 * row-level security policies ({@code current_setting('app.tenant_id', true)}) filter every statement of it.
 *
 * <p>{@code set_config(..., true)} is transaction-local: the setting disappears at commit/rollback, so a pooled
 * connection can never carry one tenant's id into another tenant's transaction. Without a tenant an empty string is
 * set, which the policy template maps to NULL and therefore to "no rows".
 */
public class TenantAwareTransactionManager extends JdbcTransactionManager {

    static final String SET_TENANT_SQL = "select set_config('app.tenant_id', ?, true)";

    public TenantAwareTransactionManager(DataSource dataSource) {
        super(dataSource);
    }

    @Override
    protected void prepareTransactionalConnection(Connection con, TransactionDefinition definition)
            throws SQLException {
        super.prepareTransactionalConnection(con, definition);
        String tenant = TenantContext.current().map(Object::toString).orElse("");
        try (PreparedStatement ps = con.prepareStatement(SET_TENANT_SQL)) {
            ps.setString(1, tenant);
            ps.execute();
        }
    }
}
