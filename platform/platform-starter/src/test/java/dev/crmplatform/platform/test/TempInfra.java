package dev.crmplatform.platform.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** TEMPORARY stand-in for platform-test's CrmTestInfrastructure until it lands on main. */
public class TempInfra implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static EmbeddedKafkaKraftBroker kafka;

    public static synchronized String kafkaBootstrap() {
        if (kafka == null) {
            kafka = new EmbeddedKafkaKraftBroker(1, 3);
            kafka.afterPropertiesSet();
        }
        return kafka.getBrokersAsString();
    }

    public static String createFreshDatabase(String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return "jdbc:postgresql://127.0.0.1:5432/" + name;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertyValues.of(
                "spring.datasource.url=" + createFreshDatabase("crm_platform_it"),
                "spring.datasource.username=postgres",
                "spring.datasource.password=",
                "spring.kafka.bootstrap-servers=" + kafkaBootstrap()).applyTo(context);
    }
}
