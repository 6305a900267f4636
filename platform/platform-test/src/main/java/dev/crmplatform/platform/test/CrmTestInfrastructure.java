package dev.crmplatform.platform.test;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives a Spring test context a fresh PostgreSQL database, Redis, the JVM's shared Kafka broker and the test JWT
 * issuer's JWKS. Runs once per context, so classes sharing a context share the database.
 */
public class CrmTestInfrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** Property sources of the test framework that sit above ours, highest precedence first. */
    private static final String KAFKA_BOOTSTRAP = "spring.kafka.bootstrap-servers";
    private static final String[] OVERRIDING_SOURCES = {"Dynamic Test Properties", "Inlined Test Properties"};

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        var env = context.getEnvironment();
        String prefix = env.getProperty("spring.application.name", "suite");
        TestDatabases.Database db = TestDatabases.createFreshDatabase(prefix);

        Map<String, Object> props = new LinkedHashMap<>();
        props.put("spring.datasource.url", db.url());
        props.put("spring.datasource.username", db.username());
        props.put("spring.datasource.password", db.password());
        // Many contexts may live in one JVM; keep each pool small so PostgreSQL's connection limit holds.
        props.put("spring.datasource.hikari.maximum-pool-size", "6");
        props.put("spring.datasource.hikari.minimum-idle", "1");
        props.put("spring.kafka.consumer.auto-offset-reset", "earliest");
        props.put("crm.redis.host", TestRedis.host());
        props.put("crm.redis.port", String.valueOf(TestRedis.port()));
        props.put("spring.data.redis.host", TestRedis.host());
        props.put("spring.data.redis.port", String.valueOf(TestRedis.port()));
        props.put("crm.security.jwk-set-uri", TestJwtIssuer.jwksUri());
        props.put("crm.test.database-name", db.name());
        // A test class's own @TestPropertySource / @DynamicPropertySource values win over these defaults.
        var sources = env.getPropertySources();
        var infrastructure = new MapPropertySource("crmTestInfrastructure", props) {
            // The broker starts only when a context actually asks for Kafka (the gateway does not).
            @Override
            public Object getProperty(String name) {
                return KAFKA_BOOTSTRAP.equals(name) ? TestKafka.bootstrapServers() : super.getProperty(name);
            }

            @Override
            public boolean containsProperty(String name) {
                return KAFKA_BOOTSTRAP.equals(name) || super.containsProperty(name);
            }

            @Override
            public String[] getPropertyNames() {
                String[] names = super.getPropertyNames();
                String[] withKafka = java.util.Arrays.copyOf(names, names.length + 1);
                withKafka[names.length] = KAFKA_BOOTSTRAP;
                return withKafka;
            }
        };
        String after = null;
        for (String name : OVERRIDING_SOURCES) {
            if (sources.contains(name)) {
                after = name;
            }
        }
        if (after == null) {
            sources.addFirst(infrastructure);
        } else {
            sources.addAfter(after, infrastructure);
        }
    }
}
