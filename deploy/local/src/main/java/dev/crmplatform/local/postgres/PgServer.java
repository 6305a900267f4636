package dev.crmplatform.local.postgres;

/**
 * A PostgreSQL server the platform uses: how to connect as an administrator (who may create roles and databases)
 * and the password of the application role.
 *
 * @param description where it came from, for the startup output
 */
public record PgServer(String host, int port, String maintenanceDatabase, String adminUser, String adminPassword,
        String appPassword, String description) {

    public String url(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String adminUrl() {
        return url(maintenanceDatabase);
    }
}
