package dev.crmplatform.platform.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.crmplatform.platform.PlatformTestApplication;
import dev.crmplatform.platform.events.IncomingEvent;
import dev.crmplatform.platform.ids.Ids;
import dev.crmplatform.platform.outbox.OutboxEvent;
import dev.crmplatform.platform.outbox.OutboxWriter;
import dev.crmplatform.platform.tenancy.TenantContext;
import dev.crmplatform.platform.test.CrmIntegrationTest;
import dev.crmplatform.platform.test.TestKafka;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

@CrmIntegrationTest
class InboxIT {

    private static final UUID TENANT = UUID.fromString("019a0000-0000-7000-8000-0000000000cc");

    @Autowired Inbox inbox;
    @Autowired DataSource dataSource;
    @Autowired OutboxWriter outbox;
    @Autowired PlatformTransactionManager transactionManager;
    @Autowired PlatformTestApplication.InboxTestListener listener;
    @Autowired Tracer tracer;

    private JdbcClient jdbc() {
        return JdbcClient.create(dataSource);
    }

    @Test
    void aDuplicateEventIdIsAppliedOnce() {
        String aggregate = Ids.newId().toString();
        IncomingEvent event = event(Ids.newId(), aggregate, 1);
        AtomicInteger runs = new AtomicInteger();

        assertThat(inbox.process(event, "it:" + aggregate, e -> runs.incrementAndGet())).isTrue();
        assertThat(inbox.process(event, "it:" + aggregate, e -> runs.incrementAndGet())).isFalse();
        // Also without a version check.
        assertThat(inbox.process(event, null, e -> runs.incrementAndGet())).isFalse();

        assertThat(runs).hasValue(1);
        assertThat(jdbc().sql("select tenant_id from inbox_event where event_id = ?").param(event.id())
                .query(UUID.class).single()).isEqualTo(TENANT);
    }

    @Test
    void anOlderVersionAfterANewerOneIsSkipped() {
        String aggregate = Ids.newId().toString();
        List<Long> applied = new ArrayList<>();

        assertThat(inbox.process(event(Ids.newId(), aggregate, 2), "it:" + aggregate,
                e -> applied.add(e.aggregateVersion()))).isTrue();
        assertThat(inbox.process(event(Ids.newId(), aggregate, 1), "it:" + aggregate,
                e -> applied.add(e.aggregateVersion()))).isFalse();
        assertThat(inbox.process(event(Ids.newId(), aggregate, 2), "it:" + aggregate,
                e -> applied.add(e.aggregateVersion()))).isFalse();
        assertThat(inbox.process(event(Ids.newId(), aggregate, 3), "it:" + aggregate,
                e -> applied.add(e.aggregateVersion()))).isTrue();

        assertThat(applied).containsExactly(2L, 3L);
        assertThat(jdbc().sql("select version from inbox_aggregate_version where aggregate_key = ?")
                .param("it:" + aggregate).query(Long.class).single()).isEqualTo(3);
    }

    @Test
    void theHandlersEffectAndTheInboxRowCommitOrRollBackTogether() {
        String aggregate = Ids.newId().toString();
        IncomingEvent event = event(Ids.newId(), aggregate, 1);
        AtomicReference<Optional<UUID>> tenantSeen = new AtomicReference<>();
        AtomicReference<String> databaseTenant = new AtomicReference<>();

        assertThatThrownBy(() -> inbox.process(event, "it:" + aggregate, e -> {
            writeEffect(e);
            throw new IllegalStateException("handler failed after writing");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(effectRows(aggregate)).isZero();
        assertThat(inboxRows(event.id())).isZero();
        assertThat(jdbc().sql("select count(*) from inbox_aggregate_version where aggregate_key = ?")
                .param("it:" + aggregate).query(Long.class).single()).isZero();

        // The redelivery is applied: nothing of the failed attempt was recorded.
        assertThat(inbox.process(event, "it:" + aggregate, e -> {
            tenantSeen.set(TenantContext.current());
            // Row-level security sees the event's tenant in the handler's transaction.
            databaseTenant.set(jdbc().sql("select current_setting('app.tenant_id', true)").query(String.class)
                    .single());
            writeEffect(e);
        })).isTrue();
        assertThat(effectRows(aggregate)).isOne();
        assertThat(inboxRows(event.id())).isOne();
        assertThat(tenantSeen.get()).contains(TENANT);
        assertThat(databaseTenant.get()).isEqualTo(TENANT.toString());
        assertThat(TenantContext.current()).isEmpty();
    }

    /** End to end: outbox -> relay -> Kafka -> auto-configured listener container -> inbox -> read model. */
    @Test
    void eventsFromTheOutboxAreAppliedOnceByAListenerAndPoisonGoesToTheDeadLetterTopic() throws Exception {
        String aggregate = Ids.newId().toString();
        TransactionTemplate tx = new TransactionTemplate(transactionManager);
        List<UUID> ids = new ArrayList<>();
        // As if in a request: the request's trace continues in the consumer, through the outbox and Kafka.
        Span request = tracer.nextSpan().name("request").start();
        try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
            for (long version = 1; version <= 3; version++) {
                long v = version;
                ids.add(tx.execute(status -> TenantContext.callAs(TENANT, () -> outbox.append(new OutboxEvent(
                        PlatformTestApplication.LISTENER_TOPIC, aggregate, "crm.test.renamed.v1", aggregate,
                        aggregate, v, Map.of("name", "name-" + v))))));
            }
        } finally {
            request.end();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(jdbc().sql("select name, version, tenant_id from it_read_model where aggregate_id = ?")
                        .param(aggregate).query().listOfRows())
                        .containsExactly(Map.of("name", "name-3", "version", 3L, "tenant_id", TENANT)));
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.traceIds.keySet().containsAll(ids));
        ids.forEach(id -> assertThat(listener.traceIds.get(id)).isEqualTo(request.context().traceId()));

        // A record that is not one of our events skips the retries; a failing handler is retried, then both land
        // in <topic>.dlt.
        String poisonKey = Ids.newId().toString();
        UUID failingId = Ids.newId();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(PlatformTestApplication.LISTENER_TOPIC, poisonKey,
                    "not json".getBytes(StandardCharsets.UTF_8))).get();
        }
        String failing = Ids.newId().toString();
        tx.executeWithoutResult(status -> TenantContext.runAs(TENANT, () -> outbox.append(new OutboxEvent(
                PlatformTestApplication.LISTENER_TOPIC, failing, "crm.test.renamed.v1", failing, failing, 1,
                Map.of("name", "fail")))));

        List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     TestKafka.consumer(PlatformTestApplication.LISTENER_TOPIC + ".dlt")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                dead.addAll(TestKafka.poll(consumer, Duration.ofMillis(200)));
                return dead.stream().anyMatch(r -> poisonKey.equals(r.key()))
                        && dead.stream().anyMatch(r -> failing.equals(r.key()));
            });
        }
        ConsumerRecord<String, byte[]> poison = dead.stream().filter(r -> poisonKey.equals(r.key())).findFirst()
                .orElseThrow();
        assertThat(new String(poison.value(), StandardCharsets.UTF_8)).isEqualTo("not json");
        assertThat(TestKafka.header(poison, "kafka_dlt-exception-cause-fqcn")).contains("InvalidEventException");
        ConsumerRecord<String, byte[]> failed = dead.stream().filter(r -> failing.equals(r.key())).findFirst()
                .orElseThrow();
        UUID failedId = UUID.fromString(TestKafka.header(failed, "ce_id"));
        // The CloudEvents headers travel with the dead letter, so it can be replayed as is.
        assertThat(TestKafka.header(failed, "ce_tenantid")).isEqualTo(TENANT.toString());
        // 1 attempt + 2 retries (crm.kafka.listener.max-retries=2), none recorded in the inbox.
        assertThat(listener.attempts.stream().filter(failedId::equals).count()).isEqualTo(3);
        assertThat(inboxRows(failedId)).isZero();
        assertThat(failingId).isNotNull();
    }

    private void writeEffect(IncomingEvent e) {
        jdbc().sql("insert into it_read_model (aggregate_id, name, version, tenant_id) values (?, ?, ?, ?)")
                .params(e.subject(), "x", e.aggregateVersion(), e.tenant()).update();
    }

    private long effectRows(String aggregate) {
        return jdbc().sql("select count(*) from it_read_model where aggregate_id = ?").param(aggregate)
                .query(Long.class).single();
    }

    private long inboxRows(UUID eventId) {
        return jdbc().sql("select count(*) from inbox_event where event_id = ?").param(eventId)
                .query(Long.class).single();
    }

    private static IncomingEvent event(UUID id, String aggregate, long version) {
        return new IncomingEvent(id, "crm.test.renamed.v1", "platform-it", aggregate, TENANT, version, Instant.now(),
                JsonMapper.shared().createObjectNode().put("name", "n" + version));
    }
}
