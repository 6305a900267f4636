package dev.crmplatform.platform.inbox;

import dev.crmplatform.platform.events.IncomingEvent;
import dev.crmplatform.platform.tenancy.TenantContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Idempotent consumer: applies an event at most once in effect, and never lets an older aggregate version
 * overwrite a newer one.
 *
 * <p>Usage in a listener: {@code inbox.process(IncomingEvent.from(record), "customer:" + customerId, e -> ...)}.
 * Redeliveries (the outbox is at-least-once) and late duplicates are recognised by the event id; events that arrive
 * after a newer version of the same aggregate are skipped (last-writer-wins on {@code aggregateversion}).
 */
public class Inbox {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Counter applied;
    private final Counter duplicates;
    private final Counter stale;

    public Inbox(JdbcClient jdbc, TransactionTemplate transactions, MeterRegistry meterRegistry) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.applied = counter(meterRegistry, "applied");
        this.duplicates = counter(meterRegistry, "duplicate");
        this.stale = counter(meterRegistry, "stale");
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("crm.inbox.events")
                .description("Consumed events by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    /**
     * In ONE transaction, with the event's tenant set (so row-level security applies to the handler's writes):
     * records the event id, checks and advances the last applied version of {@code aggregateKey}, runs the
     * handler. If the handler throws, nothing is recorded and the exception propagates (the listener's error handler
     * retries, then dead-letters).
     *
     * @param aggregateKey identifies the aggregate whose versions are compared, e.g. {@code "customer:" + id}; null
     *                     disables the version check (dedupe by id only)
     * @return true if the handler ran and committed; false for a duplicate or stale event
     */
    public boolean process(IncomingEvent event, String aggregateKey, Consumer<IncomingEvent> handler) {
        if (event.tenant() == null) {
            return inTransaction(event, aggregateKey, handler);
        }
        // The tenant-aware transaction manager reads TenantContext when the transaction begins.
        return TenantContext.callAs(event.tenant(), () -> inTransaction(event, aggregateKey, handler));
    }

    private boolean inTransaction(IncomingEvent event, String aggregateKey, Consumer<IncomingEvent> handler) {
        Boolean result = transactions.execute(status -> {
            int recorded = jdbc.sql("""
                            insert into inbox_event (event_id, tenant_id, type, received_at)
                            values (:id, :tenant, :type, now())
                            on conflict (event_id) do nothing
                            """)
                    .param("id", event.id())
                    .param("tenant", event.tenant())
                    .param("type", event.type())
                    .update();
            if (recorded == 0) {
                duplicates.increment();
                return false;
            }
            if (aggregateKey != null) {
                // Row lock on the aggregate's version row serialises concurrent consumers of the same aggregate.
                int advanced = jdbc.sql("""
                                insert into inbox_aggregate_version (aggregate_key, version)
                                values (:key, :version)
                                on conflict (aggregate_key) do update set version = excluded.version
                                where inbox_aggregate_version.version < excluded.version
                                """)
                        .param("key", aggregateKey)
                        .param("version", event.aggregateVersion())
                        .update();
                if (advanced == 0) {
                    // Keep the event id recorded (commit), so a redelivery is recognised cheaply next time.
                    stale.increment();
                    return false;
                }
            }
            handler.accept(event);
            applied.increment();
            return true;
        });
        return Boolean.TRUE.equals(result);
    }
}
