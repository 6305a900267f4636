package dev.crmplatform.customer.customers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmplatform.platform.test.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V14 folds accents in search terms. Customers saved before it must be re-indexed by the migration itself: a stored
 * generated column keeps its old value when its function is replaced.
 */
class AccentFoldingMigrationIT {

    private final TestDatabases.Database db = TestDatabases.createFreshDatabase("accent_migration");
    private final UUID tenant = UUID.randomUUID();

    @Test
    void customersSavedBeforeAreReindexedWithAccentsFolded() throws SQLException {
        migrate("13");
        UUID accented = UUID.randomUUID();
        UUID plain = UUID.randomUUID();
        asTenant("""
                insert into customer (id, tenant_id, type, first_name, last_name, display_name, lifecycle_stage,
                                      created_by, updated_by)
                values ('%s', '%s', 'PERSON', 'Émile', 'Zoë', 'Émile Zoë', 'LEAD', 'test', 'test'),
                       ('%s', '%s', 'PERSON', 'Ada', 'Lovelace', 'Ada Lovelace', 'LEAD', 'test', 'test')"""
                .formatted(accented, tenant, plain, tenant));
        assertThat(asTenant("select word from customer_search_word")).contains("émile", "zoë");
        List<String> plainRowVersion = asTenant("select xmin::text from customer where id = '" + plain + "'");

        migrate("latest");

        assertThat(asTenant("select term from customer_search_term where customer_id = '" + accented + "'"))
                .containsExactlyInAnyOrder("emile", "zoe");
        assertThat(asTenant("select word from customer_search_word"))
                .containsExactlyInAnyOrder("emile", "zoe", "ada", "lovelace");
        // customers whose terms stay the same are not rewritten
        assertThat(asTenant("select xmin::text from customer where id = '" + plain + "'")).isEqualTo(plainRowVersion);
    }

    private void migrate(String target) {
        Flyway.configure().dataSource(db.url(), db.username(), db.password())
                .locations("classpath:db/migration").target(target).load().migrate();
    }

    /** Runs a statement as the tenant (row-level security applies: the role is not a superuser); its rows as text. */
    private List<String> asTenant(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.username(), db.password())) {
            c.setAutoCommit(false);
            c.createStatement().execute("select set_config('app.tenant_id', '" + tenant + "', true)");
            List<String> rows = new ArrayList<>();
            try (var statement = c.createStatement()) {
                if (statement.execute(sql)) {
                    try (var rs = statement.getResultSet()) {
                        while (rs.next()) {
                            rows.add(rs.getString(1));
                        }
                    }
                }
            }
            c.commit();
            return rows;
        }
    }
}
