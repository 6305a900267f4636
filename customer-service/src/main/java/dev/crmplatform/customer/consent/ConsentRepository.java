package dev.crmplatform.customer.consent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The current consent per (customer, channel, purpose) and its append-only history. Every query filters by
 * tenant; row-level security backs it up.
 */
@Repository
public class ConsentRepository {

    private final JdbcClient jdbc;

    public ConsentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The current consent of one channel and purpose, if ever recorded. */
    public Optional<CurrentConsent> find(UUID tenant, UUID customerId, String channel, String purpose) {
        return jdbc.sql("""
                        select channel, purpose, status, source, changed_at, updated_by from customer_consent
                        where tenant_id = :tenant and customer_id = :customer and channel = :channel and purpose = :purpose""")
                .param("tenant", tenant)
                .param("customer", customerId)
                .param("channel", channel)
                .param("purpose", purpose)
                .query(ConsentRepository::current)
                .optional();
    }

    public List<CurrentConsent> findCurrent(UUID tenant, UUID customerId) {
        return jdbc.sql("""
                        select channel, purpose, status, source, changed_at, updated_by from customer_consent
                        where tenant_id = :tenant and customer_id = :customer
                        order by channel, purpose""")
                .param("tenant", tenant)
                .param("customer", customerId)
                .query(ConsentRepository::current)
                .list();
    }

    /** Every recorded change, newest recorded first. */
    public List<ConsentChange> findHistory(UUID tenant, UUID customerId) {
        return jdbc.sql("""
                        select channel, purpose, status, previous_status, source, changed_at, recorded_at, changed_by
                        from customer_consent_history
                        where tenant_id = :tenant and customer_id = :customer
                        order by recorded_at desc, id desc""")
                .param("tenant", tenant)
                .param("customer", customerId)
                .query((rs, row) -> new ConsentChange(rs.getString("channel"), rs.getString("purpose"),
                        rs.getString("status"), rs.getString("previous_status"), rs.getString("source"),
                        instant(rs, "changed_at"), instant(rs, "recorded_at"), rs.getString("changed_by")))
                .list();
    }

    /** Inserts or replaces the current consent of the change's channel and purpose. */
    public void upsert(UUID tenant, UUID customerId, ConsentChange change) {
        jdbc.sql("""
                        insert into customer_consent (tenant_id, customer_id, channel, purpose, status, source, changed_at,
                            created_by, updated_by)
                        values (:tenant, :customer, :channel, :purpose, :status, :source, :changedAt, :actor, :actor)
                        on conflict (customer_id, channel, purpose) do update set status = excluded.status,
                            source = excluded.source, changed_at = excluded.changed_at, updated_at = now(),
                            updated_by = excluded.updated_by, version = customer_consent.version + 1""")
                .param("tenant", tenant)
                .param("customer", customerId)
                .param("channel", change.channel())
                .param("purpose", change.purpose())
                .param("status", change.status())
                .param("source", change.source())
                .param("changedAt", OffsetDateTime.ofInstant(change.changedAt(), java.time.ZoneOffset.UTC))
                .param("actor", change.recordedBy())
                .update();
    }

    public void appendHistory(UUID tenant, UUID customerId, ConsentChange change) {
        jdbc.sql("""
                        insert into customer_consent_history (tenant_id, customer_id, channel, purpose, status,
                            previous_status, source, changed_at, changed_by)
                        values (:tenant, :customer, :channel, :purpose, :status, :previousStatus, :source, :changedAt,
                            :actor)""")
                .param("tenant", tenant)
                .param("customer", customerId)
                .param("channel", change.channel())
                .param("purpose", change.purpose())
                .param("status", change.status())
                .param("previousStatus", change.previousStatus())
                .param("source", change.source())
                .param("changedAt", OffsetDateTime.ofInstant(change.changedAt(), java.time.ZoneOffset.UTC))
                .param("actor", change.recordedBy())
                .update();
    }

    /**
     * Consent is part of the customer aggregate: a change bumps the customer's version so that consumers applying
     * last-writer-wins by aggregate version order consent events with the customer's other events.
     * Returns the new version.
     */
    public long bumpCustomerVersion(UUID tenant, UUID customerId, String actor) {
        return jdbc.sql("""
                        update customer set version = version + 1, updated_at = now(), updated_by = :actor
                        where tenant_id = :tenant and id = :customer
                        returning version""")
                .param("tenant", tenant)
                .param("customer", customerId)
                .param("actor", actor)
                .query(Long.class)
                .single();
    }

    private static CurrentConsent current(ResultSet rs, int row) throws SQLException {
        return new CurrentConsent(rs.getString("channel"), rs.getString("purpose"), rs.getString("status"),
                rs.getString("source"), instant(rs, "changed_at"), rs.getString("updated_by"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** The consent in force for one channel and purpose. */
    public record CurrentConsent(String channel, String purpose, String status, String source, Instant changedAt,
                                 String recordedBy) {
    }

    /**
     * One recorded consent change.
     *
     * @param changedAt  when the customer gave or withdrew it (may be back-dated by the caller)
     * @param recordedAt when this service recorded it (null until stored)
     */
    public record ConsentChange(String channel, String purpose, String status, String previousStatus, String source,
                                Instant changedAt, Instant recordedAt, String recordedBy) {
    }
}
