package dev.crmplatform.platform.flyway;

import org.flywaydb.core.Flyway;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;

/**
 * Runs the platform migrations before the service's own ({@code classpath:db/migration}) in the same Flyway
 * initialisation step, so both are done before any bean uses the database.
 *
 * <p>Because the platform tables make the schema non-empty before the service's first migration, the defaults set
 * {@code spring.flyway.baseline-on-migrate=true} with {@code baseline-version=0}: the service history then starts
 * with a baseline marker below V1 and all service migrations still run.
 */
@AutoConfiguration(before = FlywayAutoConfiguration.class)
@ConditionalOnClass(Flyway.class)
public class CrmFlywayAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    FlywayMigrationStrategy crmFlywayMigrationStrategy() {
        return flyway -> {
            PlatformMigrations.migrate(flyway);
            flyway.migrate();
        };
    }
}
