package dev.crmplatform.platform.flyway;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The platform's own schema (idempotency keys, outbox, inbox): migrations in {@code classpath:db/platform}, history
 * in {@code platform_schema_history}, so platform and service version numbers never collide.
 *
 * <p>Services with their own {@code FlywayMigrationStrategy} must call {@link #migrate(Flyway)} first themselves.
 */
public final class PlatformMigrations {

    public static final String LOCATION = "classpath:db/platform";
    public static final String HISTORY_TABLE = "platform_schema_history";

    private PlatformMigrations() {
    }

    /**
     * Migrates the platform schema using the connection settings of the service's Flyway (same database, user,
     * schemas, placeholders) but the platform's location and history table.
     */
    public static MigrateResult migrate(Flyway serviceFlyway) {
        return Flyway.configure(serviceFlyway.getConfiguration().getClassLoader())
                .configuration(serviceFlyway.getConfiguration())
                .locations(LOCATION)
                .table(HISTORY_TABLE)
                // The service's Java migrations, callbacks and target belong to its own history, not ours.
                .javaMigrations(new JavaMigration[0])
                .callbacks(new Callback[0])
                .resourceProvider(null)
                .javaMigrationClassProvider(null)
                .target("latest")
                // A schema that already holds service tables (a service adopting the platform later) is fine:
                // baseline below our V1 and apply everything.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
