package dev.crmplatform.platform.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Fresh PostgreSQL databases for test suites. The server is found in this order: the environment
 * ({@code CRM_TEST_PG_URL}, {@code CRM_TEST_PG_USER}, {@code CRM_TEST_PG_PASSWORD}; the URL of any database on the server),
 * the local server on 127.0.0.1:5432, Testcontainers when Docker is available, else a clear error.
 *
 * <p>Each database is owned by the non-superuser role {@value #APP_ROLE} and tests connect as that role, because
 * superusers bypass row-level security even when it is forced.
 */
public final class TestDatabases {

    public static final String APP_ROLE = "crm_app";
    private static final String PREFIX = "crmt_";
    private static final long STALE_AFTER_SECONDS = 3 * 3600;
    private static final Logger log = LoggerFactory.getLogger(TestDatabases.class);

    private static Server server;

    private TestDatabases() {
    }

    /** The administrative connection data: a JDBC URL of the server's maintenance database, user and password. */
    public record Server(String host, int port, String adminUser, String adminPassword, String appPassword) {

        String url(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }
    }

    /** A database created for a suite, with the credentials of the application role. */
    public record Database(String name, String url, String username, String password) {
    }

    /** Creates a database owned by {@value #APP_ROLE}; returns how to connect to it as that role. */
    public static Database createFreshDatabase(String prefix) {
        Server s = server();
        String name = PREFIX + sanitize(prefix) + "_" + Instant.now().getEpochSecond() + "_"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
        execute(s, "create database " + name + " owner " + APP_ROLE);
        // Not dropped at JVM exit: a shutdown hook would race the Spring contexts still closing over it.
        // The next run drops what is older than STALE_AFTER instead.
        return new Database(name, s.url(name), APP_ROLE, s.appPassword());
    }

    /** The server's administrative connection, for tests that need to act as a superuser. */
    public static synchronized Server server() {
        if (server == null) {
            server = resolve();
            ensureAppRole(server);
            dropStaleDatabases(server);
        }
        return server;
    }

    public static Connection adminConnection(String database) throws SQLException {
        Server s = server();
        return DriverManager.getConnection(s.url(database), s.adminUser(), s.adminPassword());
    }

    private static Server resolve() {
        String url = Endpoints.env("CRM_TEST_PG_URL");
        if (url != null) {
            var hostPort = url.replaceFirst("^jdbc:postgresql://", "").replaceFirst("/.*$", "");
            String host = hostPort.contains(":") ? hostPort.substring(0, hostPort.indexOf(':')) : hostPort;
            int port = hostPort.contains(":") ? Integer.parseInt(hostPort.substring(hostPort.indexOf(':') + 1)) : 5432;
            String user = orDefault(Endpoints.env("CRM_TEST_PG_USER"), "postgres");
            String password = orDefault(Endpoints.env("CRM_TEST_PG_PASSWORD"), "");
            return new Server(host, port, user, password, orDefault(Endpoints.env("CRM_TEST_PG_APP_PASSWORD"), "crm_app"));
        }
        if (Endpoints.answers("127.0.0.1", 5432)) {
            return new Server("127.0.0.1", 5432, "postgres", "", "crm_app");
        }
        if (Endpoints.dockerAvailable()) {
            log.info("No local PostgreSQL on 127.0.0.1:5432; starting one with Testcontainers");
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
            container.start();
            return new Server(container.getHost(), container.getMappedPort(5432), container.getUsername(),
                    container.getPassword(), "crm_app");
        }
        throw new InfrastructureUnavailableException("""
                No PostgreSQL for the tests. Do one of:
                  - start the local server: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
                    (it must answer on 127.0.0.1:5432 with trust auth for user postgres), or
                  - set CRM_TEST_PG_URL (and CRM_TEST_PG_USER, CRM_TEST_PG_PASSWORD) to a server where that user may
                    create roles and databases, or
                  - start a Docker engine so Testcontainers can run PostgreSQL.""");
    }

    private static void ensureAppRole(Server s) {
        execute(s, """
                do $$ begin
                  if not exists (select from pg_roles where rolname = '%s') then
                    create role %s login nosuperuser nobypassrls nocreatedb nocreaterole password '%s';
                  end if;
                end $$""".formatted(APP_ROLE, APP_ROLE, s.appPassword()));
    }

    /** Test databases of earlier runs are dropped once they are old enough that no run can still be using them. */
    private static void dropStaleDatabases(Server s) {
        long cutoff = Instant.now().getEpochSecond() - STALE_AFTER_SECONDS;
        List<String> stale = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(s.url("postgres"), s.adminUser(), s.adminPassword());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select datname from pg_database where datname like '" + PREFIX + "%'")) {
            while (rs.next()) {
                String name = rs.getString(1);
                String[] parts = name.split("_");
                if (parts.length >= 3) {
                    try {
                        if (Long.parseLong(parts[parts.length - 2]) < cutoff) {
                            stale.add(name);
                        }
                    } catch (NumberFormatException ignored) {
                        // not one of ours
                    }
                }
            }
        } catch (SQLException e) {
            log.warn("Could not list stale test databases: {}", e.getMessage());
        }
        stale.forEach(name -> dropQuietly(s, name));
    }

    private static void dropQuietly(Server s, String name) {
        try {
            execute(s, "drop database if exists " + name + " with (force)");
        } catch (RuntimeException e) {
            log.debug("Could not drop {}: {}", name, e.getMessage());
        }
    }

    private static void execute(Server s, String sql) {
        try (Connection c = DriverManager.getConnection(s.url("postgres"), s.adminUser(), s.adminPassword());
             Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + s.host() + ":" + s.port() + " refused: " + sql, e);
        }
    }

    private static String sanitize(String prefix) {
        String cleaned = prefix.toLowerCase().replaceAll("[^a-z0-9]", "");
        return cleaned.length() > 20 ? cleaned.substring(0, 20) : cleaned;
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
