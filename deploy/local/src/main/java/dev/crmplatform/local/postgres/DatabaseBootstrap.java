package dev.crmplatform.local.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.crmplatform.local.LaunchException;

/**
 * Creates what the services need and nothing else, idempotently: the login role {@value #APP_ROLE} (not a superuser
 * and without BYPASSRLS, because either would switch row-level security off for the services) and one database per
 * service owned by that role. Existing data is never touched.
 */
public final class DatabaseBootstrap {

    public static final String APP_ROLE = "crm_app";
    private static final Pattern SAFE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Logger log = LoggerFactory.getLogger(DatabaseBootstrap.class);

    private DatabaseBootstrap() {
    }

    /** Ensures the role and the databases; returns the names of the databases it created. */
    public static List<String> ensure(PgServer server, List<String> databases) {
        try (Connection c = DriverManager.getConnection(server.adminUrl(), server.adminUser(), server.adminPassword())) {
            ensureRole(c, server.appPassword());
            return databases.stream().filter(db -> ensureDatabase(c, db)).toList();
        } catch (SQLException e) {
            throw new LaunchException("PostgreSQL (" + server.description() + ") refused the administrative connection "
                    + "as " + server.adminUser() + ": " + e.getMessage() + ". Set CRM_PG_USER/CRM_PG_PASSWORD to a user "
                    + "that may create roles and databases.", e);
        }
    }

    /**
     * Registers a tenant in the gateway's database (after its migrations ran) so that API keys can be issued for it:
     * the dev issuer's demo tenant exists only in tokens otherwise.
     */
    public static void ensureTenant(PgServer server, String gatewayDatabase, UUID id, String name) {
        try (Connection c = DriverManager.getConnection(server.url(gatewayDatabase), server.adminUser(),
                server.adminPassword());
             PreparedStatement ps = c.prepareStatement("insert into tenants (id, name, created_by, updated_by) "
                     + "values (?, ?, 'crm-local', 'crm-local') on conflict do nothing")) {
            ps.setObject(1, id);
            ps.setString(2, name);
            ps.executeUpdate();
        } catch (SQLException e) {
            log.warn("Could not register the demo tenant in {}: {}", gatewayDatabase, e.getMessage());
        }
    }

    private static void ensureRole(Connection c, String appPassword) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select rolsuper, rolbypassrls, rolcanlogin from pg_roles where rolname = ?")) {
            ps.setString(1, APP_ROLE);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    execute(c, "create role " + APP_ROLE + " login nosuperuser nobypassrls nocreatedb nocreaterole "
                            + "password " + literal(appPassword));
                    log.info("Created role {}", APP_ROLE);
                    return;
                }
                if (rs.getBoolean(1) || rs.getBoolean(2) || !rs.getBoolean(3)) {
                    // A superuser or BYPASSRLS role would silently disable tenant isolation in every service.
                    execute(c, "alter role " + APP_ROLE + " login nosuperuser nobypassrls");
                    log.warn("Role {} was a superuser, had BYPASSRLS or could not log in; fixed to LOGIN NOSUPERUSER "
                            + "NOBYPASSRLS", APP_ROLE);
                }
            }
        }
    }

    private static boolean ensureDatabase(Connection c, String name) {
        if (!SAFE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a safe database name: " + name);
        }
        try (PreparedStatement ps = c.prepareStatement(
                "select pg_get_userbyid(datdba) from pg_database where datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    String owner = rs.getString(1);
                    if (!APP_ROLE.equals(owner)) {
                        log.warn("Database {} exists but is owned by {}, not {}: migrations may fail. Reset it with "
                                + "`dropdb -h <host> -U <admin> {}` (loses its data) or change its owner.", name, owner,
                                APP_ROLE, name);
                    }
                    return false;
                }
            }
            execute(c, "create database " + name + " owner " + APP_ROLE);
            log.info("Created database {} owned by {}", name, APP_ROLE);
            return true;
        } catch (SQLException e) {
            // Two launchers racing for the same name: the other one created it, which is what we wanted.
            if ("42P04".equals(e.getSQLState())) {
                return false;
            }
            throw new LaunchException("Could not create database " + name + ": " + e.getMessage(), e);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
