package dev.crmplatform.platform.outbox;

import dev.crmplatform.platform.test.TopicRecorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crmplatform.platform.PlatformTestApplication;
import dev.crmplatform.platform.events.KafkaHealthIndicator;
import dev.crmplatform.platform.ids.Ids;
import dev.crmplatform.platform.tenancy.TenantContext;
import dev.crmplatform.platform.test.RestartableKafka;
import dev.crmplatform.platform.test.TestDatabases;
import io.micrometer.core.instrument.MeterRegistry;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox reliability scenario of the platform: Kafka is down while 1,000 aggregates are created and updated,
 * the service restarts during the outage and again in the middle of relaying; in the end every event has arrived,
 * in per-key order, none lost (duplicates are allowed: consumers dedupe by event id).
 *
 * <p>Uses its own broker ({@link RestartableKafka}) and its own application contexts (started and closed here, like
 * service instances), so the shared broker and cached contexts of the other tests are untouched.
 */
class OutboxKafkaOutageIT {

    private static final Logger log = LoggerFactory.getLogger(OutboxKafkaOutageIT.class);
    private static final UUID TENANT = UUID.fromString("019a0000-0000-7000-8000-0000000000bb");
    private static final int AGGREGATES = 1_000;
    private static final String TOPIC = "crm.outage.events";

    private static RestartableKafka kafka;
    private static TestDatabases.Database database;

    @BeforeAll
    static void infrastructure() {
        kafka = RestartableKafka.start(3);
        database = TestDatabases.createFreshDatabase("outboxoutage");
    }

    @AfterAll
    static void closeKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyEventArrivesInPerKeyOrderAfterAnOutageAndRestarts() throws Exception {
        try (TopicRecorder recorder = TopicRecorder.record(kafka.bootstrapServers(), TOPIC, 3)) {
            List<String> aggregates = IntStream.range(0, AGGREGATES).mapToObj(i -> Ids.newId().toString()).toList();

            // 1. Kafka goes down; the service keeps accepting writes: 1,000 creates and 1,000 updates.
            kafka.stop();
            ConfigurableApplicationContext first = startService();
            appendAll(first, aggregates, 1);
            appendAll(first, aggregates, 2);
            assertThat(outboxRows(first)).isEqualTo(2 * AGGREGATES);
            KafkaHealthIndicator health = first.getBean(KafkaHealthIndicator.class);
            assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
            MeterRegistry meters = first.getBean(MeterRegistry.class);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(meters.get("crm.outbox.pending").gauge().value()).isEqualTo(2.0 * AGGREGATES));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    meters.get("crm.outbox.send.failures").counter().count() > 0);

            // 2. The service restarts during the outage (its relay is stopped in a failing cycle) and writes more.
            first.close();
            ConfigurableApplicationContext second = startService();
            appendAll(second, aggregates, 3);
            assertThat(outboxRows(second)).isEqualTo(3 * AGGREGATES);
            assertThat(recorder.records()).isEmpty();

            // 3. Kafka returns; the service is restarted again in the middle of relaying.
            kafka.start();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                    .until(() -> recorder.distinctIds().size() >= 300);
            second.close();
            long pendingAtRestart = outboxRowsDirect();
            assertThat(pendingAtRestart).as("restart happened mid-relay").isPositive();
            ConfigurableApplicationContext third = startService();
            long resumedAt = System.nanoTime();
            try {
                assertThat(third.getBean(KafkaHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
                await().atMost(Duration.ofSeconds(120)).until(() -> outboxRows(third) == 0
                        && recorder.distinctIds().size() >= 3 * AGGREGATES);
                double seconds = (System.nanoTime() - resumedAt) / 1e9;
                log.info("Relayed {} pending events after restart in {} s ({} events/s, batch 100)", pendingAtRestart,
                        String.format("%.2f", seconds), Math.round(pendingAtRestart / seconds));
            } finally {
                third.close();
            }

            // Nothing lost, nothing invented, per-key order intact once deduplicated by id.
            assertThat(recorder.distinctIds()).hasSize(3 * AGGREGATES);
            Map<String, List<Long>> versions = recorder.versionsByKeyDeduplicated();
            assertThat(versions).hasSize(AGGREGATES);
            for (String aggregate : aggregates) {
                assertThat(versions.get(aggregate)).as("versions of %s", aggregate).containsExactly(1L, 2L, 3L);
            }
            log.info("Outage scenario: {} records received for {} events ({} duplicates from the restart)",
                    recorder.records().size(), 3 * AGGREGATES, recorder.records().size() - 3 * AGGREGATES);
        }
    }

    private static ConfigurableApplicationContext startService() {
        return new SpringApplicationBuilder(PlatformTestApplication.class)
                .web(WebApplicationType.NONE)
                // Command-line arguments, so they win over the test application.properties.
                .run(
                        "--spring.datasource.url=" + database.url(),
                        "--spring.datasource.username=" + database.username(),
                        "--spring.datasource.password=" + database.password(),
                        "--spring.datasource.hikari.maximum-pool-size=6",
                        "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                        // Small batches so that the restart in step 3 lands in the middle of relaying.
                        "--crm.outbox.batch-size=100",
                        "--crm.outbox.max-failure-backoff=500ms",
                        "--crm.outbox.lag-refresh-interval=100ms",
                        "--crm.kafka.delivery-timeout=2s",
                        "--crm.kafka.max-block=500ms",
                        "--crm.kafka.health-timeout=500ms",
                        "--crm.it.listener.enabled=false",
                        "--crm.kafka.topics=");
    }

    private static void appendAll(ConfigurableApplicationContext context, List<String> aggregates, long version)
            throws Exception {
        OutboxWriter writer = context.getBean(OutboxWriter.class);
        TransactionTemplate tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> done = new ArrayList<>();
            int slice = aggregates.size() / 4;
            for (int w = 0; w < 4; w++) {
                List<String> mine = aggregates.subList(w * slice, w == 3 ? aggregates.size() : (w + 1) * slice);
                done.add(pool.submit(() -> mine.forEach(id -> tx.executeWithoutResult(status ->
                        TenantContext.runAs(TENANT, () -> writer.append(event(id, version)))))));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
    }

    private static OutboxEvent event(String id, long version) {
        String type = version == 1 ? "crm.test.created.v1" : "crm.test.updated.v1";
        return new OutboxEvent(TOPIC, id, type, id, id, version, Map.of("id", id, "version", version));
    }

    private static long outboxRows(ConfigurableApplicationContext context) {
        return context.getBean(JdbcClient.class).sql("select count(*) from outbox_event").query(Long.class).single();
    }

    private static long outboxRowsDirect() throws Exception {
        try (var connection = TestDatabases.adminConnection(database.name());
             var statement = connection.createStatement();
             var rs = statement.executeQuery("select count(*) from outbox_event")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
