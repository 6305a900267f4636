package dev.crmplatform.customer.privacy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What the export reads beyond the other features' repositories, and the anonymising updates of an erasure.
 * Every statement filters by tenant; row-level security backs it up.
 */
@Repository
public class PrivacyRepository {

    /** What replaces free text written about an erased customer (interaction summaries, consent sources). */
    static final String ERASED_TEXT = "[erased]";
    static final String ERASED_DISPLAY_NAME = "Erased customer";
    static final String ERASED_CHANGE = "ERASED";

    private final JdbcClient jdbc;

    public PrivacyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---------- export ----------

    /** Every recorded version, oldest first. */
    public List<ChangeRow> history(UUID tenant, UUID customerId) {
        return jdbc.sql("""
                        select version, change_type, changed_at, changed_by, snapshot::text as snapshot
                        from customer_change where tenant_id = :tenant and customer_id = :customer
                        order by version, id""")
                .param("tenant", tenant)
                .param("customer", customerId)
                .query((rs, row) -> new ChangeRow(rs.getLong("version"), rs.getString("change_type"),
                        rs.getObject("changed_at", OffsetDateTime.class).toInstant(), rs.getString("changed_by"),
                        rs.getString("snapshot")))
                .list();
    }

    /** Relationships in which the customer is the source or the target, seen from the customer. */
    public List<RelationshipRow> relationships(UUID tenant, UUID customerId) {
        return jdbc.sql("""
                        select r.id, r.type, r.from_customer_id, r.to_customer_id, r.note, r.created_at, r.created_by,
                            other.id as other_id, other.display_name as other_name
                        from customer_relationship r
                        join customer other on other.tenant_id = r.tenant_id and other.id =
                            case when r.from_customer_id = :customer then r.to_customer_id else r.from_customer_id end
                        where r.tenant_id = :tenant and (r.from_customer_id = :customer or r.to_customer_id = :customer)
                        order by r.created_at, r.id""")
                .param("tenant", tenant)
                .param("customer", customerId)
                .query((rs, row) -> new RelationshipRow(rs.getObject("id", UUID.class), rs.getString("type"),
                        rs.getObject("from_customer_id", UUID.class), rs.getObject("to_customer_id", UUID.class),
                        rs.getString("note"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        rs.getString("created_by"), rs.getObject("other_id", UUID.class), rs.getString("other_name")))
                .list();
    }

    /** Customers merged directly into this one. */
    public List<UUID> mergedInto(UUID tenant, UUID customerId) {
        return jdbc.sql("select id from customer where tenant_id = :tenant and merged_into = :customer order by id")
                .param("tenant", tenant)
                .param("customer", customerId)
                .query(UUID.class)
                .list();
    }

    // ---------- erasure ----------

    /**
     * Locks and returns the not yet erased customers merged into this one, directly or through other merged
     * customers: their rows still hold the person's data from before the merge.
     */
    public List<UUID> lockMergedChain(UUID tenant, UUID customerId) {
        return jdbc.sql("""
                        with recursive merged(id) as (
                            select c.id from customer c where c.tenant_id = :tenant and c.merged_into = :customer
                            union
                            select c.id from customer c join merged m on c.merged_into = m.id
                            where c.tenant_id = :tenant)
                        select c.id from customer c
                        where c.tenant_id = :tenant and c.id in (select id from merged) and c.status <> 'ERASED'
                        order by c.id
                        for update of c""")
                .param("tenant", tenant)
                .param("customer", customerId)
                .query(UUID.class)
                .list();
    }

    /**
     * Removes the personal fields and marks the customer erased; returns the new version. Kept, as non-personal
     * once nothing identifies the person: id, type, lifecycle stage, owner (an employee), credit limit, merge link,
     * audit actors and timestamps. Cleared as well as the contact data: tags and custom fields, because they are
     * free text chosen by users and may well identify the person.
     */
    public long anonymiseCustomer(UUID tenant, UUID customerId, String actor) {
        return jdbc.sql("""
                        update customer set first_name = null, last_name = null, organization_name = null,
                            display_name = :displayName, emails = '[]', phones = '[]', addresses = '[]',
                            email_keys = '{}', phone_keys = '{}', email_domains = '{}', tags = '{}',
                            custom_fields = '{}', search_text = '', status = 'ERASED',
                            updated_at = now(), updated_by = :actor, version = version + 1
                        where tenant_id = :tenant and id = :customer
                        returning version""")
                .param("tenant", tenant)
                .param("customer", customerId)
                .param("displayName", ERASED_DISPLAY_NAME)
                .param("actor", actor)
                .query(Long.class)
                .single();
    }

    /**
     * Rewrites every history snapshot to its non-personal part, in the shape of a customer (the history API returns
     * snapshots as customers): only the members listed here survive, so a personal field added to the customer
     * state later cannot slip through. Version, change type, time and actor of each entry stay as the audit trail.
     */
    public void anonymiseHistorySnapshots(UUID tenant, UUID customerId) {
        jdbc.sql("""
                        update customer_change set snapshot = jsonb_build_object(
                            'id', snapshot -> 'id', 'type', snapshot -> 'type',
                            'firstName', null::text, 'lastName', null::text, 'organizationName', null::text,
                            'displayName', cast(:displayName as text),
                            'emails', '[]'::jsonb, 'phones', '[]'::jsonb, 'addresses', '[]'::jsonb,
                            'lifecycleStage', snapshot -> 'lifecycleStage', 'ownerId', snapshot -> 'ownerId',
                            'tags', '[]'::jsonb, 'creditLimit', snapshot -> 'creditLimit', 'customFields', '{}'::jsonb,
                            'status', snapshot -> 'status', 'mergedInto', snapshot -> 'mergedInto',
                            'createdAt', snapshot -> 'createdAt', 'updatedAt', snapshot -> 'updatedAt',
                            'createdBy', snapshot -> 'createdBy', 'updatedBy', snapshot -> 'updatedBy',
                            'version', snapshot -> 'version')
                        where tenant_id = :tenant and customer_id = :customer""")
                .param("tenant", tenant)
                .param("customer", customerId)
                .param("displayName", ERASED_DISPLAY_NAME)
                .update();
    }

    /** Interaction summaries go; type, time and actor stay, so timelines and activity counts still add up. */
    public void eraseInteractionSummaries(UUID tenant, UUID customerId, String actor) {
        jdbc.sql("""
                        update customer_interaction set summary = :erased, updated_at = now(), updated_by = :actor,
                            version = version + 1
                        where tenant_id = :tenant and customer_id = :customer and summary <> :erased""")
                .param("tenant", tenant)
                .param("customer", customerId)
                .param("erased", ERASED_TEXT)
                .param("actor", actor)
                .update();
    }

    /**
     * Consent sources are free text and go; status, channel, purpose and times stay as proof of how consent was
     * handled.
     */
    public void eraseConsentSources(UUID tenant, UUID customerId, String actor) {
        jdbc.sql("""
                        update customer_consent set source = :erased, updated_at = now(), updated_by = :actor,
                            version = version + 1
                        where tenant_id = :tenant and customer_id = :customer""")
                .param("tenant", tenant)
                .param("customer", customerId)
                .param("erased", ERASED_TEXT)
                .param("actor", actor)
                .update();
        jdbc.sql("""
                        update customer_consent_history set source = :erased
                        where tenant_id = :tenant and customer_id = :customer""")
                .param("tenant", tenant)
                .param("customer", customerId)
                .param("erased", ERASED_TEXT)
                .update();
    }

    /**
     * Relationships stay (links between ids, e.g. for the organisation's contact count); their free-text role
     * (such as a job title, which together with the organisation can identify the person) goes.
     */
    public void eraseRelationshipRoles(UUID tenant, UUID customerId, String actor) {
        jdbc.sql("""
                        update customer_relationship set note = null, updated_at = now(), updated_by = :actor,
                            version = version + 1
                        where tenant_id = :tenant and (from_customer_id = :customer or to_customer_id = :customer)
                          and note is not null""")
                .param("tenant", tenant)
                .param("customer", customerId)
                .param("actor", actor)
                .update();
    }

    /** When the customer was erased: the time of its ERASED history entry. */
    public Optional<Instant> erasedAt(UUID tenant, UUID customerId) {
        return jdbc.sql("""
                        select changed_at from customer_change
                        where tenant_id = :tenant and customer_id = :customer and change_type = :erased
                        order by version limit 1""")
                .param("tenant", tenant)
                .param("customer", customerId)
                .param("erased", ERASED_CHANGE)
                .query((rs, row) -> rs.getObject("changed_at", OffsetDateTime.class).toInstant())
                .optional();
    }

    public record ChangeRow(long version, String changeType, Instant changedAt, String changedBy, String snapshot) {
    }

    public record RelationshipRow(UUID id, String type, UUID sourceId, UUID targetId, String role, Instant createdAt,
                                  String createdBy, UUID otherId, String otherDisplayName) {
    }
}
