package dev.crmplatform.customer.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crmplatform.customer.CustomerServiceApplication;
import dev.crmplatform.customer.customers.CustomerEvents;
import dev.crmplatform.customer.support.TenantClient;
import dev.crmplatform.platform.test.RestartableKafka;
import dev.crmplatform.platform.test.TestDatabases;
import dev.crmplatform.platform.test.TestJwtIssuer;
import dev.crmplatform.platform.test.TestRedis;
import dev.crmplatform.platform.test.TopicRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The outbox scenario through customer-service's real API: Kafka is stopped while 1,000 customers are
 * created and updated; the service restarts during the outage, Kafka returns, and the service restarts again in the
 * middle of relaying. Every event arrives once in effect (deduplicated by id), in per-customer order, none lost.
 */
class CustomerOutboxReliabilityIT {

    private static final int CUSTOMERS = 1_000;

    private static RestartableKafka kafka;
    private static TestDatabases.Database database;

    @BeforeAll
    static void infrastructure() {
        kafka = RestartableKafka.start(3, CustomerEvents.TOPIC);
        database = TestDatabases.createFreshDatabase("custoutage");
    }

    @AfterAll
    static void closeKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyCustomerEventArrivesInOrderAfterAKafkaOutageAndServiceRestarts() throws Exception {
        UUID tenant = UUID.randomUUID();
        try (TopicRecorder recorder = TopicRecorder.record(kafka.bootstrapServers(), CustomerEvents.TOPIC, 3)) {
            kafka.stop();

            ConfigurableApplicationContext first = startService();
            TenantClient api = TenantClient.forTenant(port(first), tenant, TenantClient.ALL_SCOPES);
            List<String> ids = createAll(api);
            updateAll(api, ids, "PROSPECT", "\"1\"");

            // restart during the outage; writes go on against the new instance
            first.close();
            ConfigurableApplicationContext second = startService();
            updateAll(TenantClient.forTenant(port(second), tenant, TenantClient.ALL_SCOPES), ids, "CUSTOMER", "\"2\"");
            assertThat(recorder.records()).isEmpty();

            // Kafka returns; the service is restarted again while it relays
            kafka.start();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(10))
                    .until(() -> recorder.distinctIds().size() >= 300);
            second.close();
            ConfigurableApplicationContext third = startService();
            try {
                await().atMost(Duration.ofSeconds(120))
                        .until(() -> recorder.distinctIds().size() >= 3 * CUSTOMERS);
            } finally {
                third.close();
            }

            assertThat(recorder.distinctIds()).hasSize(3 * CUSTOMERS);
            Map<String, List<Long>> versions = recorder.versionsByKeyDeduplicated();
            assertThat(versions).hasSize(CUSTOMERS);
            ids.forEach(id -> assertThat(versions.get(id)).as("versions of %s", id).containsExactly(1L, 2L, 3L));
        }
    }

    private static List<String> createAll(TenantClient api) throws Exception {
        return parallel(IntStream.range(0, CUSTOMERS).boxed().toList(), i -> api.createCustomer(
                "{\"type\":\"PERSON\",\"firstName\":\"Outage\",\"lastName\":\"Customer " + i + "\"}"));
    }

    private static void updateAll(TenantClient api, List<String> ids, String stage, String ifMatch) throws Exception {
        parallel(ids, id -> {
            var response = api.patch("/api/v1/customers/" + id, "{\"lifecycleStage\":\"" + stage + "\"}", ifMatch);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            return id;
        });
    }

    private static <T> List<String> parallel(List<T> inputs, java.util.function.Function<T, String> call)
            throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<String>> futures = new ArrayList<>();
            inputs.forEach(input -> futures.add(pool.submit(() -> call.apply(input))));
            List<String> results = new ArrayList<>();
            for (Future<String> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }

    private static ConfigurableApplicationContext startService() {
        return new SpringApplicationBuilder(CustomerServiceApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--spring.datasource.hikari.maximum-pool-size=6",
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--crm.security.jwk-set-uri=" + TestJwtIssuer.jwksUri(),
                "--crm.redis.host=" + TestRedis.host(),
                // small batches so that the second restart lands in the middle of relaying
                "--crm.outbox.batch-size=25",
                "--crm.outbox.max-failure-backoff=500ms",
                "--crm.kafka.delivery-timeout=2s",
                "--crm.kafka.max-block=500ms",
                "--crm.kafka.health-timeout=500ms",
                "--crm.logging.structured=false",
                "--logging.level.root=WARN");
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
