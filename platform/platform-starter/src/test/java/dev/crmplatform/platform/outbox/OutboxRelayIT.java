package dev.crmplatform.platform.outbox;

import dev.crmplatform.platform.test.TopicRecorder;

import static dev.crmplatform.platform.test.TopicRecorder.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.crmplatform.platform.test.CrmIntegrationTest;
import dev.crmplatform.platform.events.EventKafkaClients;
import dev.crmplatform.platform.events.IncomingEvent;
import dev.crmplatform.platform.tenancy.TenantContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

@CrmIntegrationTest
class OutboxRelayIT {

    private static final UUID TENANT = UUID.fromString("019a0000-0000-7000-8000-0000000000aa");

    @Autowired OutboxWriter writer;
    @Autowired OutboxRelay relay;
    @Autowired OutboxProperties properties;
    @Autowired EventKafkaClients kafkaClients;
    @Autowired KafkaProperties kafkaProperties;
    @Autowired PlatformTransactionManager transactionManager;
    @Autowired DataSource dataSource;
    @Autowired JsonMapper jsonMapper;
    @Autowired MeterRegistry meterRegistry;
    @Autowired Tracer tracer;

    record CustomerChanged(String id, String name, long version) {
    }

    @Test
    void committedEventsArriveWithCloudEventHeadersKeyAndPerKeyOrder() {
        String topic = newTopic();
        try (TopicRecorder recorder = TopicRecorder.record(bootstrap(), topic, 3)) {
            List<String> keys = List.of(Ids3.next(), Ids3.next(), Ids3.next());
            UUID firstId = null;
            Span span = tracer.nextSpan().name("test").start();
            try (Tracer.SpanInScope ignored = tracer.withSpan(span)) {
                for (long version = 1; version <= 20; version++) {
                    for (String key : keys) {
                        UUID id = append(topic, key, version);
                        if (firstId == null) {
                            firstId = id;
                        }
                    }
                }
            } finally {
                span.end();
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> recorder.records().size() >= 60);
            assertThat(recorder.records()).hasSize(60);
            Map<String, List<Long>> versions = recorder.versionsByKeyDeduplicated();
            for (String key : keys) {
                assertThat(versions.get(key)).containsExactlyElementsOf(LongStream.rangeClosed(1, 20).boxed().toList());
            }

            UUID expectedId = firstId;
            ConsumerRecord<String, byte[]> first = recorder.records().stream()
                    .filter(r -> expectedId.toString().equals(header(r, "ce_id"))).findFirst().orElseThrow();
            assertThat(first.key()).isEqualTo(keys.getFirst());
            assertThat(header(first, "ce_specversion")).isEqualTo("1.0");
            assertThat(header(first, "ce_type")).isEqualTo("crm.test.changed.v1");
            assertThat(header(first, "ce_source")).isEqualTo("platform-it");
            assertThat(header(first, "ce_subject")).isEqualTo(keys.getFirst());
            assertThat(Instant.parse(header(first, "ce_time"))).isBefore(Instant.now().plusSeconds(1));
            assertThat(header(first, "ce_tenantid")).isEqualTo(TENANT.toString());
            assertThat(header(first, "ce_aggregateversion")).isEqualTo("1");
            assertThat(header(first, "content-type")).isEqualTo("application/json");
            // The consumer continues the producer's trace.
            assertThat(header(first, "traceparent")).startsWith("00-" + span.context().traceId() + "-");
            assertThat(header(first, "ce_traceparent")).isEqualTo(header(first, "traceparent"));
            assertThat(jsonMapper.readValue(new String(first.value(), StandardCharsets.UTF_8), CustomerChanged.class))
                    .isEqualTo(new CustomerChanged(keys.getFirst(), "name-1", 1));

            IncomingEvent incoming = IncomingEvent.from(first);
            assertThat(incoming.id()).isEqualTo(firstId);
            assertThat(incoming.tenant()).isEqualTo(TENANT);
            assertThat(incoming.aggregateVersion()).isEqualTo(1);
            assertThat(incoming.dataAs(CustomerChanged.class).name()).isEqualTo("name-1");

            await().atMost(Duration.ofSeconds(5)).until(() -> outboxRows(topic) == 0);
            assertThat(meterRegistry.get("crm.outbox.published").tag("topic", topic).counter().count()).isEqualTo(60);
        }
    }

    @Test
    void rolledBackTransactionEmitsNothingAndAppendNeedsATransaction() {
        String topic = newTopic();
        try (TopicRecorder recorder = TopicRecorder.record(bootstrap(), topic, 3)) {
            String key = Ids3.next();
            new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
                TenantContext.runAs(TENANT, () -> writer.append(event(topic, key, 1)));
                status.setRollbackOnly();
            });
            assertThatThrownBy(() -> writer.append(event(topic, key, 1)))
                    .isInstanceOf(IllegalTransactionStateException.class);
            UUID marker = append(topic, key, 2);

            await().atMost(Duration.ofSeconds(20)).until(() -> recorder.distinctIds().contains(marker.toString()));
            // The record can be visible before the relay's delete committed.
            await().atMost(Duration.ofSeconds(5)).until(() -> outboxRows(topic) == 0);
            assertThat(recorder.records()).hasSize(1);
        }
    }

    @Test
    void twoRelaysOnOneDatabaseNeverBreakPerKeyOrder() throws Exception {
        String topic = newTopic();
        OutboxRelay second = newRelay(new TransactionTemplate(transactionManager), 25);
        second.start();
        try (TopicRecorder recorder = TopicRecorder.record(bootstrap(), topic, 3);
             ExecutorService writers = Executors.newFixedThreadPool(4)) {
            List<String> keys = IntStream.range(0, 40).mapToObj(i -> Ids3.next()).toList();
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                List<String> mine = keys.subList(w * 10, w * 10 + 10);
                done.add(writers.submit(() -> {
                    for (long version = 1; version <= 10; version++) {
                        for (String key : mine) {
                            append(topic, key, version);
                            second.wakeUp();
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> recorder.distinctIds().size() >= 400);
            assertPerKeyOrder(recorder, keys, 10);
        } finally {
            second.stop();
        }
    }

    @Test
    void stoppedRelayKeepsEventsAndDeliversThemWhenStartedAgain() {
        String topic = newTopic();
        try (TopicRecorder recorder = TopicRecorder.record(bootstrap(), topic, 3)) {
            relay.stop();
            List<String> keys = List.of(Ids3.next(), Ids3.next());
            try {
                for (long version = 1; version <= 50; version++) {
                    for (String key : keys) {
                        append(topic, key, version);
                    }
                }
                // Nothing is published while no relay runs; the events wait in the database.
                await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                        .until(() -> recorder.records().isEmpty());
                assertThat(outboxRows(topic)).isEqualTo(100);
            } finally {
                relay.start();
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> recorder.distinctIds().size() >= 100);
            assertPerKeyOrder(recorder, keys, 50);
            assertThat(recorder.records()).hasSize(100);
        }
    }

    /**
     * Only the events before the first failed send are removed; the failed one and everything after it stay, in
     * order. (A permanently failing event, here an illegal topic name, therefore blocks the outbox until an operator
     * removes it; crm.outbox.lag shows it.)
     */
    @Test
    void onlyEventsBeforeTheFirstFailedSendAreRemoved() {
        String topic = newTopic();
        String key = Ids3.next();
        relay.stop();
        try (TopicRecorder recorder = TopicRecorder.record(bootstrap(), topic, 3)) {
            append(topic, key, 1);
            append(topic, key, 2);
            UUID poison = append("illegal topic name!", key, 3);
            append(topic, key, 4);

            OutboxRelay.CycleResult cycle = newRelay(new TransactionTemplate(transactionManager), 100).relayOnce();

            assertThat(cycle.selected()).isEqualTo(4);
            assertThat(cycle.published()).isEqualTo(2);
            assertThat(cycle.failure()).isInstanceOf(org.apache.kafka.common.errors.InvalidTopicException.class);
            assertThat(JdbcClient.create(dataSource)
                    .sql("select aggregate_version from outbox_event where msg_key = ? order by seq")
                    .param(key).query(Long.class).list()).containsExactly(3L, 4L);
            await().atMost(Duration.ofSeconds(10)).until(() -> recorder.records().size() >= 2);

            JdbcClient.create(dataSource).sql("delete from outbox_event where id = ?").param(poison).update();
            relay.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> recorder.records().size() >= 3);
            assertThat(recorder.versionsByKeyDeduplicated().get(key)).containsExactly(1L, 2L, 4L);
        } finally {
            relay.start();
        }
    }

    /** A backlog (e.g. after an outage) drains in full batches; logs the relay throughput (no timing assertion). */
    @Test
    void drainsABacklogInBatches() {
        String topic = newTopic();
        int events = 5_000;
        try (TopicRecorder recorder = TopicRecorder.record(bootstrap(), topic, 3)) {
            relay.stop();
            List<String> keys = IntStream.range(0, 100).mapToObj(i -> Ids3.next()).toList();
            try {
                new TransactionTemplate(transactionManager).executeWithoutResult(status -> TenantContext.runAs(TENANT,
                        () -> {
                            for (long version = 1; version <= events / keys.size(); version++) {
                                for (String key : keys) {
                                    writer.append(event(topic, key, version));
                                }
                            }
                        }));
            } finally {
                relay.start();
            }
            long started = System.nanoTime();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> outboxRows(topic) == 0);
            double seconds = (System.nanoTime() - started) / 1e9;
            org.slf4j.LoggerFactory.getLogger(OutboxRelayIT.class).info(
                    "Relay drained {} events in {} s: {} events/s (batch size {})", events,
                    String.format("%.2f", seconds), Math.round(events / seconds), properties.batchSize());
            await().atMost(Duration.ofSeconds(30)).until(() -> recorder.distinctIds().size() >= events);
            assertPerKeyOrder(recorder, keys, events / keys.size());
        }
    }

    /**
     * A relay that dies after Kafka acknowledged a batch but before its delete committed (simulated by rolling the
     * relay transaction back) makes the next relay re-send that batch: duplicates, but never a gap or a key out of
     * order once deduplicated by id.
     */
    @Test
    void relayCrashingBetweenSendAndCommitOnlyCausesDuplicatesInOrder() {
        String topic = newTopic();
        AtomicInteger crashes = new AtomicInteger();
        TransactionTemplate crashing = new TransactionTemplate(transactionManager) {
            @Override
            public <T> T execute(org.springframework.transaction.support.TransactionCallback<T> action) {
                return super.execute(status -> {
                    T result = action.doInTransaction(status);
                    if (result instanceof OutboxRelay.CycleResult cycle && cycle.published() > 0
                            && crashes.incrementAndGet() <= 3) {
                        status.setRollbackOnly();
                    }
                    return result;
                });
            }
        };
        relay.stop();
        OutboxRelay crashingRelay = newRelay(crashing, 7);
        try (TopicRecorder recorder = TopicRecorder.record(bootstrap(), topic, 3)) {
            List<String> keys = List.of(Ids3.next(), Ids3.next(), Ids3.next());
            for (long version = 1; version <= 10; version++) {
                for (String key : keys) {
                    append(topic, key, version);
                }
            }
            for (int i = 0; i < 3; i++) {
                OutboxRelay.CycleResult cycle = crashingRelay.relayOnce();
                assertThat(cycle.published()).isEqualTo(7);
            }
            assertThat(outboxRows(topic)).isEqualTo(30);
            relay.start();

            await().atMost(Duration.ofSeconds(20)).until(() -> outboxRows(topic) == 0
                    && recorder.distinctIds().size() >= 30);
            assertThat(recorder.records().size()).isGreaterThanOrEqualTo(30 + 7);
            assertPerKeyOrder(recorder, keys, 10);
        } finally {
            relay.start();
        }
    }

    private OutboxRelay newRelay(TransactionTemplate transactions, int batchSize) {
        OutboxProperties props = new OutboxProperties(true, Duration.ofMillis(20), Duration.ofMillis(20), batchSize,
                Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5), properties.lockKey(), null);
        return new OutboxRelay(JdbcClient.create(dataSource), transactions, kafkaClients, jsonMapper, props,
                "platform-it", Duration.ofSeconds(10), new SimpleMeterRegistry());
    }

    static void assertPerKeyOrder(TopicRecorder recorder, List<String> keys, long versionsPerKey) {
        Map<String, List<Long>> versions = recorder.versionsByKeyDeduplicated();
        List<Long> expected = LongStream.rangeClosed(1, versionsPerKey).boxed().toList();
        for (String key : keys) {
            assertThat(versions.get(key)).as("versions of key %s", key).containsExactlyElementsOf(expected);
        }
    }

    private UUID append(String topic, String key, long version) {
        return new TransactionTemplate(transactionManager).execute((TransactionStatus status) ->
                TenantContext.callAs(TENANT, () -> writer.append(event(topic, key, version))));
    }

    private static OutboxEvent event(String topic, String key, long version) {
        return new OutboxEvent(topic, key, "crm.test.changed.v1", key, key, version,
                new CustomerChanged(key, "name-" + version, version));
    }

    private long outboxRows(String topic) {
        return JdbcClient.create(dataSource).sql("select count(*) from outbox_event where topic = ?")
                .param(topic).query(Long.class).single();
    }

    private String bootstrap() {
        return String.join(",", kafkaProperties.getBootstrapServers());
    }

    private static String newTopic() {
        return "crm.it." + UUID.randomUUID();
    }

    /** Aggregate ids for tests. */
    static final class Ids3 {
        static String next() {
            return dev.crmplatform.platform.ids.Ids.newId().toString();
        }
    }
}
