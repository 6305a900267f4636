package dev.crmplatform.platform.outbox;

import dev.crmplatform.platform.ids.Ids;
import dev.crmplatform.platform.tenancy.TenantContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends events to the transactional outbox, in the caller's transaction: the event exists if and only if the
 * business change committed. The relay publishes it afterwards.
 */
public class OutboxWriter {

    private static final String INSERT = """
            insert into outbox_event (id, tenant_id, topic, msg_key, event_type, subject, aggregate_id,
                                      aggregate_version, payload, headers, created_at)
            values (:id, :tenant, :topic, :key, :type, :subject, :aggregateId, :version,
                    cast(:payload as jsonb), cast(:headers as jsonb), :createdAt)
            """;

    private final JdbcClient jdbc;
    private final JsonMapper jsonMapper;
    private final Supplier<Tracer> tracer;
    private final Supplier<Propagator> propagator;
    private final Clock clock;
    private final TransactionSynchronization wakeUpAfterCommit;

    /**
     * @param tracer       current tracer, or a supplier of null when tracing is off
     * @param propagator   trace propagator, or a supplier of null
     * @param afterCommit  run once after each commit that appended events (wakes the relay)
     */
    public OutboxWriter(JdbcClient jdbc, JsonMapper jsonMapper, Supplier<Tracer> tracer,
                        Supplier<Propagator> propagator, Clock clock, Runnable afterCommit) {
        this.jdbc = jdbc;
        this.jsonMapper = jsonMapper;
        this.tracer = tracer;
        this.propagator = propagator;
        this.clock = clock;
        this.wakeUpAfterCommit = new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                afterCommit.run();
            }
        };
    }

    /**
     * Appends an event. Must run inside the caller's transaction ({@link Propagation#MANDATORY}); the tenant is
     * taken from {@link TenantContext} and the trace context from the current span.
     *
     * @return the event id (CloudEvents {@code id}, UUIDv7)
     * @throws IllegalTransactionStateException when no transaction is active
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID append(OutboxEvent event) {
        // Checked here too, so the guarantee holds even when this bean is not behind a transactional proxy.
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalTransactionStateException(
                    "OutboxWriter.append must run inside the transaction that changes the state it reports");
        }
        UUID id = Ids.newId();
        jdbc.sql(INSERT)
                .param("id", id)
                .param("tenant", TenantContext.current().orElse(null))
                .param("topic", event.topic())
                .param("key", event.key())
                .param("type", event.type())
                .param("subject", event.subject())
                .param("aggregateId", event.aggregateId())
                .param("version", event.aggregateVersion())
                .param("payload", jsonMapper.writeValueAsString(event.payload()))
                .param("headers", jsonMapper.writeValueAsString(traceHeaders()))
                // Microsecond precision: what timestamptz stores, so ce_time equals what a re-read would give.
                .param("createdAt", OffsetDateTime.now(clock.withZone(ZoneOffset.UTC)).truncatedTo(ChronoUnit.MICROS))
                .update();
        if (TransactionSynchronizationManager.isSynchronizationActive()
                && !TransactionSynchronizationManager.getSynchronizations().contains(wakeUpAfterCommit)) {
            TransactionSynchronizationManager.registerSynchronization(wakeUpAfterCommit);
        }
        return id;
    }

    /**
     * Set-based append for bulk work (e.g. a CSV import applying 20,000 customers per transaction): inserts one
     * event per row that {@code rowsSql} selects, in the caller's transaction, without moving payloads through Java.
     * Tenant, topic, trace context and creation time are set here exactly as {@link #append} sets them.
     *
     * <p>{@code rowsSql} is trusted SQL (never built from input) selecting the columns {@code id} (uuid, the
     * CloudEvents id: UUIDv7 chosen by the caller), {@code msg_key}, {@code event_type}, {@code subject},
     * {@code aggregate_id} (text), {@code aggregate_version} (bigint) and {@code payload} (jsonb), in publication
     * order; {@code params} are its named parameters.
     *
     * @return the number of events appended
     * @throws IllegalTransactionStateException when no transaction is active
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int appendAll(String topic, String rowsSql, Map<String, ?> params) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalTransactionStateException(
                    "OutboxWriter.appendAll must run inside the transaction that changes the state it reports");
        }
        int appended = jdbc.sql("""
                        insert into outbox_event (id, tenant_id, topic, msg_key, event_type, subject, aggregate_id,
                                                  aggregate_version, payload, headers, created_at)
                        select e.id, :outboxTenant, :outboxTopic, e.msg_key, e.event_type, e.subject, e.aggregate_id,
                               e.aggregate_version, e.payload, cast(:outboxHeaders as jsonb), :outboxCreatedAt
                        from (%s) e""".formatted(rowsSql))
                .params(new LinkedHashMap<String, Object>(params))
                .param("outboxTenant", TenantContext.current().orElse(null))
                .param("outboxTopic", topic)
                .param("outboxHeaders", jsonMapper.writeValueAsString(traceHeaders()))
                .param("outboxCreatedAt", OffsetDateTime.now(clock.withZone(ZoneOffset.UTC)).truncatedTo(ChronoUnit.MICROS))
                .update();
        if (appended > 0 && TransactionSynchronizationManager.isSynchronizationActive()
                && !TransactionSynchronizationManager.getSynchronizations().contains(wakeUpAfterCommit)) {
            TransactionSynchronizationManager.registerSynchronization(wakeUpAfterCommit);
        }
        return appended;
    }

    /** W3C trace context of the current span, so the consumer's work joins the producer's trace. */
    private Map<String, String> traceHeaders() {
        Tracer currentTracer = tracer.get();
        if (currentTracer == null) {
            return Map.of();
        }
        Span span = currentTracer.currentSpan();
        if (span == null) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        Propagator currentPropagator = propagator.get();
        if (currentPropagator != null) {
            currentPropagator.inject(span.context(), headers, Map::put);
        }
        if (!headers.containsKey("traceparent")) {
            TraceContext context = span.context();
            headers.put("traceparent", "00-" + context.traceId() + "-" + context.spanId() + "-"
                    + (Boolean.TRUE.equals(context.sampled()) ? "01" : "00"));
        }
        return headers;
    }
}
