package dev.crmplatform.local.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.crmplatform.local.LaunchException;
import dev.crmplatform.local.Ports;

/**
 * Finds the PostgreSQL server: {@code CRM_PG_URL} (+ {@code CRM_PG_USER}, {@code CRM_PG_PASSWORD},
 * {@code CRM_PG_APP_PASSWORD}), else the local server on 127.0.0.1:5432 (user postgres, trust auth), else an embedded
 * server whose data survives restarts, unless we run as root: PostgreSQL refuses to run as root, so then the user gets
 * a message saying what to start.
 */
public final class PostgresResolver implements AutoCloseable {

    public static final String APP_PASSWORD_DEFAULT = "crm_app";
    private static final Logger log = LoggerFactory.getLogger(PostgresResolver.class);

    private final Map<String, String> env;
    private final Path home;
    private final int embeddedPort;
    private EmbeddedPostgres embedded;

    public PostgresResolver(Map<String, String> env, Path home, int embeddedPort) {
        this.env = env;
        this.home = home;
        this.embeddedPort = embeddedPort;
    }

    public PgServer resolve() {
        String appPassword = env.getOrDefault("CRM_PG_APP_PASSWORD", APP_PASSWORD_DEFAULT);
        String url = blankToNull(env.get("CRM_PG_URL"));
        if (url != null) {
            return fromUrl(url, env.getOrDefault("CRM_PG_USER", "postgres"), env.getOrDefault("CRM_PG_PASSWORD", ""),
                    appPassword);
        }
        if (Ports.answers("127.0.0.1", 5432)) {
            return new PgServer("127.0.0.1", 5432, "postgres", "postgres", "", appPassword,
                    "local server 127.0.0.1:5432");
        }
        if (runningAsRoot()) {
            throw new LaunchException("""
                    No PostgreSQL answers on 127.0.0.1:5432, and the embedded one cannot run as root (PostgreSQL refuses).
                    Do one of:
                      - start the local server, e.g. `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`
                        (it must accept user postgres from 127.0.0.1 without a password, or set CRM_PG_USER/CRM_PG_PASSWORD), or
                      - point CRM_PG_URL (jdbc:postgresql://host:port/postgres), CRM_PG_USER and CRM_PG_PASSWORD at a server
                        where that user may create roles and databases, or
                      - run the launcher as a non-root user so the embedded PostgreSQL can start.""");
        }
        return startEmbedded(appPassword);
    }

    private PgServer startEmbedded(String appPassword) {
        Path root = home.resolve("postgres");
        Path data = root.resolve("data");
        try {
            Files.createDirectories(root);
            log.info("No PostgreSQL on 127.0.0.1:5432: starting an embedded one on port {} (data in {})", embeddedPort,
                    data);
            embedded = EmbeddedPostgres.builder()
                    .setPort(embeddedPort)
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(root.resolve("binaries").toFile())
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // The launcher stops it after the services, in its own shutdown order.
                    .setRegisterShutdownHook(false)
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new LaunchException("The embedded PostgreSQL did not start (" + e.getMessage() + "). Start a local "
                    + "PostgreSQL on 127.0.0.1:5432 or set CRM_PG_URL instead.", e);
        }
        return new PgServer("127.0.0.1", embeddedPort, "postgres", "postgres", "", appPassword,
                "embedded PostgreSQL on 127.0.0.1:" + embeddedPort + " (data in " + data + ")");
    }

    static PgServer fromUrl(String url, String user, String password, String appPassword) {
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new LaunchException("CRM_PG_URL must look like jdbc:postgresql://host:port/database, not " + url);
        }
        String rest = url.substring("jdbc:postgresql://".length());
        String hostPort = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
        String database = rest.contains("/") ? rest.substring(rest.indexOf('/') + 1) : "postgres";
        if (database.contains("?")) {
            database = database.substring(0, database.indexOf('?'));
        }
        if (database.isBlank()) {
            database = "postgres";
        }
        int colon = hostPort.lastIndexOf(':');
        String host = colon > 0 ? hostPort.substring(0, colon) : hostPort;
        int port = colon > 0 ? Integer.parseInt(hostPort.substring(colon + 1)) : 5432;
        return new PgServer(host, port, database, user, password, appPassword, "CRM_PG_URL " + host + ":" + port);
    }

    /** PostgreSQL's initdb and postgres refuse uid 0; the owner of /proc/self is this process's user. */
    static boolean runningAsRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    public boolean embeddedRunning() {
        return embedded != null;
    }

    @Override
    public void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
            }
            embedded = null;
        }
    }
}
