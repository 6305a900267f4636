package dev.crmplatform.platform.webtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class PlatformMigrationsIT extends WebIntegrationTestSupport {

    @Autowired
    JdbcClient jdbc;

    @Test
    void platformMigrationsRunBeforeTheServiceMigrationsWithTheirOwnHistory() {
        List<String> platform = jdbc.sql("select version from platform_schema_history where success order by"
                + " installed_rank").query(String.class).list();
        assertThat(platform).contains("1");

        List<String> service = jdbc.sql("select coalesce(version, '') || ':' || type from flyway_schema_history"
                + " order by installed_rank").query(String.class).list();
        // The platform tables made the schema non-empty, so the service history starts with a baseline below V1.
        assertThat(service).startsWith("0:BASELINE").contains("1:SQL");

        assertThat(jdbc.sql("select to_regclass('platform_idempotency_key') is not null").query(Boolean.class)
                .single()).isTrue();
        assertThat(jdbc.sql("select to_regclass('widget') is not null").query(Boolean.class).single()).isTrue();
    }
}
