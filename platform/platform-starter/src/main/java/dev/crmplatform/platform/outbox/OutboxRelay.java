package dev.crmplatform.platform.outbox;

import dev.crmplatform.platform.events.CloudEventHeaders;
import dev.crmplatform.platform.events.EventKafkaClients;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes outbox rows to Kafka, in {@code seq} order, then deletes them.
 *
 * <p>One cycle is one database transaction:
 * <ol>
 *   <li>{@code pg_try_advisory_xact_lock}: only one relay per database works at a time (several service instances
 *       may run a relay; the others just poll), so two relays can never interleave one key's events;</li>
 *   <li>select a batch ordered by {@code seq} {@code FOR UPDATE SKIP LOCKED};</li>
 *   <li>send all with the idempotent producer and wait for the acknowledgements (bounded by
 *       {@code delivery.timeout.ms});</li>
 *   <li>delete exactly the events before the first failure in {@code seq} order and commit. The rest are retried
 *       next cycle, after the earlier ones, so per-key order holds; a retry may duplicate an event that did reach
 *       Kafka, which consumers absorb by deduplicating on the event id.</li>
 * </ol>
 * All state is in the database, so a crash or restart at any point loses nothing: the uncommitted cycle rolls back
 * and the next leader re-sends it.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private static final String SELECT_BATCH = """
            select seq, id, tenant_id, topic, msg_key, event_type, subject, aggregate_version,
                   payload::text as payload, headers::text as headers, created_at
            from outbox_event
            order by seq
            limit :limit
            for update skip locked
            """;
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final EventKafkaClients kafka;
    private final JsonMapper jsonMapper;
    private final OutboxProperties properties;
    private final String source;
    private final Duration ackTimeout;
    private final MeterRegistry meterRegistry;
    private final Map<String, Counter> publishedByTopic = new ConcurrentHashMap<>();
    private final Counter sendFailures;
    private final Timer cycleTimer;
    /** Between polls of an empty outbox (see {@link OutboxProperties#maxIdleInterval()}). */
    private final ExponentialBackOff idleBackOff;
    private final ExponentialBackOff failureBackOff;

    private final Semaphore wakeUp = new Semaphore(0);
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestAgeMillis = new AtomicLong();
    private volatile long lagRefreshedAt;
    private volatile boolean running;
    private volatile CountDownLatch stopSignal = new CountDownLatch(0);
    private Thread worker;

    /**
     * @param deliveryTimeout the producer's {@code delivery.timeout.ms}; acknowledgements are awaited a bit longer
     */
    public OutboxRelay(JdbcClient jdbc, TransactionTemplate transactions, EventKafkaClients kafka,
                       JsonMapper jsonMapper, OutboxProperties properties, String source, Duration deliveryTimeout,
                       MeterRegistry meterRegistry) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.kafka = kafka;
        this.jsonMapper = jsonMapper;
        this.properties = properties;
        this.source = source;
        // The producer completes every send within delivery.timeout.ms; the margin only guards against a bug there.
        this.ackTimeout = deliveryTimeout.plusSeconds(2);
        this.meterRegistry = meterRegistry;
        this.idleBackOff = doubling(properties.pollInterval(), properties.maxIdleInterval());
        this.failureBackOff = doubling(properties.failureBackoff(), properties.maxFailureBackoff());
        this.lagRefreshedAt = System.nanoTime() - properties.lagRefreshInterval().toNanos();
        this.sendFailures = Counter.builder("crm.outbox.send.failures")
                .description("Relay cycles that stopped at a failed send (events stay in the outbox)")
                .register(meterRegistry);
        this.cycleTimer = Timer.builder("crm.outbox.relay.cycle")
                .description("Duration of relay cycles that published events (lock, select, send, acks, delete)")
                .register(meterRegistry);
        Gauge.builder("crm.outbox.pending", pending, AtomicLong::get)
                .description("Events in the outbox not yet acknowledged by Kafka")
                .register(meterRegistry);
        Gauge.builder("crm.outbox.lag", oldestAgeMillis, age -> age.get() / 1000.0)
                .description("Age of the oldest event waiting in the outbox")
                .baseUnit("seconds")
                .register(meterRegistry);
    }

    /** Outcome of one cycle. */
    public record CycleResult(boolean leader, int selected, int published, Throwable failure) {

        static final CycleResult NOT_LEADER = new CycleResult(false, 0, 0, null);
    }

    /** Runs the relay soon (called after a commit that appended events). */
    public void wakeUp() {
        wakeUp.release();
    }

    /**
     * One relay cycle in one transaction (see class comment). Public for tests and tools; the background worker
     * calls it in a loop.
     */
    public CycleResult relayOnce() {
        long started = System.nanoTime();
        CycleResult result = transactions.execute(status -> {
            Boolean leader = jdbc.sql("select pg_try_advisory_xact_lock(:key)")
                    .param("key", properties.lockKey())
                    .query(Boolean.class).single();
            if (!Boolean.TRUE.equals(leader)) {
                return CycleResult.NOT_LEADER;
            }
            List<Row> rows = jdbc.sql(SELECT_BATCH).param("limit", properties.batchSize()).query(this::row).list();
            if (rows.isEmpty()) {
                return new CycleResult(true, 0, 0, null);
            }
            return publish(rows);
        });
        if (result.published() > 0) {
            cycleTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
        if (result.failure() != null) {
            sendFailures.increment();
            if (!(result.failure() instanceof RetriableException) && !(result.failure() instanceof TimeoutException)) {
                // A non-retriable producer error may leave the shared producer unusable; start afresh.
                kafka.resetProducer();
            }
        }
        return result;
    }

    private CycleResult publish(List<Row> rows) {
        long selected = System.nanoTime();
        Producer<String, byte[]> producer = kafka.producer();
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        Throwable failure = null;
        // KafkaProducer reports most send errors (e.g. no metadata within max.block.ms because Kafka is down)
        // through the callback, often synchronously, not by throwing. Stop at the first one: the rows after it would
        // each block max.block.ms again, and are retried next cycle anyway.
        AtomicReference<Exception> sendError = new AtomicReference<>();
        for (Row row : rows) {
            if (sendError.get() != null) {
                break;
            }
            try {
                acks.add(producer.send(record(row), (metadata, exception) -> {
                    if (exception != null) {
                        sendError.compareAndSet(null, exception);
                    }
                }));
            } catch (RuntimeException e) {
                failure = e;
                break;
            }
        }
        long sent = System.nanoTime();
        int acknowledged = 0;
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acknowledged++;
            } catch (ExecutionException e) {
                failure = e.getCause();
                break;
            } catch (TimeoutException e) {
                failure = e;
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = e;
                break;
            }
        }
        long acked = System.nanoTime();
        if (acknowledged > 0) {
            // Exactly the prefix before the first failure: everything after it is re-sent later, behind it.
            Long[] done = rows.subList(0, acknowledged).stream().map(Row::seq).toArray(Long[]::new);
            jdbc.sql("delete from outbox_event where seq = any(:seqs)").param("seqs", done).update();
            for (Row row : rows.subList(0, acknowledged)) {
                publishedByTopic.computeIfAbsent(row.topic(), topic -> Counter.builder("crm.outbox.published")
                        .description("Events published to Kafka and acknowledged")
                        .tag("topic", topic)
                        .register(meterRegistry)).increment();
            }
        }
        if (log.isDebugEnabled()) {
            log.debug("Relay cycle: {} events, send {} ms, acks {} ms, delete {} ms", rows.size(),
                    (sent - selected) / 1_000_000, (acked - sent) / 1_000_000, (System.nanoTime() - acked) / 1_000_000);
        }
        if (failure != null) {
            log.warn("Outbox relay published {} of {} events; the rest stay in the outbox and are retried: {}",
                    acknowledged, rows.size(), failure.toString());
        }
        return new CycleResult(true, rows.size(), acknowledged, failure);
    }

    private ProducerRecord<String, byte[]> record(Row row) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, CloudEventHeaders.ID, row.id().toString());
        header(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        header(headers, CloudEventHeaders.TYPE, row.type());
        header(headers, CloudEventHeaders.SOURCE, source);
        header(headers, CloudEventHeaders.SUBJECT, row.subject());
        header(headers, CloudEventHeaders.TIME, DateTimeFormatter.ISO_INSTANT.format(row.createdAt().toInstant()));
        header(headers, CloudEventHeaders.TENANT_ID, row.tenant() == null ? null : row.tenant().toString());
        header(headers, CloudEventHeaders.AGGREGATE_VERSION, Long.toString(row.aggregateVersion()));
        header(headers, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        Map<String, String> trace = row.traceHeaders();
        trace.forEach((name, value) -> header(headers, name, value));
        header(headers, CloudEventHeaders.TRACEPARENT, trace.get(CloudEventHeaders.W3C_TRACEPARENT));
        return new ProducerRecord<>(row.topic(), null, row.key(), row.payload().getBytes(StandardCharsets.UTF_8),
                headers);
    }

    private static void header(RecordHeaders headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private Row row(ResultSet rs, int rowNum) throws SQLException {
        String headersJson = rs.getString("headers");
        Map<String, String> trace = headersJson == null || headersJson.equals("{}")
                ? Map.of() : jsonMapper.readValue(headersJson, STRING_MAP);
        return new Row(rs.getLong("seq"), rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                rs.getString("topic"), rs.getString("msg_key"), rs.getString("event_type"), rs.getString("subject"),
                rs.getLong("aggregate_version"), rs.getString("payload"), trace,
                rs.getObject("created_at", OffsetDateTime.class));
    }

    private record Row(long seq, UUID id, UUID tenant, String topic, String key, String type, String subject,
                       long aggregateVersion, String payload, Map<String, String> traceHeaders,
                       OffsetDateTime createdAt) {
    }

    /** Recomputes the pending/lag gauges (any instance may do it; it reads, it does not lock). */
    public void refreshLag() {
        jdbc.sql("""
                        select count(*) as pending,
                               coalesce(extract(epoch from clock_timestamp() - min(created_at)) * 1000, 0) as age
                        from outbox_event
                        """)
                .query((rs, n) -> {
                    pending.set(rs.getLong("pending"));
                    oldestAgeMillis.set(Math.max(0, rs.getLong("age")));
                    return null;
                })
                .list();
        lagRefreshedAt = System.nanoTime();
    }

    // ---- background worker -------------------------------------------------------------------------------------

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        stopSignal = new CountDownLatch(1);
        worker = Thread.ofPlatform().name("crm-outbox-relay").daemon(true).start(this::work);
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        stopSignal.countDown();
        wakeUp.release();
        try {
            // A healthy cycle takes milliseconds: let it commit what it published, so fewer duplicates follow. A cycle
            // stuck on an unreachable Kafka or database is abandoned (daemon thread): it can only roll back, and
            // everything it held is re-sent by the next relay.
            worker.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        worker = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public boolean isAutoStartup() {
        return properties.relayEnabled();
    }

    private void work() {
        BackOffExecution failures = null;
        BackOffExecution idle = idleBackOff.start();
        while (running) {
            CycleResult result;
            try {
                result = relayOnce();
            } catch (RuntimeException e) {
                // Database unavailable or similar: the transaction rolled back, nothing is lost.
                log.warn("Outbox relay cycle failed, retrying: {}", e.toString());
                result = new CycleResult(true, 0, 0, e);
            }
            refreshLagIfDue();
            if (result.failure() != null) {
                if (failures == null) {
                    failures = failureBackOff.start();
                }
                awaitStop(failures.nextBackOff());
            } else {
                failures = null;
                long wait = properties.pollInterval().toMillis();
                if (result.leader() && result.selected() == 0) {
                    wait = idle.nextBackOff();
                } else {
                    idle = idleBackOff.start();
                }
                if (result.published() < properties.batchSize() && awaitWakeUp(wait)) {
                    idle = idleBackOff.start();
                }
            }
        }
    }

    private void refreshLagIfDue() {
        if (System.nanoTime() - lagRefreshedAt < properties.lagRefreshInterval().toNanos()) {
            return;
        }
        try {
            refreshLag();
        } catch (RuntimeException e) {
            log.debug("Could not refresh outbox lag", e);
        }
    }

    /** Waits that start at {@code first} and double up to {@code max}, without end. */
    static ExponentialBackOff doubling(Duration first, Duration max) {
        ExponentialBackOff backOff = new ExponentialBackOff(first.toMillis(), 2.0);
        backOff.setMaxInterval(Math.max(first.toMillis(), max.toMillis()));
        return backOff;
    }

    /** Whether a wake-up (a local commit that appended events) ended the wait. */
    private boolean awaitWakeUp(long millis) {
        try {
            if (wakeUp.tryAcquire(millis, TimeUnit.MILLISECONDS)) {
                wakeUp.drainPermits();
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
        return false;
    }

    // Wake-ups do not cut a failure backoff short: the outbox is already known to be non-empty.
    private void awaitStop(long millis) {
        try {
            stopSignal.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
