package dev.crmplatform.local.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The database bootstrap on the real PostgreSQL the launcher would use (CRM_TEST_PG_URL or 127.0.0.1:5432), with
 * randomised database names so it never touches a running platform's crm_* databases.
 */
class DatabaseBootstrapIT {

    private static final String PREFIX = "crmlocalit_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff)) + "_";
    private static final List<String> DATABASES = List.of(PREFIX + "customer", PREFIX + "gateway");
    private static PgServer server;

    @BeforeAll
    static void resolve() {
        Map<String, String> env = new HashMap<>();
        // The test suites' variables (platform-test) name the server to use, as CRM_PG_* does for the launcher.
        copy("CRM_TEST_PG_URL", "CRM_PG_URL", env);
        copy("CRM_TEST_PG_USER", "CRM_PG_USER", env);
        copy("CRM_TEST_PG_PASSWORD", "CRM_PG_PASSWORD", env);
        server = new PostgresResolver(env, java.nio.file.Path.of("target"), 0).resolve();
    }

    @AfterAll
    static void dropDatabases() throws Exception {
        try (Connection c = DriverManager.getConnection(server.adminUrl(), server.adminUser(), server.adminPassword());
             Statement st = c.createStatement()) {
            for (String db : DATABASES) {
                st.execute("drop database if exists " + db + " with (force)");
            }
        }
    }

    @Test
    void createsRoleAndDatabasesOnceAndTheServicesConnectAsANonSuperuser() throws Exception {
        assertThat(DatabaseBootstrap.ensure(server, DATABASES)).containsExactlyElementsOf(DATABASES);
        assertThat(DatabaseBootstrap.ensure(server, DATABASES)).as("second run creates nothing").isEmpty();

        try (Connection c = DriverManager.getConnection(server.adminUrl(), server.adminUser(), server.adminPassword());
             Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("select rolsuper, rolbypassrls, rolcanlogin from pg_roles "
                    + "where rolname = 'crm_app'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean(1)).as("superuser").isFalse();
                assertThat(rs.getBoolean(2)).as("bypassrls").isFalse();
                assertThat(rs.getBoolean(3)).as("login").isTrue();
            }
            try (ResultSet rs = st.executeQuery("select count(*) from pg_database where datname like '" + PREFIX
                    + "%' and pg_get_userbyid(datdba) = 'crm_app'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
        try (Connection app = DriverManager.getConnection(server.url(DATABASES.getFirst()), DatabaseBootstrap.APP_ROLE,
                server.appPassword());
             Statement st = app.createStatement();
             ResultSet rs = st.executeQuery("select current_user, (select rolsuper from pg_roles where rolname = current_user)")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("crm_app");
            assertThat(rs.getBoolean(2)).isFalse();
        }
    }

    private static void copy(String from, String to, Map<String, String> env) {
        String value = System.getenv(from);
        if (value != null) {
            env.put(to, value);
        }
    }
}
